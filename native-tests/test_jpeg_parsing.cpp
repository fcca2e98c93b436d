// The pieces of the JPEG depth reader on bytes built here: the XMP tree in the legal forms XMP
// writers use, base64, the marker walk, Extended XMP reassembly and the MPF index, each with the
// damage a file can carry.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/base64.h"
#include "geometry/orientation.h"
#include "input/jpeg/exif.h"
#include "input/jpeg/extended_xmp.h"
#include "input/jpeg/jpeg_layout.h"
#include "input/jpeg/mpf_index.h"
#include "input/xmp/apple_depth_xmp.h"
#include "input/xmp/xmp_tree.h"

using namespace pxav;

namespace {

using Bytes = std::vector<uint8_t>;

void put16(Bytes& b, size_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void put32(Bytes& b, uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xFFFF);
}
Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A JPEG's marker structure with a few bytes of (undecodable) scan data: enough for the layout.
Bytes jpeg(const std::vector<std::pair<uint8_t, Bytes>>& segments) {
  Bytes b{0xFF, 0xD8};
  for (const auto& [marker, payload] : segments) {
    b.push_back(0xFF);
    b.push_back(marker);
    put16(b, payload.size() + 2);
    b.insert(b.end(), payload.begin(), payload.end());
  }
  const Bytes sof{8, 0, 16, 0, 24, 1, 1, 0x11, 0};  // 24x16, one component
  b.insert(b.end(), {0xFF, 0xC0});
  put16(b, sof.size() + 2);
  b.insert(b.end(), sof.begin(), sof.end());
  b.insert(b.end(), {0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0});
  b.insert(b.end(), {0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56});  // a stuffed byte and a restart marker
  b.insert(b.end(), {0xFF, 0xD9});
  return b;
}

Bytes extended_chunk(const std::string& guid, uint32_t total, uint32_t offset, std::string_view data) {
  Bytes p = text(std::string_view("http://ns.adobe.com/xmp/extension/\0", 35));
  p.insert(p.end(), guid.begin(), guid.end());
  put32(p, total);
  put32(p, offset);
  p.insert(p.end(), data.begin(), data.end());
  return p;
}

const std::string kGuid = "0123456789ABCDEF0123456789ABCDEF";

Result<std::string> reassemble(const std::vector<Bytes>& chunks) {
  std::vector<std::pair<uint8_t, Bytes>> segments;
  for (const Bytes& c : chunks) segments.push_back({0xE1, c});
  static Bytes file;  // the layout points into the bytes
  file = jpeg(segments);
  auto layout = read_jpeg_layout(file);
  REQUIRE(layout.ok());
  return read_extended_xmp(*layout, kGuid, 1 << 20);
}

}  // namespace

TEST_CASE("XMP tree: a property is found by namespace, in attribute and element form, any prefix", "[jpeg][xmp]") {
  const std::string element_form =
      "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
      "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" "
      "xmlns:apdi=\"http://ns.apple.com/pixeldatainfo/1.0/\"><apdi:FloatMinValue>0.5</apdi:FloatMinValue>"
      "<!-- a comment --><apdi:AuxiliaryImageType><![CDATA[disparity]]></apdi:AuxiliaryImageType>"
      "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";
  const std::string attribute_form =
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description xmlns:p='http://ns.apple.com/pixeldatainfo/1.0/' p:FloatMinValue='0.5' "
      "p:AuxiliaryImageType='dis&#112;arity'/></rdf:RDF></x:xmpmeta>";
  for (const std::string& packet : {element_form, attribute_form}) {
    auto tree = parse_xml(packet);
    REQUIRE(tree.ok());
    const auto d = xmp_descriptions(*tree);
    REQUIRE(d.size() == 1);
    CHECK(xmp_number(xmp_value(d, kApplePixelDataInfoNs, "FloatMinValue")) == 0.5);
    CHECK(xmp_value(d, kApplePixelDataInfoNs, "AuxiliaryImageType") == "disparity");
    CHECK_FALSE(xmp_value(d, kApplePixelDataInfoNs, "FloatMaxValue"));
  }
}

