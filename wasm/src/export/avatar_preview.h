// Flat pictures of an avatar for the CLI and the page's thumbnails: its colour grid, and its
// layers through the Turbo colormap (layer 0, the nearest, red). Each cell becomes a square of
// cell_px x cell_px pixels; empty grid positions show a dark grey background.
#pragma once

#include "avatar/avatar.h"
#include "colour/colour_space.h"
#include "core/image.h"

namespace pxav {

constexpr Rgb8 kPreviewBackground = {32, 32, 36};
constexpr int kMaxPreviewCellPixels = 64;

// cell_px is clamped to 1..kMaxPreviewCellPixels. Cells outside the grid or with an index past
// the palette or layer count are left as background.
RgbImage render_avatar_colours(const Avatar& avatar, int cell_px);
RgbImage render_avatar_layers(const Avatar& avatar, int cell_px);

}  // namespace pxav
