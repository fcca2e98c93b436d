// Big-endian numbers and byte strings as JPEG marker segments hold them, and the fixture writers'
// error for a bad request. Internal to the JPEG fixture writers in synth/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pxav::jpeg_synth {

constexpr size_t kMaxSegmentPayload = 65533;  // 65535 minus the two length bytes

inline Error invalid(const std::string& message) {
  return make_error(ErrorCode::InvalidArgument, "jpeg writer: " + message);
}

inline void put_be16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
inline void put_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}
inline void patch_be32(std::vector<uint8_t>& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
inline void append(std::vector<uint8_t>& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }
inline void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& b) {
  out.insert(out.end(), b.begin(), b.end());
}

}  // namespace pxav::jpeg_synth
