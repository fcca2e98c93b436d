#include "image_files/decoded_image.h"

namespace pxav {
namespace {

bool consistent(const DecodedImage& image) {
  return image.width > 0 && image.height > 0 && image.channels >= 1 && image.channels <= 4 && image.max_value > 0 &&
         image.samples.size() == static_cast<size_t>(image.width) * image.height * image.channels;
}

uint8_t scale(uint16_t v, int max_value) {
  if (max_value == 255) return static_cast<uint8_t>(v);
  const uint32_t clamped = v > max_value ? static_cast<uint32_t>(max_value) : v;
  return static_cast<uint8_t>((clamped * 255u + static_cast<uint32_t>(max_value) / 2) /
                              static_cast<uint32_t>(max_value));
}

}  // namespace

Result<RgbImage> to_rgb8(const DecodedImage& image) {
  if (!consistent(image)) return make_error(ErrorCode::InvalidArgument, "decoded image: inconsistent size or channels");
  RgbImage out;
  out.width = image.width;
  out.height = image.height;
  const size_t count = static_cast<size_t>(image.width) * image.height;
  out.pixels.resize(count * 3);
  const bool colour = image.channels >= 3;
  for (size_t i = 0; i < count; ++i) {
    const uint16_t* px = &image.samples[i * image.channels];
    for (int c = 0; c < 3; ++c) out.pixels[i * 3 + c] = scale(px[colour ? c : 0], image.max_value);
  }
  return out;
}

Result<GreyImage> to_grey8(const DecodedImage& image) {
  if (!consistent(image)) return make_error(ErrorCode::InvalidArgument, "decoded image: inconsistent size or channels");
  GreyImage out;
  out.width = image.width;
  out.height = image.height;
  const size_t count = static_cast<size_t>(image.width) * image.height;
  out.pixels.resize(count);
  for (size_t i = 0; i < count; ++i) out.pixels[i] = scale(image.samples[i * image.channels], image.max_value);
  return out;
}

}  // namespace pxav
