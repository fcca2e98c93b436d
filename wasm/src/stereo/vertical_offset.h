// Stereo matching searches along rows: it assumes the views are rectified, so that a scene point
// sits on the same row in both. This checks that assumption on the pixels themselves: the
// vertical shift that best lines up textured patches of the left view with the right view, so
// the pipeline can warn when a pair is off by more than a pixel instead of silently matching badly.
#pragma once

#include "core/image.h"

namespace pxav {

struct VerticalOffset {
  double pixels = 0;  // right row minus left row, the median over the patches; 0 when unknown
  int patches = 0;    // textured patches that voted
};

// Searches shifts of up to max_shift rows and disparities min_disparity .. + num_disparities - 1.
VerticalOffset estimate_vertical_offset(const GreyImage& left, const GreyImage& right, int min_disparity,
                                        int num_disparities, int max_shift);

}  // namespace pxav
