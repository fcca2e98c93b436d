// Where a photo says its subject is (core/subject_hint.h): EXIF SubjectArea in its three forms,
// XMP mwg-rs regions in attribute and element form, Google's GFocus focal point, on blocks built
// here; the hints turned with the photo exactly as its grids are; a depth JPEG carrying them
// whole; damaged values left out; and what the shared real files carry.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "geometry/orientation.h"
#include "input/jpeg/exif.h"
#include "input/xmp/subject_xmp.h"
#include "input/xmp/xmp_tree.h"
#include "pipeline/describe_json.h"
#include "support.h"
#include "synth/heic_writer.h"
#include "synth/jpeg_writer.h"
#include "synth/synthetic_scene.h"

using namespace pxav;

namespace {

using Bytes = std::vector<uint8_t>;

// One TIFF entry: SHORT (3) or LONG (4) values, or another type with raw bytes.
struct Entry {
  uint16_t tag = 0, type = 3;
  std::vector<uint32_t> values;
};

void put(Bytes& b, uint32_t v, int size, bool big) {
  for (int i = 0; i < size; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * (big ? size - 1 - i : i))));
}

// A TIFF block as EXIF stores it: IFD0 (orientation, the Exif IFD pointer) and the Exif IFD.
Bytes exif_tiff(const std::vector<Entry>& exif_entries, int orientation = 1, bool big = false) {
  Bytes b = big ? Bytes{'M', 'M', 0, 42} : Bytes{'I', 'I', 42, 0};
  put(b, 8, 4, big);
  const uint32_t exif_at = 8 + 2 + 2 * 12 + 4;
  put(b, 2, 2, big);
  put(b, 0x0112, 2, big), put(b, 3, 2, big), put(b, 1, 4, big), put(b, orientation, 2, big), put(b, 0, 2, big);
  put(b, 0x8769, 2, big), put(b, 4, 2, big), put(b, 1, 4, big), put(b, exif_at, 4, big);
  put(b, 0, 4, big);
  // The Exif IFD, then the values that do not fit in an entry.
  uint32_t data_at = exif_at + 2 + 12 * static_cast<uint32_t>(exif_entries.size()) + 4;
  Bytes data;
  put(b, static_cast<uint32_t>(exif_entries.size()), 2, big);
  for (const Entry& e : exif_entries) {
    const int size = e.type == 4 ? 4 : 2;
    put(b, e.tag, 2, big), put(b, e.type, 2, big), put(b, static_cast<uint32_t>(e.values.size()), 4, big);
    Bytes v;
    for (uint32_t x : e.values) put(v, x, size, big);
    if (v.size() <= 4) {
      v.resize(4, 0);
      b.insert(b.end(), v.begin(), v.end());
    } else {
      put(b, data_at + static_cast<uint32_t>(data.size()), 4, big);
      data.insert(data.end(), v.begin(), v.end());
    }
  }
  put(b, 0, 4, big);
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Entry subject_area(std::vector<uint32_t> v) { return {0x9214, 3, std::move(v)}; }
std::vector<Entry> with_frame(std::vector<uint32_t> area, uint32_t w, uint32_t h) {
  return {subject_area(std::move(area)), {0xA002, 4, {w}}, {0xA003, 3, {h}}};
}

// A packet's descriptions, kept alive with their tree.
struct Packet {
  XmlElement root;
  std::vector<const XmlElement*> descriptions;
};
Packet parse_packet(const std::string& xmp) {
  auto tree = parse_xml(xmp);
  REQUIRE(tree.ok());
  Packet p{std::move(*tree), {}};
  p.descriptions = xmp_descriptions(p.root);
  return p;
}

std::string rdf(const std::string& description) {
  return R"(<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">)" +
         description + "</rdf:RDF></x:xmpmeta>";
}

constexpr const char* kNamespaces = R"( xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/")"
                                    R"( xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#")"
                                    R"( xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#")"
                                    R"( xmlns:GFocus="http://ns.google.com/photos/1.0/focus/")";

