// Describes an opened depth photo as a small JSON object: what `pixel-avatar info --json` prints
// and what the wasm API hands the page. Only the fields we decode; nothing personal.
#pragma once

#include <string>

#include "input/depth_photo.h"

namespace pxav {

std::string photo_info_json(const DepthPhoto& photo);

// Formats a double the same way in every build (fixed precision, no locale).
std::string json_number(double v);
std::string json_string(const std::string& s);

}  // namespace pxav
