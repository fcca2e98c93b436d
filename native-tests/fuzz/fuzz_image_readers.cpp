// libFuzzer target for the CLI's other inputs: PNG (libpng) and Netpbm images, and the text of
// --depth-params. Any bytes must give an image or an error value, never a crash; a decoded image
// must have the samples its size says, and convert to 8 bits as the pipeline does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image_files/netpbm.h"
#include "image_files/png_io.h"
#include "input/rgbd/rgbd_reader.h"

namespace {

void check(const pxav::DecodedImage& image) {
  const size_t expected = static_cast<size_t>(image.width) * image.height * image.channels;
  if (image.width <= 0 || image.height <= 0 || image.samples.size() != expected) std::abort();
  if (image.channels >= 3) {
    if (!pxav::to_rgb8(image).ok()) std::abort();
  } else if (!pxav::to_grey8(image).ok()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (auto ppm = pxav::read_ppm(data, size)) check(*ppm);
  if (auto pgm = pxav::read_pgm(data, size)) check(*pgm);
  if (auto png = pxav::read_png(data, size)) check(*png);
  (void)pxav::parse_rgbd_params(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
