// The real iPhone files in ../shared/data: reference values from its README.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "depth/metric_depth.h"
#include "image_files/png_io.h"
#include "input/heic/heic_reader.h"
#include "support.h"

using namespace pxav;

TEST_CASE("pug.heic: depth image, representation and calibration", "[heic][real]") {
  PXAV_REQUIRE_SHARED(bytes, "real/pug.heic");
  auto photo = test::open_upright(bytes);
  REQUIRE(photo.ok());
  CHECK(photo->depth.width == 768);
  CHECK(photo->depth.height == 576);
  CHECK(photo->depth.bit_depth == 8);
  CHECK(photo->encoding.kind == DepthKind::Disparity);
  CHECK(photo->encoding.source == "heif-depth-info");
  CHECK(photo->encoding.lo == Approx(1.498046875).margin(1e-6));
  CHECK(photo->encoding.hi == Approx(4.3828125).margin(1e-6));
  CHECK(photo->info.photo_width == 4032);
  CHECK(photo->info.photo_height == 3024);
  REQUIRE(photo->info.details.size() == 3);
  CHECK(photo->info.details[0] == std::pair<std::string, std::string>{"tiles", "[8,6]"});
  CHECK(photo->info.details[1] == std::pair<std::string, std::string>{"thumbnail", "false"});
  CHECK(photo->info.colour_source == "tiles");
  CHECK(photo->camera.source == "apple-xmp");
  CHECK_FALSE(photo->camera.assumed);
  CHECK(photo->camera.fx == Approx(3032.594 * 768 / 4032).epsilon(1e-6));
  CHECK(photo->camera.fx == Approx(577.6).margin(0.1));
  CHECK(photo->camera.cx == Approx(1988.451 * 768 / 4032).epsilon(1e-5));
  CHECK(photo->colour.width == 768);
  CHECK(photo->colour.height == 576);
  const std::string& aux = photo->info.details[2].second;
  CHECK(photo->info.details[2].first == "auxiliaryTypes");
  CHECK_THAT(aux, Catch::Contains("\"urn:mpeg:hevc:2015:auxid:2\""));
  CHECK_THAT(aux, Catch::Contains("\"urn:com:apple:photo:2020:aux:hdrgainmap\""));
}

TEST_CASE("pug.heic: metric depth lies between 0.23 and 0.67 m", "[heic][real]") {
  PXAV_REQUIRE_SHARED(bytes, "real/pug.heic");
  auto opened = test::open_bytes(bytes);
  REQUIRE(opened.ok());
  const DepthMap* depth = &opened->depth;
  float lo = 1e9f, hi = 0;
  size_t invalid = 0;
  for (float z : depth->z) {
    if (!std::isfinite(z)) {
      ++invalid;
      continue;
    }
    lo = std::min(lo, z);
    hi = std::max(hi, z);
  }
  CHECK(invalid == 0);
  CHECK(lo == Approx(1 / 4.3828125).margin(1e-4));
  CHECK(hi == Approx(1 / 1.498046875).margin(1e-4));
  CHECK(lo > 0.22f);
  CHECK(hi < 0.68f);
}

TEST_CASE("selfie_front_truedepth.heic: 480x640 disparity with a portrait matte", "[heic][real]") {
  PXAV_REQUIRE_SHARED(bytes, "real/selfie_front_truedepth.heic");
  auto photo = test::open_upright(bytes);
  REQUIRE(photo.ok());
  CHECK(photo->depth.width == 480);
  CHECK(photo->depth.height == 640);
  CHECK(photo->encoding.kind == DepthKind::Disparity);
  CHECK(photo->encoding.lo == Approx(0.508301).margin(1e-5));
  CHECK(photo->encoding.hi == Approx(3.767578).margin(1e-5));
  REQUIRE(photo->portrait_matte.has_value());
  CHECK(photo->portrait_matte->width == 480);
  CHECK(photo->portrait_matte->height == 640);
  CHECK(photo->camera.source == "apple-xmp");
}

