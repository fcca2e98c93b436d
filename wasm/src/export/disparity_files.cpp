#include "export/disparity_files.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "export/colormap.h"

namespace pxav {

std::vector<uint8_t> encode_pfm(const DisparityMap& map) {
  // "Pf": one channel; a negative scale says little-endian; rows run bottom to top.
  const std::string header = "Pf\n" + std::to_string(map.width) + " " + std::to_string(map.height) + "\n-1\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  out.reserve(header.size() + map.d.size() * 4);
  const float invalid = std::numeric_limits<float>::infinity();
  for (int y = map.height - 1; y >= 0; --y)
    for (int x = 0; x < map.width; ++x) {
      const float v = has_disparity(map.at(x, y)) ? map.at(x, y) : invalid;
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      for (int b = 0; b < 4; ++b) out.push_back(static_cast<uint8_t>(bits >> (8 * b)));
    }
  return out;
}

RgbImage colourise_disparity(const DisparityMap& map) {
  RgbImage out;
  out.width = map.width;
  out.height = map.height;
  out.pixels.assign(static_cast<size_t>(map.width) * map.height * 3, 0);
  std::vector<float> valid;
  for (float v : map.d)
    if (has_disparity(v)) valid.push_back(v);
  if (valid.empty()) return out;
  std::sort(valid.begin(), valid.end());
  const float lo = valid[valid.size() / 100], hi = valid[valid.size() - 1 - valid.size() / 100];
  for (size_t i = 0; i < map.d.size(); ++i) {
    if (!has_disparity(map.d[i])) continue;
    const Rgb8 c = turbo(hi > lo ? (map.d[i] - lo) / (hi - lo) : 1.0);
    std::memcpy(&out.pixels[i * 3], c.data(), 3);
  }
  return out;
}

}  // namespace pxav
