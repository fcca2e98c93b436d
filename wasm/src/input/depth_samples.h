// A decoded grey image as depth samples, before anyone says what they mean: its first channel
// (R of an RGBA map whose channels are equal), with the bit depth and full scale the file stored.
// Shared by the readers whose depth maps are ordinary image files (colour + depth pairs, GDepth,
// Dynamic Depth, Apple's MPF).
#pragma once

#include "depth/depth_encoding.h"
#include "image_files/decoded_image.h"

namespace pxav {

inline RawDepth depth_samples(const DecodedImage& image) {
  RawDepth raw;
  raw.width = image.width;
  raw.height = image.height;
  raw.bit_depth = image.bit_depth;
  raw.full_scale = image.max_value;
  raw.values.resize(static_cast<size_t>(raw.width) * raw.height);
  const size_t channels = static_cast<size_t>(image.channels);
  for (size_t i = 0; i < raw.values.size(); ++i) raw.values[i] = image.samples[i * channels];
  return raw;
}

}  // namespace pxav
