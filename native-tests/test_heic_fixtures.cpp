// HEIC files the suite writes itself (synth/), read back through the whole decoding path and
// measured against the geometry they were made from.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>

#include "depth/metric_depth.h"
#include "geometry/unproject.h"
#include "input/heic/heic_reader.h"
#include "input/rgbd/rgbd_reader.h"
#include "pipeline/pipeline.h"
#include "support.h"
#include "synth/heic_writer.h"
#include "synth/synthetic_scene.h"

using namespace pxav;

namespace {

struct Decoded {
  DepthPhoto photo;
  DepthMap depth;
  PointSet points;
};

Decoded decode(const std::vector<uint8_t>& bytes) {
  auto opened = test::open_bytes(bytes);
  INFO((opened.ok() ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  auto points = make_points(*opened);
  REQUIRE(points.ok());
  return {std::move(opened->photo), std::move(opened->depth), std::move(*points)};
}

std::string detail(const DepthPhoto& photo, const std::string& key) {
  for (const auto& [k, v] : photo.info.details)
    if (k == key) return v;
  return "(absent)";
}

// Largest relative deviation of -z from the expected planar depth over valid points.
double wall_flatness(const PointSet& p, double z) {
  double worst = 0;
  for (size_t i = 0; i < p.valid.size(); ++i)
    if (p.valid[i]) worst = std::max(worst, std::abs(-p.xyz[i * 3 + 2] - z) / z);
  return worst;
}

}  // namespace

TEST_CASE("a flat wall stays flat through every depth encoding", "[heic][fixture]") {
  const double wall_z = 1.2;
  const SyntheticScene scene = make_wall_scene(160, 120, wall_z);
  struct Case {
    const char* name;
    DepthKind kind;
    double lo, hi;
    bool sei;
  };
  const Case cases[] = {
      {"disparity in the HEIF depth info", DepthKind::Disparity, 0.5, 2.0, true},
      {"inverse Z in the HEIF depth info", DepthKind::InverseZ, 0.4, 3.0, true},
      {"Z in Apple XMP only", DepthKind::Z, 0.4, 3.0, false},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      HeicWriteOptions o;
      o.kind = c.kind;
      o.lo = c.lo;
      o.hi = c.hi;
      o.depth_info_sei = c.sei;
      auto bytes = write_heic(scene, o);
      REQUIRE(bytes.ok());
      const Decoded d = decode(*bytes);
      CHECK(d.photo.encoding.kind == c.kind);
      CHECK(d.photo.encoding.source == (c.sei ? "heif-depth-info" : "apple-xmp"));
      CHECK(d.photo.camera.source == "apple-xmp");
      CHECK(d.photo.camera.fx == Approx(scene.camera.fx).epsilon(1e-9));
      CHECK(d.points.valid_count == 160u * 120u);
      // 8-bit codes quantise the range; a flat wall must still come back flat within 0.5%.
      CHECK(wall_flatness(d.points, wall_z) < 0.005);
    }
  }
}

TEST_CASE("a wall stored as radial distance becomes flat planar depth", "[depth][fixture]") {
  const int w = 160, h = 120;
  const double wall_z = 2.0;
  const Intrinsics k = from_horizontal_fov(w, h, 90, "test");
  RawDepth raw{w, h, std::vector<float>(static_cast<size_t>(w) * h), 1.0, 32};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double rx = (x + 0.5 - k.cx) / k.fx, ry = (y + 0.5 - k.cy) / k.fy;
      raw.values[static_cast<size_t>(y) * w + x] = static_cast<float>(wall_z * std::sqrt(1 + rx * rx + ry * ry));
    }
  // Without the radial flag the corners bulge away (the error seed 001 describes)...
  DepthEncoding as_z{DepthKind::ScaledZ, 0, 0, 1.0, 0, false, "user"};
  auto bulging = to_metric_depth(raw, as_z, k);
  REQUIRE(bulging.ok());
  CHECK(bulging->at(0, 0) > wall_z * 1.3);
  // ...with it the wall is flat.
  as_z.radial = true;
  auto flat = to_metric_depth(raw, as_z, k);
  REQUIRE(flat.ok());
  for (float z : flat->z) REQUIRE(std::abs(z - wall_z) / wall_z < 1e-5);
}

