// libFuzzer target for the person model's reader: any bytes must give a model or an error, never
// a crash; a model that reads must run on a small photo and give a mask of the size asked for.
// Only models of modest work are run (the selfie segmenter itself needs 64 M multiply-adds, some
// 100 ms under the sanitizers, which would leave the reader a few hundred inputs a minute); its
// kernels are checked against their definitions in native-tests/test_person_model.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "person/person_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto model = pxav::read_person_model(std::span<const uint8_t>(data, size));
  if (!model.ok()) return 0;
  if (model->graph.multiply_adds > (int64_t{1} << 22)) return 0;
  pxav::RgbImage photo{5, 3, std::vector<uint8_t>(5 * 3 * 3)};
  for (size_t i = 0; i < photo.pixels.size(); ++i) photo.pixels[i] = static_cast<uint8_t>(i * 37);
  const auto mask = pxav::segment_person(*model, photo, 4, 4);
  if (!mask.ok() || mask->width != 4 || mask->height != 4 || mask->pixels.size() != 16) std::abort();
  return 0;
}
