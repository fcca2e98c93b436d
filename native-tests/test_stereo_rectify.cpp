// Stereo pairs nobody prepared: generated pairs whose right view is disturbed by a known
// homography (roll, toe-in, scale, vertical shift, exposure) are rectified within half a pixel
// of the true correspondences and matched about as well as the undisturbed pair; the disparity
// range is found with both signs; views given the wrong way round are swapped; and pairs that
// cannot give depth are refused with the quality gate's reasons.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "image_files/png_io.h"
#include "input/sniff.h"
#include "stereo/disparity_filter.h"
#include "stereo/pair_geometry.h"
#include "stereo/small_matrix.h"
#include "stereo/views_to_depth.h"
#include "support.h"
#include "synth/jpeg_writer.h"
#include "synth/mpo_writer.h"
#include "synth/stereo_disturb.h"
#include "synth/stereo_scene.h"

using namespace pxav;

namespace {

constexpr int kW = 480, kH = 360;

struct Scored {
  double true_residual = 0;  // median |row difference| of the true correspondences after rectification
  double bad_percent = 0;    // dense disparity more than 1 px off, of the checkable pixels
  long counted = 0;
};

// Scores a depth_from_views result on a pair whose right view went through `d`: each checkable
// left pixel and its true right point are carried through the rectification.
Scored score(const StereoScene& scene, const Disturbance& d, const StereoDepth& out, bool swapped_input = false) {
  const Mat3 dist = disturbance_homography(d, kW, kH, scene.focal_px);
  const Rectification& h = out.geometry.h;
  DisparityMap dense = out.disparity;
  fill_from_background(dense);
  std::vector<double> rows;
  long bad = 0, counted = 0;
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) {
      const size_t i = static_cast<size_t>(y) * kW + x;
      if (!scene.checkable[i]) continue;
      double rx0, ry0;
      apply_homography(dist, x - scene.disparity[i], y, rx0, ry0);
      if (rx0 < 0 || ry0 < 0 || rx0 > kW - 1 || ry0 > kH - 1) continue;
      double lx, ly, rx, ry;
      apply_homography(h.left, x, y, lx, ly);
      apply_homography(h.right, rx0, ry0, rx, ry);
      rows.push_back(std::fabs(ry - ly));
      const int mx = static_cast<int>(std::lround(lx)), my = static_cast<int>(std::lround(ly));
      if (mx < 0 || my < 0 || mx >= dense.width || my >= dense.height) continue;
      ++counted;
      const float got = dense.at(mx, my);
      bad += !(std::fabs(got - (lx - rx)) <= 1.0);
    }
  (void)swapped_input;
  std::sort(rows.begin(), rows.end());
  Scored s;
  s.true_residual = rows.empty() ? 1e9 : rows[rows.size() / 2];
  s.counted = counted;
  s.bad_percent = counted ? 100.0 * bad / counted : 100;
  return s;
}

Result<StereoDepth> match(const RgbImage& left, const RgbImage& right, const char* source = "pair") {
  StereoViews v;
  v.left = left;
  v.right = right;
  v.calibration.scale = 1;
  v.source = source;
  return depth_from_views(v, size_t{512} << 20);
}

struct PairFilesR {
  std::vector<uint8_t> left, right;
};

std::vector<uint8_t> png_of(const RgbImage& image) {
  auto bytes = encode_png_rgb(image);
  REQUIRE(bytes);
  return std::move(*bytes);
}

std::string fact(const std::vector<std::pair<std::string, std::string>>& facts, const std::string& key) {
  for (const auto& [k, v] : facts)
    if (k == key) return v;
  return "";
}
// The reader's own facts (its section of the info) and the stereo stage's.
std::string detail_of(const DepthPhoto& p, const std::string& key) { return fact(p.info.details, key); }
std::string stereo_fact(const DepthPhoto& p, const std::string& key) { return fact(p.info.stereo, key); }

}  // namespace

