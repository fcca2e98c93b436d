// Apple's portrait JPEGs (older iPhones, the "Most Compatible" setting): the photo is the primary
// image of an MPF file, and the disparity (or depth) map and the mattes are further JPEGs that
// the MPF index points at. Each is known by its own XMP, never by its position: depth by
// Apple's depthData namespace with apdi:AuxiliaryImageType disparity or depth, the portrait
// matte by its portraitEffectsMatte namespace (whatever its apdi type says).
#pragma once

#include <vector>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/jpeg/jpeg_file.h"
#include "input/jpeg/mpf_index.h"

namespace pxav {

// Error NoDepth when no MPF image is a depth map (naming what the images are).
Result<DepthPhoto> read_apple_mpf(const JpegFile& file, const std::vector<MpfImage>& index, const OpenOptions& options);

}  // namespace pxav
