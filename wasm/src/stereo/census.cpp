#include "stereo/census.h"

#include <algorithm>
#include <cstddef>

namespace pxav {

std::vector<uint32_t> census_transform(const GreyImage& grey) {
  const int w = grey.width, h = grey.height;
  constexpr int rx = kCensusWidth / 2, ry = kCensusHeight / 2;
  const int pw = w + 2 * rx, ph = h + 2 * ry;
  std::vector<uint8_t> pad(static_cast<size_t>(pw) * ph);
  for (int y = 0; y < ph; ++y) {
    const uint8_t* src = &grey.pixels[static_cast<size_t>(std::clamp(y - ry, 0, h - 1)) * w];
    uint8_t* dst = &pad[static_cast<size_t>(y) * pw];
    for (int x = 0; x < pw; ++x) dst[x] = src[std::clamp(x - rx, 0, w - 1)];
  }
  std::vector<uint32_t> codes(static_cast<size_t>(w) * h, 0);
  // One neighbour offset at a time over a whole row: a loop the compiler vectorises, where a
  // pixel-at-a-time window would not be.
  for (int y = 0; y < h; ++y) {
    uint32_t* row = &codes[static_cast<size_t>(y) * w];
    const uint8_t* centre = &pad[static_cast<size_t>(y + ry) * pw + rx];
    for (int dy = -ry; dy <= ry; ++dy)
      for (int dx = -rx; dx <= rx; ++dx) {
        if (dx == 0 && dy == 0) continue;
        const uint8_t* nb = centre + static_cast<ptrdiff_t>(dy) * pw + dx;
        for (int x = 0; x < w; ++x) row[x] = (row[x] << 1) | static_cast<uint32_t>(nb[x] + kCensusMargin < centre[x]);
      }
  }
  return codes;
}

GreyImage grey_of(const RgbImage& rgb) {
  GreyImage g;
  g.width = rgb.width;
  g.height = rgb.height;
  g.pixels.resize(static_cast<size_t>(rgb.width) * rgb.height);
  for (size_t i = 0; i < g.pixels.size(); ++i) {
    const uint8_t* p = &rgb.pixels[i * 3];
    g.pixels[i] = static_cast<uint8_t>((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
  }
  return g;
}

}  // namespace pxav