TEST_CASE("Stereo rectify: each disturbance of the right view is undone within 0.5 px, the depth within 1.5 points") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  const auto all = standard_disturbances();
  double undisturbed = -1;
  for (const Disturbance& d : all) {
    const RgbImage right = disturb_view(scene.right, d, scene.focal_px);
    auto out = match(scene.left, right);
    if (!out) FAIL(d.name << ": " << out.error().message);
    const Scored s = score(scene, d, *out);
    INFO(d.name << ": rectified " << out->geometry.rectify << ", residual " << out->geometry.residual << " px (true "
                << s.true_residual << "), inliers " << out->geometry.inliers << " of " << out->geometry.matches
                << ", range " << out->min_disparity << " + " << out->num_disparities << ", bad " << s.bad_percent
                << "% of " << s.counted);
    CHECK(s.counted > kW * kH / 3);
    CHECK(out->geometry.residual <= 0.5);
    CHECK(s.true_residual <= 0.5);
    CHECK_FALSE(out->geometry.swapped);
    if (d.name == "none" || d.name.rfind("exposure", 0) == 0) {
      CHECK_FALSE(out->geometry.rectify);
    } else {
      CHECK(out->geometry.rectify);
    }
    if (undisturbed < 0) undisturbed = s.bad_percent;
    CHECK(s.bad_percent <= undisturbed + 1.5);
  }
}

TEST_CASE("Stereo rectify: the disparity range is found with both signs when the scene straddles zero parallax") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  // The right view's content 48 px to the right: disparities 32..64 become -16..16, rows untouched.
  Disturbance converged{"converged"};
  converged.shift_x = 48;
  const RgbImage right = disturb_view(scene.right, converged, scene.focal_px);
  auto out = match(scene.left, right);
  REQUIRE(out);
  CHECK_FALSE(out->geometry.rectify);
  CHECK_FALSE(out->geometry.swapped);
  CHECK(out->range_found);
  CHECK(out->min_disparity < -16);
  CHECK(out->min_disparity > -40);
  CHECK(out->min_disparity + out->num_disparities - 1 > 16);
  CHECK(out->geometry.disparity_low < -10);
  CHECK(out->geometry.disparity_high > 10);
  const Scored s = score(scene, converged, *out);
  INFO("bad " << s.bad_percent << "% of " << s.counted);
  CHECK(s.bad_percent < 1.5);
  // The user's range still wins.
  StereoViews v;
  v.left = scene.left;
  v.right = right;
  v.calibration.scale = 1;
  v.calibration.num_disparities = 40;
  v.source = "pair";
  auto given = depth_from_views(v, size_t{512} << 20);
  REQUIRE(given);
  CHECK_FALSE(given->range_found);
  CHECK(given->min_disparity == 0);
  CHECK(given->num_disparities == 40);
}

TEST_CASE("Stereo rectify: views given the wrong way round are swapped, and info says so") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  const PairFilesR files{png_of(scene.right), png_of(scene.left)};  // right given as left
  const InputFile both[] = {{"a.png", files.left, "left"}, {"b.png", files.right, "right"}};
  auto photo = open_photo(both, {});
  REQUIRE(photo);
  CHECK(stereo_fact(photo->photo, "swapped") == "true");
  // Matched as if given the right way: the true disparities.
  const DisparityMap& d = photo->disparity;
  long checked = 0, close = 0;
  for (size_t i = 0; i < d.d.size(); ++i)
    if (scene.checkable[i] && has_disparity(d.d[i])) {
      ++checked;
      close += std::fabs(d.d[i] - scene.disparity[i]) <= 1;
    }
  REQUIRE(checked > kW * kH / 3);
  CHECK(close >= checked * 99 / 100);
  // A HEIF or MPO file says which view is which: never swapped.
  auto kept = match(scene.right, scene.left, "heif-stereo");
  REQUIRE(kept);
  CHECK_FALSE(kept->geometry.swapped);
}

TEST_CASE("Stereo rectify: pairs that cannot give depth are refused with the reason") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  SECTION("two unrelated scenes") {
    const StereoScene other = make_stereo_scene(kW, kH, 4, 7);
    auto r = match(scene.left, other.right);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::UnusablePair);
    CHECK(r.error().fields.check == "same-scene");
    CHECK(r.error().message.find("these two photos do not show the same scene") != std::string::npos);
  }
  SECTION("the same picture twice") {
    auto r = match(scene.left, scene.left);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::UnusablePair);
    CHECK(r.error().fields.check == "camera-moved");
    CHECK(r.error().message.find("the camera did not move between the two shots") != std::string::npos);
  }
  SECTION("something moved between the shots") {
    const StereoScene moved = make_stereo_scene(kW, kH, 4, 0, 30, 24);
    auto r = match(scene.left, moved.right);
    if (r)
      FAIL("matched: " << r->geometry.matches << " matches, " << r->geometry.inliers << " inliers, rectified "
                       << r->geometry.rectify << ", residual " << r->geometry.residual);
    CHECK(r.error().code == ErrorCode::UnusablePair);
    CHECK(r.error().fields.check == "scene-still");
    CHECK(r.error().message.find("the scene changed between the shots (people moved)") != std::string::npos);
  }
  SECTION("too little overlap") {
    Disturbance far{"far"};
    far.shift_x = -0.7 * kW;
    auto r = match(scene.left, disturb_view(scene.right, far, scene.focal_px));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::UnusablePair);
    CHECK(r.error().fields.check == "overlap");
    CHECK(r.error().message.find("too little overlap") != std::string::npos);
  }
  SECTION("a flat grey pair") {
    RgbImage grey = scene.left;
    std::fill(grey.pixels.begin(), grey.pixels.end(), uint8_t{128});
    auto r = match(grey, grey);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::UnusablePair);
  }
}

