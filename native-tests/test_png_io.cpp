// Native image I/O: PNG round trips (8 and 16 bit), damaged PNGs, Netpbm, whole files.
#include <catch2/catch.hpp>

#include <png.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "image_files/netpbm.h"
#include "image_files/png_io.h"
#include "io/file_io.h"

using namespace pxav;

namespace {

RgbImage gradient(int w, int h) {
  RgbImage img{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 3)};
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &img.pixels[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 7), p[1] = static_cast<uint8_t>(y * 11), p[2] = static_cast<uint8_t>(x ^ y);
    }
  }
  return img;
}

// A 16-bit grey PNG made by libpng's simplified writer, independent of the code under test.
std::vector<uint8_t> grey16_png(const std::vector<uint16_t>& samples, int w, int h) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(w);
  image.height = static_cast<png_uint_32>(h);
  image.format = PNG_FORMAT_LINEAR_Y;
  png_alloc_size_t size = 0;
  REQUIRE(png_image_write_to_memory(&image, nullptr, &size, 0, samples.data(), 0, nullptr));
  std::vector<uint8_t> out(size);
  REQUIRE(png_image_write_to_memory(&image, out.data(), &size, 0, samples.data(), 0, nullptr));
  out.resize(size);
  return out;
}

}  // namespace

TEST_CASE("png: RGB and grey encode then decode to the same pixels", "[io][png]") {
  const RgbImage img = gradient(37, 23);
  const auto bytes = encode_png_rgb(img);
  REQUIRE(bytes.ok());
  const auto decoded = read_png(*bytes);
  REQUIRE(decoded.ok());
  CHECK(decoded->width == 37);
  CHECK(decoded->height == 23);
  CHECK(decoded->channels == 3);
  CHECK(decoded->bit_depth == 8);
  CHECK(decoded->max_value == 255);
  const auto rgb = to_rgb8(*decoded);
  REQUIRE(rgb.ok());
  CHECK(rgb->pixels == img.pixels);

  GreyImage grey{5, 3, {0, 1, 2, 3, 4, 250, 251, 252, 253, 254, 255, 128, 64, 32, 16}};
  const auto grey_bytes = encode_png_grey(grey);
  REQUIRE(grey_bytes.ok());
  const auto grey_back = read_png(*grey_bytes);
  REQUIRE(grey_back.ok());
  CHECK(grey_back->channels == 1);
  CHECK(to_grey8(*grey_back)->pixels == grey.pixels);
}

TEST_CASE("png: 16-bit grey keeps every bit", "[io][png]") {
  const std::vector<uint16_t> samples = {0, 1, 256, 4095, 40000, 65535};
  const auto decoded = read_png(grey16_png(samples, 3, 2));
  REQUIRE(decoded.ok());
  CHECK(decoded->bit_depth == 16);
  CHECK(decoded->channels == 1);
  CHECK(decoded->max_value == 65535);
  CHECK(decoded->samples == samples);
}

TEST_CASE("png: the writer's 16-bit and RGBA files decode to their samples, filtered to compress", "[io][png]") {
  // A smooth 16-bit ramp (a depth map's shape): every row differs from the one above by one step,
  // so the Up filter leaves runs of equal bytes; unfiltered it would hardly compress.
  const int w = 256, h = 128;
  std::vector<uint16_t> depth(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) depth[static_cast<size_t>(y) * w + x] = static_cast<uint16_t>(1000 + 37 * x + 300 * y);
  const auto bytes = encode_png_grey16(w, h, depth);
  REQUIRE(bytes.ok());
  CHECK(bytes->size() < depth.size() * 2 / 20);
  const auto decoded = read_png(*bytes);
  REQUIRE(decoded.ok());
  CHECK(decoded->bit_depth == 16);
  CHECK(decoded->samples == depth);

  std::vector<uint8_t> rgba(4 * 9 * 5);
  for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = static_cast<uint8_t>(i * 29 + 3);
  const auto rgba_bytes = encode_png_rgba(9, 5, rgba);
  REQUIRE(rgba_bytes.ok());
  const auto rgba_back = read_png(*rgba_bytes);
  REQUIRE(rgba_back.ok());
  CHECK(rgba_back->channels == 4);
  CHECK(std::equal(rgba.begin(), rgba.end(), rgba_back->samples.begin(), rgba_back->samples.end()));
}

