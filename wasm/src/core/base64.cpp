#include "core/base64.h"

#include <array>
#include <string>

namespace pxav {
namespace {

constexpr std::array<int8_t, 256> make_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  return t;
}

constexpr std::array<int8_t, 256> kTable = make_table();

}  // namespace

Result<std::vector<uint8_t>> decode_base64(std::string_view text, size_t max_bytes) {
  if (text.size() / 4 * 3 > max_bytes + 3)
    return make_error(ErrorCode::TooLarge, "embedded data of " + std::to_string(text.size() / 4 * 3) +
                                               " bytes is above the limit of " + std::to_string(max_bytes));
  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  uint32_t bits = 0;
  int have = 0, padding = 0;
  size_t symbols = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      ++symbols;
      continue;
    }
    const int v = kTable[c];
    if (v < 0 || padding > 0)
      return make_error(ErrorCode::Corrupt, "embedded base64 data is broken at character " + std::to_string(i) +
                                                (v < 0 ? " (not a base64 character)" : " (data after the padding)"));
    bits = (bits << 6) | static_cast<uint32_t>(v);
    have += 6;
    ++symbols;
    if (have >= 8) {
      have -= 8;
      out.push_back(static_cast<uint8_t>(bits >> have));
    }
  }
  if (padding > 2 || (padding > 0 && symbols % 4 != 0) || symbols % 4 == 1)
    return make_error(ErrorCode::Corrupt, "embedded base64 data has a length that base64 cannot have (" +
                                              std::to_string(symbols) + " symbols)");
  if (out.size() > max_bytes)
    return make_error(ErrorCode::TooLarge, "embedded data of " + std::to_string(out.size()) +
                                               " bytes is above the limit of " + std::to_string(max_bytes));
  return out;
}

}  // namespace pxav
