#include "core/pixel_limit.h"

#include <cstdio>

namespace pxav {

Status within_limit(int width, int height, double max_megapixels, const std::string& prefix, const char* what) {
  const double pixels = static_cast<double>(width) * height;
  if (pixels <= max_megapixels * 1e6) return Done{};
  char buf[80];
  std::snprintf(buf, sizeof buf, " (%.1f megapixels, above the limit of %.1f)", pixels / 1e6, max_megapixels);
  return make_error(ErrorCode::TooLarge,
                    prefix + "the " + what + " is " + std::to_string(width) + "x" + std::to_string(height) + buf);
}

}  // namespace pxav