TEST_CASE("a sphere comes back with its radius within 1%", "[heic][fixture]") {
  const Sphere truth{0.02, -0.01, 0.6, 0.15};
  const SyntheticScene scene = make_sphere_scene(320, 240, truth, 1.0, 60);
  HeicWriteOptions o;
  o.kind = DepthKind::Disparity;
  o.lo = 1.0 / 1.0;
  o.hi = 1.0 / 0.44;
  auto bytes = write_heic(scene, o);
  REQUIRE(bytes.ok());
  const Decoded d = decode(*bytes);

  // Least-squares sphere: |p|^2 = 2 c.p + (r^2 - |c|^2), linear in (c, k). Skip the silhouette
  // rim, where depth codes mix sphere and wall.
  std::vector<Eigen::Vector3d> pts;
  for (int y = 1; y < scene.subject.height - 1; ++y)
    for (int x = 1; x < scene.subject.width - 1; ++x) {
      auto inside = [&](int dx, int dy) { return scene.subject.at(x + dx, y + dy) == 255; };
      if (!(inside(0, 0) && inside(-1, 0) && inside(1, 0) && inside(0, -1) && inside(0, 1))) continue;
      const size_t i = static_cast<size_t>(y) * scene.subject.width + x;
      // Back to the camera's y-down, z-forward frame of the scene description.
      pts.emplace_back(d.points.xyz[i * 3], -d.points.xyz[i * 3 + 1], -d.points.xyz[i * 3 + 2]);
    }
  REQUIRE(pts.size() > 1000);
  Eigen::MatrixXd A(pts.size(), 4);
  Eigen::VectorXd b(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    A.row(i) << 2 * pts[i].x(), 2 * pts[i].y(), 2 * pts[i].z(), 1;
    b(i) = pts[i].squaredNorm();
  }
  const Eigen::Vector4d s = A.colPivHouseholderQr().solve(b);
  const Eigen::Vector3d centre = s.head<3>();
  const double radius = std::sqrt(s(3) + centre.squaredNorm());
  CHECK(radius == Approx(truth.radius).epsilon(0.01));
  CHECK((centre - Eigen::Vector3d(truth.x, truth.y, truth.z)).norm() < 0.01);
}

TEST_CASE("rotated photos keep depth and colour registered", "[heic][fixture]") {
  // A red sphere left of centre: after rotation it must still be where the near depth is.
  const SyntheticScene scene = make_sphere_scene(160, 120, Sphere{-0.12, 0.0, 0.6, 0.08}, 1.0, 60);
  struct Case {
    bool depth_too;
    int tile_size;
    const char* name;
  };
  for (const Case c : {Case{false, 0, "irot on the photo only"}, Case{true, 0, "irot on photo and depth"},
                       Case{false, 64, "irot on a grid photo (tiles decoded as stored, then turned)"}}) {
    DYNAMIC_SECTION(c.name) {
      HeicWriteOptions o;
      o.rotation_ccw = 90;
      o.rotate_depth_too = c.depth_too;
      o.tile_size = c.tile_size;
      auto bytes = write_heic(scene, o);
      REQUIRE(bytes.ok());
      const Decoded d = decode(*bytes);
      REQUIRE(d.depth.width == 120);
      REQUIRE(d.depth.height == 160);
      REQUIRE(d.photo.info.photo_width == 240);
      REQUIRE(d.photo.info.photo_height == 320);
      size_t near = 0, red_and_near = 0, red = 0;
      for (size_t i = 0; i < d.depth.z.size(); ++i) {
        const bool is_near = d.depth.z[i] < 0.9f;
        const uint8_t* c = &d.photo.colour.pixels[i * 3];
        const bool is_red = c[0] > 150 && c[1] < 120;
        near += is_near;
        red += is_red;
        red_and_near += is_near && is_red;
      }
      REQUIRE(near > 500);
      // Registration: the red pixels and the near pixels are the same pixels (edges aside).
      CHECK(static_cast<double>(red_and_near) / near > 0.95);
      CHECK(static_cast<double>(red_and_near) / red > 0.95);
      // The sphere was left of centre in the stored image; a 90-degree turn moves it to the top
      // or the bottom half, never leaving it on a side.
      double mean_y = 0;
      for (int y = 0; y < d.depth.height; ++y)
        for (int x = 0; x < d.depth.width; ++x)
          if (d.depth.at(x, y) < 0.9f) mean_y += y;
      mean_y /= near;
      CHECK(std::abs(mean_y - d.depth.height / 2.0) > d.depth.height * 0.15);
      // Intrinsics turn with the image: the principal point stays the optical centre.
      CHECK(d.photo.camera.width == 120);
      CHECK(d.photo.camera.cx == Approx(60).margin(0.01));
      CHECK(d.photo.camera.cy == Approx(80).margin(0.01));
    }
  }
}