// Apple's spelling: elements, structs as rdf:parseType="Resource".
std::string element_region(const std::string& type, const std::string& area_fields) {
  return R"(<rdf:li rdf:parseType="Resource"><mwg-rs:Area rdf:parseType="Resource">)" + area_fields +
         "</mwg-rs:Area><mwg-rs:Type>" + type + "</mwg-rs:Type></rdf:li>";
}
std::string element_area(const std::string& x, const std::string& y, const std::string& w, const std::string& h) {
  return "<stArea:x>" + x + "</stArea:x><stArea:y>" + y + "</stArea:y><stArea:w>" + w + "</stArea:w><stArea:h>" + h +
         "</stArea:h><stArea:unit>normalized</stArea:unit>";
}
std::string element_regions(const std::string& items, int w, int h) {
  return std::string("<rdf:Description rdf:about=\"\"") + kNamespaces +
         "><mwg-rs:Regions rdf:parseType=\"Resource\"><mwg-rs:RegionList><rdf:Seq>" + items +
         "</rdf:Seq></mwg-rs:RegionList><mwg-rs:AppliedToDimensions rdf:parseType=\"Resource\"><stDim:w>" +
         std::to_string(w) + "</stDim:w><stDim:h>" + std::to_string(h) +
         "</stDim:h><stDim:unit>pixel</stDim:unit></mwg-rs:AppliedToDimensions></mwg-rs:Regions></rdf:Description>";
}

// Fields as attributes, structs as elements carrying them, as tools that rewrite XMP spell it.
std::string attribute_regions() {
  return std::string("<rdf:Description rdf:about=\"\"") + kNamespaces +
         R"(><mwg-rs:Regions><mwg-rs:AppliedToDimensions stDim:w="4000" stDim:h="3000" stDim:unit="pixel"/>)"
         R"(<mwg-rs:RegionList><rdf:Bag>)"
         R"(<rdf:li><rdf:Description mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.25" stArea:y="0.5" stArea:w="0.1")"
         R"( stArea:h="0.2" stArea:unit="normalized"/></rdf:Description></rdf:li>)"
         R"(<rdf:li mwg-rs:Type="Focus"><mwg-rs:Area stArea:x="0.75" stArea:y="0.25"/></rdf:li>)"
         R"(</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description>)";
}

// Where a pixel marked at (mx, my) of a w x h grid lands after o, by the grid itself.
std::pair<int, int> marked_after(const Orientation& o, int w, int h, int mx, int my) {
  std::vector<uint8_t> grid(static_cast<size_t>(w) * h, 0);
  grid[static_cast<size_t>(my) * w + mx] = 1;
  grid = apply_to_grid(o, std::move(grid), w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (grid[static_cast<size_t>(y) * w + x]) return {x, y};
  return {-1, -1};
}

void check_hint(const SubjectHint& h, SubjectHint::Kind kind, const std::string& source, double x, double y, double w,
                double ht, double margin = 0.01) {
  INFO(source << " " << subject_hint_kind_name(h.kind) << " at " << h.x << ", " << h.y << " size " << h.width << " x "
              << h.height);
  CHECK(h.kind == kind);
  CHECK(h.source == source);
  CHECK(h.x == Approx(x).margin(margin));
  CHECK(h.y == Approx(y).margin(margin));
  CHECK(h.width == Approx(w).margin(margin));
  CHECK(h.height == Approx(ht).margin(margin));
}

}  // namespace

TEST_CASE("subject hints: EXIF SubjectArea as a point, a circle and a rectangle", "[subject-hints]") {
  for (bool big : {false, true}) {
    INFO((big ? "big-endian" : "little-endian"));
    auto point = exif_subject_area(exif_tiff(with_frame({400, 300}, 800, 600), 1, big), 80, 60);
    REQUIRE(point);
    CHECK(point->frame_width == 800);
    CHECK(point->frame_height == 600);
    CHECK(point->hint.kind == SubjectHint::Kind::Focus);
    CHECK(point->hint.source == "exif-subject-area");
    CHECK(point->hint.x == 0.5);
    CHECK(point->hint.y == 0.5);
    CHECK(point->hint.width == 0);
    CHECK(point->hint.height == 0);

    auto circle = exif_subject_area(exif_tiff(with_frame({200, 150, 80}, 800, 600), 1, big), 80, 60);
    REQUIRE(circle);
    CHECK(circle->hint.x == 0.25);
    CHECK(circle->hint.width == 0.1);
    CHECK(circle->hint.height == Approx(80.0 / 600));

    auto rect = exif_subject_area(exif_tiff(with_frame({600, 150, 160, 60}, 800, 600), 1, big), 80, 60);
    REQUIRE(rect);
    CHECK(rect->hint.x == 0.75);
    CHECK(rect->hint.y == 0.25);
    CHECK(rect->hint.width == 0.2);
    CHECK(rect->hint.height == 0.1);
  }
  // Without PixelX/YDimension, the frame is the stored primary's.
  auto bare = exif_subject_area(exif_tiff({subject_area({40, 30})}), 80, 60);
  REQUIRE(bare);
  CHECK(bare->frame_width == 80);
  CHECK(bare->hint.x == 0.5);
  // A HEIF Exif item: the offset to the TIFF header, "Exif\0\0", the block.
  Bytes item{0, 0, 0, 6, 'E', 'x', 'i', 'f', 0, 0};
  const Bytes tiff = exif_tiff(with_frame({600, 150, 160, 60}, 800, 600));
  item.insert(item.end(), tiff.begin(), tiff.end());
  auto heif = heif_exif_subject_area(item, 80, 60);
  REQUIRE(heif);
  CHECK(heif->hint.x == 0.75);
}

