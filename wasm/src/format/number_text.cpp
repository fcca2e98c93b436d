#include "format/number_text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pxav {

std::string float_text(float value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  char text[48];
  for (int digits = 1; digits <= 9; ++digits) {  // 9 digits always round-trip a float
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) break;
  }
  return text;
}

std::string double_text(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  char text[48];
  for (int digits = 1; digits <= 17; ++digits) {  // 17 digits always round-trip a double
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

}  // namespace pxav