TEST_CASE("XMP tree: structs and lists in their three spellings", "[jpeg][xmp]") {
  const std::string packet =
      "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:D='urn:d' xmlns:I='urn:i'>"
      "<rdf:Description><D:A rdf:parseType='Resource'><I:x>1</I:x></D:A>"
      "<D:B><rdf:Description I:x='2'/></D:B><D:C I:x='3'/>"
      "<D:L><rdf:Seq><rdf:li rdf:parseType='Resource'><I:x>4</I:x></rdf:li><rdf:li><D:Item I:x='5'/></rdf:li>"
      "<rdf:li I:x='6'/></rdf:Seq></D:L><D:N><rdf:Bag><rdf:li> 7 </rdf:li><rdf:li>8</rdf:li></rdf:Bag></D:N>"
      "</rdf:Description></rdf:RDF>";
  auto tree = parse_xml(packet);
  REQUIRE(tree.ok());
  const XmlElement& d = *xmp_descriptions(*tree).at(0);
  for (const auto& [name, value] : {std::pair{"A", "1"}, {"B", "2"}, {"C", "3"}}) {
    const XmlElement* s = xmp_struct(d, "urn:d", name);
    REQUIRE(s);
    CHECK(xmp_value(*s, "urn:i", "x") == value);
  }
  const auto items = xmp_items(d, "urn:d", "L");
  REQUIRE(items.size() == 3);
  CHECK(xmp_value(*items[0], "urn:i", "x") == "4");
  CHECK(xmp_value(*items[1], "urn:i", "x") == "5");
  CHECK(xmp_value(*items[2], "urn:i", "x") == "6");
  CHECK(xmp_item_values(d, "urn:d", "N") == std::vector<std::string>{"7", "8"});
}

TEST_CASE("XMP tree: malformed and hostile packets are errors, not crashes", "[jpeg][xmp]") {
  for (const std::string bad : {"<a><b></a>", "<a x='1>", "<a", "<a x=1/>", "just text", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_xml(bad).ok());
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  auto r = parse_xml(deep);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("nesting deeper than"));
}

TEST_CASE("Apple XMP: a matte is never depth, even when its apdi type says so", "[jpeg][xmp]") {
  const std::string matte =
      "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
      "xmlns:PortraitEffectsMatte='http://ns.apple.com/portraitEffectsMatte/1.0/' "
      "xmlns:depthData='http://ns.apple.com/depthData/1.0/' xmlns:apdi='http://ns.apple.com/pixeldatainfo/1.0/' "
      "PortraitEffectsMatte:PortraitEffectsMatteVersion='65536' depthData:Quality='high' "
      "apdi:AuxiliaryImageType='depth'/></rdf:RDF>";
  const AppleDepthXmp x = parse_apple_depth_xmp(matte);
  CHECK(x.matte == "portrait-effects");
  CHECK_FALSE(x.is_depth());
}

TEST_CASE("base64: the alphabet, padding, whitespace and what breaks it", "[jpeg][base64]") {
  auto ok = decode_base64("aGVs\nbG8=", 100);
  REQUIRE(ok.ok());
  CHECK(std::string(ok->begin(), ok->end()) == "hello");
  CHECK(decode_base64("aGVsbG8", 100).ok());  // unpadded
  for (const char* bad : {"aGV*bG8=", "aGVsbG8=x", "a", "aGVsbG8==="}) {
    auto r = decode_base64(bad, 100);
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK_THAT(r.error().message, Catch::Contains("base64"));
  }
  CHECK(decode_base64("aGVsbG8=", 3).error().code == ErrorCode::TooLarge);
}

TEST_CASE("JPEG layout: segments, the end of image past stuffed bytes and restarts, truncation", "[jpeg]") {
  const Bytes file = jpeg({{0xE1, text("Exif")}, {0xE2, text("MPF")}});
  auto layout = read_jpeg_layout(file);
  REQUIRE(layout.ok());
  CHECK(layout->width == 24);
  CHECK(layout->height == 16);
  CHECK(layout->end == file.size());
  CHECK(layout->segments.size() == 3);  // APP1, APP2, SOF
  for (size_t cut : {file.size() - 1, file.size() - 5, size_t{6}}) {
    auto r = read_jpeg_layout(std::span(file).first(cut));
    INFO(cut);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
  }
}

