#include "geometry/orientation.h"

namespace pxav {

RawDepth apply(const Orientation& o, RawDepth depth) {
  depth.values = apply_to_grid(o, std::move(depth.values), depth.width, depth.height);
  return depth;
}

GreyImage apply(const Orientation& o, GreyImage image) {
  image.pixels = apply_to_grid(o, std::move(image.pixels), image.width, image.height);
  return image;
}

// Continuous pixel coordinates (origin at the top-left corner): rotating 90 degrees
// counter-clockwise maps (x, y) to (y, W - x); mirrors reflect about the centre line.
Intrinsics apply(const Orientation& o, Intrinsics k) {
  for (const OrientationStep& s : o.steps) {
    switch (s.kind) {
      case OrientationStep::RotateCcw90: {
        const Intrinsics r = k;
        k.fx = r.fy;
        k.fy = r.fx;
        k.cx = r.cy;
        k.cy = r.width - r.cx;
        k.width = r.height;
        k.height = r.width;
        break;
      }
      case OrientationStep::MirrorLeftRight: k.cx = k.width - k.cx; break;
      case OrientationStep::MirrorUpDown: k.cy = k.height - k.cy; break;
      case OrientationStep::Crop: {
        const int x0 = static_cast<int>(s.left * k.width + 0.5), y0 = static_cast<int>(s.top * k.height + 0.5);
        const int nw = std::max(1, k.width - x0 - static_cast<int>(s.right * k.width + 0.5));
        const int nh = std::max(1, k.height - y0 - static_cast<int>(s.bottom * k.height + 0.5));
        k.cx -= x0;
        k.cy -= y0;
        k.width = nw;
        k.height = nh;
        break;
      }
    }
  }
  return k;
}

GreyImage resize_nearest(const GreyImage& image, int width, int height) {
  if (image.width == width && image.height == height) return image;
  GreyImage out;
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    const int sy = std::min(image.height - 1, static_cast<int>((y + 0.5) * image.height / height));
    for (int x = 0; x < width; ++x) {
      const int sx = std::min(image.width - 1, static_cast<int>((x + 0.5) * image.width / width));
      out.pixels[static_cast<size_t>(y) * width + x] = image.pixels[static_cast<size_t>(sy) * image.width + sx];
    }
  }
  return out;
}

}  // namespace pxav
