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
  // Plain locals: the byte stores could alias the image's fields, which the compiler would
  // otherwise reload for every sample.
  const int channels = image.channels, max_value = image.max_value;
  const uint16_t* in = image.samples.data();
  uint8_t* o = out.pixels.data();
  if (channels == 3 && max_value == 255) {
    for (size_t i = 0; i < count * 3; ++i) o[i] = static_cast<uint8_t>(in[i]);
    return out;
  }
  const int step = channels >= 3 ? 1 : 0;  // grey: the one sample three times
  for (size_t i = 0; i < count; ++i) {
    const uint16_t* px = in + i * channels;
    for (int c = 0; c < 3; ++c) o[i * 3 + c] = scale(px[c * step], max_value);
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
  const int channels = image.channels, max_value = image.max_value;
  const uint16_t* in = image.samples.data();
  uint8_t* o = out.pixels.data();
  for (size_t i = 0; i < count; ++i) o[i] = scale(in[i * channels], max_value);
  return out;
}

}  // namespace pxav
