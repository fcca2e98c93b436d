#include "avatar/cut_measure.h"

#include "avatar/grid.h"

namespace pxav {

double cut_iou(const DepthMap& depth, const GreyImage& cut, const GreyImage& reference) {
  size_t both = 0, either = 0;
  for (size_t i = 0; i < cut.pixels.size(); ++i) {
    const bool a = cut.pixels[i] != 0, b = reference.pixels[i] >= 128 && is_valid_depth(depth.z[i]);
    both += a && b;
    either += a || b;
  }
  return either ? static_cast<double>(both) / static_cast<double>(either) : 0;
}

size_t cells_outside(const AvatarBuild& b, const DepthMap& depth, const GreyImage& reference) {
  size_t outside = 0;
  const GreyImage& mask = b.foreground.mask;
  for (const AvatarCell& c : b.avatar.cells) {
    const PixelRect r = cell_pixels(b.grid, c.x, c.y, mask.width, mask.height);
    size_t in = 0, all = 0;
    for (int y = r.y0; y < r.y1; ++y)
      for (int x = r.x0; x < r.x1; ++x) {
        const size_t i = static_cast<size_t>(y) * mask.width + x;
        if (mask.pixels[i] == 0 || !is_valid_depth(depth.z[i])) continue;
        ++all;
        in += reference.pixels[i] >= 128;
      }
    outside += 2 * in < all;
  }
  return outside;
}

}  // namespace pxav
