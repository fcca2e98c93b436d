// Opens an HEIC/HEIF photo held in memory and returns its depth map, the colour image registered
// with it, the camera calibration and Apple's portrait matte, all in the depth map's stored
// frame with the orientation to apply: the DepthPhoto every later stage reads. Uses libheif's C
// API only. Decodes the colour image tile by tile straight down to the depth map's resolution
// (or uses the thumbnail when it is large enough), so even a 200 MP photo never exists in memory
// at full size; the tiles can be shared between workers (heic_decode_colour_part). The parts live
// beside it: libheif_items.h, heic_depth.h, heic_colour.h and heic_stereo.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "colour/downsample.h"
#include "core/result.h"
#include "input/depth_photo.h"
#include "input/open_options.h"
#include "input/reader.h"

namespace pxav {

Result<DepthPhoto> read_heic(std::span<const uint8_t> bytes, const OpenOptions& options = {});

bool heic_recognises(const Sniff& file);
Result<DepthPhoto> heic_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options);
// One share of the colour work: the tiles whose row-major index i has i % parts == part,
// averaged onto the width x height grid of DepthPhoto::colour_parts (from a read_heic with
// decode_colour = false). Add the parts' sums and counts, then finish() gives the colour that
// read_heic would have decoded, in the same frame. `files` is the one HEIC file.
Result<ColourAccumulator> heic_decode_colour_part(std::span<const InputFile> files, const OpenOptions& options,
                                                  int width, int height, int part, int parts);

inline constexpr Reader kHeicReader{"heic", kStereoSettings, heic_recognises, heic_open, heic_decode_colour_part};

}  // namespace pxav
