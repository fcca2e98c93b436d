// Calibrated rectification from a focal length alone: generated rigs whose cameras are turned by
// known rotations (the right against the left) are rectified from the essential matrix, the
// rotation recovered within 0.1 degrees and the baseline's direction within 1 degree (measured:
// 0.004-0.012 and 0.04-0.13), the true rows within half a pixel; the focal length comes from a
// JPEG's EXIF (the 35 mm equivalent, or the focal length with the sensor's resolution), and info
// says which rectification was used and that the depth is relative.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "stereo/disparity_filter.h"
#include "stereo/views_to_depth.h"
#include "support.h"
#include "synth/jpeg_encoder.h"
#include "synth/stereo_scene.h"

using namespace pxav;

namespace {

constexpr int kW = 480, kH = 360;
constexpr double kPi = 3.14159265358979323846;

Mat3 turn(double yaw_deg, double pitch_deg, double roll_deg) {
  const double a = yaw_deg * kPi / 180, b = pitch_deg * kPi / 180, c = roll_deg * kPi / 180;
  const Mat3 y = {std::cos(a), 0, std::sin(a), 0, 1, 0, -std::sin(a), 0, std::cos(a)};
  const Mat3 x = {1, 0, 0, 0, std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b)};
  const Mat3 z = {std::cos(c), -std::sin(c), 0, std::sin(c), std::cos(c), 0, 0, 0, 1};
  return mat3_mul(z, mat3_mul(x, y));
}

double angle_deg(const Mat3& r) {
  const double c = std::clamp((r[0] + r[4] + r[8] - 1) / 2, -1.0, 1.0);
  return std::acos(c) * 180 / kPi;
}

// Pixel of the clean (rectified) view -> pixel of the view seen by the camera turned by q
// (X_raw = q X_clean), focal f, centre in the middle.
Mat3 clean_to_raw(const Mat3& q, double f) {
  const double cx = (kW - 1) / 2.0, cy = (kH - 1) / 2.0;
  const Mat3 k = {f, 0, cx, 0, f, cy, 0, 0, 1};
  return mat3_mul(k, mat3_mul(q, mat3_inverse(k)));
}

// The clean view seen through the turned camera (bilinear, black outside).
RgbImage turned_view(const RgbImage& clean, const Mat3& q, double f) {
  const Mat3 back = mat3_inverse(clean_to_raw(q, f));
  RgbImage out{clean.width, clean.height, std::vector<uint8_t>(clean.pixels.size(), 0)};
  for (int y = 0; y < clean.height; ++y)
    for (int x = 0; x < clean.width; ++x) {
      double sx, sy;
      apply_homography(back, x, y, sx, sy);
      if (!(sx >= 0 && sy >= 0 && sx < clean.width - 1 && sy < clean.height - 1)) continue;
      const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
      const double a = sx - x0, b = sy - y0;
      for (int c = 0; c < 3; ++c) {
        const double v = (1 - b) * ((1 - a) * clean.at(x0, y0)[c] + a * clean.at(x0 + 1, y0)[c]) +
                         b * ((1 - a) * clean.at(x0, y0 + 1)[c] + a * clean.at(x0 + 1, y0 + 1)[c]);
        out.pixels[(static_cast<size_t>(y) * clean.width + x) * 3 + c] = static_cast<uint8_t>(std::lround(v));
      }
    }
  return out;
}

struct Rig {
  Mat3 q_left, q_right;
};

struct RigScore {
  double rotation_error_deg = 0, baseline_error_deg = 0, true_rows = 0, bad_percent = 0;
};