TEST_CASE("Stereo rectify: a 3D camera's MPO file is read as a stereo pair, both signs of disparity found") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  Disturbance converged{"converged"};
  converged.shift_x = 48;  // disparities -16..16, as a 3D lens's offset views have them
  auto mpo = write_stereo_mpo(scene.left, disturb_view(scene.right, converged, scene.focal_px), 0.01);
  REQUIRE(mpo);
  const InputFile one[] = {{"pair.mpo", *mpo, ""}};
  auto photo = open_photo(one, {});
  if (!photo) FAIL(photo.error().message);
  const DepthPhoto& p = photo->photo;
  CHECK(p.info.container == "stereo");
  CHECK(detail_of(p, "mpoViews") == "2");
  CHECK(detail_of(p, "mpfBaselineM") == "0.01");
  CHECK(detail_of(p, "mpfConvergenceDeg") == "0");
  CHECK(stereo_fact(p, "rangeFound") == "true");
  CHECK(stereo_fact(p, "swapped") == "false");
  CHECK(stereo_fact(p, "depthScale").find("relative: the MPO gives a baseline") != std::string::npos);
  CHECK(p.encoding.relative);
  // JPEG at quality 95: the disparity within 1 px on nearly every checkable pixel.
  const DisparityMap& d = photo->disparity;
  long checked = 0, close = 0;
  for (size_t i = 0; i < d.d.size(); ++i)
    if (scene.checkable[i] && has_disparity(d.d[i])) {
      ++checked;
      close += std::fabs(d.d[i] - (scene.disparity[i] - 48)) <= 1;
    }
  INFO("within 1 px: " << close << " of " << checked);
  REQUIRE(checked > kW * kH / 3);
  CHECK(close >= checked * 97 / 100);
  auto avatar = make_avatar(*photo, {});
  REQUIRE(avatar);
  CHECK(avatar->avatar.cells.size() > 100);

  SECTION("cut short: a clear error") {
    std::vector<uint8_t> cut(mpo->begin(), mpo->begin() + static_cast<long>(mpo->size() - 5000));
    const InputFile bad[] = {{"cut.mpo", cut, ""}};
    auto r = open_photo(bad, {});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK(r.error().message.find("MPF index is damaged") != std::string::npos);
  }
  SECTION("a JPEG without MPF is not an MPO") {
    auto plain = encode_jpeg_rgb(scene.left, 90);
    REQUIRE(plain);
    Sniff s = sniff(*plain);
    CHECK(s.mpf_views == 0);
    CHECK(sniff(*mpo).mpf_views == 2);
  }
}

