#include "synth/synthetic_scene.h"

#include <algorithm>
#include <cmath>

namespace pxav {
namespace {

SyntheticScene blank(const char* name, int w, int h, double fov) {
  SyntheticScene s;
  s.name = name;
  s.camera = from_horizontal_fov(w, h, fov, "synthetic");
  s.camera.assumed = false;
  s.depth = {w, h, std::vector<float>(static_cast<size_t>(w) * h)};
  s.colour = {w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 3)};
  s.subject = {w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h, 0)};
  return s;
}

void paint(SyntheticScene& s, int x, int y, uint8_t r, uint8_t g, uint8_t b) {
  uint8_t* p = &s.colour.pixels[(static_cast<size_t>(y) * s.colour.width + x) * 3];
  p[0] = r;
  p[1] = g;
  p[2] = b;
}

// A soft two-tone wall so colour averaging has something to average.
void wall(SyntheticScene& s, int x, int y, double z) {
  s.depth.z[static_cast<size_t>(y) * s.depth.width + x] = static_cast<float>(z);
  const bool check = ((x / 16) + (y / 16)) % 2 == 0;
  paint(s, x, y, check ? 70 : 80, check ? 90 : 100, check ? 120 : 130);
}

// Where the ray through pixel centre (x, y) meets a sphere, or nothing.
std::optional<double> hit_sphere(const Intrinsics& k, int x, int y, const Sphere& sp) {
  const double dx = (x + 0.5 - k.cx) / k.fx, dy = (y + 0.5 - k.cy) / k.fy, dz = 1.0;
  // |t*d - c|^2 = r^2, t = Z because d has unit z.
  const double a = dx * dx + dy * dy + dz * dz;
  const double b = -2 * (dx * sp.x + dy * sp.y + dz * sp.z);
  const double c = sp.x * sp.x + sp.y * sp.y + sp.z * sp.z - sp.radius * sp.radius;
  const double disc = b * b - 4 * a * c;
  if (disc < 0) return std::nullopt;
  return (-b - std::sqrt(disc)) / (2 * a);
}

}  // namespace

SyntheticScene make_wall_scene(int width, int height, double z_m, double fov) {
  SyntheticScene s = blank("wall", width, height, fov);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) wall(s, x, y, z_m);
  return s;
}

SyntheticScene make_sphere_scene(int width, int height, const Sphere& sp, double wall_z, double fov) {
  SyntheticScene s = blank("sphere", width, height, fov);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      auto t = hit_sphere(s.camera, x, y, sp);
      if (t && *t < wall_z) {
        s.depth.z[static_cast<size_t>(y) * width + x] = static_cast<float>(*t);
        s.subject.pixels[static_cast<size_t>(y) * width + x] = 255;
        paint(s, x, y, 200, 60, 50);
      } else {
        wall(s, x, y, wall_z);
      }
    }
  return s;
}

SyntheticScene make_bust_scene(int width, int height) {
  SyntheticScene s = blank("bust", width, height, 55);
  const double wall_z = 1.4;
  const Sphere head{0.0, -0.06, 0.5, 0.09};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      const Intrinsics& k = s.camera;
      const double rx = (x + 0.5 - k.cx) / k.fx, ry = (y + 0.5 - k.cy) / k.fy;
      double z = wall_z;
      int part = 0;  // 0 wall, 1 head, 2 neck, 3 shoulders
      if (auto t = hit_sphere(k, x, y, head)) {
        z = *t;
        part = 1;
      }
      // Shoulders: a wide rounded slab below the head; neck: a short column.
      const double zs = 0.56;
      const double sx = rx * zs, sy = ry * zs;
      if (part == 0 && sy > 0.07 && std::abs(sx) < 0.13 + 0.25 * (sy - 0.07)) {
        z = zs + 0.08 * (sx * sx) / 0.04;
        part = 3;
      } else if (part == 0 && sy > 0.0 && sy <= 0.07 && std::abs(sx) < 0.04) {
        z = 0.54;
        part = 2;
      }
      if (part == 0) {
        wall(s, x, y, wall_z);
        continue;
      }
      s.depth.z[i] = static_cast<float>(z);
      s.subject.pixels[i] = 255;
      if (part == 1) {
        // Skin, darker hair on top, two eyes and a mouth so the avatar has a face.
        const double hx = rx * z - head.x, hy = ry * z - head.y;
        uint8_t r = 232, g = 180, b = 140;
        if (hy < -0.035) {
          r = 90;
          g = 55;
          b = 30;
        }
        if (std::abs(std::abs(hx) - 0.032) < 0.012 && std::abs(hy + 0.01) < 0.01) {
          r = 40;
          g = 60;
          b = 110;
        }
        if (std::abs(hx) < 0.03 && std::abs(hy - 0.045) < 0.007) {
          r = 170;
          g = 60;
          b = 60;
        }
        paint(s, x, y, r, g, b);
      } else if (part == 2) {
        paint(s, x, y, 215, 165, 125);
      } else {
        paint(s, x, y, 40, 140, 120);  // a teal jumper
      }
    }
  return s;
}

}  // namespace pxav
