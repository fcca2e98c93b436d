#include "avatar/grid.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "avatar/depth_ranks.h"
#include "avatar/mask_words.h"

namespace pxav {
namespace {

struct Span {
  int begin, end;
};
Span cell_span(int i, int origin, int box_long_side, int cells, int image_size) {
  const int64_t s = box_long_side;
  int begin = origin + static_cast<int>(i * s / cells);
  int end = origin + static_cast<int>((i + 1) * s / cells);
  if (end <= begin) end = begin + 1;
  return {std::min(begin, image_size - 1), std::min(end, image_size)};
}

float lower_median(std::vector<float>& values) {
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

}  // namespace

PixelRect cell_pixels(const CellGrid& grid, int cx, int cy, int image_width, int image_height) {
  const int long_side = std::max(grid.box_width, grid.box_height);
  const Span xs = cell_span(cx, grid.box_x, long_side, grid.long_side_cells, image_width);
  const Span ys = cell_span(cy, grid.box_y, long_side, grid.long_side_cells, image_height);
  return {xs.begin, ys.begin, xs.end, ys.end};
}

Result<CellGrid> resample_to_grid(const DepthMap& depth, const RgbImage& colour, const GreyImage& mask,
                                  const Intrinsics& camera, int long_side_cells) {
  const int w = depth.width, h = depth.height;
  if (depth.empty() || colour.width != w || colour.height != h || mask.width != w || mask.height != h ||
      colour.pixels.size() != depth.z.size() * 3 || mask.pixels.size() != depth.z.size()) {
    return make_error(ErrorCode::InvalidArgument, "grid: depth, colour and mask must have the same size");
  }
  if (long_side_cells < kMinGridCells || long_side_cells > kMaxGridCells) {
    return make_error(ErrorCode::InvalidArgument, "grid: " + std::to_string(long_side_cells) + " cells is outside " +
                                                      std::to_string(kMinGridCells) + ".." +
                                                      std::to_string(kMaxGridCells));
  }
  if (!(camera.fx > 0) || !std::isfinite(camera.fx)) {
    return make_error(ErrorCode::InvalidArgument, "grid: the camera has no focal length");
  }

  // The subject's box, from each row's first and last subject pixel (scanned from both ends).
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y) {
    const uint8_t* m = &mask.pixels[static_cast<size_t>(y) * w];
    const float* z = &depth.z[static_cast<size_t>(y) * w];
    const auto subject = [&](int x) { return m[x] != 0 && is_valid_depth(z[x]); };
    int first = 0;
    while (first + 8 <= w && all_zero_8(m + first)) first += 8;
    while (first < w && !subject(first)) ++first;
    if (first == w) continue;
    int last = w - 1;
    while (last - 7 > first && all_zero_8(m + last - 7)) last -= 8;
    while (!subject(last)) --last;
    x0 = std::min(x0, first), x1 = std::max(x1, last);
    y0 = std::min(y0, y), y1 = y;
  }
  if (x1 < 0) return make_error(ErrorCode::InvalidArgument, "grid: the subject mask is empty");
  const DepthSamples subject{depth.z, mask.pixels.data()};
  const DepthCounts subject_counts = count_depths(subject);
  const size_t median_rank = (subject_counts.count - 1) / 2;  // the lower median

  CellGrid grid;
  grid.box_x = x0, grid.box_y = y0;
  grid.box_width = x1 - x0 + 1, grid.box_height = y1 - y0 + 1;
  const int long_side = std::max(grid.box_width, grid.box_height);
  const int n = long_side_cells;
  // ceil(box * N / long side): the long side gets exactly N cells, the short side proportionally.
  grid.width = static_cast<int>((static_cast<int64_t>(grid.box_width) * n + long_side - 1) / long_side);
  grid.height = static_cast<int>((static_cast<int64_t>(grid.box_height) * n + long_side - 1) / long_side);
  grid.long_side_cells = n;
  grid.pixels_per_cell = static_cast<double>(long_side) / n;
  grid.subject_z_m = depth_ranks(subject, subject_counts, median_rank, median_rank).first;
  grid.cell_size_m = grid.pixels_per_cell * grid.subject_z_m / camera.fx;
  grid.cells.resize(static_cast<size_t>(grid.width) * grid.height);

  const double* to_linear = srgb8_to_linear_table();
  std::vector<float> cell_z;
  for (int cy = 0; cy < grid.height; ++cy) {
    const Span ys = cell_span(cy, y0, long_side, n, h);
    for (int cx = 0; cx < grid.width; ++cx) {
      const Span xs = cell_span(cx, x0, long_side, n, w);
      const int area = (xs.end - xs.begin) * (ys.end - ys.begin);
      double sum[3] = {0, 0, 0};  // linear light, summed in raster order (same order everywhere)
      cell_z.clear();
      for (int y = ys.begin; y < ys.end; ++y) {
        for (int x = xs.begin; x < xs.end; ++x) {
          const size_t i = static_cast<size_t>(y) * w + x;
          if (mask.pixels[i] == 0 || !is_valid_depth(depth.z[i])) continue;
          for (int c = 0; c < 3; ++c) sum[c] += to_linear[colour.pixels[i * 3 + c]];
          cell_z.push_back(depth.z[i]);
        }
      }
      GridCell& cell = grid.cells[static_cast<size_t>(cy) * grid.width + cx];
      cell.samples = static_cast<uint32_t>(cell_z.size());
      if (cell_z.empty() || static_cast<double>(cell_z.size()) < kMinCellCoverage * area) continue;
      cell.occupied = true;
      const double count = static_cast<double>(cell_z.size());
      for (int c = 0; c < 3; ++c) cell.rgb[c] = linear_to_srgb8(sum[c] / count);
      cell.z_m = lower_median(cell_z);
    }
  }
  return grid;
}

}  // namespace pxav
