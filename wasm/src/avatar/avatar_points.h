// An avatar as points: one per occupied cell, at the cell's centre on its layer, painted with its
// palette colour. The same geometry as AVATAR_FILE_FORMAT.md, with the renderer's exaggeration
// applied, so exported point clouds look like the avatar on the page.
#pragma once

#include "avatar/avatar.h"
#include "geometry/point_set.h"

namespace pxav {

// An organised PointSet over the grid (width = grid width, index = y * width + x): occupied cells
// are valid points, empty cells are NaN and invalid. Axes as in point_set.h (y up, z towards the
// viewer); cell (x, y) on layer l sits at
//   X = (x + 0.5 - W/2) * cell,  Y = (H/2 - y - 0.5) * cell,  z = -(near + l * step * exaggeration).
// Cells outside the grid or with a palette index past the palette are skipped.
PointSet avatar_points(const Avatar& avatar);

}  // namespace pxav