TEST_CASE("subject hints: malformed SubjectArea blocks give no hint and no crash", "[subject-hints][bad]") {
  CHECK(!exif_subject_area(exif_tiff(with_frame({400}, 800, 600)), 80, 60));
  CHECK(!exif_subject_area(exif_tiff(with_frame({1, 2, 3, 4, 5}, 800, 600)), 80, 60));
  CHECK(!exif_subject_area(exif_tiff({{0x9214, 2, {65, 66}}}), 80, 60));  // ASCII, not numbers
  CHECK(!exif_subject_area(exif_tiff({}), 80, 60));                       // no tag
  CHECK(!exif_subject_area(Bytes{}, 80, 60));
  CHECK(exif_subject_area(exif_tiff(with_frame({400, 300}, 800, 600)), 0, 0));  // the frame is named
  CHECK(!exif_subject_area(exif_tiff({subject_area({40, 30})}), 0, 0));         // no frame at all
  // Truncated anywhere, a pointer off the block, a count that runs off it.
  const Bytes whole = exif_tiff(with_frame({600, 150, 160, 60}, 800, 600));
  for (size_t n = 0; n < whole.size(); ++n) {
    const Bytes cut(whole.begin(), whole.begin() + static_cast<long>(n));
    const auto got = exif_subject_area(cut, 80, 60);
    if (got) CHECK(std::isfinite(got->hint.x));
  }
  Bytes far = whole;
  far[33] = 0x7F;  // the Exif IFD pointer's value (little-endian at 8 + 2 + 12 + 8) far off the block
  CHECK(!exif_subject_area(far, 80, 60));
  for (const Bytes& item : {Bytes{}, Bytes{0, 0}, Bytes{0xFF, 0xFF, 0xFF, 0xFF, 1, 2}})
    CHECK(!heif_exif_subject_area(item, 80, 60));
  // Values off the frame are dropped when placed on the grid.
  auto off = exif_subject_area(exif_tiff(with_frame({900, 300}, 800, 600)), 80, 60);
  REQUIRE(off);
  CHECK(place_subject_hints(std::vector<StatedHint>{*off}, 800, 600, 80, 60).empty());
}

TEST_CASE("subject hints: mwg-rs regions in element and attribute form, GFocus", "[subject-hints][xmp]") {
  SECTION("Apple's element form") {
    const Packet p = parse_packet(
        rdf(element_regions(element_region("Face", element_area("0.5635", "0.1465", "0.119", "0.089")) +
                                element_region("Focus", element_area("0.5645", "0.1455", "0.119", "0.089")),
                            3024, 4032)));
    const auto hints = xmp_subject_hints(p.descriptions);
    REQUIRE(hints.size() == 2);
    CHECK(hints[0].hint.kind == SubjectHint::Kind::Face);
    CHECK(hints[1].hint.kind == SubjectHint::Kind::Focus);
    CHECK(hints[0].hint.source == "xmp-regions");
    CHECK(hints[0].hint.x == Approx(0.5635));
    CHECK(hints[0].hint.height == Approx(0.089));
    CHECK(hints[0].frame_width == 3024);
    CHECK(hints[0].frame_height == 4032);
  }
  SECTION("attributes, a typed node in a Bag, a point without w and h") {
    const Packet p = parse_packet(rdf(attribute_regions()));
    const auto hints = xmp_subject_hints(p.descriptions);
    REQUIRE(hints.size() == 2);
    CHECK(hints[0].hint.kind == SubjectHint::Kind::Face);
    CHECK(hints[0].hint.x == 0.25);
    CHECK(hints[0].hint.width == 0.1);
    CHECK(hints[0].hint.height == 0.2);
    CHECK(hints[0].frame_width == 4000);
    CHECK(hints[1].hint.kind == SubjectHint::Kind::Focus);
    CHECK(hints[1].hint.x == 0.75);
    CHECK(hints[1].hint.width == 0);
  }
  SECTION("GFocus, as Lens Blur writes it") {
    const Packet p = parse_packet(rdf(std::string("<rdf:Description rdf:about=\"\"") + kNamespaces +
                                      R"( GFocus:BlurAtInfinity="0.0133" GFocus:FocalDistance="16.577824")"
                                      R"( GFocus:FocalPointX="0.5208333" GFocus:FocalPointY="0.58125"/>)"));
    const auto hints = xmp_subject_hints(p.descriptions);
    REQUIRE(hints.size() == 1);
    CHECK(hints[0].hint.source == "gfocus");
    CHECK(hints[0].hint.x == Approx(0.5208333));
    CHECK(hints[0].hint.y == Approx(0.58125));
    REQUIRE(hints[0].hint.focus_distance);
    CHECK(*hints[0].hint.focus_distance == Approx(16.577824));
    CHECK(hints[0].frame_width == 0);
  }
}

