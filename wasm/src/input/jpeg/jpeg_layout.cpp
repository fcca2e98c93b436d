#include "input/jpeg/jpeg_layout.h"

#include <cstring>
#include <string>

namespace pxav {
namespace {

bool is_sof(uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }
bool standalone(uint8_t m) { return m == 0x01 || (m >= 0xD0 && m <= 0xD7); }  // TEM, RSTn: no length

std::string hex(uint8_t m) {
  static const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[m >> 4] + digits[m & 15];
}

Error corrupt(const std::string& why) { return make_error(ErrorCode::Corrupt, "the JPEG file is damaged: " + why); }

}  // namespace

Result<JpegLayout> read_jpeg_layout(std::span<const uint8_t> b) {
  if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8)
    return make_error(ErrorCode::UnsupportedFormat, "not a JPEG image (no start-of-image marker)");
  JpegLayout out;
  size_t i = 2;
  bool in_header = true;  // segments are recorded until the first scan
  while (i < b.size()) {
    if (b[i] != 0xFF) return corrupt("expected a marker at byte " + std::to_string(i));
    while (i < b.size() && b[i] == 0xFF) ++i;  // fill bytes
    if (i >= b.size()) break;
    const uint8_t m = b[i++];
    const size_t at = i - 2;
    if (m == 0xD9) {
      out.end = i;
      if (out.width == 0) return corrupt("it ends before its frame header (SOF)");
      return out;
    }
    if (standalone(m)) continue;
    if (i + 2 > b.size()) break;
    const size_t length = (static_cast<size_t>(b[i]) << 8) | b[i + 1];
    if (length < 2 || i + length > b.size())
      return corrupt("a segment (marker " + hex(m) + ") runs past the end of the file");
    const std::span<const uint8_t> payload = b.subspan(i + 2, length - 2);
    i += length;
    if (is_sof(m)) {
      if (payload.size() < 6) return corrupt("its frame header is too short");
      out.height = (payload[1] << 8) | payload[2];
      out.width = (payload[3] << 8) | payload[4];
      out.components = payload[5];
      if (out.width == 0 || out.height == 0) return corrupt("its frame header gives a size of zero");
    }
    if (in_header && m != 0xDA) out.segments.push_back({m, at, payload});
    if (m != 0xDA) continue;
    in_header = false;
    // Entropy-coded data: up to the next 0xFF that is neither a stuffed 0x00 nor a restart marker.
    for (;;) {
      const void* ff = std::memchr(b.data() + i, 0xFF, b.size() - i);
      if (!ff) return corrupt("its image data is truncated (no end-of-image marker)");
      i = static_cast<const uint8_t*>(ff) - b.data();
      if (i + 1 >= b.size()) return corrupt("its image data is truncated (no end-of-image marker)");
      const uint8_t next = b[i + 1];
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
        i += next == 0xFF ? 1 : 2;
        continue;
      }
      break;
    }
  }
  return corrupt("it is truncated (no end-of-image marker)");
}

std::vector<std::span<const uint8_t>> app_payloads(const JpegLayout& layout, int n, std::string_view signature) {
  std::vector<std::span<const uint8_t>> out;
  for (const JpegSegment& s : layout.segments)
    if (s.marker == 0xE0 + n && s.payload.size() >= signature.size() &&
        std::memcmp(s.payload.data(), signature.data(), signature.size()) == 0)
      out.push_back(s.payload.subspan(signature.size()));
  return out;
}

std::string_view main_xmp(const JpegLayout& layout) {
  static constexpr std::string_view kSignature{"http://ns.adobe.com/xap/1.0/\0", 29};
  auto found = app_payloads(layout, 1, kSignature);
  if (found.empty()) return {};
  return {reinterpret_cast<const char*>(found[0].data()), found[0].size()};
}

}  // namespace pxav
