#include "input/sniff.h"

#include "input/jpeg/mpf_index.h"

#include <cstring>
#include <string>
#include <string_view>

namespace pxav {
namespace {

bool starts_with(std::span<const uint8_t> b, std::string_view magic, size_t at = 0) {
  return b.size() >= at + magic.size() && std::memcmp(b.data() + at, magic.data(), magic.size()) == 0;
}

uint32_t big_endian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

Sniff png(std::span<const uint8_t> b) {
  Sniff s{FileKind::Png, 0, 0, 0, "a PNG image"};
  // IHDR is always the first chunk: width, height, bit depth, colour type at fixed offsets.
  if (b.size() < 26 || !starts_with(b, "IHDR", 12)) return s;
  s.width = static_cast<int>(std::min<uint32_t>(big_endian32(&b[16]), 1u << 30));
  s.height = static_cast<int>(std::min<uint32_t>(big_endian32(&b[20]), 1u << 30));
  const int bits = b[24], type = b[25];
  const char* what = "";
  switch (type) {
    case 0: s.channels = 1, what = "grey"; break;
    case 2: s.channels = 3, what = "RGB"; break;
    case 3: s.channels = 3, what = "palette"; break;
    case 4: s.channels = 2, what = "grey + alpha"; break;
    case 6: s.channels = 4, what = "RGBA"; break;
    default: return s;
  }
  s.looks_like = "a PNG image (" + std::string(what) + ", " + std::to_string(bits) + "-bit, " +
                 std::to_string(s.width) + "x" + std::to_string(s.height) + ")";
  return s;
}

}  // namespace

// The frame header's size and components, found by stepping over the segments before it (no
// pixel decoded, no scan read): the limits are checked from it before any decoding.
Sniff jpeg(std::span<const uint8_t> b) {
  Sniff s{FileKind::Jpeg, 0, 0, 0, "a JPEG image"};
  size_t i = 2;
  while (i + 4 <= b.size() && b[i] == 0xFF) {
    const uint8_t m = b[i + 1];
    if (m == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    const size_t length = (size_t{b[i + 2]} << 8) | b[i + 3];
    const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof && length >= 8 && i + 2 + length <= b.size()) {
      s.height = (b[i + 5] << 8) | b[i + 6];
      s.width = (b[i + 7] << 8) | b[i + 8];
      s.channels = b[i + 9] == 1 ? 1 : 3;
      s.looks_like = "a JPEG image (" + std::to_string(s.width) + "x" + std::to_string(s.height) + ")";
      return s;
    }
    if (m == 0xDA || m == 0xD9 || length < 2) break;
    if (m == 0xE2 && length >= 6 && i + 2 + length <= b.size() && b[i + 4] == 'M' && b[i + 5] == 'P' &&
        b[i + 6] == 'F' && b[i + 7] == 0)
      s.mpf_views = mpf_multiview_count(b.subspan(i + 8, length - 6));
    i += 2 + length;
  }
  return s;
}

Sniff sniff(std::span<const uint8_t> b) {
  using namespace std::string_view_literals;
  if (b.empty()) return {FileKind::Empty, 0, 0, 0, "an empty file (0 bytes)"};
  if (starts_with(b, "ftyp", 4)) return {FileKind::Heif, 0, 0, 0, "an HEIF/ISO media file"};
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return jpeg(b);
  if (starts_with(b, "\x89PNG\r\n\x1a\n"sv)) return png(b);
  if (b.size() >= 3 && b[0] == 'P' && (b[1] == '5' || b[1] == '6') &&
      (b[2] == ' ' || b[2] == '\n' || b[2] == '\r' || b[2] == '\t'))
    return {FileKind::Netpbm, b[1] == '5' ? 1 : 3, 0, 0, b[1] == '5' ? "a PGM image" : "a PPM image"};
  // Not ours, but worth naming: the person then knows what they picked.
  static constexpr struct {
    std::string_view magic;
    size_t at;
    const char* name;
  } kOthers[] = {{"GIF8", 0, "a GIF image"},
                 {"WEBP", 8, "a WebP image"},
                 {"II*", 0, "a TIFF image"},
                 {"MM\0*"sv, 0, "a TIFF image"},
                 {"BM", 0, "a BMP image"},
                 {"PK\3\4", 0, "a ZIP archive"},
                 {"%PDF", 0, "a PDF document"},
                 {"P1", 0, "a Netpbm bitmap"},
                 {"P2", 0, "an ASCII Netpbm image"},
                 {"P3", 0, "an ASCII Netpbm image"},
                 {"PXAV", 0, "a pixel avatar file (already an avatar)"}};
  for (const auto& o : kOthers)
    if (starts_with(b, o.magic, o.at)) return {FileKind::Other, 0, 0, 0, o.name};
  return {FileKind::Other, 0, 0, 0, "an unknown kind of file"};
}

}  // namespace pxav