TEST_CASE("subject hints: regions with NaN, infinite, out-of-range or foreign areas are left out",
          "[subject-hints][bad]") {
  std::string items;
  for (const auto& [x, y, w, h] : std::vector<std::array<std::string, 4>>{{"nan", "0.5", "0.1", "0.1"},
                                                                          {"0.5", "inf", "0.1", "0.1"},
                                                                          {"1.5", "0.5", "0.1", "0.1"},
                                                                          {"0.5", "-0.1", "0.1", "0.1"},
                                                                          {"0.5", "0.5", "2", "0.1"},
                                                                          {"0.5", "0.5", "0.1", "-1"},
                                                                          {"0.5", "0.5", "", "0.1"},
                                                                          {"1e400", "0.5", "0.1", "0.1"},
                                                                          {"0x1p-1", "0.5", "0.1", "0.1"}})
    items += element_region("Face", element_area(x, y, w, h));
  items += element_region("Pet", element_area("0.5", "0.5", "0.1", "0.1"));
  items += element_region("Face",
                          "<stArea:x>0.5</stArea:x><stArea:y>0.5</stArea:y><stArea:w>10</stArea:w>"
                          "<stArea:h>10</stArea:h><stArea:unit>pixel</stArea:unit>");
  items += R"(<rdf:li rdf:parseType="Resource"><mwg-rs:Type>Face</mwg-rs:Type></rdf:li>)";  // no area
  items += element_region("Focus", element_area("0.5", "0.5", "0.25", "0.25"));             // the one good one
  const Packet p = parse_packet(rdf(element_regions(items, 0, 0)));
  const auto hints = xmp_subject_hints(p.descriptions);
  REQUIRE(hints.size() == 1);
  CHECK(hints[0].hint.width == 0.25);
  CHECK(hints[0].frame_width == 0);  // no usable AppliedToDimensions

  const Packet g =
      parse_packet(rdf(std::string("<rdf:Description rdf:about=\"\"") + kNamespaces +
                       R"( GFocus:FocalDistance="nan" GFocus:FocalPointX="1.2" GFocus:FocalPointY="0.5"/>)"));
  CHECK(xmp_subject_hints(g.descriptions).empty());
  const Packet d =
      parse_packet(rdf(std::string("<rdf:Description rdf:about=\"\"") + kNamespaces +
                       R"( GFocus:FocalDistance="-3" GFocus:FocalPointX="0.2" GFocus:FocalPointY="0.5"/>)"));
  const auto no_distance = xmp_subject_hints(d.descriptions);
  REQUIRE(no_distance.size() == 1);
  CHECK(!no_distance[0].hint.focus_distance);

  // Placed on the grid: NaN and off-frame values never reach it, boxes are clipped.
  std::vector<StatedHint> stated(4);
  stated[0].hint.x = std::nan("");
  stated[1].hint = {SubjectHint::Kind::Face, "t", 0.95, 0.5, 0.2, 0.2, std::nullopt};
  stated[2].hint = {SubjectHint::Kind::Focus, "t", 0.5, 0.5, 0.1, 0.1, std::nullopt};
  stated[2].frame_width = 100;  // a frame of another shape than the photo's
  stated[2].frame_height = 30;
  stated[3].hint = {SubjectHint::Kind::Focus, "t", 0.5, 0.5, 0, 0, std::numeric_limits<double>::infinity()};
  const auto placed = place_subject_hints(stated, 200, 100, 20, 10);
  REQUIRE(placed.size() == 2);
  check_hint(placed[0], SubjectHint::Kind::Face, "t", 18.5, 5, 3, 2);  // 17..20, clipped at the right edge
  CHECK(!placed[1].focus_distance);
}