TEST_CASE("grid photos are averaged tile by tile onto the depth grid", "[heic][fixture]") {
  const SyntheticScene scene = make_bust_scene(192, 144);
  HeicWriteOptions o;
  o.colour_scale = 4;
  o.tile_size = 128;  // 768x576 as 6x5 tiles, the last row and column partly outside
  auto bytes = write_heic(scene, o);
  REQUIRE(bytes.ok());
  const Decoded d = decode(*bytes);
  CHECK(detail(d.photo, "tiles") == "[6,5]");
  CHECK(d.photo.info.colour_source == "tiles");
  REQUIRE(d.photo.colour.width == 192);
  // Each depth pixel is the average of a 4x4 block of identical pixels: the scene colour back,
  // up to the lossless HEVC's RGB -> YCbCr -> RGB round trip.
  int worst = 0;
  for (size_t i = 0; i < scene.colour.pixels.size(); ++i)
    worst = std::max(worst, std::abs(scene.colour.pixels[i] - d.photo.colour.pixels[i]));
  CHECK(worst <= 12);
}

TEST_CASE("a file without calibration falls back to a stated field of view", "[heic][fixture]") {
  const SyntheticScene scene = make_wall_scene(64, 48, 1.0);
  HeicWriteOptions o;
  o.lo = 0.5;
  o.hi = 2.0;
  o.write_intrinsics = false;
  auto bytes = write_heic(scene, o);
  REQUIRE(bytes.ok());
  const Decoded d = decode(*bytes);
  CHECK(d.photo.camera.assumed);
  CHECK(d.photo.camera.source == "default-fov");
  CHECK(d.photo.camera.fx == Approx(32 / std::tan(kDefaultHorizontalFovDegrees * M_PI / 360)));
}

TEST_CASE("RGB + depth pairs: TUM-style scaled depth with given intrinsics", "[rgbd][fixture]") {
  // A 16-bit PGM depth map (10000 = 2 m at 1/5000 m a unit; 0, Kinect's "no reading", first)
  // and a grey PPM colour image, opened through the pipeline as the CLI and the page open them.
  const std::string depth_header = "P5\n640 480\n65535\n", colour_header = "P6\n640 480\n255\n";
  std::vector<uint8_t> depth_file(depth_header.begin(), depth_header.end());
  for (int i = 0; i < 640 * 480; ++i) {
    const uint16_t v = i == 0 ? 0 : 10000;
    depth_file.push_back(static_cast<uint8_t>(v >> 8));
    depth_file.push_back(static_cast<uint8_t>(v & 0xff));
  }
  std::vector<uint8_t> colour_file(colour_header.begin(), colour_header.end());
  colour_file.resize(colour_file.size() + 640 * 480 * 3, 128);
  const InputFile files[] = {{"room.ppm", colour_file, ""}, {"room-depth.pgm", depth_file, ""}};
  OpenOptions o;
  o.settings[kDepthSettings] = "encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5";
  auto photo = open_photo(files, o);
  INFO((photo.ok() ? std::string() : photo.error().message));
  REQUIRE(photo.ok());
  CHECK(photo->photo.info.container == "rgbd");
  CHECK(photo->photo.depth.bit_depth == 16);
  CHECK(std::isnan(photo->depth.z[0]));
  CHECK(photo->depth.z[1] == Approx(2.0));
  CHECK(photo->photo.camera.cx == 319.5);
  CHECK(photo->photo.colour.at(5, 5)[0] == 128);

  CHECK_FALSE(parse_rgbd_params("encoding=sideways").ok());
  CHECK_FALSE(parse_rgbd_params("encoding=z near=2 far=1").ok());
  CHECK_FALSE(parse_rgbd_params("encoding=stereo-disparity scale=1").ok());
  auto bad = parse_rgbd_params("fov=abc");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("fov"));
}

