// Depth JPEGs in the three layouts phones write (synth/jpeg_writer.h), from scenes with known
// geometry: what the reader gives back must be the scene, within the 8-bit quantisation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include "image_files/jpeg_io.h"
#include "support.h"
#include "synth/jpeg_writer.h"
#include "synth/synthetic_scene.h"

using namespace pxav;

namespace {

const char* name_of(JpegDepthLayout l) {
  return l == JpegDepthLayout::AppleMpf ? "mpf" : l == JpegDepthLayout::GDepth ? "gdepth" : "dynamic-depth";
}

std::string detail(const DepthPhoto& p, const std::string& key) {
  for (const auto& [k, v] : p.info.details)
    if (k == key) return v;
  return {};
}

Result<MetricPhoto> open_fixture(const SyntheticScene& scene, const JpegWriteOptions& o) {
  auto bytes = write_depth_jpeg(scene, o);
  if (!bytes) return bytes.error();
  return test::open_bytes(*bytes, {}, "fixture.jpg");
}

// The largest relative error of the decoded depth against the scene's, the scene turned upright
// by `turn` first; invalid samples are counted apart.
struct Agreement {
  double worst = 0;
  size_t invalid = 0;
};
Agreement agreement(const DepthMap& got, const SyntheticScene& scene, const Orientation& turn = {}) {
  int w = scene.depth.width, h = scene.depth.height;
  const std::vector<float> truth = apply_to_grid(turn, scene.depth.z, w, h);
  REQUIRE(got.width == w);
  REQUIRE(got.height == h);
  Agreement a;
  for (size_t i = 0; i < truth.size(); ++i) {
    if (!std::isfinite(got.z[i])) {
      ++a.invalid;
      continue;
    }
    a.worst = std::max(a.worst, std::abs(got.z[i] - truth[i]) / double(truth[i]));
  }
  return a;
}

constexpr JpegDepthLayout kLayouts[] = {JpegDepthLayout::AppleMpf, JpegDepthLayout::GDepth,
                                        JpegDepthLayout::DynamicDepth};

}  // namespace

TEST_CASE("JPEG fixtures: a wall at 1.2 m reads flat within 0.5% in every layout", "[jpeg][fixtures]") {
  const SyntheticScene wall = make_wall_scene(160, 120, 1.2);
  for (JpegDepthLayout layout : kLayouts) {
    JpegWriteOptions o;
    o.layout = layout;
    auto opened = open_fixture(wall, o);
    INFO(name_of(layout));
    REQUIRE(opened.ok());
    CHECK(detail(opened->photo, "format") == std::string("\"") + name_of(layout) + "\"");
    const Agreement a = agreement(opened->depth, wall);
    CHECK(a.invalid == 0);
    CHECK(a.worst < 0.005);
    CHECK_FALSE(opened->photo.encoding.relative);  // Units "m" / "Meters", Apple's disparity
  }
}

TEST_CASE("JPEG fixtures: a sphere keeps its radius where the file has intrinsics", "[jpeg][fixtures]") {
  const Sphere sphere{0.02, -0.01, 0.6, 0.15};
  const SyntheticScene scene = make_sphere_scene(320, 240, sphere, 1.0);
  for (JpegDepthLayout layout : kLayouts) {
    JpegWriteOptions o;
    o.layout = layout;
    o.depth_16bit = true;
    auto opened = open_fixture(scene, o);
    INFO(name_of(layout));
    REQUIRE(opened.ok());
    const Agreement a = agreement(opened->depth, scene);
    CHECK(a.worst < (layout == JpegDepthLayout::AppleMpf ? 0.02 : 0.001));  // Apple's map is 8-bit
    if (layout == JpegDepthLayout::GDepth) {
      CHECK(opened->photo.camera.assumed);  // GDepth has no calibration
      continue;
    }
    CHECK(opened->photo.camera.fx == Approx(scene.camera.fx).epsilon(1e-6));
    auto points = make_points(*opened);
    REQUIRE(points.ok());
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < points->xyz.size(); i += 3) {
      if (!std::isfinite(points->xyz[i])) continue;
      // Points are y up, z towards the viewer (three.js); the scene is y down, z forward.
      const double x = points->xyz[i] - sphere.x, y = points->xyz[i + 1] + sphere.y, z = points->xyz[i + 2] + sphere.z;
      const double r = std::sqrt(x * x + y * y + z * z);
      if (r > 0.3) continue;  // the wall
      sum += std::abs(r - sphere.radius);
      ++n;
    }
    CHECK(n > 1000);
    CHECK(sum / n < 0.003);
  }
}

