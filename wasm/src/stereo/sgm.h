// Semi-global matching (Hirschmüller 2008) of a rectified pair: the census cost of every
// disparity at every pixel, summed along 8 straight paths through the image with a small penalty
// for a one-pixel step in disparity and a large one for a jump, then per pixel the disparity of
// least summed cost, refined to a sub-pixel value, and kept only when it is unique and the right
// view agrees (left-right check). Speckle removal and hole filling are in disparity_filter.h.
//
// Memory: per pixel and disparity, a 16-bit summed cost and the 8-bit matching cost (the paths'
// running values are kept for two rows at a time), so width x height x disparities (rounded up
// to 16, one vector of 8-bit lanes) x 3 bytes, plus a few rows. sgm_memory_bytes() says how much
// before anything is allocated, and match_sgm refuses pairs past max_bytes.
#pragma once

#include <cstddef>

#include "core/image.h"
#include "core/result.h"
#include "stereo/disparity_map.h"

namespace pxav {

struct SgmParams {
  int min_disparity = 0;  // the search covers min_disparity .. min_disparity + num_disparities - 1
  int num_disparities = 64;
  // Penalties on the cost's scale (0..30: census bits plus grey level): p1 for a step of one
  // pixel, p2 for a jump. p2 falls where the left image has an edge along the path (depth edges
  // follow colour). Chosen on Tsukuba and Cones together (bench/stereo_score).
  int p1 = 16;
  int p2 = 60;
  int uniqueness = 10;   // percent the best cost must beat every other (not neighbouring) one by; 0: off
  int lr_max_diff = 1;   // pixels the left and right views' disparities may differ by; < 0: no check
  bool subpixel = true;  // parabola through the best cost and its neighbours
  // Cost of a disparity that points outside the right view (the left border): a middling value,
  // so paths carry their neighbours' disparities into the border rather than the nearest valid one.
  int outside_cost = 8;
  size_t max_bytes = size_t{512} << 20;
};

size_t sgm_memory_bytes(int width, int height, int num_disparities);

// Errors: InvalidArgument for views of different sizes, an empty view or a disparity range that
// does not fit the image; TooLarge past params.max_bytes (the message says what to lower).
Result<DisparityMap> match_sgm(const GreyImage& left, const GreyImage& right, const SgmParams& params);

}  // namespace pxav
