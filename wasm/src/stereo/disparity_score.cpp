#include "stereo/disparity_score.h"

#include <cmath>
#include <cstddef>

namespace pxav {

BadPixelScore bad_pixels(const DisparityMap& map, const GreyImage& truth, double truth_scale, const GreyImage& mask,
                         double threshold) {
  BadPixelScore score;
  if (map.width != truth.width || map.height != truth.height || mask.width != truth.width ||
      mask.height != truth.height || truth_scale <= 0)
    return score;
  long bad = 0;
  for (size_t i = 0; i < truth.pixels.size(); ++i) {
    if (mask.pixels[i] != 255 || truth.pixels[i] == 0) continue;
    ++score.counted;
    const double gt = truth.pixels[i] / truth_scale;
    const float d = map.d[i];
    if (!has_disparity(d) || std::fabs(d - gt) > threshold) ++bad;
  }
  score.bad_percent = score.counted ? 100.0 * bad / score.counted : 0;
  return score;
}

}  // namespace pxav
