// Points in metres, one per depth pixel (an organised cloud: index = y * width + x).
// Axis convention, the same as three.js and OpenGL cameras: x to the right, y up, z towards the
// viewer, so everything in front of the camera has negative z. A point at planar depth Z metres
// has z = -Z.
#pragma once

#include <cstdint>
#include <vector>

namespace pxav {

struct PointSet {
  int width = 0;
  int height = 0;
  std::vector<float> xyz;      // 3 floats a point; NaN where invalid
  std::vector<uint8_t> rgb;    // 3 bytes a point, sRGB
  std::vector<uint8_t> valid;  // 1 where the depth sample was valid
  size_t valid_count = 0;
};

}  // namespace pxav