// The rig's truth against what depth_from_views found: X_right = R X_left + t with R = q_r q_l^T
// and t along -q_r x; the true correspondences carried through the rectification.
RigScore score_rig(const StereoScene& scene, const Rig& rig, const StereoDepth& out) {
  const PairGeometry& g = out.geometry;
  RigScore s;
  const Mat3 r_true = mat3_mul(rig.q_right, mat3_transpose(rig.q_left));
  s.rotation_error_deg = angle_deg(mat3_mul(mat3_transpose(g.pose.rotation), r_true));
  const Vec3 t_true = mat3_apply(rig.q_right, {-1, 0, 0});
  const Vec3& t = g.pose.translation;
  const double cos_t = t[0] * t_true[0] + t[1] * t_true[1] + t[2] * t_true[2];
  s.baseline_error_deg = std::acos(std::clamp(cos_t, -1.0, 1.0)) * 180 / kPi;
  const Mat3 to_left = mat3_mul(g.h.left, clean_to_raw(rig.q_left, scene.focal_px));
  const Mat3 to_right = mat3_mul(g.h.right, clean_to_raw(rig.q_right, scene.focal_px));
  DisparityMap dense = out.disparity;
  fill_from_background(dense);
  std::vector<double> rows;
  long bad = 0, counted = 0;
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      const size_t i = static_cast<size_t>(y) * kW + x;
      if (!scene.checkable[i]) continue;
      double lx, ly, rx, ry;
      apply_homography(to_left, x, y, lx, ly);
      apply_homography(to_right, x - scene.disparity[i], y, rx, ry);
      rows.push_back(std::fabs(ry - ly));
      const int mx = static_cast<int>(std::lround(lx)), my = static_cast<int>(std::lround(ly));
      if (mx < 2 || my < 2 || mx >= dense.width - 2 || my >= dense.height - 2) continue;
      ++counted;
      bad += !(std::fabs(dense.at(mx, my) - (lx - rx)) <= 1.0);
    }
  std::sort(rows.begin(), rows.end());
  s.true_rows = rows.empty() ? 1e9 : rows[rows.size() / 2];
  s.bad_percent = counted ? 100.0 * bad / counted : 100;
  return s;
}

}  // namespace

TEST_CASE("Stereo focal: a rig turned by known rotations is rectified calibrated from the focal length") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  // The left camera turned about y and z (no pitch, so its rectified view is the clean one up to
  // a shift), the right one about all three axes.
  const Rig rigs[] = {
      {turn(2, 0, 1.5), turn(-3, 1, -2)},
      {mat3_identity(), turn(4, 0, 0)},  // toe-in of 4 degrees
      {turn(-1, 0, 0), turn(0, -1.5, 3)},
  };
  for (const Rig& rig : rigs) {
    StereoViews v;
    v.left = turned_view(scene.left, rig.q_left, scene.focal_px);
    v.right = turned_view(scene.right, rig.q_right, scene.focal_px);
    v.calibration.scale = 1;
    v.source = "pair";
    v.known_focal_px = scene.focal_px;
    v.focal_source = "test";
    auto out = depth_from_views(v, size_t{512} << 20);
    if (!out) FAIL(out.error().message);
    const RigScore s = score_rig(scene, rig, *out);
    INFO("rotation off by " << s.rotation_error_deg << " deg, baseline by " << s.baseline_error_deg
                            << " deg, true rows " << s.true_rows << " px, residual " << out->geometry.residual
                            << " px, bad " << s.bad_percent << "%, note " << out->geometry.calibration_note);
    CHECK(out->geometry.rectify);
    CHECK(out->geometry.calibrated);
    CHECK(s.rotation_error_deg <= 0.1);
    CHECK(s.baseline_error_deg <= 1);
    CHECK(s.true_rows <= 0.5);
    CHECK(out->geometry.residual <= 0.5);
    CHECK(s.bad_percent <= 3);
    CHECK(out->encoding.relative);
    CHECK(out->camera.fx == scene.focal_px);
    CHECK(out->depth_scale.find("rectified calibrated from the focal length (test)") != std::string::npos);
    WARN("rig: rotation off by " << s.rotation_error_deg << " deg, baseline by " << s.baseline_error_deg
                                 << " deg, true rows " << s.true_rows << " px, bad " << s.bad_percent << "%");
  }
  SECTION("a focal length far off is not used: Hartley's rectification instead, and info says why") {
    StereoViews v;
    v.left = turned_view(scene.left, rigs[0].q_left, scene.focal_px);
    v.right = turned_view(scene.right, rigs[0].q_right, scene.focal_px);
    v.calibration.scale = 1;
    v.source = "pair";
    v.known_focal_px = scene.focal_px / 3;
    v.focal_source = "test";
    auto out = depth_from_views(v, size_t{512} << 20);
    if (!out) FAIL(out.error().message);
    CHECK(out->geometry.rectify);
    CHECK_FALSE(out->geometry.calibrated);
    CHECK_FALSE(out->geometry.calibration_note.empty());
    CHECK(out->geometry.residual <= 0.5);
  }
}