TEST_CASE("Extended XMP: reassembled by offset; missing, repeated, foreign and mismatched chunks", "[jpeg][xmp]") {
  const std::string packet = "0123456789abcdefghij";
  auto in_order = reassemble({extended_chunk(kGuid, 20, 0, "0123456789"), extended_chunk(kGuid, 20, 10, "abcdefghij")});
  REQUIRE(in_order.ok());
  CHECK(*in_order == packet);
  auto shuffled = reassemble({extended_chunk(kGuid, 20, 10, "abcdefghij"), extended_chunk(kGuid, 20, 0, "0123456789"),
                              extended_chunk(kGuid, 20, 10, "abcdefghij")});  // and one sent twice
  REQUIRE(shuffled.ok());
  CHECK(*shuffled == packet);

  const std::string other = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  struct Bad {
    std::vector<Bytes> chunks;
    const char* says;
  };
  for (const Bad& bad : {
           Bad{{extended_chunk(kGuid, 20, 0, "0123456789")}, "carry 10 of the 20 bytes it declares"},
           Bad{{extended_chunk(kGuid, 20, 0, "0123456789"), extended_chunk(other, 20, 10, "abcdefghij")},
               "a chunk of another GUID, FFFF"},
           Bad{{extended_chunk(kGuid, 20, 0, "0123456789"), extended_chunk(kGuid, 20, 5, "XXXXXXXXXX"),
                extended_chunk(kGuid, 20, 10, "abcdefghij")},
               "overlaps another"},
           Bad{{extended_chunk(kGuid, 20, 0, "0123456789"), extended_chunk(kGuid, 30, 10, "abcdefghij")},
               "disagree on the total length"},
           Bad{{extended_chunk(kGuid, 20, 0, "0123456789"), extended_chunk(kGuid, 20, 15, "abcdefghij")},
               "runs past the total length"},
           Bad{{extended_chunk(other, 20, 0, "0123456789")}, "belong to GUID FFFF"},
       }) {
    auto r = reassemble(bad.chunks);
    INFO(bad.says);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK_THAT(r.error().message, Catch::Contains(bad.says));
  }
}

namespace {

// An APP2 MPF segment listing the primary and one image of `size` bytes at `offset` (from the
// TIFF header, as MPF counts), in big-endian byte order.
Bytes mpf_segment(uint32_t size, uint32_t offset, size_t count_claimed = 2, size_t entries = 2) {
  Bytes p = text(std::string_view("MPF\0", 4));
  p.insert(p.end(), {'M', 'M', 0, 42});
  put32(p, 8);
  put16(p, 3);
  const auto entry = [&](uint16_t tag, uint16_t type, uint32_t count, uint32_t value) {
    put16(p, tag);
    put16(p, type);
    put32(p, count);
    put32(p, value);
  };
  entry(0xB000, 7, 4, 0x30313030);
  entry(0xB001, 4, 1, static_cast<uint32_t>(count_claimed));
  entry(0xB002, 7, static_cast<uint32_t>(16 * entries), 8 + 2 + 36 + 4);
  put32(p, 0);
  for (size_t k = 0; k < entries; ++k) {
    put32(p, k == 0 ? 0x030000 : 0);
    put32(p, k == 0 ? 100 : size);
    put32(p, k == 0 ? 0 : offset);
    put32(p, 0);
  }
  return p;
}

}  // namespace

