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

std::string detail_of(const DepthPhoto& p, const std::string& key) {
  for (const auto& [k, v] : p.info.details)
    if (k == key) return v;
  return "";
}

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
  CHECK(detail_of(photo->photo, "swapped") == "true");
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
    CHECK(r.error().code == ErrorCode::NoDepth);
    CHECK(r.error().message.find("these two photos do not show the same scene") != std::string::npos);
  }
  SECTION("the same picture twice") {
    auto r = match(scene.left, scene.left);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::NoDepth);
    CHECK(r.error().message.find("the camera did not move between the two shots") != std::string::npos);
  }
  SECTION("something moved between the shots") {
    const StereoScene moved = make_stereo_scene(kW, kH, 4, 0, 30, 24);
    auto r = match(scene.left, moved.right);
    if (r)
      FAIL("matched: " << r->geometry.matches << " matches, " << r->geometry.inliers << " inliers, rectified "
                       << r->geometry.rectify << ", residual " << r->geometry.residual);
    CHECK(r.error().code == ErrorCode::NoDepth);
    CHECK(r.error().message.find("the scene changed between the shots (people moved)") != std::string::npos);
  }
  SECTION("too little overlap") {
    Disturbance far{"far"};
    far.shift_x = -0.7 * kW;
    auto r = match(scene.left, disturb_view(scene.right, far, scene.focal_px));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::NoDepth);
    CHECK(r.error().message.find("too little overlap") != std::string::npos);
  }
  SECTION("a flat grey pair") {
    RgbImage grey = scene.left;
    std::fill(grey.pixels.begin(), grey.pixels.end(), uint8_t{128});
    auto r = match(grey, grey);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::NoDepth);
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
  CHECK(detail_of(p, "rangeFound") == "true");
  CHECK(detail_of(p, "swapped") == "false");
  CHECK(detail_of(p, "depthScale").find("relative: the MPO gives a baseline") != std::string::npos);
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
