// What every reader's fuzz target demands of a photo it opened: the error path says what is
// wrong, and an accepted photo holds together (a depth map with its samples, colour registered
// with it, a camera). A violation aborts, which libFuzzer reports as a crash with its input.
#pragma once

#include <cstdlib>

#include "pipeline/pipeline.h"

namespace pxav::fuzz {

inline void check_opened(const Result<MetricPhoto>& opened) {
  if (!opened.ok()) {
    if (opened.error().message.empty()) std::abort();  // every error says what is wrong
    return;
  }
  const DepthPhoto& photo = opened->photo;
  const RawDepth& depth = photo.depth;
  if (depth.width <= 0 || depth.height <= 0) std::abort();
  if (depth.values.size() != static_cast<size_t>(depth.width) * depth.height) std::abort();
  const RgbImage& colour = photo.colour;
  if (colour.width != depth.width || colour.height != depth.height) std::abort();
  if (colour.pixels.size() != static_cast<size_t>(colour.width) * colour.height * 3) std::abort();
  if (!(photo.camera.fx > 0) || !(photo.camera.fy > 0)) std::abort();
}

}  // namespace pxav::fuzz