TEST_CASE("colour decoded in parts adds up to the colour decoded at once", "[heic][fixture]") {
  const SyntheticScene scene = make_bust_scene(96, 128);
  HeicWriteOptions o;
  o.colour_scale = 4;
  o.tile_size = 64;  // 384x512 as 6x8 tiles
  auto bytes = write_heic(scene, o);
  REQUIRE(bytes.ok());
  const InputFile files[] = {{"parts.heic", *bytes, ""}};
  auto whole = open_photo(files, {});
  REQUIRE(whole.ok());
  OpenOptions depth_only;
  depth_only.decode_colour = false;
  for (int rotate : {0, 90}) {
    o.rotation_ccw = rotate;
    auto turned = write_heic(scene, o);
    REQUIRE(turned.ok());
    const InputFile turned_files[] = {{"parts.heic", *turned, ""}};
    auto reference = open_photo(turned_files, {});
    REQUIRE(reference.ok());
    for (int parts : {1, 2, 3, 5}) {
      DYNAMIC_SECTION("rotation " << rotate << ", " << parts << " parts") {
        auto opened = open_photo(turned_files, depth_only);
        REQUIRE(opened.ok());
        const ColourParts grid = opened->photo.colour_parts;
        CHECK(grid.count == 48);
        CHECK(opened->photo.colour.empty());
        std::optional<ColourAccumulator> sum;
        for (int part = 0; part < parts; ++part) {
          auto acc = decode_colour_part(turned_files, depth_only, grid.width, grid.height, part, parts);
          REQUIRE(acc.ok());
          if (!sum) {
            sum = std::move(*acc);
            continue;
          }
          for (size_t i = 0; i < sum->sums.size(); ++i) sum->sums[i] += acc->sums[i];
          for (size_t i = 0; i < sum->counts.size(); ++i) sum->counts[i] += acc->counts[i];
        }
        REQUIRE(add_colour(*opened, sum->sums, sum->counts).ok());
        CHECK(opened->photo.colour.pixels == reference->photo.colour.pixels);
        CHECK_FALSE(add_colour(*opened, sum->sums, sum->counts).ok());  // the colour is complete now
      }
    }
  }
  CHECK_FALSE(decode_colour_part(files, {}, 96, 128, 2, 2).ok());
  auto opened = open_photo(files, depth_only);
  REQUIRE(opened.ok());
  const std::vector<uint32_t> short_sums(10), short_counts(3);
  auto wrong = add_colour(*opened, short_sums, short_counts);
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.error().message, Catch::Contains("96x128"));
}

