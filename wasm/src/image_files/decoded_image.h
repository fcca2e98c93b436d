// Pixels as a file stored them, before anyone decides what they mean: a colour photo, a 16-bit
// depth map or a matte all come out of PNG and Netpbm readers in this one shape. Converters to
// the pipeline's 8-bit images are here too.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace pxav {

struct DecodedImage {
  int width = 0;
  int height = 0;
  int channels = 0;               // 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
  int bit_depth = 0;              // 8 or 16, as stored (PNG palettes and 1/2/4-bit grey are expanded to 8)
  int max_value = 0;              // the value that means full scale: 255, 65535, or a Netpbm maxval
  std::vector<uint16_t> samples;  // width * height * channels, interleaved, row-major, top first
};

// To 8-bit sRGB: grey is replicated, alpha dropped, deeper samples scaled by 255 / max_value with
// rounding. Error InvalidArgument for an inconsistent image.
Result<RgbImage> to_rgb8(const DecodedImage& image);
// To 8-bit grey from the first channel (for mattes and masks), scaled the same way.
Result<GreyImage> to_grey8(const DecodedImage& image);

}  // namespace pxav