TEST_CASE("subject hints: a frame stated a quarter turned is the phone's sensor frame", "[subject-hints]") {
  // An iPhone front camera: SubjectArea in 3088 x 2316 over a 2316 x 3088 image as stored.
  StatedHint s;
  s.hint = {SubjectHint::Kind::Focus, "exif-subject-area", 0.25, 0.5, 0.1, 0.2, std::nullopt};
  s.frame_width = 3088;
  s.frame_height = 2316;
  const auto placed = place_subject_hints(std::vector<StatedHint>{s}, 2316, 3088, 480, 640);
  REQUIRE(placed.size() == 1);
  // A quarter clockwise (EXIF 6): (u, v) -> (1 - v, u), the extent swapped.
  check_hint(placed[0], SubjectHint::Kind::Focus, "exif-subject-area", 0.5 * 480, 0.25 * 640, 0.2 * 480, 0.1 * 640);
}

TEST_CASE("subject hints: a point and a box turn exactly as apply_to_grid moves pixels",
          "[subject-hints][orientation]") {
  using S = OrientationStep;
  std::vector<Orientation> turns;
  for (int exif = 1; exif <= 8; ++exif) turns.push_back(from_exif_orientation(exif));
  S crop{S::Crop, 0.2, 0.1, 0.1, 0.3};
  turns.push_back({{crop}});
  turns.push_back({{S{S::RotateCcw90}, crop, S{S::MirrorLeftRight}}});
  turns.push_back({{crop, S{S::RotateCcw90}, S{S::RotateCcw90}, S{S::RotateCcw90}, S{S::MirrorUpDown}, crop}});
  const int w = 11, h = 7;
  for (size_t t = 0; t < turns.size(); ++t) {
    const Orientation& o = turns[t];
    for (int my = 0; my < h; ++my)
      for (int mx = 0; mx < w; ++mx) {
        INFO("turn " << t << ", pixel " << mx << ", " << my);
        int tw = w, th = h;
        const auto moved = apply(o, PixelBox{mx + 0.5, my + 0.5, 0, 0}, tw, th);
        int gw = w, gh = h;
        size_after(o, gw, gh);
        if (moved) {
          CHECK(tw == gw);
          CHECK(th == gh);
        }
        const auto [gx, gy] = marked_after(o, w, h, mx, my);
        if (gx < 0) {  // cropped away (or clamped onto the edge by the grid's crop)
          CHECK((!moved || moved->x < 0 || moved->y < 0));
          continue;
        }
        if (!moved) {
          // The grid's crop clamps: an edge pixel may reappear, never one inside the frame.
          CHECK((gx == 0 || gy == 0 || gx == gw - 1 || gy == gh - 1));
          continue;
        }
        CHECK(static_cast<int>(std::floor(moved->x)) == gx);
        CHECK(static_cast<int>(std::floor(moved->y)) == gy);
      }
    // A box of marked pixels: the turned box covers exactly the marked pixels that remain.
    const int bx0 = 1, by0 = 2, bx1 = 5, by1 = 6;  // [bx0, bx1) x [by0, by1)
    std::vector<uint8_t> grid(static_cast<size_t>(w) * h, 0);
    for (int y = by0; y < by1; ++y)
      for (int x = bx0; x < bx1; ++x) grid[static_cast<size_t>(y) * w + x] = 1;
    int gw = w, gh = h;
    grid = apply_to_grid(o, std::move(grid), gw, gh);
    int x0 = gw, y0 = gh, x1 = -1, y1 = -1;
    for (int y = 0; y < gh; ++y)
      for (int x = 0; x < gw; ++x)
        if (grid[static_cast<size_t>(y) * gw + x]) {
          x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x + 1), y1 = std::max(y1, y + 1);
        }
    int tw = w, th = h;
    const auto box =
        apply(o, PixelBox{(bx0 + bx1) / 2.0, (by0 + by1) / 2.0, double(bx1 - bx0), double(by1 - by0)}, tw, th);
    INFO("turn " << t);
    REQUIRE(box);
    REQUIRE(x1 > 0);
    CHECK(box->x - box->width / 2 == Approx(x0));
    CHECK(box->x + box->width / 2 == Approx(x1));
    CHECK(box->y - box->height / 2 == Approx(y0));
    CHECK(box->y + box->height / 2 == Approx(y1));
  }
  // A box wholly cropped away is gone; a point outside too.
  int tw = 100, th = 100;
  CHECK(!apply(Orientation{{crop}}, PixelBox{5, 50, 4, 4}, tw, th));
  tw = th = 100;
  CHECK(!apply(Orientation{{crop}}, PixelBox{50, 95, 0, 0}, tw, th));
}

