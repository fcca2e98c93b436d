// JPEG decoding on libjpeg-turbo, the same version in both builds (with SIMD natively, scalar in
// wasm). Two uses: a whole image as stored (a depth map, a matte, the colour of a colour + depth
// pair), and a photo summed straight onto a small grid (the depth map's) with libjpeg's DCT
// scaling, so a 12 MP photo is decoded at a quarter or an eighth of its size and its pixels are
// never held whole (a progressive JPEG's coefficients are: libjpeg buffers them for its scans). libjpeg's errors come
// back as values; its warnings about missing data (a truncated file) are errors too, so a damaged photo never turns
// into a grey half-picture.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "colour/downsample.h"
#include "core/result.h"
#include "image_files/decoded_image.h"

namespace pxav {

struct JpegHeader {
  int width = 0, height = 0;
  int components = 0;  // 1 grey, 3 YCbCr or RGB, 4 CMYK / YCCK (refused by the decoders)
  bool progressive = false;
};

// The frame header only (SOF), no pixel decoded. Errors: UnsupportedFormat (not a JPEG), Corrupt.
Result<JpegHeader> read_jpeg_header(std::span<const uint8_t> bytes);

struct JpegLimits {
  double max_megapixels = 100;  // the stored image, checked from the header before decoding
};

// The image at full size, 8-bit: grey (1 channel) for grey JPEGs, else RGB (3).
Result<DecodedImage> read_jpeg(std::span<const uint8_t> bytes, const JpegLimits& limits = {});

// The smallest DCT scale n/8 (n = 1..8) at which a width x height image still covers a
// grid_width x grid_height grid.
int jpeg_scale_eighths(int width, int height, int grid_width, int grid_height);

// The photo's colour summed onto a grid_width x grid_height grid, decoded at
// jpeg_scale_eighths. `eighths_used` (optional) reports the scale.
Result<ColourAccumulator> accumulate_jpeg(std::span<const uint8_t> bytes, int grid_width, int grid_height,
                                          const JpegLimits& limits, int* eighths_used = nullptr);

}  // namespace pxav
