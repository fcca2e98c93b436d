#include "avatar/cell_tidy.h"

#include <cstdint>
#include <vector>

namespace pxav {

std::vector<uint32_t> tidy_cells(CellGrid& grid) {
  const int w = grid.width, h = grid.height;
  const auto occupied = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < w && y < h && grid.cells[static_cast<size_t>(y) * w + x].occupied;
  };
  const auto neighbours = [&](int x, int y) {
    return occupied(x - 1, y) + occupied(x + 1, y) + occupied(x, y - 1) + occupied(x, y + 1);
  };
  size_t total = 0;
  for (const GridCell& c : grid.cells) total += c.occupied;
  std::vector<uint32_t> gone;
  if (total <= 1) return gone;

  // Spike tips, as a work list: removing a tip can make its one neighbour the next tip.
  std::vector<int> work;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (occupied(x, y) && neighbours(x, y) <= 1) work.push_back(y * w + x);
  while (!work.empty() && gone.size() + 1 < total) {
    const int i = work.back();
    work.pop_back();
    const int x = i % w, y = i / w;
    if (!occupied(x, y) || neighbours(x, y) > 1) continue;
    grid.cells[static_cast<size_t>(i)].occupied = false;
    gone.push_back(static_cast<uint32_t>(i));
    for (const auto& [dx, dy] : {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}})
      if (occupied(x + dx, y + dy) && neighbours(x + dx, y + dy) <= 1) work.push_back((y + dy) * w + x + dx);
  }

  // The largest 4-connected group (the first in raster order on a tie) keeps its cells.
  std::vector<int32_t> label(grid.cells.size(), -1);
  std::vector<size_t> sizes;
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (!grid.cells[static_cast<size_t>(start)].occupied || label[static_cast<size_t>(start)] >= 0) continue;
    const int32_t id = static_cast<int32_t>(sizes.size());
    sizes.push_back(0);
    label[static_cast<size_t>(start)] = id;
    stack.assign(1, start);
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      ++sizes.back();
      const int x = i % w, y = i / w;
      for (const auto& [dx, dy] : {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}}) {
        const int j = (y + dy) * w + x + dx;
        if (occupied(x + dx, y + dy) && label[static_cast<size_t>(j)] < 0) {
          label[static_cast<size_t>(j)] = id;
          stack.push_back(j);
        }
      }
    }
  }
  int32_t best = 0;
  for (size_t i = 1; i < sizes.size(); ++i)
    if (sizes[i] > sizes[static_cast<size_t>(best)]) best = static_cast<int32_t>(i);
  for (size_t i = 0; i < grid.cells.size(); ++i) {
    if (grid.cells[i].occupied && label[i] != best) {
      grid.cells[i].occupied = false;
      gone.push_back(static_cast<uint32_t>(i));
    }
  }
  return gone;
}

void clear_cells(const CellGrid& grid, const std::vector<uint32_t>& cells, GreyImage& mask) {
  for (const uint32_t i : cells) {
    const int cx = static_cast<int>(i) % grid.width, cy = static_cast<int>(i) / grid.width;
    const PixelRect r = cell_pixels(grid, cx, cy, mask.width, mask.height);
    for (int y = r.y0; y < r.y1; ++y)
      for (int x = r.x0; x < r.x1; ++x) mask.pixels[static_cast<size_t>(y) * mask.width + x] = 0;
  }
}

}  // namespace pxav
