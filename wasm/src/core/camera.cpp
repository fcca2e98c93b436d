#include "core/camera.h"

#include <cmath>
#include <numbers>

namespace pxav {

Intrinsics rescale(const Intrinsics& k, int width, int height) {
  Intrinsics out = k;
  const double sx = static_cast<double>(width) / k.width;
  const double sy = static_cast<double>(height) / k.height;
  out.fx = k.fx * sx;
  out.fy = k.fy * sy;
  out.cx = k.cx * sx;
  out.cy = k.cy * sy;
  out.width = width;
  out.height = height;
  return out;
}

Intrinsics from_horizontal_fov(int width, int height, double fov_degrees, std::string source) {
  Intrinsics k;
  const double half = fov_degrees * std::numbers::pi / 360.0;
  k.fx = k.fy = 0.5 * width / std::tan(half);
  k.cx = 0.5 * width;
  k.cy = 0.5 * height;
  k.width = width;
  k.height = height;
  k.assumed = true;
  k.source = std::move(source);
  return k;
}

}  // namespace pxav
