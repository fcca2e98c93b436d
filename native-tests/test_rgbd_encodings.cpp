// The raw depth packings of common RGB-D datasets, read from colour + depth pairs the tests write
// themselves (16-bit PGM depth, PPM colour) through the pipeline: byte-swapped samples,
// SUN RGB-D's rotated millimetres, and the Kinect v1's raw disparity as NYU Depth v2 stores it.
// Relative maps as people have them: 8-bit grey JPEG depth, and the polarity key for maps stored
// brighter = farther (the same NJU2K photo is shipped both ways in ../shared/data/rgbd_sod).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "avatar/saliency_scores.h"
#include "image_files/jpeg_io.h"
#include "input/rgbd/rgbd_reader.h"
#include "pipeline/pipeline.h"
#include "support.h"
#include "synth/jpeg_writer.h"

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
  options.settings[kDepthSettings] = params;
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

namespace {

constexpr int kJpegSize = 32;

// A relative depth map as saliency datasets ship them: a bright (near) square on a dark ramp.
GreyImage relative_depth_map(bool far_bright) {
  GreyImage g;
  g.width = g.height = kJpegSize;
  g.pixels.resize(static_cast<size_t>(kJpegSize) * kJpegSize);
  for (int y = 0; y < kJpegSize; ++y)
    for (int x = 0; x < kJpegSize; ++x) {
      const bool subject = x >= 8 && x < 24 && y >= 8 && y < 24;
      const int near_bright = subject ? 220 : 20 + 2 * y;
      g.pixels[static_cast<size_t>(y) * kJpegSize + x] =
          static_cast<uint8_t>(far_bright ? 255 - near_bright : near_bright);
    }
  return g;
}

std::vector<uint8_t> colour_ppm_sized(int w, int h) {
  const std::string header = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
  std::vector<uint8_t> file(header.begin(), header.end());
  file.resize(file.size() + static_cast<size_t>(w) * h * 3, 120);
  return file;
}

Result<MetricPhoto> open_files(const std::vector<InputFile>& files, const std::string& params) {
  OpenOptions options;
  options.settings[kDepthSettings] = params;
  return open_photo(files, options);
}

std::string detail(const PhotoInfo& info, const std::string& key) {
  for (const auto& [k, v] : info.details)
    if (k == key) return v;
  return {};
}

constexpr const char* kRelative = "encoding=disparity lo=0.25 hi=1 relative=1 fov=60";

}  // namespace

TEST_CASE("a colour + depth pair whose depth map is an 8-bit grey JPEG", "[rgbd][jpeg]") {
  auto jpeg = encode_jpeg_grey(relative_depth_map(false), 90);
  REQUIRE(jpeg.ok());
  const auto decoded = read_jpeg(*jpeg);
  REQUIRE(decoded.ok());
  REQUIRE(decoded->channels == 1);

  SECTION("with a PPM colour image") {
    const auto colour = colour_ppm_sized(kJpegSize, kJpegSize);
    auto photo = open_files({{"scene.ppm", colour, ""}, {"scene-depth.jpg", *jpeg, ""}}, kRelative);
    INFO((photo.ok() ? std::string() : photo.error().message));
    REQUIRE(photo.ok());
    CHECK(photo->photo.info.container == "rgbd");
    CHECK_THAT(detail(photo->photo.info, "depthFile"), Catch::Contains("lossy"));
    CHECK(photo->photo.encoding.relative);
    const RawDepth& raw = photo->photo.depth;
    REQUIRE(raw.width == kJpegSize);
    REQUIRE(raw.height == kJpegSize);
    CHECK(raw.bit_depth == 8);
    // The samples are the JPEG's decoded pixels, as stored: the map's lossy values, not the ones written.
    for (size_t i = 0; i < raw.values.size(); ++i) REQUIRE(raw.values[i] == decoded->samples[i]);
    // Brighter = nearer under a disparity encoding: the square is in front.
    const float square = photo->depth.z[16 * kJpegSize + 16], ramp = photo->depth.z[2 * kJpegSize + 2];
    CHECK(square < ramp);
  }
  SECTION("with a JPEG colour image: two JPEGs are a pair, not two depth JPEGs") {
    RgbImage rgb;
    rgb.width = rgb.height = 2 * kJpegSize;
    rgb.pixels.assign(static_cast<size_t>(rgb.width) * rgb.height * 3, 90);
    auto colour = encode_jpeg_rgb(rgb, 90);
    REQUIRE(colour.ok());
    auto photo = open_files({{"scene.jpg", *colour, ""}, {"scene_depth.jpg", *jpeg, ""}}, kRelative);
    INFO((photo.ok() ? std::string() : photo.error().message));
    REQUIRE(photo.ok());
    CHECK(photo->photo.info.photo_width == 2 * kJpegSize);
    CHECK(photo->photo.depth.width == kJpegSize);
    CHECK_THAT(detail(photo->photo.info, "depthFile"), Catch::Contains("JPEG"));
  }
  SECTION("a grey JPEG alone is a depth map without its colour image") {
    auto photo = open_files({{"scene-depth.jpg", *jpeg, ""}}, kRelative);
    REQUIRE_FALSE(photo.ok());
    CHECK(photo.error().code == ErrorCode::MissingCompanion);
    CHECK_THAT(photo.error().message, Catch::Contains("add the colour image"));
  }
}

