// What a raw disparity map needs before it becomes depth: small islands of disparity that
// disagree with their surroundings (speckles, mostly wrong matches in textureless or occluded
// places) removed, and the holes the matcher left filled. Holes are filled from the background,
// the smaller of the two disparities beside them on the row, because a hole is most often a
// region the nearer surface hides from one camera: the Middlebury v2 convention for dense maps.
#pragma once

#include "stereo/disparity_map.h"

namespace pxav {

// Invalidates every 4-connected region of at most max_size pixels whose neighbours differ by at
// most max_step (in pixels of disparity).
void remove_speckles(DisparityMap& map, int max_size, float max_step);

// Fills every invalid pixel from the nearer-background valid neighbour on its row (the only one
// at a border); rows with no valid pixel are filled from the nearest row that has one.
void fill_from_background(DisparityMap& map);

// 3x3 median of the matched values, where at least 5 of the 9 are matched.
void median_3x3(DisparityMap& map);

}  // namespace pxav
