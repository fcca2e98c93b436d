// libFuzzer target for the HEIC reader, with libheif and libde265 instrumented as well
// (third_party/build.sh fuzz): any bytes must give a decoded depth photo or an error value,
// never a crash, a leak or an out-of-bounds access, in our code or in theirs. What it accepts
// must hold together: a depth map with its samples, colour registered with it, a camera.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "photo_checks.h"
#include "pipeline/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pxav::OpenOptions options;
  // Small limits keep every run fast; the limits themselves are part of what is fuzzed.
  options.max_megapixels = 4;
  options.max_depth_megapixels = 1;
  // Through the pipeline, as the CLI and the page open files: sniffing, the reader, upright().
  const pxav::InputFile files[] = {{"fuzz.heic", {data, size}, ""}};
  pxav::fuzz::check_opened(pxav::open_photo(files, options));
  return 0;
}
