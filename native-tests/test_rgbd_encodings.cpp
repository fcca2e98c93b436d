// The raw depth packings of common RGB-D datasets, read from colour + depth pairs the tests write
// themselves (16-bit PGM depth, PPM colour) through the pipeline: byte-swapped samples,
// SUN RGB-D's rotated millimetres, and the Kinect v1's raw disparity as NYU Depth v2 stores it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "input/rgbd/rgbd_reader.h"
#include "pipeline/pipeline.h"

using namespace pxav;

namespace {

constexpr int kSize = 4;  // 4x4 depth and colour: the same aspect ratio, as the reader requires

// A 16-bit PGM of kSize x kSize: the stored integers as they are in the file, big-endian as
// Netpbm says, unless `little_endian` writes them the other way round as some tools do.
std::vector<uint8_t> depth_pgm16(const std::vector<uint16_t>& stored, bool little_endian = false) {
  const std::string header = "P5\n" + std::to_string(kSize) + " " + std::to_string(kSize) + "\n65535\n";
  std::vector<uint8_t> file(header.begin(), header.end());
  for (int i = 0; i < kSize * kSize; ++i) {
    const uint16_t v = i < static_cast<int>(stored.size()) ? stored[i] : stored.back();
    const uint8_t high = static_cast<uint8_t>(v >> 8), low = static_cast<uint8_t>(v & 0xFF);
    file.push_back(little_endian ? low : high);
    file.push_back(little_endian ? high : low);
  }
  return file;
}

std::vector<uint8_t> depth_pgm8(uint8_t value) {
  const std::string header = "P5\n" + std::to_string(kSize) + " " + std::to_string(kSize) + "\n255\n";
  std::vector<uint8_t> file(header.begin(), header.end());
  file.resize(file.size() + kSize * kSize, value);
  return file;
}

std::vector<uint8_t> colour_ppm() {
  const std::string header = "P6\n" + std::to_string(kSize) + " " + std::to_string(kSize) + "\n255\n";
  std::vector<uint8_t> file(header.begin(), header.end());
  file.resize(file.size() + kSize * kSize * 3, 200);
  return file;
}

Result<MetricPhoto> open_pair(const std::vector<uint8_t>& depth, const std::string& params) {
  const std::vector<uint8_t> colour = colour_ppm();
  const InputFile files[] = {{"scene.ppm", colour, ""}, {"scene-depth.pgm", depth, ""}};
  OpenOptions options;
  options.depth_params = params;
  return open_photo(files, options);
}

MetricPhoto open_ok(const std::vector<uint8_t>& depth, const std::string& params) {
  auto photo = open_pair(depth, params);
  INFO(params << ": " << (photo.ok() ? std::string() : photo.error().message));
  REQUIRE(photo.ok());
  return std::move(*photo);
}

// SUN RGB-D's packing of millimetres: a rotation left by 3 of the 16 bits.
uint16_t sunrgbd_stored(uint16_t mm) { return static_cast<uint16_t>(mm << 3 | mm >> 13); }

}  // namespace

TEST_CASE("byte-order=swap reads 16-bit samples written in the other byte order", "[rgbd]") {
  // 2000 mm is 0x07D0; written little-endian, a reader that trusts the PGM sees 0xD007 = 53255.
  const std::vector<uint8_t> depth = depth_pgm16({2000, 0, 5000}, /*little_endian=*/true);
  const MetricPhoto as_file = open_ok(depth, "encoding=scaled-z scale=0.001");
  CHECK(as_file.depth.z[0] == Approx(53.255));
  const MetricPhoto swapped = open_ok(depth, "encoding=scaled-z scale=0.001 byte-order=swap");
  CHECK(swapped.depth.z[0] == Approx(2.0));
  CHECK(std::isnan(swapped.depth.z[1]));  // 0 stays 0 whatever the byte order: no reading
  CHECK(swapped.depth.z[2] == Approx(5.0));
  // The page's histogram and `info` see the integers the dataset meant.
  CHECK(swapped.photo.depth.values[0] == 2000);
  CHECK(open_ok(depth, "encoding=scaled-z scale=0.001 byte-order=file").depth.z[0] == Approx(53.255));
}

