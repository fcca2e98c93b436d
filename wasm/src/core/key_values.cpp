#include "core/key_values.h"

#include <cmath>
#include <cstdlib>

namespace pxav {

Result<KeyValues> parse_key_values(std::string_view text) {
  KeyValues out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = text.find_first_of("\n &", at);
    const std::string_view item = text.substr(at, end == std::string_view::npos ? text.npos : end - at);
    at = end == std::string_view::npos ? text.size() : end + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return make_error(ErrorCode::InvalidArgument, "option '" + std::string(item) + "' is not of the form key=value");
    out.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(eq + 1)));
  }
  return out;
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view text) {
  for (std::string_view yes : {"1", "true", "yes", "on"})
    if (text == yes) return true;
  for (std::string_view no : {"0", "false", "no", "off"})
    if (text == no) return false;
  return std::nullopt;
}

}  // namespace pxav
