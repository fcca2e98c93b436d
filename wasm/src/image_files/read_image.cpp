#include "image_files/read_image.h"

#include "image_files/jpeg_io.h"
#include "image_files/netpbm.h"
#include "image_files/png_io.h"

namespace pxav {

Result<DecodedImage> read_image(std::span<const uint8_t> bytes, const std::string& name) {
  const auto starts = [&](char a, char b) { return bytes.size() >= 2 && bytes[0] == a && bytes[1] == b; };
  Result<DecodedImage> image = make_error(ErrorCode::UnsupportedFormat, "not a PNG, JPEG, PPM or PGM image");
  if (bytes.size() >= 8 && bytes[0] == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G')
    image = read_png(bytes.data(), bytes.size());
  else if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
    image = read_jpeg(bytes);
  else if (starts('P', '6'))
    image = read_ppm(bytes.data(), bytes.size());
  else if (starts('P', '5'))
    image = read_pgm(bytes.data(), bytes.size());
  if (!image) return make_error(image.error().code, name + ": " + image.error().message);
  return image;
}

}  // namespace pxav
