#include "avatar/avatar_points.h"

#include <limits>

namespace pxav {

PointSet avatar_points(const Avatar& a) {
  PointSet points;
  if (a.grid_width <= 0 || a.grid_height <= 0) return points;
  const size_t count = static_cast<size_t>(a.grid_width) * a.grid_height;
  points.width = a.grid_width;
  points.height = a.grid_height;
  points.xyz.assign(count * 3, std::numeric_limits<float>::quiet_NaN());
  points.rgb.assign(count * 3, 0);
  points.valid.assign(count, 0);
  const double cell = a.cell_size_m;
  for (const AvatarCell& c : a.cells) {
    if (c.x >= a.grid_width || c.y >= a.grid_height || c.colour >= a.palette.size()) continue;
    const size_t i = static_cast<size_t>(c.y) * a.grid_width + c.x;
    if (points.valid[i]) continue;
    points.xyz[i * 3 + 0] = static_cast<float>((c.x + 0.5 - a.grid_width / 2.0) * cell);
    points.xyz[i * 3 + 1] = static_cast<float>((a.grid_height / 2.0 - c.y - 0.5) * cell);
    points.xyz[i * 3 + 2] =
        static_cast<float>(-(a.near_m + static_cast<double>(c.layer) * a.layer_step_m * a.exaggeration));
    for (int k = 0; k < 3; ++k) points.rgb[i * 3 + k] = a.palette[c.colour][k];
    points.valid[i] = 1;
    ++points.valid_count;
  }
  return points;
}

}  // namespace pxav