TEST_CASE("subject hints: a portrait JPEG stored turned carries its hints upright", "[subject-hints][jpeg]") {
  const SyntheticScene scene = make_wall_scene(96, 72, 1.2);
  JpegWriteOptions o;
  o.exif_orientation = 0;  // the EXIF block is spliced in below
  o.colour_scale = 2;      // a 192 x 144 primary over a 96 x 72 depth map
  auto written = write_depth_jpeg(scene, o);
  REQUIRE(written.ok());
  // EXIF with orientation 6 and a rectangle in a frame of twice the primary's size; XMP regions.
  Bytes exif{'E', 'x', 'i', 'f', 0, 0};
  const Bytes tiff = exif_tiff(with_frame({96, 72, 64, 32}, 384, 288), 6);
  exif.insert(exif.end(), tiff.begin(), tiff.end());
  const std::string xmp =
      std::string("http://ns.adobe.com/xap/1.0/", 29) +
      rdf(element_regions(element_region("Face", element_area("0.75", "0.5", "0.125", "0.25")), 192, 144));
  Bytes spliced(written->begin(), written->begin() + 2);
  for (const Bytes& payload : {exif, Bytes(xmp.begin(), xmp.end())}) {
    spliced.insert(spliced.end(), {0xFF, 0xE1, static_cast<uint8_t>((payload.size() + 2) >> 8),
                                   static_cast<uint8_t>(payload.size() + 2)});
    spliced.insert(spliced.end(), payload.begin(), payload.end());
  }
  spliced.insert(spliced.end(), written->begin() + 2, written->end());
  auto photo = test::open_upright(spliced, {}, "spliced.jpg");
  REQUIRE(photo.ok());
  REQUIRE(photo->depth.width == 72);  // turned a quarter
  REQUIRE(photo->subject_hints.size() == 2);
  // As stored on the 96 x 72 depth grid: the area at (24, 18) 16 x 8, the face at (72, 36) 12 x 18.
  // Orientation 6 (three quarters counter-clockwise): (x, y) -> (H - y, x) on the 72 x 96 result.
  check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 72 - 18, 24, 8, 16);
  check_hint(photo->subject_hints[1], SubjectHint::Kind::Face, "xmp-regions", 72 - 36, 72, 18, 12);
  CHECK(primary_subject_hint(photo->subject_hints) == 1);
  const std::string json = photo_info_json(*photo);
  CHECK(json.find("\"subjectHints\":[{\"kind\":\"focus\",\"source\":\"exif-subject-area\",\"x\":54,\"y\":24,"
                  "\"width\":8,\"height\":16,\"focusDistance\":null,\"used\":false},{\"kind\":\"face\"") !=
        std::string::npos);
  CHECK(json.find("\"used\":true}]") != std::string::npos);

  // Every byte of the EXIF block damaged in turn: the photo opens or fails cleanly, and any hint
  // it keeps lies on the grid.
  const size_t exif_at = 2 + 4;
  for (size_t i = exif_at; i < exif_at + exif.size(); ++i)
    for (uint8_t v : {uint8_t{0x00}, uint8_t{0xFF}, uint8_t{0x7F}}) {
      Bytes damaged = spliced;
      damaged[i] = v;
      auto p = test::open_upright(damaged, {.decode_colour = false}, "damaged.jpg");
      if (!p) continue;
      for (const SubjectHint& h : p->subject_hints) {
        INFO("byte " << i << " = " << int(v));
        CHECK((h.x >= 0 && h.x <= p->depth.width && h.y >= 0 && h.y <= p->depth.height));
        CHECK((h.width >= 0 && h.height >= 0 && h.x - h.width / 2 >= -1e-9 && h.y - h.height / 2 >= -1e-9));
      }
    }
}

