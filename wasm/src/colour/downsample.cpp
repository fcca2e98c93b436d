#include "colour/downsample.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "colour/colour_space.h"

namespace pxav {
namespace {

// YCbCr -> RGB sums land in [-384, 640) before clamping (any matrix and range we accept).
constexpr int kClampOffset = 384;

struct Tables {
  std::array<uint16_t, 256> to_linear{};
  std::array<uint16_t, 1024> clamped_to_linear{};  // index: unclamped byte value + kClampOffset
  std::array<uint8_t, 4096> to_srgb{};  // indexed by linear16 >> 4
};

// 16-bit integer versions of colour_space.h's transfer curve, so a 48 MP photo is summed with
// integer adds; built once from the same exact tables, so native and wasm agree bit for bit.
const Tables& tables() {
  static const Tables t = [] {
    Tables t;
    for (int i = 0; i < 256; ++i)
      t.to_linear[i] = static_cast<uint16_t>(srgb8_to_linear(static_cast<uint8_t>(i)) * 65535.0 + 0.5);
    for (int j = 0; j < 4096; ++j) t.to_srgb[j] = linear_to_srgb8((j * 16 + 8) / 65535.0);
    for (int j = 0; j < 1024; ++j) t.clamped_to_linear[j] = t.to_linear[std::clamp(j - kClampOffset, 0, 255)];
    return t;
  }();
  return t;
}

}  // namespace

uint16_t srgb_to_linear16(uint8_t v) { return tables().to_linear[v]; }
uint8_t linear16_to_srgb(uint32_t v) { return tables().to_srgb[std::min<uint32_t>(v, 65535) >> 4]; }

ColourAccumulator make_colour_accumulator(int source_width, int source_height, int width, int height) {
  ColourAccumulator acc;
  acc.source_width = source_width;
  acc.source_height = source_height;
  acc.width = width;
  acc.height = height;
  acc.sums.assign(static_cast<size_t>(width) * height * 3, 0);
  acc.counts.assign(static_cast<size_t>(width) * height, 0);
  acc.column_to_x.resize(source_width);
  for (int x = 0; x < source_width; ++x)
    acc.column_to_x[x] = static_cast<int>(static_cast<int64_t>(x) * width / source_width);
  return acc;
}

void accumulate(ColourAccumulator& acc, const uint8_t* pixels, int stride, int channels, int left,
                int top, int block_width, int block_height) {
  const auto& lin = tables().to_linear;
  const int x0 = std::max(0, left), x1 = std::min(acc.source_width, left + block_width);
  const int y0 = std::max(0, top), y1 = std::min(acc.source_height, top + block_height);
  for (int y = y0; y < y1; ++y) {
    const int ty = static_cast<int>(static_cast<int64_t>(y) * acc.height / acc.source_height);
    const uint8_t* row = pixels + static_cast<size_t>(y - top) * stride;
    uint32_t* sums = &acc.sums[static_cast<size_t>(ty) * acc.width * 3];
    uint32_t* counts = &acc.counts[static_cast<size_t>(ty) * acc.width];
    for (int x = x0; x < x1; ++x) {
      const uint8_t* p = row + static_cast<size_t>(x - left) * channels;
      const int tx = acc.column_to_x[x];
      sums[tx * 3 + 0] += lin[p[0]];
      sums[tx * 3 + 1] += lin[p[1]];
      sums[tx * 3 + 2] += lin[p[2]];
      counts[tx] += 1;
    }
  }
}

bool make_ycbcr_to_rgb(int matrix, bool full_range, YcbcrToRgb& out) {
  double kr = 0, kb = 0;
  switch (matrix) {
    case 1: kr = 0.2126; kb = 0.0722; break;
    case 2: case 5: case 6: kr = 0.299; kb = 0.114; break;
    case 9: kr = 0.2627; kb = 0.0593; break;
    default: return false;
  }
  const double kg = 1 - kr - kb;
  const double one = 65536.0;
  for (int v = 0; v < 256; ++v) {
    const double luma = full_range ? v : (v - 16) * 255.0 / 219.0;
    const double c = full_range ? v - 128.0 : (v - 128) * 255.0 / 224.0;
    out.y[v] = static_cast<int32_t>(std::lround(luma * one));
    out.cr_to_r[v] = static_cast<int32_t>(std::lround(2 * (1 - kr) * c * one));
    out.cb_to_b[v] = static_cast<int32_t>(std::lround(2 * (1 - kb) * c * one));
    out.cb_to_g[v] = static_cast<int32_t>(std::lround(-2 * kb * (1 - kb) / kg * c * one));
    out.cr_to_g[v] = static_cast<int32_t>(std::lround(-2 * kr * (1 - kr) / kg * c * one));
  }
  return true;
}

void accumulate_ycbcr(ColourAccumulator& acc, const YcbcrPlanes& p, const YcbcrToRgb& m, int left, int top,
                      int block_width, int block_height) {
  // One lookup clamps and linearises: the hot loop is adds, shifts and table reads only.
  const uint16_t* lin = tables().clamped_to_linear.data() + kClampOffset;
  constexpr int32_t kHalf = 1 << 15;
  const int x0 = std::max(0, left), x1 = std::min(acc.source_width, left + block_width);
  const int y0 = std::max(0, top), y1 = std::min(acc.source_height, top + block_height);
  for (int y = y0; y < y1; ++y) {
    const int ty = static_cast<int>(static_cast<int64_t>(y) * acc.height / acc.source_height);
    const uint8_t* luma = p.y + static_cast<size_t>(y - top) * p.y_stride - left;
    uint32_t* sums = &acc.sums[static_cast<size_t>(ty) * acc.width * 3];
    uint32_t* counts = &acc.counts[static_cast<size_t>(ty) * acc.width];
    const int* to_x = acc.column_to_x.data();
    if (!p.cb) {
      for (int x = x0; x < x1; ++x) {
        const uint16_t v = lin[(m.y[luma[x]] + kHalf) >> 16];
        uint32_t* s = sums + to_x[x] * 3;
        s[0] += v;
        s[1] += v;
        s[2] += v;
        counts[to_x[x]] += 1;
      }
      continue;
    }
    const size_t crow = static_cast<size_t>((y - top) >> p.shift_y) * p.c_stride;
    const uint8_t* cb_row = p.cb + crow;
    const uint8_t* cr_row = p.cr + crow;
    for (int x = x0; x < x1; ++x) {
      const int c = (x - left) >> p.shift_x;
      const int32_t yy = m.y[luma[x]] + kHalf;
      const uint8_t cb = cb_row[c], cr = cr_row[c];
      uint32_t* s = sums + to_x[x] * 3;
      s[0] += lin[(yy + m.cr_to_r[cr]) >> 16];
      s[1] += lin[(yy + m.cb_to_g[cb] + m.cr_to_g[cr]) >> 16];
      s[2] += lin[(yy + m.cb_to_b[cb]) >> 16];
      counts[to_x[x]] += 1;
    }
  }
}

RgbImage finish(const ColourAccumulator& acc) {
  RgbImage out;
  out.width = acc.width;
  out.height = acc.height;
  out.pixels.assign(static_cast<size_t>(acc.width) * acc.height * 3, 0);
  for (size_t i = 0; i < acc.counts.size(); ++i) {
    const uint32_t n = acc.counts[i];
    if (n == 0) continue;
    for (int c = 0; c < 3; ++c)
      out.pixels[i * 3 + c] = linear16_to_srgb((acc.sums[i * 3 + c] + n / 2) / n);
  }
  out = apply(acc.turn, std::move(out));
  if (acc.final_width > 0 && (out.width != acc.final_width || out.height != acc.final_height))
    out = resize_nearest(out, acc.final_width, acc.final_height);
  return out;
}

RgbImage downsample(const uint8_t* pixels, int stride, int channels, int width, int height,
                    int target_width, int target_height) {
  ColourAccumulator acc = make_colour_accumulator(width, height, target_width, target_height);
  accumulate(acc, pixels, stride, channels, 0, 0, width, height);
  return finish(acc);
}

}  // namespace pxav