TEST_CASE("a thumbnail at least as large as the depth map is used instead of the photo", "[heic][fixture]") {
  const SyntheticScene scene = make_bust_scene(96, 128);
  for (int box : {256, 64}) {
    DYNAMIC_SECTION("thumbnail box " << box) {
      HeicWriteOptions o;
      o.colour_scale = 4;
      o.tile_size = 128;
      o.thumbnail_size = box;
      auto bytes = write_heic(scene, o);
      REQUIRE(bytes.ok());
      auto opened = test::open_bytes(*bytes);
      REQUIRE(opened.ok());
      const DepthPhoto* photo = &opened->photo;
      CHECK(detail(*photo, "thumbnail") == "true");
      // 192x256 covers the 96x128 depth grid; 48x64 would have to be enlarged, so the tiles win.
      CHECK(photo->info.colour_source == (box == 256 ? "thumbnail" : "tiles"));
      int worst = 0;
      for (int y = 8; y < 120; ++y)
        for (int x = 8; x < 88; ++x)
          for (int c = 0; c < 3; ++c) {
            // Away from edges between colour regions, where the thumbnail's scaler blurs.
            bool flat = true;
            for (int dy = -2; dy <= 2 && flat; ++dy)
              for (int dx = -2; dx <= 2 && flat; ++dx)
                flat = scene.colour.at(x + dx, y + dy)[c] == scene.colour.at(x, y)[c];
            if (flat) worst = std::max(worst, std::abs(scene.colour.at(x, y)[c] - photo->colour.at(x, y)[c]));
          }
      CHECK(worst <= 12);
    }
  }
}

TEST_CASE("HEIF camera intrinsics ('cmin') are used when there is no Apple calibration", "[heic][fixture]") {
  const SyntheticScene scene = make_sphere_scene(160, 120, Sphere{-0.1, 0.0, 0.6, 0.08}, 1.0, 60);
  for (int turn : {0, 90}) {
    DYNAMIC_SECTION("rotation " << turn) {
      HeicWriteOptions o;
      o.write_intrinsics = false;
      o.cmin = true;
      o.rotation_ccw = turn;
      auto bytes = write_heic(scene, o);
      REQUIRE(bytes.ok());
      auto opened = test::open_bytes(*bytes);
      REQUIRE(opened.ok());
      const DepthPhoto* photo = &opened->photo;
      CHECK(photo->camera.source == "heif-cmin");
      CHECK_FALSE(photo->camera.assumed);
      CHECK(photo->camera.width == photo->depth.width);
      CHECK(photo->camera.fx == Approx(scene.camera.fx).epsilon(1e-4));
      // The principal point is the image centre in the synthetic camera, whichever way it is turned.
      CHECK(photo->camera.cx == Approx(photo->depth.width / 2.0).margin(0.01));
      CHECK(photo->camera.cy == Approx(photo->depth.height / 2.0).margin(0.01));
    }
  }
}

TEST_CASE("an HEIC photo without a depth map says so", "[heic][fixture][errors]") {
  HeicWriteOptions o;
  o.with_depth = false;
  o.tile_size = 128;
  auto bytes = write_heic(make_bust_scene(96, 128), o);
  REQUIRE(bytes.ok());
  const auto photo = test::open_upright(*bytes);
  REQUIRE_FALSE(photo.ok());
  CHECK(photo.error().code == ErrorCode::NoDepth);
  CHECK(photo.error().message == "this photo has no depth map; take it in Portrait mode");

  SECTION("before it says the photo is too large: raising the limit would not help") {
    OpenOptions small;
    small.max_megapixels = 0.001;  // the photo is 96x128
    const auto big = test::open_upright(*bytes, small);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().code == ErrorCode::NoDepth);
    CHECK(big.error().message == "this photo has no depth map; take it in Portrait mode");
  }
}

TEST_CASE("an HEIC photo with depth above the size limit is told to raise the limit", "[heic][fixture][errors]") {
  HeicWriteOptions o;
  o.tile_size = 128;
  auto bytes = write_heic(make_bust_scene(96, 128), o);
  REQUIRE(bytes.ok());
  OpenOptions small;
  small.max_megapixels = 0.001;
  const auto photo = test::open_upright(*bytes, small);
  REQUIRE_FALSE(photo.ok());
  CHECK(photo.error().code == ErrorCode::TooLarge);
  CHECK_THAT(photo.error().message, Catch::Contains("raise the limit"));
}
