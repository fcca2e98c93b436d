// The colour of an HEIC photo on the depth map's grid: where it comes from (the thumbnail or the
// primary image's tiles) and the tiles decoded straight down to that grid, shareable between
// workers. Internal to input/heic/.
#pragma once

#include <libheif/heif.h>

#include <string>

#include "colour/downsample.h"
#include "core/result.h"
#include "input/heic/libheif_handles.h"

namespace pxav::heic {

// Where the colour on the depth map's stored width x height grid comes from: the thumbnail if it
// is at least that large, else the primary image's tiles (a plain image is one tile). The one
// place that decides, for decoding and for what a photo opened without colour reports.
struct ColourPlan {
  libheif::Handle thumbnail;  // null: the tiles
  heif_image_tiling tiling{};
  const char* source = "tiles";  // PhotoInfo::colour_source
  int parts = 1;                 // shares the work can be split into (ColourParts::count)
};

Result<ColourPlan> plan_colour(const heif_image_handle* primary, int width, int height);

// Colour on the depth map's stored width x height grid, as running sums, from where plan_colour
// says. Only the tiles whose row-major index i has i % parts == part are decoded, so several
// workers can share a photo and add up their sums; the thumbnail and single images belong to
// part 0.
//
// Everything is decoded as stored (libheif 1.19 misplaces tiles of rotated grids when it applies
// the transformations itself), in the frame of the stored depth map; upright() turns both.
Result<ColourAccumulator> colour_part(const heif_image_handle* primary, int width, int height, int part, int parts,
                                      bool exact, std::string& source);

}  // namespace pxav::heic
