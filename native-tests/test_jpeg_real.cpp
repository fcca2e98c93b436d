// The real depth JPEGs in ../shared/data/jpeg: reference values from its README.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "image_files/jpeg_io.h"
#include "support.h"

using namespace pxav;

namespace {

std::string detail(const DepthPhoto& p, const std::string& key) {
  for (const auto& [k, v] : p.info.details)
    if (k == key) return v;
  return {};
}

std::pair<float, float> depth_range(const DepthMap& d) {
  float lo = 1e30f, hi = 0;
  for (float z : d.z)
    if (std::isfinite(z)) {
      lo = std::min(lo, z);
      hi = std::max(hi, z);
    }
  return {lo, hi};
}

}  // namespace

TEST_CASE("vase_portrait_disparity.jpg: Apple MPF disparity, intrinsics, scaled colour", "[jpeg][real]") {
  PXAV_REQUIRE_SHARED(bytes, "jpeg/vase_portrait_disparity.jpg");
  auto opened = test::open_bytes(bytes, {}, "vase.jpg");
  REQUIRE(opened.ok());
  const DepthPhoto& p = opened->photo;
  CHECK(p.info.container == "jpeg");
  CHECK(detail(p, "format") == "\"mpf\"");
  CHECK_THAT(detail(p, "images"), Catch::Contains("\"role\":\"disparity\",\"mime\":\"image/jpeg\",\"width\":576"));
  CHECK(p.info.photo_width == 3024);
  CHECK(p.info.photo_height == 4032);
  CHECK(p.depth.width == 576);
  CHECK(p.depth.height == 768);
  CHECK(p.encoding.kind == DepthKind::Disparity);
  CHECK(p.encoding.source == "apple-xmp");
  CHECK(p.encoding.lo == Approx(0.650879));
  CHECK(p.encoding.hi == Approx(2.509766));
  CHECK_FALSE(p.encoding.relative);
  CHECK(p.camera.source == "apple-xmp");
  CHECK(p.camera.fx == Approx(6112.78 * 576 / 3024).epsilon(1e-4));
  CHECK(p.camera.cx == Approx(1524.84 * 576 / 3024).epsilon(1e-4));
  CHECK(p.camera.cy == Approx(2027.09 * 768 / 4032).epsilon(1e-4));
  // 3024 / 4 = 756 is the smallest eighth-scale that still covers 576 columns.
  CHECK(detail(p, "colourScale") == "\"2/8\"");
  CHECK(p.colour.width == 576);
  CHECK(p.colour.height == 768);
  const auto [lo, hi] = depth_range(opened->depth);
  CHECK(lo == Approx(1 / 2.509766).margin(2e-3));
  CHECK(hi == Approx(1 / 0.650879).margin(2e-2));
}

TEST_CASE("vase_portrait_disparity.jpg: the colour on the grid is the full-size decode averaged", "[jpeg][real]") {
  PXAV_REQUIRE_SHARED(bytes, "jpeg/vase_portrait_disparity.jpg");
  // Decoding at a quarter of the size then averaging must agree with averaging the full-size
  // decode: a few levels of 255 apart at most, from the DCT's own scaling.
  auto full = read_jpeg(bytes);
  REQUIRE(full.ok());
  auto rgb = to_rgb8(*full);
  REQUIRE(rgb.ok());
  const RgbImage reference = downsample(rgb->pixels.data(), rgb->width * 3, 3, rgb->width, rgb->height, 576, 768);
  int eighths = 0;
  auto acc = accumulate_jpeg(bytes, 576, 768, {}, &eighths);
  REQUIRE(acc.ok());
  CHECK(eighths == 2);
  const RgbImage scaled = finish(*acc);
  std::vector<int> diffs(scaled.pixels.size());
  double sum = 0;
  for (size_t i = 0; i < diffs.size(); ++i) {
    diffs[i] = std::abs(int(scaled.pixels[i]) - int(reference.pixels[i]));
    sum += diffs[i];
  }
  std::sort(diffs.begin(), diffs.end());
  const double mean = sum / diffs.size();
  const int p99 = diffs[diffs.size() * 99 / 100];
  // The reduced IDCT keeps only each block's low frequencies, which differs from a box filter
  // at sharp edges (the largest differences); elsewhere the two agree to a few levels.
  INFO("mean " << mean << ", 99th percentile " << p99 << ", worst " << diffs.back());
  CHECK(mean < 3);
  CHECK(p99 <= 24);
}

TEST_CASE("Lens Blur JPEGs: GDepth RangeInverse from Extended XMP, colour from GImage, relative units",
          "[jpeg][real]") {
  struct Case {
    const char* file;
    int width, height;
    double near, far, lo, hi;
  };
  for (const Case c : {Case{"jpeg/gdepth_lensblur_depthy.jpg", 580, 1024, 9.6155, 44.6362, 9.62, 42.80},
                       Case{"jpeg/gdepth_lensblur_table.jpg", 768, 1024, 12.4236, 390.5393, 14.92, 287.57}}) {
    PXAV_REQUIRE_SHARED(bytes, c.file);
    auto opened = test::open_bytes(bytes, {}, "lensblur.jpg");
    REQUIRE(opened.ok());
    const DepthPhoto& p = opened->photo;
    INFO(c.file);
    CHECK(detail(p, "format") == "\"gdepth\"");
    CHECK_THAT(detail(p, "images"), Catch::Contains("\"role\":\"original\""));
    CHECK(p.depth.width == c.width);
    CHECK(p.depth.height == c.height);
    CHECK(p.encoding.kind == DepthKind::RangeInverse);
    CHECK(p.encoding.lo == Approx(c.near).epsilon(1e-4));
    CHECK(p.encoding.hi == Approx(c.far).epsilon(1e-4));
    CHECK(p.encoding.relative);
    CHECK(p.info.colour_source == "gimage");
    CHECK(p.camera.assumed);
    const auto [lo, hi] = depth_range(opened->depth);
    CHECK(lo == Approx(c.lo).margin(0.01 * c.lo));
    CHECK(hi == Approx(c.hi).margin(0.01 * c.hi));
  }
}

TEST_CASE("real depth JPEGs make avatars", "[jpeg][real]") {
  for (const char* file :
       {"jpeg/vase_portrait_disparity.jpg", "jpeg/gdepth_lensblur_depthy.jpg", "jpeg/gdepth_lensblur_table.jpg"}) {
    PXAV_REQUIRE_SHARED(bytes, file);
    const InputFile files[] = {{"photo.jpg", bytes, ""}};
    auto made = convert(files, {}, {}, nullptr);
    INFO(file);
    REQUIRE(made.ok());
    CHECK(made->build.avatar.cells.size() > 500);
  }
}

TEST_CASE("vase_portrait_disparity.jpg: decoded exactly as Debian's unpatched libjpeg-turbo decodes it",
          "[jpeg][real]") {
  PXAV_REQUIRE_SHARED(bytes, "jpeg/vase_portrait_disparity.jpg");
  // The project patches libjpeg-turbo's Huffman decoder (third_party/patches): this is the FNV-1a
  // hash of the full-size RGB rows from Debian's binary libjpeg62-turbo 1:2.1.5-2, unpatched,
  // with the same settings (islow IDCT, fancy upsampling). The file restarts every 189 MCUs.
  auto full = read_jpeg(bytes);
  REQUIRE(full.ok());
  uint64_t h = 1469598103934665603ull;
  for (uint16_t v : full->samples) {
    h ^= static_cast<uint8_t>(v);
    h *= 1099511628211ull;
  }
  CHECK(h == 0x98c869d8559175b8ull);
}
