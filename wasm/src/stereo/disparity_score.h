// Middlebury's bad-pixel rate: the share of pixels in a mask whose disparity is more than a
// threshold (1 px) away from the ground truth. Pixels without a disparity count as bad, so a raw
// map is scored as it is and a dense one after fill_from_background(). The scoring benchmark
// and the regression tests both use it, for our matcher and for the peers' maps alike.
#pragma once

#include "core/image.h"
#include "stereo/disparity_map.h"

namespace pxav {

struct BadPixelScore {
  double bad_percent = 0;  // of the pixels counted
  long counted = 0;        // pixels in the mask with a known ground truth
};

// truth: ground-truth disparity times truth_scale (Middlebury's 8-bit maps: x16 Tsukuba, x4
// Cones), 0 = unknown. mask: 255 = count this pixel. All three have the same size.
BadPixelScore bad_pixels(const DisparityMap& map, const GreyImage& truth, double truth_scale, const GreyImage& mask,
                         double threshold = 1.0);

}  // namespace pxav
