#include "export/ply.h"

#include <string>

#include "avatar/avatar_points.h"
#include "export/valid_points.h"
#include "format/float_bits.h"

namespace pxav {

std::vector<uint8_t> encode_ply(const PointSet& points) {
  const std::vector<size_t> indices = valid_point_indices(points);
  const bool coloured = points.rgb.size() == points.xyz.size();
  const std::string header =
      "ply\n"
      "format binary_little_endian 1.0\n"
      "comment pixel-avatar\n"
      "element vertex " +
      std::to_string(indices.size()) +
      "\n"
      "property float x\n"
      "property float y\n"
      "property float z\n"
      "property uchar red\n"
      "property uchar green\n"
      "property uchar blue\n"
      "end_header\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  out.reserve(out.size() + indices.size() * 15);
  for (size_t i : indices) {
    for (int axis = 0; axis < 3; ++axis) {
      const uint32_t bits = float_bits(points.xyz[i * 3 + axis]);
      for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(bits >> shift));
    }
    for (int c = 0; c < 3; ++c) out.push_back(coloured ? points.rgb[i * 3 + c] : 255);
  }
  return out;
}

std::vector<uint8_t> encode_ply(const Avatar& avatar) { return encode_ply(avatar_points(avatar)); }

}  // namespace pxav
