// Resamples the subject into the avatar's coarse grid. The subject's bounding box is cut into
// cells whose long side counts N cells; each cell takes the mean colour (in linear light) and the
// median depth of the subject pixels it covers. Cells that the subject covers only a little are
// left empty so the silhouette stays crisp instead of growing a fringe of half-background cells.
#pragma once

#include <cstdint>
#include <vector>

#include "colour/colour_space.h"
#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"

namespace pxav {

constexpr int kMinGridCells = 16;
constexpr int kMaxGridCells = 256;
constexpr int kDefaultGridCells = 64;

struct GridCell {
  bool occupied = false;
  Rgb8 rgb{};            // mean sRGB colour of the cell's subject pixels
  float z_m = 0;         // median planar depth of those pixels (the lower one of an even count)
  uint32_t samples = 0;  // subject pixels with valid depth in the cell
};

struct CellGrid {
  int width = 0, height = 0;  // in cells; the longer one equals the requested N
  int box_x = 0, box_y = 0;   // the subject's bounding box in depth pixels
  int box_width = 0, box_height = 0;
  int long_side_cells = 0;      // N
  double pixels_per_cell = 0;   // long side of the box / N, may be below 1 for tiny subjects
  double subject_z_m = 0;       // median depth of all subject pixels
  double cell_size_m = 0;       // pixels_per_cell * subject_z_m / fx
  std::vector<GridCell> cells;  // width * height, row-major, row 0 at the top
};

// A cell keeps its colour and depth only if at least this share of its pixels is subject.
constexpr double kMinCellCoverage = 0.25;

// The depth pixels [x0, x1) x [y0, y1) that cell (cx, cy) of a grid over an image of that size
// covers: integer arithmetic, the same cut everywhere. When the box is shorter than N cells,
// neighbouring cells share a pixel (nearest-neighbour enlargement).
struct PixelRect {
  int x0, y0, x1, y1;
};
PixelRect cell_pixels(const CellGrid& grid, int cx, int cy, int image_width, int image_height);

// depth, colour and mask share one size; camera must refer to that size (see rescale()).
// Errors: InvalidArgument for mismatched sizes, a grid outside kMinGridCells..kMaxGridCells, a
// camera without a focal length, or an empty mask.
Result<CellGrid> resample_to_grid(const DepthMap& depth, const RgbImage& colour, const GreyImage& mask,
                                  const Intrinsics& camera, int long_side_cells);

}  // namespace pxav