TEST_CASE("subject hints: Dynamic Depth, the depth item stored turned its own way", "[subject-hints][jpeg]") {
  // The reader turns such a depth item upright itself; its hints must land where upright() puts
  // those of a depth item stored in the photo's frame.
  const SyntheticScene scene = make_wall_scene(96, 72, 1.2);
  Bytes exif{'E', 'x', 'i', 'f', 0, 0};
  const Bytes tiff = exif_tiff(with_frame({48, 36, 32, 16}, 192, 144), 6);
  exif.insert(exif.end(), tiff.begin(), tiff.end());
  std::vector<std::vector<SubjectHint>> got;
  for (int item_orientation : {0, 3, 8}) {
    JpegWriteOptions o;
    o.layout = JpegDepthLayout::DynamicDepth;
    o.exif_orientation = 6;
    o.depth_item_exif_orientation = item_orientation;
    auto written = write_depth_jpeg(scene, o);
    REQUIRE(written.ok());
    // Our EXIF block first: the same orientation, and the subject area the reader takes.
    Bytes spliced(written->begin(), written->begin() + 2);
    spliced.insert(spliced.end(),
                   {0xFF, 0xE1, static_cast<uint8_t>((exif.size() + 2) >> 8), static_cast<uint8_t>(exif.size() + 2)});
    spliced.insert(spliced.end(), exif.begin(), exif.end());
    spliced.insert(spliced.end(), written->begin() + 2, written->end());
    auto photo = test::open_upright(spliced, {}, "dd.jpg");
    INFO("depth item orientation " << item_orientation);
    REQUIRE(photo.ok());
    REQUIRE(photo->subject_hints.size() == 1);
    got.push_back(photo->subject_hints);
  }
  // On the 96 x 72 stored grid: (24, 18), 16 x 8; upright (EXIF 6): (72 - 18, 24), 8 x 16.
  for (const auto& hints : got) check_hint(hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 54, 24, 8, 16);
}

TEST_CASE("subject hints: a HEIC stored turned carries its camera's focus upright", "[subject-hints][heic]") {
  // The writer stores the scene's focus as EXIF SubjectArea in the stored primary's pixels (192 x
  // 144 over the 96 x 72 depth map); the picture is stored a quarter turned anticlockwise, so its
  // irot turns it a quarter clockwise to show it, as EXIF orientation 6 does.
  SyntheticScene scene = make_wall_scene(96, 72, 1.2);
  SubjectHint focus;
  focus.x = 24, focus.y = 18, focus.width = 16, focus.height = 8;
  scene.hints.push_back(focus);
  HeicWriteOptions o;
  o.rotation_ccw = 90;
  o.lo = 0.5, o.hi = 1.5;  // disparity, 1/m: a flat wall has no range of its own
  auto written = write_heic(scene, o);
  REQUIRE(written.ok());
  auto photo = test::open_upright(*written);
  REQUIRE(photo.ok());
  REQUIRE(photo->depth.width == 72);
  REQUIRE(photo->subject_hints.size() == 1);
  // A quarter turn clockwise on the 72-high stored grid: (x, y) -> (72 - y, x).
  check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 54, 24, 8, 16);
  CHECK(photo_info_json(*photo).find("\"subjectHints\":[{\"kind\":\"focus\",\"source\":\"exif-subject-area\","
                                     "\"x\":54,\"y\":24,\"width\":8,\"height\":16,\"focusDistance\":null,"
                                     "\"used\":true}]") != std::string::npos);
  // A point (no extent) too, and none at all when the writer is asked not to store it.
  scene.hints[0].width = scene.hints[0].height = 0;
  auto point = test::open_upright(*write_heic(scene, o));
  REQUIRE(point.ok());
  REQUIRE(point->subject_hints.size() == 1);
  check_hint(point->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 54, 24, 0, 0);
  o.subject_area = false;
  auto none = test::open_upright(*write_heic(scene, o));
  REQUIRE(none.ok());
  CHECK(none->subject_hints.empty());
}

TEST_CASE("subject hints: a photo without any has an empty list in info", "[subject-hints]") {
  DepthPhoto p;
  CHECK(photo_info_json(p).find("\"subjectHints\":[]") != std::string::npos);
  CHECK(primary_subject_hint(p.subject_hints) == -1);
}

