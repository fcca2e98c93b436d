// A stereo pair's disparity map as files: PFM (the float format Middlebury's tools and most
// stereo code read and write; invalid pixels as +infinity, Middlebury's convention) and a PNG
// through the Turbo colormap (near = red) for people.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "stereo/disparity_map.h"

namespace pxav {

std::vector<uint8_t> encode_pfm(const DisparityMap& map);
// Turbo over the valid disparities' 1st..99th percentile; invalid pixels black.
RgbImage colourise_disparity(const DisparityMap& map);

}  // namespace pxav