TEST_CASE("png: damaged input gives errors, not crashes", "[io][png]") {
  const auto bytes = encode_png_rgb(gradient(64, 64));
  REQUIRE(bytes.ok());

  std::vector<uint8_t> truncated(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(bytes->size() / 2));
  const auto cut = read_png(truncated);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == ErrorCode::Corrupt);
  CHECK_THAT(cut.error().message, Catch::StartsWith("png: "));

  std::vector<uint8_t> header_only(bytes->begin(), bytes->begin() + 20);
  CHECK(read_png(header_only).error().code == ErrorCode::Corrupt);

  std::vector<uint8_t> flipped = *bytes;
  flipped[flipped.size() / 2] ^= 0xFF;  // inside the compressed data: a CRC or zlib error
  const auto bad = read_png(flipped);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::Corrupt);

  const std::vector<uint8_t> not_png = {'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0};
  CHECK(read_png(not_png).error().code == ErrorCode::UnsupportedFormat);
  CHECK(read_png(nullptr, 0).error().code == ErrorCode::UnsupportedFormat);
  CHECK(encode_png_rgb(RgbImage{}).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("netpbm: P6 and P5, 8 and 16 bit, with comments", "[io][netpbm]") {
  const std::string ppm_text = "P6\n# made by hand\n2 1\n255\n";
  std::vector<uint8_t> ppm(ppm_text.begin(), ppm_text.end());
  for (uint8_t v : {1, 2, 3, 250, 251, 252}) ppm.push_back(v);
  const auto colour = read_ppm(ppm.data(), ppm.size());
  REQUIRE(colour.ok());
  CHECK(colour->channels == 3);
  CHECK(colour->samples == std::vector<uint16_t>{1, 2, 3, 250, 251, 252});

  const std::string pgm_text = "P5 3 1 65535 ";
  std::vector<uint8_t> pgm(pgm_text.begin(), pgm_text.end());
  for (uint8_t v : {0x00, 0x01, 0x12, 0x34, 0xFF, 0xFF}) pgm.push_back(v);
  const auto depth = read_pgm(pgm.data(), pgm.size());
  REQUIRE(depth.ok());
  CHECK(depth->bit_depth == 16);
  CHECK(depth->max_value == 65535);
  CHECK(depth->samples == std::vector<uint16_t>{1, 0x1234, 0xFFFF});

  pgm.pop_back();
  const auto short_pgm = read_pgm(pgm.data(), pgm.size());
  REQUIRE_FALSE(short_pgm.ok());
  CHECK(short_pgm.error().code == ErrorCode::Corrupt);
  CHECK_THAT(short_pgm.error().message, Catch::Contains("truncated"));
  CHECK(read_pgm(ppm.data(), ppm.size()).error().code == ErrorCode::UnsupportedFormat);
  const std::string bad_header = "P5\n0 4\n255\n";
  CHECK(read_pgm(reinterpret_cast<const uint8_t*>(bad_header.data()), bad_header.size()).error().code ==
        ErrorCode::Corrupt);
}

TEST_CASE("file io: write, read back, and clear errors", "[io]") {
  const auto dir = std::filesystem::temp_directory_path() / "pxav_test_png_io";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "bytes.bin").string();
  const std::vector<uint8_t> bytes = {0, 1, 2, 255, 254};
  REQUIRE(write_file(path, bytes).ok());
  const auto back = read_file(path);
  REQUIRE(back.ok());
  CHECK(*back == bytes);
  CHECK_FALSE(std::filesystem::exists(path + ".partial"));
  std::filesystem::remove_all(dir);

  const auto missing = read_file((dir / "missing.bin").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::Io);
  CHECK_THAT(missing.error().message, Catch::Contains("missing.bin"));
  CHECK(write_file((dir / "no" / "such" / "dir.bin").string(), bytes).error().code == ErrorCode::Io);
}