TEST_CASE("JPEG fixtures: a photo stored turned by EXIF turns its depth, colour and camera alike", "[jpeg][fixtures]") {
  const SyntheticScene scene = make_sphere_scene(96, 72, Sphere{0.05, 0.02, 0.6, 0.15}, 1.0);
  for (JpegDepthLayout layout : kLayouts)
    for (int exif : {3, 6, 8, 5}) {
      JpegWriteOptions o;
      o.layout = layout;
      o.exif_orientation = exif;
      auto opened = open_fixture(scene, o);
      INFO(name_of(layout) << ", EXIF orientation " << exif);
      REQUIRE(opened.ok());
      const Orientation turn = from_exif_orientation(exif);
      CHECK(opened->turned == turn);
      CHECK(agreement(opened->depth, scene, turn).worst < 0.02);
      CHECK(opened->photo.colour.width == opened->depth.width);
      if (layout != JpegDepthLayout::GDepth) {
        const Intrinsics k = apply(turn, scene.camera);
        CHECK(opened->photo.camera.cx == Approx(k.cx).epsilon(1e-6));
        CHECK(opened->photo.camera.cy == Approx(k.cy).epsilon(1e-6));
      }
    }
}

TEST_CASE("JPEG fixtures: Extended XMP over many segments, with and without GImage", "[jpeg][fixtures]") {
  const SyntheticScene scene = make_sphere_scene(96, 72, Sphere{}, 1.0);
  for (bool gimage : {true, false}) {
    JpegWriteOptions o;
    o.layout = JpegDepthLayout::GDepth;
    o.extended_chunk = 100;
    o.gimage = gimage;
    auto bytes = write_depth_jpeg(scene, o);
    REQUIRE(bytes.ok());
    size_t segments = 0;
    const std::string_view signature("http://ns.adobe.com/xmp/extension/");
    for (size_t i = 0; i + signature.size() < bytes->size(); ++i)
      if (std::equal(signature.begin(), signature.end(), bytes->begin() + i)) ++segments;
    INFO("GImage " << gimage << ", " << segments << " segments");
    CHECK(segments > 15);
    auto opened = test::open_bytes(*bytes, {}, "lensblur.jpg");
    REQUIRE(opened.ok());
    CHECK(opened->photo.info.colour_source == (gimage ? "gimage" : "primary"));
    CHECK(agreement(opened->depth, scene).worst < 0.01);
  }
}

TEST_CASE("JPEG fixtures: GDepth without units is relative depth", "[jpeg][fixtures]") {
  JpegWriteOptions o;
  o.layout = JpegDepthLayout::GDepth;
  o.units = "";
  auto opened = open_fixture(make_wall_scene(64, 48, 2.0), o);
  REQUIRE(opened.ok());
  CHECK(opened->photo.encoding.relative);
}

TEST_CASE("JPEG fixtures: Apple's matte is found by its namespace, before or after the depth", "[jpeg][fixtures]") {
  const SyntheticScene scene = make_sphere_scene(96, 72, Sphere{}, 1.0);
  for (bool before : {true, false})
    for (bool claims_depth : {false, true}) {
      JpegWriteOptions o;
      o.matte = true;
      o.matte_before_depth = before;
      o.matte_claims_depth = claims_depth;
      auto opened = open_fixture(scene, o);
      INFO("matte before depth " << before << ", matte says depth " << claims_depth);
      REQUIRE(opened.ok());
      CHECK(agreement(opened->depth, scene).worst < 0.02);
      REQUIRE(opened->photo.portrait_matte);
      const GreyImage& m = *opened->photo.portrait_matte;
      size_t same = 0;
      for (size_t i = 0; i < m.pixels.size(); ++i) same += (m.pixels[i] > 127) == (scene.subject.pixels[i] > 127);
      CHECK(same >= m.pixels.size() * 99 / 100);
      CHECK_THAT(detail(opened->photo, "images"), Catch::Contains("portrait-matte"));
    }
}

