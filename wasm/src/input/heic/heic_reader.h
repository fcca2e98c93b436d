// Opens an HEIC/HEIF photo held in memory and returns its depth map, the colour image registered
// with it, the camera calibration and Apple's portrait matte: the DepthPhoto every later stage
// reads. Uses libheif's C API only. Decodes the colour image tile by tile straight down to the
// depth map's resolution (or uses the thumbnail when it is large enough), so even a 200 MP photo
// never exists in memory at full size.
#pragma once

#include <cstddef>
#include <cstdint>

#include "colour/downsample.h"
#include "core/result.h"
#include "input/depth_photo.h"

namespace pxav {

struct HeicOptions {
  // Photos whose primary image has more pixels are refused before any pixel is decoded. iPhone
  // photos are at most 48 MP; the default leaves room for larger cameras.
  double max_megapixels = 100;
  // Largest depth image we accept (Apple's are 0.3 to 0.5 MP).
  double max_depth_megapixels = 16;
  bool decode_colour = true;  // false: depth, calibration and metadata only (fast `info`)
  // Decode the colour with HEVC's deblocking and SAO loop filters. Off by default, as in
  // libheif's own wasm build: the colour is averaged down to the depth map's size (about 5x5
  // photo pixels per sample on an iPhone), where the filters move a channel by at most a few
  // levels of 255 but cost about a tenth of the decoding. The depth map is always exact.
  bool exact_colour = false;
};

Result<DepthPhoto> read_heic(const uint8_t* bytes, size_t size, const HeicOptions& options = {});

// One share of the colour work, so several workers can decode a grid photo together: the tiles
// whose row-major index i has i % parts == part, averaged onto a width x height grid (the depth
// map's size, from a read_heic with decode_colour = false). Add the parts' sums and counts, then
// finish() gives the same image read_heic would have made. The sums are laid out in the photo's
// stored frame (sums.size() / 3 pixels), which finish() turns; add them as they are.
Result<ColourAccumulator> decode_colour_part(const uint8_t* bytes, size_t size, int width, int height, int part,
                                             int parts, const HeicOptions& options = {});

// The same accumulator with no tile decoded: where the parts' sums go (same sizes, same turn).
Result<ColourAccumulator> colour_frame(const uint8_t* bytes, size_t size, int width, int height,
                                       const HeicOptions& options = {});

}  // namespace pxav
