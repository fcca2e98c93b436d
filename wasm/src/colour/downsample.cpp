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

// Calls run(tx, begin, end) for each target column that source columns [x0, x1) reach, with
// the part of its run inside [x0, x1).
template <typename Run>
void for_each_run(const ColourAccumulator& acc, int x0, int x1, Run&& run) {
  if (x0 >= x1) return;
  const int first = static_cast<int>(static_cast<int64_t>(x0) * acc.width / acc.source_width);
  for (int tx = first; tx < acc.width && acc.column_start[tx] < x1; ++tx) {
    const int begin = std::max(x0, acc.column_start[tx]);
    const int end = std::min(x1, acc.column_start[tx + 1]);
    if (begin < end) run(tx, begin, end);
  }
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
  // column_start[tx] = the first source column x with floor(x * width / source_width) >= tx.
  acc.column_start.assign(static_cast<size_t>(width) + 1, source_width);
  for (int x = source_width - 1; x >= 0; --x)
    acc.column_start[static_cast<size_t>(static_cast<int64_t>(x) * width / source_width)] = x;
  for (int tx = width - 1; tx >= 0; --tx)  // a target column no source column reaches: an empty run
    acc.column_start[tx] = std::min(acc.column_start[tx], acc.column_start[tx + 1]);
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
    for_each_run(acc, x0, x1, [&](int tx, int begin, int end) {
      uint32_t r = 0, g = 0, b = 0;
      const uint8_t* stop = row + static_cast<size_t>(end - left) * channels;
      for (const uint8_t* p = row + static_cast<size_t>(begin - left) * channels; p != stop; p += channels) {
        r += lin[p[0]];
        g += lin[p[1]];
        b += lin[p[2]];
      }
      sums[tx * 3 + 0] += r;
      sums[tx * 3 + 1] += g;
      sums[tx * 3 + 2] += b;
      counts[tx] += static_cast<uint32_t>(end - begin);
    });
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
    uint32_t* sums = &acc.sums[static_cast<size_t>(ty) * acc.width * 3];
    uint32_t* counts = &acc.counts[static_cast<size_t>(ty) * acc.width];
    const uint8_t* block_luma = p.y + static_cast<size_t>(y - top) * p.y_stride;
    if (!p.cb) {
      for_each_run(acc, x0, x1, [&](int tx, int begin, int end) {
        uint32_t v = 0;
        for (int i = begin - left; i < end - left; ++i) v += lin[(m.y[block_luma[i]] + kHalf) >> 16];
        for (int c = 0; c < 3; ++c) sums[tx * 3 + c] += v;
        counts[tx] += static_cast<uint32_t>(end - begin);
      });
      continue;
    }
    const size_t crow = static_cast<size_t>((y - top) >> p.shift_y) * p.c_stride;
    const uint8_t* cb_row = p.cb + crow;
    const uint8_t* cr_row = p.cr + crow;
    const int shift = p.shift_x;
    for_each_run(acc, x0, x1, [&](int tx, int begin, int end) {
      uint32_t r = 0, g = 0, b = 0;
      // One pixel with its chroma contributions already looked up.
      const auto add = [&](int i, int32_t to_r, int32_t to_g, int32_t to_b) {
        const int32_t yy = m.y[block_luma[i]] + kHalf;
        r += lin[(yy + to_r) >> 16];
        g += lin[(yy + to_g) >> 16];
        b += lin[(yy + to_b) >> 16];
      };
      const auto add_alone = [&](int i) {
        const uint8_t cb = cb_row[i >> shift], cr = cr_row[i >> shift];
        add(i, m.cr_to_r[cr], m.cb_to_g[cb] + m.cr_to_g[cr], m.cb_to_b[cb]);
      };
      int i = begin - left;
      const int stop = end - left;
      if (shift == 1) {
        // 4:2:0 and 4:2:2: the two pixels of a pair share one chroma sample, looked up once.
        if (i & 1) add_alone(i++);
        for (; i + 1 < stop; i += 2) {
          const uint8_t cb = cb_row[i >> 1], cr = cr_row[i >> 1];
          const int32_t to_r = m.cr_to_r[cr], to_g = m.cb_to_g[cb] + m.cr_to_g[cr], to_b = m.cb_to_b[cb];
          add(i, to_r, to_g, to_b);
          add(i + 1, to_r, to_g, to_b);
        }
      }
      for (; i < stop; ++i) add_alone(i);
      sums[tx * 3 + 0] += r;
      sums[tx * 3 + 1] += g;
      sums[tx * 3 + 2] += b;
      counts[tx] += static_cast<uint32_t>(end - begin);
    });
  }
}

RgbImage finish(const ColourAccumulator& acc) {
  RgbImage out;
  out.width = acc.width;
  out.height = acc.height;
  out.pixels.assign(static_cast<size_t>(acc.width) * acc.height * 3, 0);
  const auto& to_srgb = tables().to_srgb;  // linear16_to_srgb, with the table fetched once
  for (size_t i = 0; i < acc.counts.size(); ++i) {
    const uint32_t n = acc.counts[i];
    if (n == 0) continue;
    for (int c = 0; c < 3; ++c)
      out.pixels[i * 3 + c] = to_srgb[std::min<uint32_t>((acc.sums[i * 3 + c] + n / 2) / n, 65535) >> 4];
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