TEST_CASE("JPEG fixtures: Dynamic Depth variants", "[jpeg][fixtures]") {
  const SyntheticScene scene = make_sphere_scene(96, 72, Sphere{0.03, 0, 0.5, 0.12}, 1.0);
  SECTION("OpticRay distances become planar depth") {
    JpegWriteOptions o;
    o.layout = JpegDepthLayout::DynamicDepth;
    o.optic_ray = true;
    o.depth_16bit = true;
    auto opened = open_fixture(scene, o);
    REQUIRE(opened.ok());
    CHECK(opened->photo.encoding.radial);
    CHECK(agreement(opened->depth, scene).worst < 0.001);
  }
  SECTION("the Device tree in the main packet, padded items, a confidence map") {
    JpegWriteOptions o;
    o.layout = JpegDepthLayout::DynamicDepth;
    o.device_in_extended_xmp = false;
    o.item_padding = 7;
    o.confidence = true;
    auto opened = open_fixture(scene, o);
    REQUIRE(opened.ok());
    const Agreement a = agreement(opened->depth, scene);
    CHECK(a.invalid == 4 * 72);  // confidence 0 in the leftmost 4 columns
    CHECK(a.worst < 0.01);
  }
  SECTION("a depth item stored turned by its own EXIF") {
    for (int item_turn : {8, 6, 3}) {
      JpegWriteOptions o;
      o.layout = JpegDepthLayout::DynamicDepth;
      o.depth_item_exif_orientation = item_turn;
      auto opened = open_fixture(scene, o);
      INFO("item orientation " << item_turn);
      REQUIRE(opened.ok());
      CHECK(agreement(opened->depth, scene).worst < 0.02);
    }
  }
  SECTION("GDepth confidence") {
    JpegWriteOptions o;
    o.layout = JpegDepthLayout::GDepth;
    o.confidence = true;
    auto opened = open_fixture(scene, o);
    REQUIRE(opened.ok());
    CHECK(agreement(opened->depth, scene).invalid == 4 * 72);
  }
}

namespace {

using Bytes = std::vector<uint8_t>;

Bytes fixture(JpegDepthLayout layout, size_t chunk = 65000) {
  JpegWriteOptions o;
  o.layout = layout;
  o.extended_chunk = chunk;
  auto bytes = write_depth_jpeg(make_sphere_scene(96, 72, Sphere{}, 1.0), o);
  REQUIRE(bytes.ok());
  return *bytes;
}

bool same_byte(uint8_t a, char b) { return a == static_cast<uint8_t>(b); }

size_t find_or_end(const Bytes& b, std::string_view what, size_t from) {
  return static_cast<size_t>(std::search(b.begin() + from, b.end(), what.begin(), what.end(), same_byte) - b.begin());
}

size_t find(const Bytes& b, std::string_view what, size_t from = 0) {
  const size_t at = find_or_end(b, what, from);
  REQUIRE(at < b.size());
  return at;
}

// The extended XMP segments of a file: (offset of the 0xFF, whole segment size).
std::vector<std::pair<size_t, size_t>> extended_segments(const Bytes& b) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t at = 0; (at = find_or_end(b, "http://ns.adobe.com/xmp/extension/", at)) < b.size(); ++at)
    out.push_back({at - 4, 2 + ((size_t{b[at - 2]} << 8) | b[at - 1])});
  return out;
}

void expect_error(const Bytes& bytes, ErrorCode code, const std::string& says) {
  auto opened = test::open_bytes(bytes, {}, "damaged.jpg");
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == code);
  CHECK_THAT(opened.error().message, Catch::Contains(says));
}

}  // namespace

