// A view of a stereo pair disturbed the way a hand-held second shot differs from a rectified one:
// a roll about the image centre, a toe-in (a turn about the vertical axis, through a pinhole of
// the given focal length), a scale change, a vertical shift, an exposure change. The homography
// is exact, so tests and the benchmark know where every true correspondence went and can check
// a rectification against it. Native only (it uses the C library's sin and cos).
#pragma once

#include <string>
#include <vector>

#include "core/image.h"
#include "stereo/small_matrix.h"

namespace pxav {

struct Disturbance {
  std::string name;
  double roll_deg = 0, toe_in_deg = 0, scale = 1, shift_y = 0, shift_x = 0;
  double gain = 1, bias = 0;  // exposure: v' = gain v + bias
};

// The map from the undisturbed view's pixels to the disturbed one's, for a view of this size
// (focal_px for the toe-in).
Mat3 disturbance_homography(const Disturbance& d, int width, int height, double focal_px);

// The disturbed view (bilinear; pixels from outside the view are black).
RgbImage disturb_view(const RgbImage& view, const Disturbance& d, double focal_px);

// The set the benchmark and the tests use: each of the disturbances alone, then combined.
std::vector<Disturbance> standard_disturbances();

}  // namespace pxav