TEST_CASE("Stereo focal: a JPEG pair's EXIF focal length is read, and info says which rectification was used") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  const Rig rig{turn(2, 0, 1.5), turn(-3, 1, -2)};
  const RgbImage left = turned_view(scene.left, rig.q_left, scene.focal_px);
  const RgbImage right = turned_view(scene.right, rig.q_right, scene.focal_px);
  // 400 px over a 600 px diagonal is 28.8 mm in 35 mm terms, written rounded (29 mm: 402.2 px);
  // 4.0 mm at 100 pixels a millimetre is 400 px.
  struct Case {
    JpegSegmentToWrite exif;
    const char* source;
    double focal;
  };
  const Case cases[] = {{exif_focal_segment(29), "EXIF FocalLengthIn35mmFilm", 29 / 43.2666 * 600},
                        {exif_focal_segment(0, 40, 100), "EXIF FocalLength and FocalPlaneXResolution", 400}};
  for (const Case& c : cases) {
    auto lb = encode_jpeg_rgb(left, 95, 0, {c.exif});
    auto rb = encode_jpeg_rgb(right, 95, 0, {c.exif});
    REQUIRE(lb);
    REQUIRE(rb);
    const InputFile files[] = {{"left.jpg", *lb, "left"}, {"right.jpg", *rb, "right"}};
    OpenOptions o;
    o.settings[kStereoSettings] = "scale=1";
    auto photo = open_photo(files, o);
    if (!photo) FAIL(photo.error().message);
    const DepthPhoto& p = photo->photo;
    INFO(c.source << ": " << test::info_fact(p, "calibrationNote"));
    CHECK(test::info_fact(p, "focalSource") == std::string("\"") + c.source + "\"");
    CHECK(std::fabs(std::stod(test::info_fact(p, "knownFocalPx")) - c.focal) < 0.01);
    CHECK(test::info_fact(p, "rectification") == "\"calibrated from the focal length\"");
    CHECK(std::stod(test::info_fact(p, "residualPx")) <= 0.5);
    CHECK(test::info_fact(p, "depthScale").find("relative: rectified calibrated from the focal length") !=
          std::string::npos);
    CHECK(p.encoding.relative);
  }
  SECTION("without EXIF: Hartley's rectification, as before") {
    auto lb = encode_jpeg_rgb(left, 95);
    auto rb = encode_jpeg_rgb(right, 95);
    REQUIRE(lb);
    REQUIRE(rb);
    const InputFile files[] = {{"left.jpg", *lb, "left"}, {"right.jpg", *rb, "right"}};
    auto photo = open_photo(files, {});
    if (!photo) FAIL(photo.error().message);
    CHECK(test::info_fact(photo->photo, "rectification") == "\"uncalibrated (Hartley)\"");
    CHECK(test::info_fact(photo->photo, "focalSource").empty());
  }
}

TEST_CASE("Stereo focal: large JPEG views are decoded at a reduced DCT scale, the disparities still true") {
  const StereoScene scene = make_stereo_scene(2048, 1536, 8);
  auto lb = encode_jpeg_rgb(scene.left, 95);
  auto rb = encode_jpeg_rgb(scene.right, 95);
  REQUIRE(lb);
  REQUIRE(rb);
  const InputFile files[] = {{"left.jpg", *lb, "left"}, {"right.jpg", *rb, "right"}};
  auto photo = open_photo(files, {});
  if (!photo) FAIL(photo.error().message);
  const DepthPhoto& p = photo->photo;
  // 2048 px decode at 1/2 (1024 px: the features' size), matched at 1/2 of that.
  CHECK(test::info_fact(p, "viewsDecodedAt") == "\"1/2\"");
  CHECK(test::info_fact(p, "matchedSize") == "\"512x384 (1/2)\"");
  const DisparityMap& d = photo->disparity;
  long checked = 0, close = 0;
  for (int y = 0; y < d.height; ++y)
    for (int x = 0; x < d.width; ++x) {
      const size_t i = static_cast<size_t>(4 * y + 2) * 2048 + (4 * x + 2);
      const float got = d.at(x, y);
      if (!scene.checkable[i] || !has_disparity(got)) continue;
      ++checked;
      close += std::fabs(got - scene.disparity[i] / 4) <= 1;
    }
  INFO("within 1 px: " << close << " of " << checked);
  REQUIRE(checked > d.width * d.height / 3);
  CHECK(close >= checked * 97 / 100);
  SECTION("an explicit scale keeps the views' own pixels") {
    OpenOptions o;
    o.settings[kStereoSettings] = "scale=4";
    auto whole = open_photo(files, o);
    if (!whole) FAIL(whole.error().message);
    CHECK(test::info_fact(whole->photo, "viewsDecodedAt").empty());
    CHECK(test::info_fact(whole->photo, "matchedSize") == "\"512x384 (1/4)\"");
  }
}
