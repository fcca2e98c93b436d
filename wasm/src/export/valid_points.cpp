#include "export/valid_points.h"

#include <cmath>

namespace pxav {

std::vector<size_t> valid_point_indices(const PointSet& points) {
  const size_t count = points.xyz.size() / 3;
  const bool flagged = points.valid.size() == count;
  std::vector<size_t> out;
  for (size_t i = 0; i < count; ++i) {
    const bool finite = std::isfinite(points.xyz[i * 3]) && std::isfinite(points.xyz[i * 3 + 1]) &&
                        std::isfinite(points.xyz[i * 3 + 2]);
    if (finite && (!flagged || points.valid[i] != 0)) out.push_back(i);
  }
  return out;
}

}  // namespace pxav