TEST_CASE("rotate-bits=3 reads SUN RGB-D's rotated millimetres", "[rgbd]") {
  // By hand: 1500 mm = 0x05DC; rotated left by 3 it is 0x2EE0 = 12000 (no bit reaches the top
  // three). 9000 mm = 0x2328 has its top bit 13 set: 9000 << 3 = 72000 = 0x11940, cut to 16
  // bits 0x1940 = 6464, and 9000 >> 13 = 1 comes round to bit 0, so the file holds 6465. Rotated
  // right by 3: 6465 >> 3 = 808, and its low bits (6465 & 7 = 1) go to bit 13: 808 + 8192 = 9000.
  CHECK(sunrgbd_stored(1500) == 12000);
  CHECK(sunrgbd_stored(9000) == 6465);
  const std::vector<uint8_t> depth = depth_pgm16({12000, 6465, 0});
  const MetricPhoto photo = open_ok(depth, "encoding=scaled-z scale=0.001 rotate-bits=3 fx=518.857901 fy=519.469611");
  CHECK(photo.depth.z[0] == Approx(1.5));
  CHECK(photo.depth.z[1] == Approx(9.0));
  CHECK(std::isnan(photo.depth.z[2]));
  // Read without the rotation, the same file says 12 m: why the key exists.
  CHECK(open_ok(depth, "encoding=scaled-z scale=0.001").depth.z[0] == Approx(12.0));

  SECTION("after a byte swap, in either order: a byte swap is a rotation by 8 too") {
    const std::vector<uint8_t> swapped = depth_pgm16({12000, 6465}, /*little_endian=*/true);
    const MetricPhoto both = open_ok(swapped, "encoding=scaled-z scale=0.001 byte-order=swap rotate-bits=3");
    CHECK(both.depth.z[0] == Approx(1.5));
    CHECK(both.depth.z[1] == Approx(9.0));
  }
}

TEST_CASE("kinect-disparity: Z = a / (b - value), NYU Depth v2's raw Kinect frames", "[rgbd]") {
  const std::string nyu = "encoding=kinect-disparity a=351.3 b=1092.5";
  // 1100 lies beyond b (behind the camera); 2047 is the Kinect's "no reading".
  const std::vector<uint8_t> depth = depth_pgm16({600, 2047, 1100, 1092, 0});
  const MetricPhoto photo = open_ok(depth, nyu);
  CHECK(photo.photo.encoding.kind == DepthKind::KinectDisparity);
  CHECK(std::string(depth_kind_name(photo.photo.encoding.kind)) == "kinect-disparity");
  CHECK(photo.depth.z[0] == Approx(351.3 / 492.5));  // 0.713 m
  CHECK(std::isnan(photo.depth.z[1]));
  CHECK(std::isnan(photo.depth.z[2]));
  CHECK(photo.depth.z[3] == Approx(351.3 / 0.5));
  CHECK(photo.depth.z[4] == Approx(351.3 / 1092.5));

  SECTION("as NYU's raw PGMs are: little-endian, hence byte-order=swap, with the depth camera") {
    const std::vector<uint8_t> raw = depth_pgm16({600, 2047}, /*little_endian=*/true);
    const MetricPhoto swapped = open_ok(raw, nyu + " byte-order=swap fx=582.62 fy=582.69 cx=313.04 cy=238.44");
    CHECK(swapped.depth.z[0] == Approx(351.3 / 492.5));
    CHECK(std::isnan(swapped.depth.z[1]));
    CHECK(swapped.photo.camera.fx == Approx(582.62));
  }
}