TEST_CASE("MPF index: images by offset from the TIFF header, and every way it can point wrong", "[jpeg][mpf]") {
  // The second image: a tiny JPEG appended after the primary.
  const Bytes second = jpeg({});
  const auto file_with = [&](const Bytes& segment, bool append = true) {
    Bytes f = jpeg({{0xE2, segment}});
    if (append) f.insert(f.end(), second.begin(), second.end());
    return f;
  };
  // MPF's offsets count from the TIFF header: SOI (2) + marker and length (4) + "MPF\0" (4).
  const Bytes probe = file_with(mpf_segment(0, 0));
  const uint32_t base = 2 + 4 + 4;
  const uint32_t at = static_cast<uint32_t>(probe.size() - second.size()) - base;
  const Bytes good = file_with(mpf_segment(static_cast<uint32_t>(second.size()), at));
  auto layout = read_jpeg_layout(good);
  REQUIRE(layout.ok());
  auto index = read_mpf_index(*layout, good);
  REQUIRE(index.ok());
  REQUIRE(index->size() == 2);
  CHECK((*index)[1].offset == good.size() - second.size());
  CHECK((*index)[1].size == second.size());

  struct Bad {
    Bytes file;
    const char* says;
  };
  Bytes truncated_index = mpf_segment(static_cast<uint32_t>(second.size()), at);
  truncated_index.resize(truncated_index.size() - 20);
  for (const Bad& bad : {
           Bad{file_with(mpf_segment(static_cast<uint32_t>(second.size()), at + 1000)),
               "lies past the end of the file"},
           Bad{file_with(mpf_segment(static_cast<uint32_t>(second.size()) - 1, at + 1)),
               "does not start with a JPEG start-of-image"},
           Bad{file_with(mpf_segment(static_cast<uint32_t>(second.size()), at, 3)), "says 3 images but lists 2"},
           Bad{file_with(truncated_index), "MP entry list (tag B002) is missing"},
       }) {
    auto l = read_jpeg_layout(bad.file);
    REQUIRE(l.ok());
    auto r = read_mpf_index(*l, bad.file);
    INFO(bad.says);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK_THAT(r.error().message, Catch::Contains(bad.says));
  }
}

TEST_CASE("EXIF orientation: the tag read from APP1, and each value turns a grid as EXIF means", "[jpeg]") {
  Bytes exif = text(std::string_view("Exif\0\0", 6));
  exif.insert(exif.end(), {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0});
  const Bytes file = jpeg({{0xE1, exif}});
  auto layout = read_jpeg_layout(file);
  REQUIRE(layout.ok());
  CHECK(exif_orientation(*layout) == 6);

  // A 3x2 grid stored as  a b c / d e f. Shown upright (EXIF's own pictures of 1..8):
  const std::vector<char> stored{'a', 'b', 'c', 'd', 'e', 'f'};
  const std::vector<std::string> shown{"abc/def",  "cba/fed",  "fed/cba",  "def/abc",
                                       "ad/be/cf", "da/eb/fc", "fc/eb/da", "cf/be/ad"};
  for (int v = 1; v <= 8; ++v) {
    int w = 3, h = 2;
    const std::vector<char> out = apply_to_grid(from_exif_orientation(v), stored, w, h);
    std::string s;
    for (int y = 0; y < h; ++y) {
      if (y) s += '/';
      for (int x = 0; x < w; ++x) s += out[static_cast<size_t>(y) * w + x];
    }
    INFO("orientation " << v);
    CHECK(s == shown[v - 1]);
  }
}

TEST_CASE("XMP tree: runs of '&' and floods of declarations cost little and are refused", "[jpeg][xmp]") {
  const std::string ampersands = "<a>" + std::string(1 << 20, '&') + "</a>";
  auto tree = parse_xml(ampersands);
  REQUIRE(tree.ok());
  CHECK(tree->children.at(0).text.size() == size_t{1} << 20);
  std::string flood = "<a";
  for (int i = 0; i < 300; ++i) flood += " xmlns:p" + std::to_string(i) + "='urn:" + std::to_string(i) + "'";
  flood += "/>";
  auto refused = parse_xml(flood);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("namespace declarations in scope"));
  CHECK_FALSE(xmp_number(std::string("nan")));
  CHECK_FALSE(xmp_number(std::string("0x10")));
  CHECK_FALSE(xmp_number(std::string("1e999")));
  CHECK(xmp_number(std::string(" 2.5 ")) == 2.5);
}
