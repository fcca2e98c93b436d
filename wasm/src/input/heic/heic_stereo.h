// The two views of a HEIF stereo file (an Apple spatial photo): whether the file has them, and the
// views decoded onto the matcher's grid with their calibration. Internal to input/heic/.
#pragma once

#include <libheif/heif.h>

#include <cstdint>
#include <span>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/open_options.h"

namespace pxav::heic {

// Whether the file has a `ster` entity group.
bool has_stereo_group(heif_context* ctx);

// Apple spatial photos and other HEIF stereo files hold two views in a `ster` entity group, the
// left first (ISO 23008-12: group order, not item ids), and no depth map. The views are decoded
// straight onto the grid the matcher will use (stereo/views_to_depth.h picks it from their size),
// so a 2560x2560 pair is never held at full size; the calibration is scaled to that grid. Returns
// false when the file has no such group.
Result<bool> read_stereo_views(heif_context* ctx, std::span<const uint8_t> bytes, const OpenOptions& options,
                               DepthPhoto& photo);

}  // namespace pxav::heic
