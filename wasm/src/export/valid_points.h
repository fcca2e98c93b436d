// Which points of a PointSet exporters write: the valid ones, in index order. A point counts as
// valid when its valid flag is set (or, for sets without flags, when all three coordinates are
// finite) — never a NaN point, which most viewers choke on.
#pragma once

#include <cstddef>
#include <vector>

#include "geometry/point_set.h"

namespace pxav {

std::vector<size_t> valid_point_indices(const PointSet& points);

}  // namespace pxav
