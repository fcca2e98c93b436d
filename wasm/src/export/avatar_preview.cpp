#include "export/avatar_preview.h"

#include <algorithm>

#include "export/colormap.h"

namespace pxav {
namespace {

template <class ColourOf>
RgbImage render(const Avatar& a, int cell_px, ColourOf colour_of) {
  RgbImage out;
  if (a.grid_width <= 0 || a.grid_height <= 0) return out;
  const int k = std::clamp(cell_px, 1, kMaxPreviewCellPixels);
  out.width = a.grid_width * k;
  out.height = a.grid_height * k;
  out.pixels.resize(static_cast<size_t>(out.width) * out.height * 3);
  for (size_t i = 0; i < out.pixels.size(); i += 3)
    std::copy(kPreviewBackground.begin(), kPreviewBackground.end(), out.pixels.begin() + i);
  for (const AvatarCell& c : a.cells) {
    Rgb8 rgb;
    if (c.x >= a.grid_width || c.y >= a.grid_height || !colour_of(c, rgb)) continue;
    for (int y = c.y * k; y < (c.y + 1) * k; ++y) {
      uint8_t* row = &out.pixels[(static_cast<size_t>(y) * out.width + static_cast<size_t>(c.x) * k) * 3];
      for (int x = 0; x < k; ++x) std::copy(rgb.begin(), rgb.end(), row + x * 3);
    }
  }
  return out;
}

}  // namespace

RgbImage render_avatar_colours(const Avatar& avatar, int cell_px) {
  return render(avatar, cell_px, [&](const AvatarCell& c, Rgb8& rgb) {
    if (c.colour >= avatar.palette.size()) return false;
    rgb = avatar.palette[c.colour];
    return true;
  });
}

RgbImage render_avatar_layers(const Avatar& avatar, int cell_px) {
  return render(avatar, cell_px, [&](const AvatarCell& c, Rgb8& rgb) {
    if (c.layer >= avatar.layer_count) return false;
    rgb = avatar.layer_count > 1 ? turbo(1.0 - static_cast<double>(c.layer) / (avatar.layer_count - 1)) : turbo(1.0);
    return true;
  });
}

}  // namespace pxav
