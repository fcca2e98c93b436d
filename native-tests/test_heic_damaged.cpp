// Damaged HEIC files the suite makes itself: a file the writer produced, then edited where a
// fuzzer found libheif 1.19.7 crashing. Each must give an error value that says what is wrong.
#include <catch2/catch.hpp>

#include <cstring>
#include <optional>
#include <string>

#include "input/heic/heic_reader.h"
#include "support.h"
#include "synth/heic_writer.h"
#include "synth/synthetic_scene.h"

using namespace pxav;

namespace {

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

// The payload [begin, end) of the first box of `type` among the boxes in [begin, end). For a
// full box the payload starts with its version and flags, which the caller skips.
std::optional<std::pair<size_t, size_t>> find_box(const std::vector<uint8_t>& b, size_t begin, size_t end,
                                                  const char* type) {
  for (size_t at = begin; at + 8 <= end;) {
    const size_t size = be32(&b[at]);
    if (size < 8 || at + size > end) return std::nullopt;
    if (std::memcmp(&b[at + 4], type, 4) == 0) return std::make_pair(at + 8, at + size);
    at += size;
  }
  return std::nullopt;
}

// Points the first tile reference of the grid ('dimg' in 'iref', version 0) at the item that
// holds the depth map's XMP (a 'mime' item in 'iinf'): an item that exists, but is no image.
bool point_first_tile_at_metadata(std::vector<uint8_t>& b) {
  const auto meta = find_box(b, 0, b.size(), "meta");
  if (!meta) return false;
  const size_t children = meta->first + 4;  // full box
  const auto iinf = find_box(b, children, meta->second, "iinf");
  const auto iref = find_box(b, children, meta->second, "iref");
  if (!iinf || !iref || b[iinf->first] != 0 || b[iref->first] != 0) return false;
  std::optional<uint16_t> mime_id;
  for (size_t at = iinf->first + 4 + 2; at + 8 <= iinf->second;) {  // version 0: 16-bit count
    const size_t size = be32(&b[at]);
    if (size < 8) return false;
    const uint8_t version = b[at + 8];
    if (version == 2 && std::memcmp(&b[at + 16], "mime", 4) == 0) mime_id = be16(&b[at + 12]);
    at += size;
  }
  if (!mime_id) return false;
  for (size_t at = iref->first + 4; at + 8 <= iref->second;) {
    const size_t size = be32(&b[at]);
    if (size < 14) return false;
    if (std::memcmp(&b[at + 4], "dimg", 4) == 0) {  // from (16 bits), count (16), to... (16 each)
      b[at + 12] = static_cast<uint8_t>(*mime_id >> 8);
      b[at + 13] = static_cast<uint8_t>(*mime_id);
      return true;
    }
    at += size;
  }
  return false;
}

}  // namespace

TEST_CASE("a grid tile that is not an image gives an error and no crash", "[heic][fixture]") {
  HeicWriteOptions o;
  o.colour_scale = 2;
  o.tile_size = 64;
  auto bytes = write_heic(make_bust_scene(96, 128), o);
  REQUIRE(bytes.ok());
  REQUIRE(test::open_upright(*bytes).ok());
  REQUIRE(point_first_tile_at_metadata(*bytes));
  const auto photo = test::open_upright(*bytes);
  REQUIRE_FALSE(photo.ok());
  INFO(photo.error().message);
  CHECK(photo.error().code == ErrorCode::Corrupt);
  CHECK(photo.error().message.find("grid image") != std::string::npos);
}
