// Exporters, read back by small independent parsers written here (not by the code under test).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>

#include "avatar/avatar_points.h"
#include "export/avatar_preview.h"
#include "export/colormap.h"
#include "export/pcd.h"
#include "export/ply.h"

using namespace pxav;

namespace {

struct Point {
  float x, y, z;
  uint8_t r, g, b;
};

float le_float(const uint8_t* p) {
  const uint32_t bits = p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// Splits off the text header ending with the line `last` (e.g. "end_header"); returns its lines
// and sets body to the offset just after it.
std::vector<std::string> header_lines(const std::vector<uint8_t>& bytes, const std::string& last_prefix, size_t& body) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < bytes.size()) {
    const size_t end = std::find(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end(), '\n') - bytes.begin();
    lines.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                       bytes.begin() + static_cast<std::ptrdiff_t>(end));
    at = end + 1;
    if (lines.back().rfind(last_prefix, 0) == 0) break;
  }
  body = at;
  return lines;
}

std::vector<Point> parse_ply(const std::vector<uint8_t>& bytes) {
  size_t body = 0;
  const auto lines = header_lines(bytes, "end_header", body);
  REQUIRE(lines.size() == 11u);
  CHECK(lines[0] == "ply");
  CHECK(lines[1] == "format binary_little_endian 1.0");
  const std::vector<std::string> properties(lines.begin() + 4, lines.end() - 1);
  CHECK(properties == std::vector<std::string>{"property float x", "property float y", "property float z",
                                               "property uchar red", "property uchar green", "property uchar blue"});
  REQUIRE(lines[3].rfind("element vertex ", 0) == 0);
  const size_t count = std::stoul(lines[3].substr(15));
  REQUIRE(bytes.size() == body + count * 15);
  std::vector<Point> points;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* p = &bytes[body + i * 15];
    points.push_back({le_float(p), le_float(p + 4), le_float(p + 8), p[12], p[13], p[14]});
  }
  return points;
}

std::vector<Point> parse_pcd(const std::vector<uint8_t>& bytes) {
  size_t body = 0;
  const auto lines = header_lines(bytes, "DATA", body);
  REQUIRE(lines.size() == 11u);
  CHECK(lines[0][0] == '#');
  CHECK(lines[1] == "VERSION 0.7");
  CHECK(lines[2] == "FIELDS x y z rgb");
  CHECK(lines[3] == "SIZE 4 4 4 4");
  CHECK(lines[4] == "TYPE F F F F");
  CHECK(lines[5] == "COUNT 1 1 1 1");
  CHECK(lines[7] == "HEIGHT 1");
  CHECK(lines[8] == "VIEWPOINT 0 0 0 1 0 0 0");
  const size_t count = std::stoul(lines[9].substr(7));
  CHECK(lines[6] == "WIDTH " + std::to_string(count));
  std::vector<Point> points;
  const auto unpack = [](float packed, Point& p) {
    uint32_t bits;
    std::memcpy(&bits, &packed, 4);
    CHECK(bits >> 24 == 0u);
    p.r = static_cast<uint8_t>(bits >> 16), p.g = static_cast<uint8_t>(bits >> 8), p.b = static_cast<uint8_t>(bits);
  };
  if (lines[10] == "DATA binary") {
    REQUIRE(bytes.size() == body + count * 16);
    for (size_t i = 0; i < count; ++i) {
      const uint8_t* q = &bytes[body + i * 16];
      Point p{le_float(q), le_float(q + 4), le_float(q + 8), 0, 0, 0};
      unpack(le_float(q + 12), p);
      points.push_back(p);
    }
  } else {
    REQUIRE(lines[10] == "DATA ascii");
    std::istringstream in(std::string(bytes.begin() + static_cast<std::ptrdiff_t>(body), bytes.end()));
    std::string x, y, z, rgb;
    while (in >> x >> y >> z >> rgb) {
      // strtof, like a browser's parseFloat into a Float32Array: must give back the exact bits.
      Point p{
          std::strtof(x.c_str(), nullptr), std::strtof(y.c_str(), nullptr), std::strtof(z.c_str(), nullptr), 0, 0, 0};
      unpack(std::strtof(rgb.c_str(), nullptr), p);
      points.push_back(p);
    }
    REQUIRE(points.size() == count);
  }
  return points;
}

// A 3x2 organised cloud with one invalid point and awkward values (tiny, negative, dark colours
// whose packed float is subnormal).
PointSet small_cloud() {
  PointSet s;
  s.width = 3;
  s.height = 2;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  s.xyz = {0.1f,       -0.2f, -0.5f, nan,   nan,  nan,    1e-7f, 3.25f, -1.0f,
           -0.333333f, 0.0f,  -2.5f, 12.5f, 7.0f, -0.75f, 0,     0,     -1};
  s.rgb = {255, 0, 0, 9, 9, 9, 0, 0, 1, 0, 128, 255, 17, 34, 51, 0, 0, 0};
  s.valid = {1, 0, 1, 1, 1, 1};
  s.valid_count = 5;
  return s;
}

void check_same(const std::vector<Point>& parsed, const PointSet& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.valid.size(); ++i) {
    if (!s.valid[i]) continue;
    REQUIRE(n < parsed.size());
    const Point& p = parsed[n++];
    CHECK(p.x == s.xyz[i * 3]);
    CHECK(p.y == s.xyz[i * 3 + 1]);
    CHECK(p.z == s.xyz[i * 3 + 2]);
    CHECK(p.r == s.rgb[i * 3]);
    CHECK(p.g == s.rgb[i * 3 + 1]);
    CHECK(p.b == s.rgb[i * 3 + 2]);
  }
  CHECK(n == parsed.size());
}

