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

RgbImage apply(const Orientation& o, RgbImage image) {
  if (o.is_identity()) return image;
  std::vector<std::array<uint8_t, 3>> px(static_cast<size_t>(image.width) * image.height);
  for (size_t i = 0; i < px.size(); ++i)
    px[i] = {image.pixels[i * 3], image.pixels[i * 3 + 1], image.pixels[i * 3 + 2]};
  px = apply_to_grid(o, std::move(px), image.width, image.height);
  image.pixels.resize(px.size() * 3);
  for (size_t i = 0; i < px.size(); ++i) std::copy(px[i].begin(), px[i].end(), &image.pixels[i * 3]);
  return image;
}

void size_after(const Orientation& o, int& width, int& height) {
  for (const OrientationStep& s : o.steps) {
    if (s.kind == OrientationStep::RotateCcw90) std::swap(width, height);
    if (s.kind == OrientationStep::Crop) {
      const int x0 = static_cast<int>(s.left * width + 0.5), y0 = static_cast<int>(s.top * height + 0.5);
      width = std::max(1, width - x0 - static_cast<int>(s.right * width + 0.5));
      height = std::max(1, height - y0 - static_cast<int>(s.bottom * height + 0.5));
    }
  }
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

std::optional<PixelBox> apply(const Orientation& o, PixelBox b, int& width, int& height) {
  for (const OrientationStep& s : o.steps) {
    switch (s.kind) {
      case OrientationStep::RotateCcw90:  // (x, y) -> (y, W - x), as the grid's pixels move
        b = {b.y, width - b.x, b.height, b.width};
        std::swap(width, height);
        break;
      case OrientationStep::MirrorLeftRight: b.x = width - b.x; break;
      case OrientationStep::MirrorUpDown: b.y = height - b.y; break;
      case OrientationStep::Crop: {
        const int x0 = static_cast<int>(s.left * width + 0.5), y0 = static_cast<int>(s.top * height + 0.5);
        const int nw = std::max(1, width - x0 - static_cast<int>(s.right * width + 0.5));
        const int nh = std::max(1, height - y0 - static_cast<int>(s.bottom * height + 0.5));
        // The box's edges, moved and clipped to [0, nw] x [0, nh].
        const double l = std::max(0.0, b.x - b.width / 2 - x0), r = std::min<double>(nw, b.x + b.width / 2 - x0);
        const double t = std::max(0.0, b.y - b.height / 2 - y0), d = std::min<double>(nh, b.y + b.height / 2 - y0);
        const bool point = b.width == 0 && b.height == 0;
        if (point ? (l >= nw || t >= nh || r < 0 || d < 0) : (l >= r || t >= d)) return std::nullopt;
        b = {(l + r) / 2, (t + d) / 2, r - l, d - t};
        width = nw;
        height = nh;
        break;
      }
    }
  }
  return b;
}

Intrinsics unapply(const Orientation& o, Intrinsics k, int stored_width, int stored_height) {
  // The size before each step, walking forwards, so each step can be undone walking back.
  std::vector<std::pair<int, int>> before;
  int w = stored_width, h = stored_height;
  for (const OrientationStep& s : o.steps) {
    before.emplace_back(w, h);
    size_after(Orientation{{s}}, w, h);
  }
  k = rescale(k, w, h);
  for (size_t i = o.steps.size(); i-- > 0;) {
    const OrientationStep& s = o.steps[i];
    const auto [bw, bh] = before[i];
    switch (s.kind) {
      case OrientationStep::RotateCcw90: {  // (x, y) -> (y, W - x), undone
        const Intrinsics r = k;
        k.fx = r.fy;
        k.fy = r.fx;
        k.cx = bw - r.cy;
        k.cy = r.cx;
        break;
      }
      case OrientationStep::MirrorLeftRight: k.cx = k.width - k.cx; break;
      case OrientationStep::MirrorUpDown: k.cy = k.height - k.cy; break;
      case OrientationStep::Crop:
        k.cx += static_cast<int>(s.left * bw + 0.5);
        k.cy += static_cast<int>(s.top * bh + 0.5);
        break;
    }
    k.width = bw;
    k.height = bh;
  }
  return k;
}

namespace {

template <class Image>
Image resize_nearest_of(Image image, int width, int height, int channels) {
  if (image.width == width && image.height == height) return image;  // moved, not copied
  Image out;
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<size_t>(width) * height * channels);
  for (int y = 0; y < height; ++y) {
    const int sy = std::min(image.height - 1, static_cast<int>((y + 0.5) * image.height / height));
    for (int x = 0; x < width; ++x) {
      const int sx = std::min(image.width - 1, static_cast<int>((x + 0.5) * image.width / width));
      for (int c = 0; c < channels; ++c)
        out.pixels[(static_cast<size_t>(y) * width + x) * channels + c] =
            image.pixels[(static_cast<size_t>(sy) * image.width + sx) * channels + c];
    }
  }
  return out;
}

}  // namespace

GreyImage resize_nearest(GreyImage image, int width, int height) {
  return resize_nearest_of(std::move(image), width, height, 1);
}

RgbImage resize_nearest(RgbImage image, int width, int height) {
  return resize_nearest_of(std::move(image), width, height, 3);
}

Orientation from_exif_orientation(int value) {
  using S = OrientationStep;
  const S ccw{S::RotateCcw90}, lr{S::MirrorLeftRight}, ud{S::MirrorUpDown};
  switch (value) {
    case 2: return {{lr}};
    case 3: return {{ccw, ccw}};
    case 4: return {{ud}};
    case 5: return {{ccw, ud}};        // transpose: stored rows become columns
    case 6: return {{ccw, ccw, ccw}};  // the stored top is on the right: turn 90 degrees clockwise
    case 7: return {{ccw, lr}};        // transverse
    case 8: return {{ccw}};            // turn 90 degrees counterclockwise
    default: return {};
  }
}

}  // namespace pxav
