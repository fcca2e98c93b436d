// libFuzzer target for the HEIC reader, with libheif and libde265 instrumented as well
// (third_party/build.sh fuzz): any bytes must give a decoded depth photo or an error value,
// never a crash, a leak or an out-of-bounds access, in our code or in theirs. What it accepts
// must hold together: a depth map with its samples, colour registered with it, a camera.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "pipeline/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pxav::OpenOptions options;
  // Small limits keep every run fast; the limits themselves are part of what is fuzzed.
  options.max_megapixels = 4;
  options.max_depth_megapixels = 1;
  // Through the pipeline, as the CLI and the page open files: sniffing, the reader, upright().
  const pxav::InputFile files[] = {{"fuzz.heic", {data, size}, ""}};
  const auto opened = pxav::open_photo(files, options);
  if (!opened.ok()) {
    if (opened.error().message.empty()) std::abort();  // every error says what is wrong
    return 0;
  }
  const pxav::DepthPhoto* photo = &opened->photo;
  const auto& depth = photo->depth;
  if (depth.width <= 0 || depth.height <= 0) std::abort();
  if (depth.values.size() != static_cast<size_t>(depth.width) * depth.height) std::abort();
  const auto& colour = photo->colour;
  if (colour.width != depth.width || colour.height != depth.height) std::abort();
  if (colour.pixels.size() != static_cast<size_t>(colour.width) * colour.height * 3) std::abort();
  if (!(photo->camera.fx > 0) || !(photo->camera.fy > 0)) std::abort();
  return 0;
}
