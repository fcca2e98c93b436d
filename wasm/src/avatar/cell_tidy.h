// Tidies the avatar's grid after resampling: a viewer reads every occupied cell as part of the
// subject, so a cell floating beside the head (a fragment of a chair, a speck of flying depth) or
// a one-cell-wide spike sticking out of the silhouette (a sliver of door frame) is noise that
// the coarse grid makes prominent. What stays: the largest 4-connected group of cells, with no
// cell that has at most one occupied 4-neighbour (the tip of a spike, removed repeatedly until
// none is left, so a whole one-cell-wide spike goes).
#pragma once

#include <cstdint>
#include <vector>

#include "avatar/grid.h"
#include "core/image.h"

namespace pxav {

// Clears GridCell::occupied of the cells that go and returns their indices (y * width + x). A
// grid with a single cell, or none, is left as it is.
std::vector<uint32_t> tidy_cells(CellGrid& grid);

// Clears the mask's pixels in those cells of grid; the mask is the one grid was resampled from.
void clear_cells(const CellGrid& grid, const std::vector<uint32_t>& cells, GreyImage& mask);

}  // namespace pxav
