#include "stereo/calibrated_rectify.h"

#include <cmath>

#include "stereo/lanes.h"
#include "stereo/small_matrix.h"

namespace pxav {
namespace {

Vec3 normalised(Vec3 v) {
  const double n = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  return {v[0] / n, v[1] / n, v[2] / n};
}

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

// One row of a view: each rectified pixel's ray (in the view's own camera frame, through `turn`)
// projected through the lens; bilinear in 1/256 steps as warp_view does.
PXAV_ROW_FUNCTION void render_row(const RgbImage& raw, const CameraModel& cam, const Mat3& turn, double f, double cx,
                                  double cy, int y, uint8_t* out, uint8_t* inside) {
  for (int x = 0; x < raw.width; ++x) {
    const Vec3 ray = mat3_apply(turn, {(x - cx) / f, (y - cy) / f, 1});
    uint8_t* o = out + static_cast<size_t>(x) * 3;
    o[0] = o[1] = o[2] = 0;
    if (inside) inside[x] = 0;
    if (!(ray[2] > 0)) continue;
    const double u = ray[0] / ray[2], v = ray[1] / ray[2], r2 = u * u + v * v;
    const double k = 1 + cam.k1 * r2 + cam.k2 * r2 * r2;
    const double sx = cam.fx * u * k + cam.cx, sy = cam.fy * v * k + cam.cy;
    if (!(sx >= 0) || !(sy >= 0) || sx > raw.width - 1 || sy > raw.height - 1) continue;
    int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
    int ax = static_cast<int>((sx - x0) * 256), ay = static_cast<int>((sy - y0) * 256);
    if (x0 == raw.width - 1) x0 -= 1, ax = 256;
    if (y0 == raw.height - 1) y0 -= 1, ay = 256;
    const uint8_t* p = raw.at(x0, y0);
    const uint8_t* q = p + static_cast<size_t>(raw.width) * 3;
    for (int c = 0; c < 3; ++c) {
      const int top = p[c] * (256 - ax) + p[c + 3] * ax, bottom = q[c] * (256 - ax) + q[c + 3] * ax;
      o[c] = static_cast<uint8_t>((top * (256 - ay) + bottom * ay + 32768) >> 16);
    }
    if (inside) inside[x] = 255;
  }
}

RgbImage render(const RgbImage& raw, const CameraModel& cam, const Mat3& turn, double f, double cx, double cy,
                GreyImage* inside) {
  RgbImage out;
  out.width = raw.width;
  out.height = raw.height;
  out.pixels.resize(static_cast<size_t>(raw.width) * raw.height * 3);
  if (inside)
    *inside = GreyImage{raw.width, raw.height, std::vector<uint8_t>(static_cast<size_t>(raw.width) * raw.height)};
  for (int y = 0; y < raw.height; ++y)
    render_row(raw, cam, turn, f, cx, cy, y, &out.pixels[static_cast<size_t>(y) * raw.width * 3],
               inside ? &inside->pixels[static_cast<size_t>(y) * raw.width] : nullptr);
  return out;
}

}  // namespace

CalibratedViews rectify_calibrated(const RgbImage& left, const RgbImage& right, const StereoCalibration& c) {
  // The rectified frame, in left-camera coordinates: x along the baseline (towards the right
  // camera, which sits at the translation), z the left optical axis made perpendicular to it.
  const Vec3 ex = normalised({c.translation[0], c.translation[1], c.translation[2]});
  const double along = ex[2];
  const Vec3 ez = normalised({-along * ex[0], -along * ex[1], 1 - along * ex[2]});
  const Vec3 ey = cross(ez, ex);
  // Rows: rectified coordinates of a left-frame vector; its transpose turns rectified rays back.
  const Mat3 rect = {ex[0], ex[1], ex[2], ey[0], ey[1], ey[2], ez[0], ez[1], ez[2]};
  const Mat3 to_left = mat3_transpose(rect);
  Mat3 r;
  for (int i = 0; i < 9; ++i) r[static_cast<size_t>(i)] = c.rotation[i];
  const Mat3 to_right = mat3_mul(mat3_transpose(r), to_left);  // X_right = R^T (X_left - T)
  CalibratedViews out;
  out.focal_px = c.left_camera.fy;
  out.cx = c.left_camera.cx;
  out.cy = c.left_camera.cy;
  out.left = render(left, c.left_camera, to_left, out.focal_px, out.cx, out.cy, &out.left_inside);
  out.right = render(right, c.right_camera, to_right, out.focal_px, out.cx, out.cy, nullptr);
  return out;
}

}  // namespace pxav