TEST_CASE("damaged depth JPEGs: each damage gets its own clear error", "[jpeg][fixtures][bad]") {
  SECTION("an MPF image past the end of the file") {
    Bytes b = fixture(JpegDepthLayout::AppleMpf);
    b.resize(b.size() - 100);
    expect_error(b, ErrorCode::Corrupt, "lies past the end of the file");
  }
  SECTION("an MPF index whose entry list runs out of its segment") {
    Bytes b = fixture(JpegDepthLayout::AppleMpf);
    const size_t tag = find(b, std::string_view("\xB0\x02\x00\x07", 4));
    b[tag + 6] = 0x10;  // the entry list's byte count, now past the segment
    expect_error(b, ErrorCode::Corrupt, "MP entry list (tag B002) is missing");
  }
  SECTION("an MPF image smaller than the index says: its end of image is missing") {
    Bytes b = fixture(JpegDepthLayout::AppleMpf);
    const size_t tag = find(b, std::string_view("\xB0\x02\x00\x07", 4));
    const size_t base = find(b, std::string_view("MPF\0", 4)) + 4;
    const size_t list =
        base + ((size_t{b[tag + 8]} << 24) | (size_t{b[tag + 9]} << 16) | (b[tag + 10] << 8) | b[tag + 11]);
    const size_t size_at = list + 16 + 4;  // the second entry's size
    b[size_at + 3] = static_cast<uint8_t>(b[size_at + 3] - 50);
    expect_error(b, ErrorCode::Corrupt, "MPF image 2");
  }
  SECTION("Extended XMP with a chunk missing, repeated with other bytes, or of a foreign GUID") {
    const Bytes b = fixture(JpegDepthLayout::GDepth, 500);
    const auto segments = extended_segments(b);
    REQUIRE(segments.size() > 3);
    const auto [at, size] = segments[1];
    Bytes missing = b;
    missing.erase(missing.begin() + at, missing.begin() + at + size);
    expect_error(missing, ErrorCode::Corrupt, "are missing");

    Bytes repeated = b;
    Bytes copy(b.begin() + at, b.begin() + at + size);
    copy.back() ^= 0x01;
    repeated.insert(repeated.begin() + at, copy.begin(), copy.end());
    expect_error(repeated, ErrorCode::Corrupt, "overlaps another with other bytes");

    Bytes foreign = b;
    foreign[at + 4 + 35] = foreign[at + 4 + 35] == 'F' ? 'E' : 'F';  // the GUID's first digit
    expect_error(foreign, ErrorCode::Corrupt, "a chunk of another GUID");
  }
  SECTION("broken base64 in GDepth:Data") {
    Bytes b = fixture(JpegDepthLayout::GDepth);
    const size_t data = find(b, "GDepth:Data=\"") + 13;
    b[data + 40] = '*';
    expect_error(b, ErrorCode::Corrupt, "GDepth:Data: embedded base64 data is broken");
  }
  SECTION("a Dynamic Depth item longer than the file") {
    Bytes b = fixture(JpegDepthLayout::DynamicDepth);
    b.resize(b.size() - 10);
    // The Device tree lives in the extended packet, which stays intact: the depth item is short.
    expect_error(b, ErrorCode::Corrupt, "runs past the end of the file");
  }
  SECTION("a JPEG without depth") {
    auto plain = encode_jpeg_rgb(make_wall_scene(32, 24, 1.0).colour, 90, 1);
    REQUIRE(plain.ok());
    expect_error(*plain, ErrorCode::NoDepth, "this JPEG has no depth map");
    // Said before the size limit: raising it would only lead here.
    OpenOptions small;
    small.max_megapixels = 0.0001;  // the photo is 32x24
    auto opened = test::open_bytes(*plain, small, "plain.jpg");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::NoDepth);
  }
  SECTION("an Intel XDM 1.0 JPEG is named, not called a photo without depth") {
    // XDM's Device and its camera list, as Intel's RealSense writers put them in the main packet.
    const std::string xmp =
        std::string("http://ns.adobe.com/xap/1.0/") + '\0' +
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        "<rdf:Description xmlns:xdm=\"http://ns.xdm.org/photos/1.0/device/\" xdm:Revision=\"1.0\">"
        "<xdm:Cameras><rdf:Seq><rdf:li/></rdf:Seq></xdm:Cameras></rdf:Description></rdf:RDF></x:xmpmeta>";
    auto xdm = encode_jpeg_rgb(make_wall_scene(32, 24, 1.0).colour, 90, 1,
                               {JpegSegmentToWrite{0xE1, std::vector<uint8_t>(xmp.begin(), xmp.end())}});
    REQUIRE(xdm.ok());
    expect_error(*xdm, ErrorCode::Unsupported, "Intel XDM 1.0");
  }
  SECTION("a truncated primary") {
    Bytes b = fixture(JpegDepthLayout::GDepth);
    b.resize(b.size() / 2 + 3000);
    auto opened = test::open_bytes(b, {}, "damaged.jpg");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::Corrupt);
  }
}

TEST_CASE("JPEG fixtures: the colour turns with EXIF, mirrored orientations too", "[jpeg][fixtures]") {
  const SyntheticScene scene = make_bust_scene(60, 80);
  for (int exif = 1; exif <= 8; ++exif) {
    JpegWriteOptions o;
    o.exif_orientation = exif;
    auto opened = open_fixture(scene, o);
    INFO("EXIF orientation " << exif);
    REQUIRE(opened.ok());
    const RgbImage want = apply(from_exif_orientation(exif), scene.colour);
    const RgbImage& got = opened->photo.colour;
    REQUIRE(got.width == want.width);
    REQUIRE(got.height == want.height);
    double sum = 0;
    for (size_t i = 0; i < got.pixels.size(); ++i) sum += std::abs(int(got.pixels[i]) - int(want.pixels[i]));
    CHECK(sum / got.pixels.size() < 6);  // JPEG at quality 95, averaged back onto the grid
  }
}

