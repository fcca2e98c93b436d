#include "synth/stereo_disturb.h"

#include <algorithm>
#include <cmath>

#include "stereo/rectify.h"

namespace pxav {

Mat3 disturbance_homography(const Disturbance& d, int width, int height, double f) {
  const double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, pi = 3.14159265358979323846;
  const double r = d.roll_deg * pi / 180, t = d.toe_in_deg * pi / 180;
  const Mat3 to_centre = {1, 0, -cx, 0, 1, -cy, 0, 0, 1}, back = {1, 0, cx, 0, 1, cy, 0, 0, 1};
  const Mat3 roll = {std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1};
  // A turn about the vertical axis: K R K^-1 with K's principal point at the centre (applied in
  // centred coordinates).
  const Mat3 k = {f, 0, 0, 0, f, 0, 0, 0, 1}, k_inv = {1 / f, 0, 0, 0, 1 / f, 0, 0, 0, 1};
  const Mat3 turn = mat3_mul(k, mat3_mul({std::cos(t), 0, std::sin(t), 0, 1, 0, -std::sin(t), 0, std::cos(t)}, k_inv));
  const Mat3 scale = {d.scale, 0, 0, 0, d.scale, 0, 0, 0, 1};
  const Mat3 shift = {1, 0, d.shift_x, 0, 1, d.shift_y, 0, 0, 1};
  return mat3_mul(shift, mat3_mul(back, mat3_mul(scale, mat3_mul(turn, mat3_mul(roll, to_centre)))));
}

RgbImage disturb_view(const RgbImage& view, const Disturbance& d, double focal_px) {
  RgbImage out = warp_view(view, disturbance_homography(d, view.width, view.height, focal_px), view.width, view.height);
  if (d.gain != 1 || d.bias != 0)
    for (uint8_t& v : out.pixels) v = static_cast<uint8_t>(std::clamp(std::lround(v * d.gain + d.bias), 0L, 255L));
  return out;
}

std::vector<Disturbance> standard_disturbances() {
  std::vector<Disturbance> out;
  out.push_back({"none"});
  Disturbance roll{"roll 3 deg"};
  roll.roll_deg = 3;
  out.push_back(roll);
  Disturbance toe{"toe-in 5 deg"};
  toe.toe_in_deg = 5;
  out.push_back(toe);
  Disturbance scale{"scale 2%"};
  scale.scale = 1.02;
  out.push_back(scale);
  Disturbance shift{"shift 10 px"};
  shift.shift_y = 10;
  out.push_back(shift);
  Disturbance exposure{"exposure x1.15+8"};
  exposure.gain = 1.15;
  exposure.bias = 8;
  out.push_back(exposure);
  Disturbance all{"all of them"};
  all.roll_deg = 3;
  all.toe_in_deg = 5;
  all.scale = 1.02;
  all.shift_y = 10;
  all.gain = 1.15;
  all.bias = 8;
  out.push_back(all);
  return out;
}

}  // namespace pxav