TEST_CASE("the packing and Kinect keys refuse what they cannot mean", "[rgbd]") {
  SECTION("byte-order=swap on an 8-bit depth map") {
    auto bad = open_pair(depth_pgm8(100), "encoding=scaled-z scale=0.01 byte-order=swap");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(bad.error().message, Catch::Contains("scene-depth.pgm has 8-bit samples") &&
                                        Catch::Contains("byte-order=swap only applies to 16-bit depth maps"));
    auto rotated = open_pair(depth_pgm8(100), "encoding=scaled-z scale=0.01 rotate-bits=3");
    REQUIRE_FALSE(rotated.ok());
    CHECK_THAT(rotated.error().message, Catch::Contains("rotate-bits only applies to 16-bit depth maps"));
  }
  SECTION("rotate-bits outside 1..15") {
    for (const char* n : {"16", "0", "2.5", "-3"}) {
      auto bad = parse_rgbd_params(std::string("encoding=scaled-z scale=0.001 rotate-bits=") + n);
      REQUIRE_FALSE(bad.ok());
      CHECK(bad.error().code == ErrorCode::InvalidArgument);
      CHECK_THAT(bad.error().message,
                 Catch::Contains("rotate-bits must be a whole number of bits from 1 to 15, got '" + std::string(n)));
    }
    CHECK(parse_rgbd_params("encoding=scaled-z scale=0.001 rotate-bits=15")->rotate_right_bits == 15);
  }
  SECTION("byte-order other than file or swap") {
    auto bad = parse_rgbd_params("encoding=scaled-z scale=0.001 byte-order=little");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("byte-order must be file or swap, got 'little'"));
  }
  SECTION("kinect-disparity with a = 0, b = 0, no a, or scale=") {
    auto no_a = parse_rgbd_params("encoding=kinect-disparity a=0 b=1092.5");
    REQUIRE_FALSE(no_a.ok());
    CHECK(no_a.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(no_a.error().message, Catch::Contains("needs a > 0 and b > 0") && Catch::Contains("got a=0 b=1092.5"));
    auto no_b = parse_rgbd_params("encoding=kinect-disparity a=351.3");
    REQUIRE_FALSE(no_b.ok());
    CHECK_THAT(no_b.error().message, Catch::Contains("got a=351.3 b=0"));
    auto missing = parse_rgbd_params("encoding=kinect-disparity b=1092.5");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("kinect-disparity needs a= and b="));
    auto scaled = parse_rgbd_params("encoding=kinect-disparity scale=351.3 b=1092.5");
    REQUIRE_FALSE(scaled.ok());
    CHECK_THAT(scaled.error().message, Catch::Contains("not scale="));
    // The same sentence from a whole open, as the CLI and the page show it.
    auto opened = open_pair(depth_pgm16({600}), "encoding=kinect-disparity a=0 b=1092.5");
    REQUIRE_FALSE(opened.ok());
    CHECK_THAT(opened.error().message, Catch::Contains("got a=0"));
  }
}

TEST_CASE("the page's dataset presets are parameters the core takes", "[rgbd]") {
  // web/preview/rgbd-form.js's sunrgbd, nyu-raw and swapped-16, as its params text reads.
  auto sun = parse_rgbd_params("encoding=scaled-z scale=0.001 rotate-bits=3 fx=518.857901 fy=519.469611");
  REQUIRE(sun.ok());
  CHECK(sun->rotate_right_bits == 3);
  CHECK(sun->camera->cx == -1);  // the centre of the depth map, filled in once its size is known
  auto nyu = parse_rgbd_params(
      "encoding=kinect-disparity a=351.3 b=1092.5 byte-order=swap fx=582.62 fy=582.69 cx=313.04 cy=238.44");
  REQUIRE(nyu.ok());
  CHECK(nyu->swap_bytes);
  CHECK(nyu->encoding.scale == 351.3);
  CHECK(nyu->encoding.offset == 1092.5);
  auto swapped = parse_rgbd_params("encoding=scaled-z scale=0.0002 byte-order=swap fx=525 fy=525 cx=319.5 cy=239.5");
  REQUIRE(swapped.ok());
  CHECK(swapped->swap_bytes);
  CHECK(swapped->rotate_right_bits == 0);
}