TEST_CASE("JPEG decoding: restart markers change no pixel, whole or summed onto a grid", "[jpeg][fixtures]") {
  const RgbImage colour = make_bust_scene(240, 320).colour;
  auto plain = encode_jpeg_rgb(colour, 90, 1);
  REQUIRE(plain.ok());
  for (int interval : {1, 3, 7, 40}) {
    auto restarts = encode_jpeg_rgb(colour, 90, 1, {}, interval);
    REQUIRE(restarts.ok());
    INFO("restart every " << interval << " MCUs");
    REQUIRE(restarts->size() > plain->size());  // the markers are there
    auto a = read_jpeg(*plain), b = read_jpeg(*restarts);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->samples == b->samples);
    auto sa = accumulate_jpeg(*plain, 60, 80, {}), sb = accumulate_jpeg(*restarts, 60, 80, {});
    REQUIRE(sa.ok());
    REQUIRE(sb.ok());
    CHECK(sa->sums == sb->sums);
  }
}

TEST_CASE("JPEG decoding: scan data cut short before an intact end of image is an error", "[jpeg][fixtures][bad]") {
  auto good = encode_jpeg_rgb(make_bust_scene(240, 320).colour, 90, 1, {}, 7);
  REQUIRE(good.ok());
  // Keep the headers and the first part of the scan, then end the image: libjpeg meets the end
  // of image marker where it expects more data, and its warning is an error here.
  const size_t sos = find(*good, std::string_view("\xFF\xDA", 2));
  for (size_t keep : {size_t{200}, size_t{2000}}) {
    Bytes cut(good->begin(), good->begin() + sos + keep);
    cut.insert(cut.end(), {0xFF, 0xD9});
    INFO("kept " << keep << " bytes of scan");
    auto whole = read_jpeg(cut);
    REQUIRE_FALSE(whole.ok());
    CHECK(whole.error().code == ErrorCode::Corrupt);
    CHECK_THAT(whole.error().message, Catch::Contains("damaged or truncated"));
    auto scaled = accumulate_jpeg(cut, 60, 80, {});
    REQUIRE_FALSE(scaled.ok());
    CHECK_THAT(scaled.error().message, Catch::Contains("damaged or truncated"));
  }
}

TEST_CASE("JPEG decoding onto a grid agrees with the full decode, for half-size and full-size chroma and grey",
          "[jpeg][fixtures]") {
  const SyntheticScene scene = make_bust_scene(240, 320);
  auto colour = encode_jpeg_rgb(scene.colour, 92, 1);
  auto grey = encode_jpeg_grey(scene.subject, 92, 1);
  REQUIRE(colour.ok());
  REQUIRE(grey.ok());
  // 8/8 keeps 4:2:0 chroma at half size (the planes' shift 1); 4/8 and 2/8 let libjpeg scale the
  // chroma up to the luma's size (shift 0); a grey JPEG has no chroma at all.
  for (const auto& [bytes, gw, gh] : {std::tuple{&*colour, 240, 320}, std::tuple{&*colour, 120, 160},
                                      std::tuple{&*colour, 60, 80}, std::tuple{&*grey, 60, 80}}) {
    auto full = read_jpeg(*bytes);
    REQUIRE(full.ok());
    auto rgb = to_rgb8(*full);
    REQUIRE(rgb.ok());
    const RgbImage want = downsample(rgb->pixels.data(), rgb->width * 3, 3, rgb->width, rgb->height, gw, gh);
    auto acc = accumulate_jpeg(*bytes, gw, gh, {});
    REQUIRE(acc.ok());
    const RgbImage got = finish(*acc);
    double sum = 0;
    for (size_t i = 0; i < got.pixels.size(); ++i) sum += std::abs(int(got.pixels[i]) - int(want.pixels[i]));
    INFO(gw << "x" << gh << (bytes == &*grey ? " grey" : " colour") << ": mean difference " << sum / got.pixels.size());
    CHECK(sum / got.pixels.size() < 2.5);
  }
}
