// Binary Netpbm images, the simplest way test scripts and other tools hand over raw pixels:
// P6 (PPM, RGB) and P5 (PGM, grey), with maxval up to 255 (one byte a sample) or up to 65535 (two
// bytes, big-endian, as the format says). Comments (#) in the header are allowed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "image_files/decoded_image.h"

namespace pxav {

// channels = 3, max_value = the file's maxval, bit_depth = 8 or 16 (bytes a sample * 8).
// Errors: UnsupportedFormat when the magic is not P6, Corrupt for a malformed header or short data.
Result<DecodedImage> read_ppm(const uint8_t* data, size_t size);
// channels = 1, otherwise as read_ppm, for magic P5.
Result<DecodedImage> read_pgm(const uint8_t* data, size_t size);

}  // namespace pxav
