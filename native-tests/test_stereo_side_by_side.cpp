// A side-by-side stereo image: one file holding both views, the left view on the left
// (layout=side-by-side) or on the right (layout=cross-eyed). Generated pairs with exact disparity
// give the true disparities in both orders (and the same map from both), a layout given the wrong
// way is swapped back, and images that cannot be two halves of a pair get an error saying why.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "image_files/png_io.h"
#include "stereo/disparity_filter.h"
#include "support.h"
#include "synth/stereo_heic_writer.h"
#include "synth/stereo_scene.h"

using namespace pxav;

namespace {

std::vector<uint8_t> png_of(const RgbImage& image) {
  auto bytes = encode_png_rgb(image);
  REQUIRE(bytes);
  return std::move(*bytes);
}

Result<MetricPhoto> open_one(const std::vector<uint8_t>& bytes, const std::string& setup,
                             const std::string& name = "pair.png") {
  const InputFile files[] = {{name, bytes, ""}};
  OpenOptions o;
  o.settings[kStereoSettings] = setup;
  return open_photo(files, o);
}

// The same floats, bit for bit (NaN where nothing was found on both sides).
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The share of the checkable pixels with a disparity within 1 px of the truth.
double share_close(const StereoScene& scene, const DisparityMap& d) {
  long checked = 0, close = 0;
  for (size_t i = 0; i < d.d.size(); ++i)
    if (scene.checkable[i] && has_disparity(d.d[i])) {
      ++checked;
      close += std::fabs(d.d[i] - scene.disparity[i]) <= 1;
    }
  REQUIRE(checked > static_cast<long>(d.d.size()) / 3);
  return static_cast<double>(close) / checked;
}

}  // namespace

TEST_CASE("Side by side: both orders give the true disparities, and the same map") {
  const StereoScene scene = make_stereo_scene(320, 240);
  const auto parallel = png_of(side_by_side_image(scene.left, scene.right));
  const auto crossed = png_of(side_by_side_image(scene.right, scene.left));
  const std::string setup = "f=400 baseline=0.05 disparities=80 scale=1";

  auto a = open_one(parallel, setup + " layout=side-by-side");
  if (!a) FAIL(a.error().message);
  auto b = open_one(crossed, setup + " layout=cross-eyed");
  if (!b) FAIL(b.error().message);
  for (const MetricPhoto* p : {&*a, &*b}) {
    CHECK(p->photo.info.container == "stereo");
    CHECK(p->photo.info.photo_width == 320);
    CHECK(p->photo.info.photo_height == 240);
    CHECK(test::info_fact(p->photo, "swapped") == "false");
    CHECK(p->disparity.width == 320);
    CHECK(share_close(scene, p->disparity) >= 0.99);
    CHECK_FALSE(p->photo.encoding.relative);
  }
  CHECK(test::info_fact(a->photo, "layout") == "\"side-by-side\"");
  CHECK(test::info_fact(b->photo, "layout") == "\"cross-eyed\"");
  CHECK(same_bits(a->disparity.d, b->disparity.d));
  CHECK(a->photo.colour.pixels == b->photo.colour.pixels);

  SECTION("a calib.txt says the layout too") {
    auto c = open_one(crossed, "cam0=[400 0 160; 0 400 120; 0 0 1]\nbaseline=50\nndisp=80\nlayout=cross-eyed");
    if (!c) FAIL(c.error().message);
    CHECK(test::info_fact(c->photo, "swapped") == "false");
    CHECK(share_close(scene, c->disparity) >= 0.99);
  }
  SECTION("the wrong layout is noticed and the views swapped back") {
    auto c = open_one(crossed, setup + " layout=side-by-side");
    if (!c) FAIL(c.error().message);
    CHECK(test::info_fact(c->photo, "swapped") == "true");
    CHECK(same_bits(c->disparity.d, a->disparity.d));
  }
  SECTION("without the setting it is one photo without depth") {
    auto c = open_one(parallel, setup);
    CHECK_FALSE(c);
  }
}

TEST_CASE("Side by side: images that cannot be two halves of a pair get a clear error") {
  const StereoScene scene = make_stereo_scene(160, 120);
  const RgbImage both = side_by_side_image(scene.left, scene.right);
  auto expect = [](const Result<MetricPhoto>& r, ErrorCode code, const std::string& words) {
    REQUIRE_FALSE(r);
    INFO(r.error().message);
    CHECK(r.error().code == code);
    CHECK(r.error().message.find(words) != std::string::npos);
  };
  SECTION("an odd width") {
    const RgbImage odd = side_by_side_image(scene.left, make_stereo_scene(161, 120).right);
    expect(open_one(png_of(odd), "layout=side-by-side", "odd.png"), ErrorCode::InvalidArgument,
           "odd.png (321x120) cannot be a side-by-side pair: its width is odd");
  }
  SECTION("halves far taller than wide: one photo") {
    const StereoScene tall = make_stereo_scene(60, 200);
    expect(open_one(png_of(side_by_side_image(tall.left, tall.left)), "layout=cross-eyed"), ErrorCode::InvalidArgument,
           "each half would be 60x200, far taller than wide");
  }
  SECTION("too small") {
    const StereoScene tiny = make_stereo_scene(12, 40);
    expect(open_one(png_of(side_by_side_image(tiny.left, tiny.right)), "layout=side-by-side"),
           ErrorCode::InvalidArgument, "too small to be a side-by-side pair: each view would be 12x40");
  }
  SECTION("two files") {
    const auto bytes = png_of(both);
    const InputFile files[] = {{"a.png", bytes, ""}, {"b.png", bytes, ""}};
    OpenOptions o;
    o.settings[kStereoSettings] = "layout=side-by-side";
    expect(open_photo(files, o), ErrorCode::InvalidArgument, "give it alone (2 files were given)");
  }
  SECTION("not an image") {
    auto heic = write_stereo_heic(scene, {});
    REQUIRE(heic);
    expect(open_one(*heic, "layout=side-by-side", "pair.heic"), ErrorCode::InvalidArgument,
           "not a side-by-side stereo image (PNG, JPEG, PPM)");
  }
  SECTION("an unknown layout") {
    expect(open_one(png_of(both), "layout=over-under"), ErrorCode::InvalidArgument,
           "layout must be side-by-side (left view on the left), cross-eyed");
  }
  SECTION("two halves of one photo that do not show the same scene") {
    const StereoScene other = make_stereo_scene(160, 120, 4, 7);
    const auto r = open_one(png_of(side_by_side_image(scene.left, other.left)), "layout=side-by-side");
    expect(r, ErrorCode::UnusablePair, "do not show the same scene");
    CHECK(r.error().fields.check == "same-scene");
  }
}