TEST_CASE("bad JPEG depth maps get a clear error", "[rgbd][jpeg]") {
  const auto colour = colour_ppm_sized(kJpegSize, kJpegSize);
  SECTION("a colour JPEG given as the depth map") {
    RgbImage rgb;
    rgb.width = rgb.height = kJpegSize;
    rgb.pixels.assign(static_cast<size_t>(kJpegSize) * kJpegSize * 3, 0);
    for (size_t i = 0; i < rgb.pixels.size(); i += 3) rgb.pixels[i] = 250;  // red: not grey
    auto jpeg = encode_jpeg_rgb(rgb, 90);
    REQUIRE(jpeg.ok());
    auto photo = open_files({{"scene.ppm", colour, ""}, {"wrong.jpg", *jpeg, "depth"}}, kRelative);
    REQUIRE_FALSE(photo.ok());
    CHECK(photo.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(photo.error().message, Catch::Contains("wrong.jpg") && Catch::Contains("colour JPEG"));
  }
  SECTION("two colour JPEGs without roles: the error says what a depth map must be") {
    RgbImage rgb;
    rgb.width = rgb.height = kJpegSize;
    rgb.pixels.assign(static_cast<size_t>(kJpegSize) * kJpegSize * 3, 90);
    auto jpeg = encode_jpeg_rgb(rgb, 90);
    REQUIRE(jpeg.ok());
    auto photo = open_files({{"photo.jpg", *jpeg, ""}, {"depth.jpg", *jpeg, ""}}, kRelative);
    REQUIRE_FALSE(photo.ok());
    CHECK(photo.error().code == ErrorCode::InvalidArgument);
    CHECK_THAT(photo.error().message, Catch::Contains("a grey image (PNG, PGM or a grey JPEG)") &&
                                          Catch::Contains("the role depth") && Catch::Contains("depth.jpg"));
  }
  SECTION("a truncated grey JPEG") {
    auto jpeg = encode_jpeg_grey(relative_depth_map(false), 90);
    REQUIRE(jpeg.ok());
    jpeg->resize(jpeg->size() / 2);
    auto photo = open_files({{"scene.ppm", colour, ""}, {"cut-depth.jpg", *jpeg, ""}}, kRelative);
    REQUIRE_FALSE(photo.ok());
    CHECK(photo.error().code == ErrorCode::Corrupt);
    CHECK_THAT(photo.error().message, Catch::Contains("cut-depth.jpg"));
  }
}

TEST_CASE("polarity= reads a map stored brighter = farther as its inverted copy", "[rgbd]") {
  const auto colour = colour_ppm_sized(kJpegSize, kJpegSize);
  const auto pgm = [](const GreyImage& g) {
    const std::string header = "P5\n" + std::to_string(g.width) + " " + std::to_string(g.height) + "\n255\n";
    std::vector<uint8_t> file(header.begin(), header.end());
    file.insert(file.end(), g.pixels.begin(), g.pixels.end());
    return file;
  };
  const auto near_map = pgm(relative_depth_map(false)), far_map = pgm(relative_depth_map(true));
  const auto depth_of = [&](const std::vector<uint8_t>& map, const std::string& params) {
    auto photo = open_files({{"scene.ppm", colour, ""}, {"scene-depth.pgm", map, ""}}, params);
    INFO(params << ": " << (photo.ok() ? std::string() : photo.error().message));
    REQUIRE(photo.ok());
    return photo->depth.z;
  };
  const auto reference = depth_of(near_map, kRelative);
  CHECK(depth_of(far_map, std::string(kRelative) + " polarity=far-bright") == reference);
  CHECK(depth_of(near_map, std::string(kRelative) + " polarity=near-bright") == reference);
  // The same map under the existing keys: a disparity range given high to low reads brighter = farther.
  const auto high_to_low = depth_of(far_map, "encoding=disparity lo=1 hi=0.25 fov=60");
  REQUIRE(high_to_low.size() == reference.size());
  for (size_t i = 0; i < reference.size(); ++i) REQUIRE(std::abs(high_to_low[i] - reference[i]) < 1e-5f);
  // z runs brighter = farther itself: far-bright is its own direction, near-bright flips.
  CHECK(depth_of(far_map, "encoding=z lo=1 hi=4 polarity=far-bright fov=60") ==
        depth_of(far_map, "encoding=z lo=1 hi=4 fov=60"));
  CHECK(depth_of(near_map, "encoding=z lo=1 hi=4 polarity=near-bright fov=60") ==
        depth_of(far_map, "encoding=z lo=1 hi=4 fov=60"));

  auto bad = parse_rgbd_params("encoding=disparity lo=0.25 hi=1 polarity=up");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("near-bright") && Catch::Contains("far-bright"));
  auto scaled = parse_rgbd_params("encoding=scaled-z scale=0.001 polarity=far-bright");
  REQUIRE_FALSE(scaled.ok());
  CHECK_THAT(scaled.error().message, Catch::Contains("scaled-z"));
  auto rel = parse_rgbd_params("encoding=z lo=1 hi=2 relative=2");
  REQUIRE_FALSE(rel.ok());
}