TEST_CASE("arrow_nodepth.heic: a clear no-depth error", "[heic][real][errors]") {
  PXAV_REQUIRE_SHARED(bytes, "real/arrow_nodepth.heic");
  auto photo = test::open_upright(bytes);
  REQUIRE_FALSE(photo.ok());
  CHECK(photo.error().code == ErrorCode::NoDepth);
  CHECK_THAT(photo.error().message, Catch::Contains("no depth map") && Catch::Contains("Portrait mode"));
}

TEST_CASE("bad and stress files give their clear error", "[heic][real][errors]") {
  struct Case {
    const char* file;
    ErrorCode code;
    const char* fragment;
  };
  const Case cases[] = {
      {"bad/empty.heic", ErrorCode::UnsupportedFormat, "empty"},
      {"bad/corrupted.heic", ErrorCode::Corrupt, "the HEIC file is damaged or truncated"},
      // These two keep a readable header; their first real problem is that they hold no depth.
      {"bad/truncated.heic", ErrorCode::NoDepth, "no depth map"},
      {"bad/invalid_id.heic", ErrorCode::NoDepth, "no depth map"},
      // Too large for the default limit, but without depth: raising the limit would not help, so
      // that is said first.
      {"stress/200MP.heic", ErrorCode::NoDepth, "no depth map"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.file) {
      auto bytes = test::read_shared(c.file);
      if (!bytes) {
        WARN("SKIPPED: " << c.file << " not found under " << test::shared_data());
        test::mark_skipped();
        continue;
      }
      auto photo = test::open_upright(*bytes);
      REQUIRE_FALSE(photo.ok());
      INFO(photo.error().message);
      CHECK(photo.error().code == c.code);
      CHECK_THAT(photo.error().message, Catch::Contains(c.fragment));
      CHECK(photo.error().message.size() > 10);
    }
  }
}

TEST_CASE("pug.heic: raw depth samples equal pillow-heif's pug_depth.png", "[heic][real]") {
  PXAV_REQUIRE_SHARED(bytes, "real/pug.heic");
  PXAV_REQUIRE_SHARED(png, "real/pug_depth.png");
  auto photo = test::open_upright(bytes);
  REQUIRE(photo.ok());
  auto reference = read_png(png);
  REQUIRE(reference.ok());
  REQUIRE(reference->width == photo->depth.width);
  REQUIRE(reference->height == photo->depth.height);
  REQUIRE(reference->channels == 1);
  size_t differing = 0;
  for (size_t i = 0; i < photo->depth.values.size(); ++i)
    differing += photo->depth.values[i] != static_cast<float>(reference->samples[i]);
  CHECK(differing == 0);
}

// OpenOptions::exact_colour: the default skips HEVC's loop filters for the colour only. The claim
// in its comment, on real photos: a few levels at most, in few channel values, and an exact depth.
TEST_CASE("colour decoded without loop filters stays within 3 levels of the exact decoding", "[heic][real]") {
  for (const char* name : {"real/pug.heic", "real/selfie_front_truedepth.heic"}) {
    PXAV_REQUIRE_SHARED(bytes, name);
    OpenOptions exact;
    exact.exact_colour = true;
    auto fast = test::open_upright(bytes);
    auto reference = test::open_upright(bytes, exact);
    REQUIRE(fast.ok());
    REQUIRE(reference.ok());
    CHECK(fast->depth.values == reference->depth.values);
    REQUIRE(fast->colour.pixels.size() == reference->colour.pixels.size());
    int worst = 0;
    size_t differing = 0;
    for (size_t i = 0; i < fast->colour.pixels.size(); ++i) {
      const int d = std::abs(fast->colour.pixels[i] - reference->colour.pixels[i]);
      worst = std::max(worst, d);
      differing += d != 0;
    }
    INFO(name << ": worst " << worst << ", " << differing << " of " << fast->colour.pixels.size() << " differ");
    CHECK(differing > 0);  // the option reaches the decoder
    CHECK(worst <= 3);
    CHECK(differing < fast->colour.pixels.size() / 20);
  }
}
