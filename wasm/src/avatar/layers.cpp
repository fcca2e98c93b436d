#include "avatar/layers.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace pxav {

Result<LayerSpacing> layer_spacing(double near_m, double far_m, int count) {
  if (count < kMinLayers || count > kMaxLayers) {
    return make_error(ErrorCode::InvalidArgument, "layers: " + std::to_string(count) + " layers is outside " +
                                                      std::to_string(kMinLayers) + ".." + std::to_string(kMaxLayers));
  }
  if (!std::isfinite(near_m) || !std::isfinite(far_m) || !(near_m > 0) || !(near_m <= far_m)) {
    return make_error(ErrorCode::InvalidArgument, "layers: the depth range must be positive and ordered (near <= far)");
  }
  return LayerSpacing{near_m, (far_m - near_m) / (count - 1), count};
}

int layer_of(const LayerSpacing& spacing, double z_m) {
  if (!(spacing.step_m > 0) || !(z_m > spacing.near_m)) return 0;  // also NaN
  const double position = (z_m - spacing.near_m) / spacing.step_m;
  if (position >= spacing.count - 1) return spacing.count - 1;
  return static_cast<int>(std::floor(position + 0.5));
}

}  // namespace pxav