TEST_CASE("NJU2K's photo with near-bright JPEG depth and RFNet's far-bright PNG copy give the same cut",
          "[rgbd][jpeg][real]") {
  PXAV_REQUIRE_SHARED(rgb, "rgbd_sod/NJU2K/rgb/000013_left.jpg");
  PXAV_REQUIRE_SHARED(jpeg_depth, "rgbd_sod/NJU2K/depth/000013_left.jpg");
  PXAV_REQUIRE_SHARED(rgb2, "rgbd_sod/NJU2K-RFNet/rgb/image_2.jpg");
  PXAV_REQUIRE_SHARED(png_depth, "rgbd_sod/NJU2K-RFNet/depth/image_2.png");
  const std::string params = "encoding=disparity lo=0.25 hi=1 relative=1 fov=60";
  auto near_bright = open_files({{"000013_left.jpg", rgb, ""}, {"000013_left_depth.jpg", jpeg_depth, "depth"}},
                                params + " polarity=near-bright");
  auto far_bright =
      open_files({{"image_2.jpg", rgb2, ""}, {"depth_2.png", png_depth, ""}}, params + " polarity=far-bright");
  INFO((near_bright.ok() ? std::string() : near_bright.error().message));
  INFO((far_bright.ok() ? std::string() : far_bright.error().message));
  REQUIRE(near_bright.ok());
  REQUIRE(far_bright.ok());
  CHECK_THAT(detail(near_bright->photo.info, "depthFile"), Catch::Contains("lossy"));
  CHECK(detail(far_bright->photo.info, "depthFile").empty());
  REQUIRE(near_bright->depth.z.size() == far_bright->depth.z.size());
  // RFNet's map is 255 minus NJU2K's as decoded: the metric depths agree to float rounding.
  double worst = 0;
  for (size_t i = 0; i < near_bright->depth.z.size(); ++i)
    worst = std::max(worst, static_cast<double>(std::abs(near_bright->depth.z[i] - far_bright->depth.z[i])));
  CHECK(worst < 1e-5);

  AvatarOptions options;
  options.foreground.use_matte = false;
  auto cut_a = make_avatar(*near_bright, options);
  auto cut_b = make_avatar(*far_bright, options);
  REQUIRE(cut_a.ok());
  REQUIRE(cut_b.ok());
  auto agreement = score_binary_cut(cut_b->foreground.mask, cut_a->foreground.mask);
  REQUIRE(agreement.ok());
  CHECK(agreement->iou >= 0.99);
}
