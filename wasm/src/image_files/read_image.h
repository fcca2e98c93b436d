// Any image file the readers take pixels from (PNG, JPEG, binary PGM and PPM), decoded by its
// signature into the stored samples (image_files/decoded_image.h). One entry, so colour + depth
// pairs and, later, depth images inside other containers decode the same way in every build.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/result.h"
#include "image_files/decoded_image.h"

namespace pxav {

// name is for messages. Error UnsupportedFormat for bytes that are none of these, else the
// decoder's own error (Corrupt, TooLarge), each prefixed with the name.
Result<DecodedImage> read_image(std::span<const uint8_t> bytes, const std::string& name);

}  // namespace pxav
