// libFuzzer target for the CLI's other inputs: PNG (libpng) and Netpbm images, the text of
// --depth-params and of --stereo / --calib, and the HEIF box walk that finds a stereo view's
// camera position. Any bytes must give an image or an error value, never a crash; a decoded image
// must have the samples its size says, and convert to 8 bits as the pipeline does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image_files/netpbm.h"
#include "image_files/png_io.h"
#include "input/heic/heif_boxes.h"
#include "input/rgbd/rgbd_reader.h"
#include "stereo/stereo_setup.h"

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
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)pxav::parse_rgbd_params(text);
  if (auto setup = pxav::parse_stereo_setup(text)) {
    if (setup->num_disparities < 0 || setup->baseline_m < 0 || setup->focal_px < 0) std::abort();
  }
  (void)pxav::heif_camera_position({data, size}, 1);
  return 0;
}