// What the shared real files carry, read with exiftool and by hand (see the report of issue 22):
// upright, in depth pixels.
TEST_CASE("subject hints: the shared real files", "[subject-hints][real]") {
  SECTION("pug.heic: EXIF SubjectArea 2003 1506 2209 1327 in 4032 x 3024, no regions") {
    PXAV_REQUIRE_SHARED(bytes, "real/pug.heic");
    auto photo = test::open_upright(*bytes_opt, {.decode_colour = false});
    REQUIRE(photo.ok());
    REQUIRE(photo->subject_hints.size() == 1);
    check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 2003.0 / 4032 * 768,
               1506.0 / 3024 * 576, 2209.0 / 4032 * 768, 1327.0 / 3024 * 576);
  }
  SECTION("selfie_front_truedepth.heic: SubjectArea 1346 1211 500 500 in the sensor's 3088 x 2316") {
    PXAV_REQUIRE_SHARED(bytes, "real/selfie_front_truedepth.heic");
    auto photo = test::open_upright(*bytes_opt, {.decode_colour = false});
    REQUIRE(photo.ok());
    REQUIRE(photo->subject_hints.size() == 1);
    check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", (1 - 1211.0 / 2316) * 480,
               1346.0 / 3088 * 640, 500.0 / 2316 * 480, 500.0 / 3088 * 640);
  }
  SECTION("fullbody_rear_portrait_matte.jpg: SubjectArea, a Face and a Focus region on the face") {
    PXAV_REQUIRE_SHARED(bytes, "real/fullbody_rear_portrait_matte.jpg");
    auto photo = test::open_upright(*bytes_opt, {.decode_colour = false}, "fullbody.jpg");
    REQUIRE(photo.ok());
    REQUIRE(photo->subject_hints.size() == 3);
    check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 1705.0 / 3024 * 576,
               590.0 / 4032 * 768, 359.0 / 3024 * 576, 358.0 / 4032 * 768);
    check_hint(photo->subject_hints[1], SubjectHint::Kind::Face, "xmp-regions", 0.5635 * 576, 0.1465 * 768, 0.119 * 576,
               0.089 * 768);
    check_hint(photo->subject_hints[2], SubjectHint::Kind::Focus, "xmp-regions", 0.5645 * 576, 0.1455 * 768,
               0.119 * 576, 0.089 * 768);
    CHECK(primary_subject_hint(photo->subject_hints) == 1);
  }
  SECTION("vase_portrait_disparity.jpg: SubjectArea and a Focus region that disagree") {
    PXAV_REQUIRE_SHARED(bytes, "jpeg/vase_portrait_disparity.jpg");
    auto photo = test::open_upright(*bytes_opt, {.decode_colour = false}, "vase.jpg");
    REQUIRE(photo.ok());
    REQUIRE(photo->subject_hints.size() == 2);
    check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "exif-subject-area", 1521.0 / 3024 * 576,
               2007.0 / 4032 * 768, 1327.0 / 3024 * 576, 2209.0 / 4032 * 768);
    check_hint(photo->subject_hints[1], SubjectHint::Kind::Focus, "xmp-regions", 0.662 * 576, 0.4385 * 768, 0.158 * 576,
               0.119 * 768);
  }
  SECTION("Lens Blur JPEGs: GFocus focal point and distance") {
    struct Case {
      const char* file;
      int w, h;
      double x, y, distance;
    };
    for (const Case& c : {Case{"jpeg/gdepth_lensblur_depthy.jpg", 580, 1024, 0.3993915, 0.4957108, 26.707642},
                          Case{"jpeg/gdepth_lensblur_table.jpg", 768, 1024, 0.5208333, 0.58125, 16.577824}}) {
      PXAV_REQUIRE_SHARED(bytes, c.file);
      auto photo = test::open_upright(*bytes_opt, {.decode_colour = false}, "lensblur.jpg");
      INFO(c.file);
      REQUIRE(photo.ok());
      REQUIRE(photo->subject_hints.size() == 1);
      check_hint(photo->subject_hints[0], SubjectHint::Kind::Focus, "gfocus", c.x * c.w, c.y * c.h, 0, 0);
      REQUIRE(photo->subject_hints[0].focus_distance);
      CHECK(*photo->subject_hints[0].focus_distance == Approx(c.distance));
    }
  }
}
