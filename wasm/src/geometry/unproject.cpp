#include "geometry/unproject.h"

#include <Eigen/Core>
#include <Eigen/LU>
#include <cmath>
#include <limits>

namespace pxav {

Result<PointSet> unproject(const DepthMap& depth, const RgbImage& colour, const Intrinsics& k) {
  if (depth.empty()) return make_error(ErrorCode::InvalidArgument, "the depth map is empty");
  if (!(k.fx > 0) || !(k.fy > 0))
    return make_error(ErrorCode::InvalidArgument, "camera intrinsics must have positive focal lengths");
  if (!colour.empty() && (colour.width != depth.width || colour.height != depth.height))
    return make_error(ErrorCode::InvalidArgument, "the colour image must be registered with the depth map (same size)");

  // Camera frame (x right, y down, z forward) to the y-up, z-towards-viewer frame we publish.
  Eigen::Matrix3d K;
  K << k.fx, 0, k.cx, 0, k.fy, k.cy, 0, 0, 1;
  const Eigen::Matrix3d flip = Eigen::Vector3d(1, -1, -1).asDiagonal();
  const Eigen::Matrix3f pixel_to_ray = (flip * K.inverse()).cast<float>();

  PointSet out;
  out.width = depth.width;
  out.height = depth.height;
  const size_t n = static_cast<size_t>(depth.width) * depth.height;
  out.xyz.assign(n * 3, std::numeric_limits<float>::quiet_NaN());
  out.rgb.assign(n * 3, 0);
  out.valid.assign(n, 0);
  for (int y = 0; y < depth.height; ++y) {
    for (int x = 0; x < depth.width; ++x) {
      const size_t i = static_cast<size_t>(y) * depth.width + x;
      const float z = depth.z[i];
      if (!std::isfinite(z)) continue;
      const Eigen::Vector3f p = pixel_to_ray * Eigen::Vector3f(x + 0.5f, y + 0.5f, 1.0f) * z;
      out.xyz[i * 3 + 0] = p.x();
      out.xyz[i * 3 + 1] = p.y();
      out.xyz[i * 3 + 2] = p.z();
      out.valid[i] = 1;
      ++out.valid_count;
      if (!colour.empty()) {
        out.rgb[i * 3 + 0] = colour.pixels[i * 3 + 0];
        out.rgb[i * 3 + 1] = colour.pixels[i * 3 + 1];
        out.rgb[i * 3 + 2] = colour.pixels[i * 3 + 2];
      }
    }
  }
  return out;
}

}  // namespace pxav
