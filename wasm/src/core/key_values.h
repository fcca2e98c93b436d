// Options travel as text, "key=value" pairs separated by newlines, spaces or '&', so the CLI's
// flags, the wasm API and the page's controls share one parser and one set of error messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pxav {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

Result<KeyValues> parse_key_values(std::string_view text);

// Strict number parsing: the whole value must be a finite number.
std::optional<double> parse_number(std::string_view text);

// 1, true, yes, on / 0, false, no, off.
std::optional<bool> parse_bool(std::string_view text);

}  // namespace pxav
