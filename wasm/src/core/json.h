// The few JSON helpers the core needs to describe what it found (photo info, foreground) to the
// CLI's --json and to the page: numbers formatted the same in every build, escaped strings.
#pragma once

#include <string>

namespace pxav {

// Fixed precision (%.9g), no locale; NaN and infinities become null.
std::string json_number(double v);
std::string json_string(const std::string& s);

}  // namespace pxav
