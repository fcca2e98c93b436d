#include "export/pcd.h"

#include <string>

#include "avatar/avatar_points.h"
#include "export/valid_points.h"
#include "format/float_bits.h"
#include "format/number_text.h"

namespace pxav {

float pack_pcd_rgb(uint8_t r, uint8_t g, uint8_t b) {
  return float_from_bits(static_cast<uint32_t>(r) << 16 | static_cast<uint32_t>(g) << 8 | b);
}

uint32_t unpack_pcd_rgb(float packed) { return float_bits(packed) & 0xFFFFFFu; }

std::vector<uint8_t> encode_pcd(const PointSet& points, PcdEncoding encoding) {
  const std::vector<size_t> indices = valid_point_indices(points);
  const bool coloured = points.rgb.size() == points.xyz.size();
  const std::string count = std::to_string(indices.size());
  std::string text =
      "# .PCD v0.7 - Point Cloud Data file format\n"
      "VERSION 0.7\n"
      "FIELDS x y z rgb\n"
      "SIZE 4 4 4 4\n"
      "TYPE F F F F\n"
      "COUNT 1 1 1 1\n"
      "WIDTH " +
      count +
      "\n"
      "HEIGHT 1\n"
      "VIEWPOINT 0 0 0 1 0 0 0\n"
      "POINTS " +
      count + "\n" + (encoding == PcdEncoding::Ascii ? "DATA ascii\n" : "DATA binary\n");

  const auto rgb_of = [&](size_t i) {
    if (!coloured) return pack_pcd_rgb(255, 255, 255);
    return pack_pcd_rgb(points.rgb[i * 3], points.rgb[i * 3 + 1], points.rgb[i * 3 + 2]);
  };

  if (encoding == PcdEncoding::Ascii) {
    // Packed colours are tiny (often subnormal) floats; float_text prints enough digits for them
    // to read back to the same bits.
    for (size_t i : indices) {
      text += float_text(points.xyz[i * 3]) + " " + float_text(points.xyz[i * 3 + 1]) + " " +
              float_text(points.xyz[i * 3 + 2]) + " " + float_text(rgb_of(i)) + "\n";
    }
    return std::vector<uint8_t>(text.begin(), text.end());
  }

  std::vector<uint8_t> out(text.begin(), text.end());
  out.reserve(out.size() + indices.size() * 16);
  const auto put = [&](float v) {
    const uint32_t bits = float_bits(v);
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(bits >> shift));
  };
  for (size_t i : indices) {
    put(points.xyz[i * 3]);
    put(points.xyz[i * 3 + 1]);
    put(points.xyz[i * 3 + 2]);
    put(rgb_of(i));
  }
  return out;
}

std::vector<uint8_t> encode_pcd(const Avatar& avatar, PcdEncoding encoding) {
  return encode_pcd(avatar_points(avatar), encoding);
}

}  // namespace pxav
