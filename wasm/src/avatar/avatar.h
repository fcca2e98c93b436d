// The pixel avatar model: a coarse grid of cells, each on one of a few depth layers and painted
// with one colour of a small palette. This is what the avatar file stores and what the web
// element draws; it holds no personal metadata, only geometry, colours and the options used.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pxav {

struct AvatarCell {
  uint16_t x = 0;      // column, 0 = left
  uint16_t y = 0;      // row, 0 = top
  uint8_t layer = 0;   // 0 = nearest the camera
  uint8_t colour = 0;  // index into Avatar::palette
  bool operator==(const AvatarCell&) const = default;
};

struct Avatar {
  int grid_width = 0;
  int grid_height = 0;
  int layer_count = 0;
  float cell_size_m = 0;                        // edge of one cell in metres, at the subject's depth
  float layer_step_m = 0;                       // true metric depth between two layers
  float near_m = 0;                             // planar depth of layer 0
  float exaggeration = 1;                       // the renderer spaces layers by layer_step_m * exaggeration
  std::vector<std::array<uint8_t, 3>> palette;  // sRGB
  std::vector<AvatarCell> cells;                // sorted by (y, x): at most one cell per grid position
  std::string options;                          // "key=value" lines: how it was made (grid, palette, layers, ...)
  bool operator==(const Avatar&) const = default;
};

}  // namespace pxav