Avatar small_avatar() {
  Avatar a;
  a.grid_width = 4;
  a.grid_height = 2;
  a.layer_count = 3;
  a.cell_size_m = 0.01f;
  a.layer_step_m = 0.02f;
  a.near_m = 0.5f;
  a.exaggeration = 2.0f;
  a.palette = {{10, 20, 30}, {200, 100, 0}};
  a.cells = {{0, 0, 0, 0}, {3, 0, 2, 1}, {1, 1, 1, 1}};
  return a;
}

}  // namespace

TEST_CASE("export: PLY holds exactly the valid points", "[export]") {
  const PointSet cloud = small_cloud();
  const auto points = parse_ply(encode_ply(cloud));
  CHECK(points.size() == 5u);
  check_same(points, cloud);
}

TEST_CASE("export: PCD ascii and binary hold exactly the valid points", "[export]") {
  const PointSet cloud = small_cloud();
  const auto binary = parse_pcd(encode_pcd(cloud, PcdEncoding::Binary));
  CHECK(binary.size() == 5u);
  check_same(binary, cloud);
  const auto ascii = parse_pcd(encode_pcd(cloud, PcdEncoding::Ascii));
  CHECK(ascii.size() == 5u);
  check_same(ascii, cloud);
  CHECK(unpack_pcd_rgb(pack_pcd_rgb(1, 2, 3)) == 0x010203u);
}

TEST_CASE("export: an avatar becomes one point per cell at the spec's position", "[export]") {
  const Avatar a = small_avatar();
  const PointSet points = avatar_points(a);
  CHECK(points.width == 4);
  CHECK(points.valid_count == 3u);
  // Cell (3, 0) on layer 2: X = (3 + 0.5 - 2) * 0.01, Y = (1 - 0 - 0.5) * 0.01, z = -(0.5 + 2 * 0.02 * 2).
  const size_t i = 3;
  CHECK(points.valid[i] == 1);
  CHECK(points.xyz[i * 3] == Approx(0.015));
  CHECK(points.xyz[i * 3 + 1] == Approx(0.005));
  CHECK(points.xyz[i * 3 + 2] == Approx(-0.58));
  CHECK(points.rgb[i * 3] == 200);
  CHECK(points.valid[1] == 0);

  const auto ply = parse_ply(encode_ply(a));
  REQUIRE(ply.size() == 3u);
  CHECK(ply[1].x == points.xyz[i * 3]);
  CHECK(ply[1].z == points.xyz[i * 3 + 2]);
  CHECK(ply[2].y == Approx(-0.005));  // row 1 is below the centre line
  const auto pcd = parse_pcd(encode_pcd(a, PcdEncoding::Ascii));
  REQUIRE(pcd.size() == 3u);
  CHECK(pcd[0].r == 10);
  CHECK(pcd[0].z == Approx(-0.5));
}

TEST_CASE("export: turbo colormap, near is warm and invalid is black", "[export]") {
  const Rgb8 cold = turbo(0.0), hot = turbo(1.0), mid = turbo(0.5);
  CHECK(cold == Rgb8{35, 23, 27});             // the polynomial's value at 0
  CHECK(turbo(0.15)[2] > 2 * turbo(0.15)[0]);  // blue end
  CHECK(hot[0] > 4 * hot[2]);
  CHECK(mid[1] > mid[2]);
  CHECK(turbo(-3) == cold);
  CHECK(turbo(7) == hot);
  CHECK(turbo_index(255) == hot);

  DepthMap depth{3, 1, {0.5f, 2.0f, std::numeric_limits<float>::quiet_NaN()}};
  const RgbImage image = colourise_depth(depth, 0.5, 2.0);
  REQUIRE(image.pixels.size() == 9u);
  CHECK(Rgb8{image.pixels[0], image.pixels[1], image.pixels[2]} == hot);
  CHECK(Rgb8{image.pixels[3], image.pixels[4], image.pixels[5]} == cold);
  CHECK(Rgb8{image.pixels[6], image.pixels[7], image.pixels[8]} == Rgb8{0, 0, 0});
  const RgbImage automatic = colourise_depth(depth);
  CHECK(automatic.pixels == image.pixels);
}

TEST_CASE("export: avatar previews paint k x k squares", "[export]") {
  const Avatar a = small_avatar();
  const RgbImage colours = render_avatar_colours(a, 5);
  REQUIRE(colours.width == 20);
  REQUIRE(colours.height == 10);
  const auto px = [](const RgbImage& img, int x, int y) {
    const uint8_t* p = img.at(x, y);
    return Rgb8{p[0], p[1], p[2]};
  };
  CHECK(px(colours, 0, 0) == a.palette[0]);
  CHECK(px(colours, 4, 4) == a.palette[0]);
  CHECK(px(colours, 5, 0) == kPreviewBackground);
  CHECK(px(colours, 19, 4) == a.palette[1]);
  CHECK(px(colours, 7, 7) == a.palette[1]);
  const RgbImage layers = render_avatar_layers(a, 1);
  REQUIRE(layers.width == 4);
  CHECK(px(layers, 0, 0) == turbo(1.0));  // layer 0: nearest, warm
  CHECK(px(layers, 3, 0) == turbo(0.0));  // the last layer: cold
  CHECK(px(layers, 1, 1) == turbo(0.5));
}
