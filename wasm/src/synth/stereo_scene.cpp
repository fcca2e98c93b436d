#include "synth/stereo_scene.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace pxav {
namespace {

// A deterministic texture: bilinear interpolation of hashed lattice values, per surface seed.
double lattice(int seed, int i, int j, int channel) {
  uint32_t h = static_cast<uint32_t>(seed) * 0x9e3779b1u ^ static_cast<uint32_t>(i) * 0x85ebca6bu ^
               static_cast<uint32_t>(j) * 0xc2b2ae35u ^ static_cast<uint32_t>(channel) * 0x27d4eb2fu;
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return 30 + (h % 196);
}

double texture(int seed, double u, double v, int channel) {
  constexpr double kCell = 2.0;
  const double fu = u / kCell, fv = v / kCell;
  const int i = static_cast<int>(std::floor(fu)), j = static_cast<int>(std::floor(fv));
  const double a = fu - i, b = fv - j;
  return (1 - a) * (1 - b) * lattice(seed, i, j, channel) + a * (1 - b) * lattice(seed, i + 1, j, channel) +
         (1 - a) * b * lattice(seed, i, j + 1, channel) + a * b * lattice(seed, i + 1, j + 1, channel);
}

// Surfaces front to back; disparity in the left view's coordinates, d(x) = d0 + slope * (x - x0).
struct Surface {
  int seed;
  double x0, x1, y0, y1;  // footprint in the left view
  double d0, slope;
  double disparity(double x) const { return d0 + slope * (x - x0); }
  bool covers_left(double x, double y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
  // The left-view x that a right-view pixel xr sees on this surface: x - d(x) = xr.
  double left_x(double xr) const { return (xr + d0 - slope * x0) / (1 - slope); }
};

}  // namespace

StereoScene make_stereo_scene(int width, int height, int margin, int texture_seed, double box_dx, double box_dy) {
  const double w = width, h = height;
  const int k = 10 * texture_seed;
  const Surface surfaces[] = {
      {3 + k, 0.56 * w + box_dx, 0.84 * w + box_dx, 0.18 * h + box_dy, 0.58 * h + box_dy, 64, 0},  // the box, nearest
      {2 + k, 0.08 * w, 0.46 * w, 0.52 * h, 0.92 * h, 40, 12 / (0.38 * w)},  // slanted: 40 -> 52 px
      {1 + k, -1e9, 1e9, -1e9, 1e9, 32, 0},                                  // the background
  };
  // Where each surface's texture is anchored (the box's moves with it).
  const double tex_dx[] = {box_dx, 0, 0}, tex_dy[] = {box_dy, 0, 0};
  StereoScene s;
  s.focal_px = 400;
  s.baseline_m = 0.05;  // background at 0.625 m, box at 0.3125 m
  s.num_disparities = 80;
  s.left.width = s.right.width = width;
  s.left.height = s.right.height = height;
  s.left.pixels.resize(static_cast<size_t>(width) * height * 3);
  s.right.pixels.resize(s.left.pixels.size());
  s.disparity.resize(static_cast<size_t>(width) * height);
  s.checkable.assign(s.disparity.size(), 0);
  std::vector<int> owner(s.disparity.size());
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      // Left view: the first surface whose footprint holds the pixel.
      for (int n = 0; n < 3; ++n)
        if (surfaces[n].covers_left(x, y)) {
          owner[i] = n;
          s.disparity[i] = static_cast<float>(surfaces[n].disparity(x));
          for (int c = 0; c < 3; ++c)
            s.left.pixels[i * 3 + c] =
                static_cast<uint8_t>(std::lround(texture(surfaces[n].seed, x - tex_dx[n], y - tex_dy[n], c)));
          break;
        }
      // Right view: the first surface that the right camera sees at xr.
      for (int n = 0; n < 3; ++n) {
        const double xl = surfaces[n].left_x(x);
        if (!surfaces[n].covers_left(xl, y)) continue;
        for (int c = 0; c < 3; ++c)
          s.right.pixels[i * 3 + c] =
              static_cast<uint8_t>(std::lround(texture(surfaces[n].seed, xl - tex_dx[n], y - tex_dy[n], c)));
        break;
      }
    }
  // Checkable: the same surface seen from both cameras, away from edges and borders.
  for (int y = margin; y < height - margin; ++y)
    for (int x = margin; x < width - margin; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      bool ok = true;
      for (int dy = -margin; dy <= margin && ok; ++dy)
        for (int dx = -margin; dx <= margin && ok; ++dx)
          ok = owner[static_cast<size_t>(y + dy) * width + x + dx] == owner[i];
      const double xr = x - s.disparity[i];
      if (!ok || xr < margin) continue;
      // Visible in the right view: no nearer surface covers the point there.
      for (int n = 0; n < owner[i] && ok; ++n) ok = !surfaces[n].covers_left(surfaces[n].left_x(xr), y);
      s.checkable[i] = ok;
    }
  return s;
}

RgbImage side_by_side_image(const RgbImage& first, const RgbImage& second) {
  const int w = first.width + second.width, h = std::min(first.height, second.height);
  RgbImage out{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 3)};
  for (int y = 0; y < h; ++y) {
    uint8_t* row = &out.pixels[static_cast<size_t>(y) * w * 3];
    std::memcpy(row, first.at(0, y), static_cast<size_t>(first.width) * 3);
    std::memcpy(row + static_cast<size_t>(first.width) * 3, second.at(0, y), static_cast<size_t>(second.width) * 3);
  }
  return out;
}

}  // namespace pxav