namespace {

// A raw view of a rig: the clean (rectified, undistorted) view seen through a camera turned by q
// (X_raw = q X_clean) and a lens with radial distortion k1, k2; focal f, centre at the middle.
RgbImage raw_view(const RgbImage& clean, double f, double k1, double k2, const Mat3& q) {
  const double cx = (clean.width - 1) / 2.0, cy = (clean.height - 1) / 2.0;
  RgbImage out{clean.width, clean.height, std::vector<uint8_t>(clean.pixels.size(), 0)};
  const Mat3 back = mat3_transpose(q);
  for (int y = 0; y < clean.height; ++y)
    for (int x = 0; x < clean.width; ++x) {
      const double xd = (x - cx) / f, yd = (y - cy) / f;
      double u = xd, v = yd;
      for (int i = 0; i < 30; ++i) {  // undistort by fixed-point iteration
        const double r2 = u * u + v * v, k = 1 + k1 * r2 + k2 * r2 * r2;
        u = xd / k;
        v = yd / k;
      }
      const Vec3 dir = mat3_apply(back, {u, v, 1});
      const double sx = f * dir[0] / dir[2] + cx, sy = f * dir[1] / dir[2] + cy;
      if (sx < 0 || sy < 0 || sx >= clean.width - 1 || sy >= clean.height - 1) continue;
      const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
      const double a = sx - x0, b = sy - y0;
      for (int c = 0; c < 3; ++c) {
        const double v00 = clean.at(x0, y0)[c], v10 = clean.at(x0 + 1, y0)[c], v01 = clean.at(x0, y0 + 1)[c],
                     v11 = clean.at(x0 + 1, y0 + 1)[c];
        out.pixels[(static_cast<size_t>(y) * clean.width + x) * 3 + c] =
            static_cast<uint8_t>(std::lround((1 - b) * ((1 - a) * v00 + a * v10) + b * ((1 - a) * v01 + a * v11)));
      }
    }
  return out;
}

}  // namespace

TEST_CASE("Stereo rectify: a raw rig with its full calibration is undistorted and rectified, depth in metres") {
  const StereoScene scene = make_stereo_scene(kW, kH);
  const double f = scene.focal_px, cx = (kW - 1) / 2.0, cy = (kH - 1) / 2.0;
  // The right camera turned 2 degrees about y and 1 about z; both lenses barrel-distorted.
  const double a = 2 * 3.14159265358979 / 180, b = 1 * 3.14159265358979 / 180;
  const Mat3 turn_y = {std::cos(a), 0, std::sin(a), 0, 1, 0, -std::sin(a), 0, std::cos(a)};
  const Mat3 turn_z = {std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b), 0, 0, 0, 1};
  const Mat3 q = mat3_mul(turn_z, turn_y);
  const RgbImage left = raw_view(scene.left, f, -0.2, 0.05, mat3_identity());
  const RgbImage right = raw_view(scene.right, f, -0.15, 0.03, q);
  const Mat3 r = mat3_transpose(q);  // X_left = R X_right + T
  char setup[512];
  std::snprintf(setup, sizeof setup,
                "left=%.17g,%.17g,%.17g,%.17g,-0.2,0.05 right=%.17g,%.17g,%.17g,%.17g,-0.15,0.03 "
                "rotation=%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g translation=%.17g,0,0 scale=1",
                f, f, cx, cy, f, f, cx, cy, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], scene.baseline_m);
  const std::vector<uint8_t> lb = png_of(left), rb = png_of(right);
  const InputFile files[] = {{"left.png", lb, "left"}, {"right.png", rb, "right"}};
  OpenOptions o;
  o.settings[kStereoSettings] = setup;
  auto photo = open_photo(files, o);
  if (!photo) FAIL(photo.error().message);
  const DepthPhoto& p = photo->photo;
  CHECK(stereo_fact(p, "calibratedRectification") == "true");
  CHECK(std::stod(stereo_fact(p, "residualPx")) <= 0.5);
  CHECK_FALSE(p.encoding.relative);
  // The rectified frame is the clean one: the disparities and depths of the scene.
  const DisparityMap& d = photo->disparity;
  long checked = 0, close = 0;
  for (size_t i = 0; i < d.d.size(); ++i)
    if (scene.checkable[i] && has_disparity(d.d[i])) {
      ++checked;
      close += std::fabs(d.d[i] - scene.disparity[i]) <= 1;
    }
  INFO("within 1 px: " << close << " of " << checked);
  REQUIRE(checked > kW * kH / 3);
  CHECK(close >= checked * 95 / 100);
  std::vector<float> z;
  for (float v : photo->depth.z)
    if (is_valid_depth(v)) z.push_back(v);
  REQUIRE(!z.empty());
  std::nth_element(z.begin(), z.begin() + z.size() / 2, z.end());
  // Most of the scene is the background at f B / 32 = 0.625 m.
  CHECK(std::fabs(z[z.size() / 2] - 0.625) < 0.02);

  SECTION("a calibration in part is refused") {
    OpenOptions partial;
    partial.settings[kStereoSettings] = "left=400,400,240,180,0,0 scale=1";
    auto r2 = open_photo(files, partial);
    REQUIRE_FALSE(r2);
    CHECK(r2.error().message.find("needs left, right, rotation and translation together") != std::string::npos);
  }
}
