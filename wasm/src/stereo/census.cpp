#include "stereo/census.h"

#include <algorithm>
#include <cstddef>

#include "stereo/lanes.h"

namespace pxav {

namespace {

// One row's codes from its pixels `centre` in the padded image (rows pw apart). The 24 bits are
// built as three bytes, one neighbour offset at a time over a whole row, 16 pixels a vector;
// "nb + margin < centre" is "nb < centre - margin" with the subtraction stopping at 0, all in 8
// bits. A function a row: PXAV_ROW_FUNCTION.
PXAV_ROW_FUNCTION void census_row(const uint8_t* centre, int pw, int w, std::vector<uint8_t>& planes,
                                  std::vector<uint8_t>& lowered, uint32_t* row) {
  constexpr int rx = kCensusWidth / 2, ry = kCensusHeight / 2;
  const int padded_w = static_cast<int>(lowered.size());
  const lanes::U8x16 margin = lanes::splat8(kCensusMargin), one = lanes::splat8(1);
  for (int x = 0; x < padded_w; x += lanes::kWidth8) {
    const lanes::U8x16 c = lanes::load(centre + x);
    lanes::store(&lowered[x], lanes::sub_saturated(c, margin));
  }
  std::fill(planes.begin(), planes.end(), uint8_t{0});
  int bit = 0;
  for (int dy = -ry; dy <= ry; ++dy)
    for (int dx = -rx; dx <= rx; ++dx) {
      if (dx == 0 && dy == 0) continue;
      const uint8_t* nb = centre + static_cast<ptrdiff_t>(dy) * pw + dx;
      uint8_t* plane = &planes[static_cast<size_t>(bit++ / 8) * padded_w];
      for (int x = 0; x < padded_w; x += lanes::kWidth8) {
        // 1 where the neighbour is darker: lowered - nb > 0, without an unsigned comparison.
        const lanes::U8x16 darker =
            lanes::min(lanes::sub_saturated(lanes::load(&lowered[x]), lanes::load(nb + x)), one);
        lanes::store(plane + x, (lanes::load(plane + x) << 1) | darker);
      }
    }
  const uint8_t *b0 = &planes[0], *b1 = &planes[padded_w], *b2 = &planes[2 * static_cast<size_t>(padded_w)];
  for (int x = 0; x < w; ++x) row[x] = static_cast<uint32_t>(b0[x]) << 16 | static_cast<uint32_t>(b1[x]) << 8 | b2[x];
}

}  // namespace

std::vector<uint32_t> census_transform(const GreyImage& grey) {
  const int w = grey.width, h = grey.height;
  constexpr int rx = kCensusWidth / 2, ry = kCensusHeight / 2;
  // Rows padded by the window's reach, and by a vector's width on the right so whole vectors
  // can be read at the end of a row.
  const int pw = w + 2 * rx + lanes::kWidth8, ph = h + 2 * ry;
  std::vector<uint8_t> pad(static_cast<size_t>(pw) * ph);
  for (int y = 0; y < ph; ++y) {
    const uint8_t* src = &grey.pixels[static_cast<size_t>(std::clamp(y - ry, 0, h - 1)) * w];
    uint8_t* dst = &pad[static_cast<size_t>(y) * pw];
    for (int x = 0; x < pw; ++x) dst[x] = src[std::clamp(x - rx, 0, w - 1)];
  }
  std::vector<uint32_t> codes(static_cast<size_t>(w) * h, 0);
  const int padded_w = (w + lanes::kWidth8 - 1) / lanes::kWidth8 * lanes::kWidth8;
  std::vector<uint8_t> planes(static_cast<size_t>(padded_w) * 3), lowered(padded_w);
  for (int y = 0; y < h; ++y)
    census_row(&pad[static_cast<size_t>(y + ry) * pw + rx], pw, w, planes, lowered, &codes[static_cast<size_t>(y) * w]);
  return codes;
}

GreyImage grey_of(const RgbImage& rgb) {
  GreyImage g;
  g.width = rgb.width;
  g.height = rgb.height;
  g.pixels.resize(static_cast<size_t>(rgb.width) * rgb.height);
  const uint8_t* in = rgb.pixels.data();
  uint8_t* out = g.pixels.data();  // plain pointers: byte stores would make the compiler reload the vectors
  for (size_t i = 0; i < g.pixels.size(); ++i) {
    const uint8_t* p = in + i * 3;
    out[i] = static_cast<uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
  }
  return g;
}

}  // namespace pxav
