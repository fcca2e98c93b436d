// The geometric transformations a HEIF file asks for (rotation, mirroring, crop: its irot, imir
// and clap properties), as plain data that can be applied to any per-pixel grid and to camera
// intrinsics. Phones often store the rotation on the photo but not on its depth map; applying the
// photo's steps to the depth keeps the two registered and the calibration consistent with both.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/camera.h"
#include "core/image.h"
#include "depth/depth_encoding.h"

namespace pxav {

struct OrientationStep {
  enum Kind { RotateCcw90, MirrorLeftRight, MirrorUpDown, Crop } kind;
  // Crop only: fractions of the width/height removed at each edge (resolution independent).
  double left = 0, top = 0, right = 0, bottom = 0;
  bool operator==(const OrientationStep&) const = default;
};

struct Orientation {
  std::vector<OrientationStep> steps;  // applied in order
  bool is_identity() const { return steps.empty(); }
  bool operator==(const Orientation&) const = default;
};

// Applies every step to a row-major grid of `w` x `h` values; updates w and h.
template <class T>
std::vector<T> apply_to_grid(const Orientation& o, std::vector<T> grid, int& w, int& h) {
  for (const OrientationStep& s : o.steps) {
    std::vector<T> out;
    int nw = w, nh = h;
    if (s.kind == OrientationStep::RotateCcw90) {
      nw = h;
      nh = w;
      out.resize(grid.size());
      for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw; ++x)
          out[static_cast<size_t>(y) * nw + x] = grid[static_cast<size_t>(x) * w + (w - 1 - y)];
    } else if (s.kind == OrientationStep::MirrorLeftRight || s.kind == OrientationStep::MirrorUpDown) {
      out.resize(grid.size());
      const bool lr = s.kind == OrientationStep::MirrorLeftRight;
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          out[static_cast<size_t>(y) * w + x] =
              grid[static_cast<size_t>(lr ? y : h - 1 - y) * w + (lr ? w - 1 - x : x)];
    } else {
      const int x0 = static_cast<int>(s.left * w + 0.5), y0 = static_cast<int>(s.top * h + 0.5);
      nw = std::max(1, w - x0 - static_cast<int>(s.right * w + 0.5));
      nh = std::max(1, h - y0 - static_cast<int>(s.bottom * h + 0.5));
      out.resize(static_cast<size_t>(nw) * nh);
      for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw; ++x)
          out[static_cast<size_t>(y) * nw + x] =
              grid[static_cast<size_t>(std::min(h - 1, y + y0)) * w + std::min(w - 1, x + x0)];
    }
    grid = std::move(out);
    w = nw;
    h = nh;
  }
  return grid;
}

// A point or an axis-aligned box on a grid (a subject hint): centre and extent in continuous pixel
// coordinates, pixel (i, j) covering [i, i + 1) x [j, j + 1); width = height = 0 for a point.
struct PixelBox {
  double x = 0, y = 0, width = 0, height = 0;
  bool operator==(const PixelBox&) const = default;
};

// Where applying o to a width x height grid (as apply_to_grid does) puts the box: a pixel marked
// under the box's centre lands under the turned centre. width and height become the grid's size
// after, as size_after gives it. A crop clips the box to what remains (a point outside it is
// lost); std::nullopt when nothing of the box remains.
std::optional<PixelBox> apply(const Orientation& o, PixelBox box, int& width, int& height);

// EXIF's orientation tag (1..8: as stored, mirrored, turned 180, ..., turned 90 one way or the
// other) as steps; values outside 1..8 are taken as 1.
Orientation from_exif_orientation(int value);

RawDepth apply(const Orientation& o, RawDepth depth);
GreyImage apply(const Orientation& o, GreyImage image);
RgbImage apply(const Orientation& o, RgbImage image);
// The size that applying o to a width x height image gives (as apply_to_grid computes it).
void size_after(const Orientation& o, int& width, int& height);
Intrinsics apply(const Orientation& o, Intrinsics k);
// The inverse: k describes the image that applying o to a stored_width x stored_height image
// gives (at any resolution); the result describes the stored image, at the stored size.
Intrinsics unapply(const Orientation& o, Intrinsics k, int stored_width, int stored_height);

// Nearest sample at each target pixel's centre (mattes and final touches only: not a resampler).
// By value: an image already of that size is handed back as it is, without a copy.
GreyImage resize_nearest(GreyImage image, int width, int height);
RgbImage resize_nearest(RgbImage image, int width, int height);

}  // namespace pxav
