// Base64 (RFC 4648, standard alphabet) as XMP carries images inside its text: GDepth's depth map
// and GImage's original photo. Whitespace and line breaks inside the text are skipped; anything
// else outside the alphabet, or a length that cannot be base64, is an error that says where.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pxav {

// Error Corrupt for text that is not base64; TooLarge when the result would pass max_bytes.
Result<std::vector<uint8_t>> decode_base64(std::string_view text, size_t max_bytes);

}  // namespace pxav
