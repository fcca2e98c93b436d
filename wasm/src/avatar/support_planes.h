// Floors, table tops and side walls: large tilted planes that a subject stands on, sits on or
// stands beside, and that touch it in depth. Found in inverse depth, where a plane is an affine
// function of the pixel's position (1/Z = a u + b v + c for any plane and pinhole camera), so
// relative disparity-like maps work as well as metric ones. A deterministic RANSAC (fixed seed)
// then a least-squares refit on the inliers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pxav {

struct SupportPlane {
  double a = 0, b = 0, c = 0;  // value = a u + b v + c, u and v in image heights
  size_t inliers = 0;
};

// values: width * height samples of a normalised inverse depth (0 = far, 1 = near), NaN where
// invalid. Returns up to max_planes planes, each tilted (a slope of at least min_slope per
// image height: a floor, a table, a wall seen at an angle; a plane facing the camera is not
// support), holding at least min_share of the valid samples, and spanning at least half of
// the frame across its slope.
std::vector<SupportPlane> find_support_planes(const std::vector<float>& values, int width, int height, int max_planes);

// Within tolerance of the plane at pixel (x, y).
bool on_plane(const SupportPlane& plane, int x, int y, int height, float value);

}  // namespace pxav
