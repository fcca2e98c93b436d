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
  std::array<uint8_t, 4096> to_srgb{};             // indexed by linear16 >> 4
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

// 4:2:0 in full range (what phones store), one row or two rows sharing a chroma row, into
// per-column sums over columns [i0, i1) of the block. Each chroma sample is looked up once for
// its pixels, and since full-range luma is a whole number of 1 << 16 units,
// (y[v] + half + to_c) >> 16 == v + ((to_c + half) >> 16): a pixel's channel is its luma code
// plus an integer chroma offset, one add and one table read.
template <bool kTwoRows>
void add_full_range_420(const uint8_t* luma0, const uint8_t* luma1, const uint8_t* cb_row, const uint8_t* cr_row,
                        int i0, int i1, const YcbcrToRgb& m, const uint16_t* clamped, uint32_t* sum) {
  const auto offsets = [&](int i, uint32_t& to_r, uint32_t& to_g, uint32_t& to_b) {
    const auto offset = [](int32_t to_c) { return static_cast<uint32_t>(((to_c + (1 << 15)) >> 16) + kClampOffset); };
    const uint8_t cb = cb_row[i >> 1], cr = cr_row[i >> 1];
    to_r = offset(m.cr_to_r[cr]);
    to_g = offset(m.cb_to_g[cb] + m.cr_to_g[cr]);
    to_b = offset(m.cb_to_b[cb]);
  };
  const auto column = [&](int i, uint32_t to_r, uint32_t to_g, uint32_t to_b, uint32_t* s) {
    const uint32_t a = luma0[i];
    if constexpr (kTwoRows) {
      const uint32_t b = luma1[i];
      s[0] += clamped[a + to_r] + clamped[b + to_r];
      s[1] += clamped[a + to_g] + clamped[b + to_g];
      s[2] += clamped[a + to_b] + clamped[b + to_b];
    } else {
      s[0] += clamped[a + to_r];
      s[1] += clamped[a + to_g];
      s[2] += clamped[a + to_b];
    }
  };
  uint32_t to_r, to_g, to_b;
  int i = i0;
  if (i & 1) {
    offsets(i, to_r, to_g, to_b);
    column(i++, to_r, to_g, to_b, sum);
    sum += 3;
  }
  for (; i + 1 < i1; i += 2, sum += 6) {
    offsets(i, to_r, to_g, to_b);
    column(i, to_r, to_g, to_b, sum);
    column(i + 1, to_r, to_g, to_b, sum + 3);
  }
  if (i < i1) {
    offsets(i, to_r, to_g, to_b);
    column(i, to_r, to_g, to_b, sum);
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

void accumulate(ColourAccumulator& acc, const uint8_t* pixels, int stride, int channels, int left, int top,
                int block_width, int block_height) {
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
    case 1:
      kr = 0.2126;
      kb = 0.0722;
      break;
    case 2:
    case 5:
    case 6:
      kr = 0.299;
      kb = 0.114;
      break;
    case 9:
      kr = 0.2627;
      kb = 0.0593;
      break;
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
  out.luma_is_code = full_range;
  return true;
}

void accumulate_ycbcr(ColourAccumulator& acc, const YcbcrPlanes& p, const YcbcrToRgb& m, int left, int top,
                      int block_width, int block_height) {
  // One lookup clamps and linearises: the hot loops are adds and table reads only.
  const uint16_t* clamped = tables().clamped_to_linear.data();  // index: value + kClampOffset
  constexpr int32_t kHalf = 1 << 15;
  const int x0 = std::max(0, left), x1 = std::min(acc.source_width, left + block_width);
  const int y0 = std::max(0, top), y1 = std::min(acc.source_height, top + block_height);
  if (x0 >= x1 || y0 >= y1) return;
  const auto target_row = [&](int y) {
    return static_cast<int>(static_cast<int64_t>(y) * acc.height / acc.source_height);
  };
  // Linear sums per source column over the rows of one target row (about 5 rows for a 12 MP
  // photo): the pixel loops only add into it, and the target columns' runs are summed once per
  // target row, not once per source row.
  std::vector<uint32_t> column_sums(static_cast<size_t>(x1 - x0) * 3);

  // Any chroma layout and range: one row, fixed-point luma.
  const auto add_row = [&](int y) {
    const uint8_t* luma = p.y + static_cast<size_t>(y - top) * p.y_stride;
    uint32_t* sum = column_sums.data();
    const int i0 = x0 - left, i1 = x1 - left;
    if (!p.cb) {
      for (int i = i0; i < i1; ++i, sum += 3) {
        const uint32_t v = clamped[((m.y[luma[i]] + kHalf) >> 16) + kClampOffset];
        sum[0] += v;
        sum[1] += v;
        sum[2] += v;
      }
      return;
    }
    const size_t crow = static_cast<size_t>((y - top) >> p.shift_y) * p.c_stride;
    const uint8_t* cb_row = p.cb + crow;
    const uint8_t* cr_row = p.cr + crow;
    for (int i = i0; i < i1; ++i, sum += 3) {
      const uint8_t cb = cb_row[i >> p.shift_x], cr = cr_row[i >> p.shift_x];
      const int32_t yy = m.y[luma[i]] + kHalf + (kClampOffset << 16);
      sum[0] += clamped[(yy + m.cr_to_r[cr]) >> 16];
      sum[1] += clamped[(yy + m.cb_to_g[cb] + m.cr_to_g[cr]) >> 16];
      sum[2] += clamped[(yy + m.cb_to_b[cb]) >> 16];
    }
  };

  const bool full_range_420 = p.cb && p.shift_x == 1 && p.shift_y == 1 && m.luma_is_code;
  // Rows y (and y + 1 when two_rows; y - top even) of a full-range 4:2:0 block.
  const auto add_420 = [&](int y, bool two_rows) {
    const uint8_t* luma0 = p.y + static_cast<size_t>(y - top) * p.y_stride;
    const size_t crow = static_cast<size_t>((y - top) >> 1) * p.c_stride;
    if (two_rows)
      add_full_range_420<true>(luma0, luma0 + p.y_stride, p.cb + crow, p.cr + crow, x0 - left, x1 - left, m, clamped,
                               column_sums.data());
    else
      add_full_range_420<false>(luma0, nullptr, p.cb + crow, p.cr + crow, x0 - left, x1 - left, m, clamped,
                                column_sums.data());
  };

  for (int y = y0; y < y1;) {
    const int ty = target_row(y);
    int band_end = y + 1;
    while (band_end < y1 && target_row(band_end) == ty) ++band_end;
    std::fill(column_sums.begin(), column_sums.end(), 0u);
    for (int row = y; row < band_end;) {
      if (!full_range_420) {
        add_row(row++);
      } else if (((row - top) & 1) == 0 && row + 1 < band_end) {
        add_420(row, true);
        row += 2;
      } else {
        add_420(row++, false);
      }
    }
    uint32_t* sums = &acc.sums[static_cast<size_t>(ty) * acc.width * 3];
    uint32_t* counts = &acc.counts[static_cast<size_t>(ty) * acc.width];
    const uint32_t rows = static_cast<uint32_t>(band_end - y);
    for_each_run(acc, x0, x1, [&](int tx, int begin, int end) {
      uint32_t r = 0, g = 0, b = 0;
      for (size_t i = static_cast<size_t>(begin - x0) * 3; i < static_cast<size_t>(end - x0) * 3; i += 3) {
        r += column_sums[i + 0];
        g += column_sums[i + 1];
        b += column_sums[i + 2];
      }
      sums[tx * 3 + 0] += r;
      sums[tx * 3 + 1] += g;
      sums[tx * 3 + 2] += b;
      counts[tx] += rows * static_cast<uint32_t>(end - begin);
    });
    y = band_end;
  }
}

RgbImage finish(const ColourAccumulator& acc) {
  RgbImage out;
  out.width = acc.width;
  out.height = acc.height;
  out.pixels.assign(static_cast<size_t>(acc.width) * acc.height * 3, 0);
  const auto& to_srgb = tables().to_srgb;  // linear16_to_srgb, with the table fetched once
  // The rounded mean (s + n/2) / n without three integer divisions a pixel (the costliest part of
  // this loop, in wasm as natively): a reciprocal, cached while the count repeats along a row. The
  // quotient's fraction is a multiple of 1/n, so for counts below 2^16 (every real photo: a count is
  // the source pixels of one target pixel) a nudge of 1e-6 before truncating gives exactly the
  // integer division's result; larger counts divide.
  const uint32_t most = acc.counts.empty() ? 0 : *std::max_element(acc.counts.begin(), acc.counts.end());
  uint32_t last_n = 0;
  double inv = 0;
  for (size_t i = 0; i < acc.counts.size(); ++i) {
    const uint32_t n = acc.counts[i];
    if (n == 0) continue;
    if (most >= 65536) {
      for (int c = 0; c < 3; ++c)
        out.pixels[i * 3 + c] = to_srgb[std::min<uint32_t>((acc.sums[i * 3 + c] + n / 2) / n, 65535) >> 4];
      continue;
    }
    if (n != last_n) {
      last_n = n;
      inv = 1.0 / n;
    }
    for (int c = 0; c < 3; ++c) {
      const uint32_t q = static_cast<uint32_t>((acc.sums[i * 3 + c] + n / 2) * inv + 1e-6);
      out.pixels[i * 3 + c] = to_srgb[std::min<uint32_t>(q, 65535) >> 4];
    }
  }
  return out;
}

RgbImage downsample(const uint8_t* pixels, int stride, int channels, int width, int height, int target_width,
                    int target_height) {
  ColourAccumulator acc = make_colour_accumulator(width, height, target_width, target_height);
  accumulate(acc, pixels, stride, channels, 0, 0, width, height);
  return finish(acc);
}

}  // namespace pxav
