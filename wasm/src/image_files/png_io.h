// PNG decoding (libpng) and encoding (png_writer.cpp, zlib alone). Decoding keeps what the
// file stored (8 or 16 bits, grey or colour, with or without alpha) so a 16-bit depth map keeps
// its precision; palette and low-bit-depth images are expanded to 8 bits. Every libpng error,
// including corrupt or truncated data, comes back as an Error, never as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "image_files/decoded_image.h"

namespace pxav {

using DecodedPng = DecodedImage;  // max_value is 255 or 65535

// Images with more pixels than this are refused (TooLarge) before any pixel memory is taken.
constexpr uint64_t kMaxPngPixels = 1ull << 28;

// Errors: UnsupportedFormat when the bytes are not a PNG (the code for "not an image format we read"),
// Corrupt for damaged or truncated data, TooLarge above kMaxPngPixels.
Result<DecodedPng> read_png(const uint8_t* data, size_t size);
Result<DecodedPng> read_png(const std::vector<uint8_t>& bytes);

// 8-bit RGB / grey PNG bytes. Error InvalidArgument for an inconsistent image, Internal if zlib
// refuses.
Result<std::vector<uint8_t>> encode_png_rgb(const RgbImage& image);
Result<std::vector<uint8_t>> encode_png_grey(const GreyImage& image);
// 16-bit grey (a depth map) and 8-bit RGBA, for the fixture writers. The same errors.
Result<std::vector<uint8_t>> encode_png_grey16(int width, int height, const std::vector<uint16_t>& samples);
Result<std::vector<uint8_t>> encode_png_rgba(int width, int height, const std::vector<uint8_t>& pixels);

}  // namespace pxav
