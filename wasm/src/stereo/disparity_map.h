// A disparity map of the left view: d[i] is how many pixels to the left the same scene point sits
// in the right view (x_right = x_left - d), NaN where the matcher found no reliable match. It is
// what the stereo matcher hands the pipeline, the PFM export writes, and the scorer reads.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace pxav {

struct DisparityMap {
  int width = 0;
  int height = 0;
  std::vector<float> d;  // size width*height, NaN = no match

  bool empty() const { return width <= 0 || height <= 0; }
  float at(int x, int y) const { return d[static_cast<size_t>(y) * width + x]; }
};

inline bool has_disparity(float d) { return !std::isnan(d); }

}  // namespace pxav
