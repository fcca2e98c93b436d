#include "synth/subject_scenes.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "colour/colour_space.h"

namespace pxav {
namespace {

// What a ray meets: planar depth, colour, and whether it is the subject.
struct Hit {
  double z = 0;
  Rgb8 rgb{};
  bool subject = false;
};

// The nearer of two hits (either may be absent).
void nearest(std::optional<Hit>& best, const std::optional<Hit>& candidate) {
  if (candidate && (!best || candidate->z < best->z)) best = candidate;
}

// The ray through a pixel, as x/z and y/z (y down).
struct Ray {
  double rx, ry;
};

std::optional<double> sphere_z(const Ray& r, double cx, double cy, double cz, double radius) {
  const double a = r.rx * r.rx + r.ry * r.ry + 1;
  const double b = -2 * (r.rx * cx + r.ry * cy + cz);
  const double c = cx * cx + cy * cy + cz * cz - radius * radius;
  const double disc = b * b - 4 * a * c;
  if (disc < 0) return std::nullopt;
  return (-b - std::sqrt(disc)) / (2 * a);
}

double segment_distance(double px, double py, double ax, double ay, double bx, double by) {
  const double vx = bx - ax, vy = by - ay;
  const double t = std::clamp(((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy), 0.0, 1.0);
  return std::hypot(px - ax - t * vx, py - ay - t * vy);
}

// A textured background surface: two tones in 12 cm squares, so colour is not one flat value.
Rgb8 surface(Rgb8 base, double X, double Y) {
  const bool check = (static_cast<int>(std::floor(X / 0.12)) + static_cast<int>(std::floor(Y / 0.12))) % 2 == 0;
  const int d = check ? 8 : -8;
  Rgb8 out;
  for (int c = 0; c < 3; ++c) out[c] = static_cast<uint8_t>(std::clamp(base[c] + d, 0, 255));
  return out;
}

// Head, neck and a torso that leaves through the bottom of the frame; ox shifts it sideways,
// lean (metres of depth per metre down) tilts the torso away from the camera.
struct Person {
  double ox = 0, head_z = 0.55, body_z = 0.62, lean = 0;
};

std::optional<Hit> person(const Ray& r, const Person& p) {
  std::optional<Hit> best;
  const double head_y = -0.10, head_r = 0.085;
  if (auto z = sphere_z(r, p.ox, head_y, p.head_z, head_r)) {
    const double hx = r.rx * *z - p.ox, hy = r.ry * *z - head_y;
    Rgb8 c{226, 178, 142};                                                                         // skin
    if (hy < -0.03 || (hy < 0.0 && std::abs(hx) > 0.06)) c = {84, 52, 32};                         // hair
    if (std::abs(std::abs(hx) - 0.03) < 0.011 && std::abs(hy + 0.008) < 0.008) c = {45, 60, 100};  // eyes
    if (std::abs(hx) < 0.028 && std::abs(hy - 0.045) < 0.006) c = {170, 70, 70};                   // mouth
    nearest(best, Hit{*z, c, true});
  }
  {
    const double z = p.head_z + 0.03;
    const double X = r.rx * z - p.ox, Y = r.ry * z;
    if (std::abs(X) < 0.036 && Y > -0.04 && Y < 0.06) nearest(best, Hit{z, {214, 166, 128}, true});
  }
  {
    // Plane z = body_z + lean * Y through the ray (Y = ry * z), then a rounded chest.
    const double denominator = 1 - p.lean * r.ry;
    if (denominator > 0.05) {
      double z = p.body_z / denominator;
      const double X = r.rx * z - p.ox, Y = r.ry * z;
      z += 0.6 * X * X;
      const double half_width = std::min(0.12 + 0.9 * (Y - 0.04), 0.19 + 0.05 * (Y - 0.118));
      if (Y > 0.04 && std::abs(X) < half_width) {
        const Rgb8 c = std::abs(Y - 0.2) < 0.02 ? Rgb8{230, 225, 210} : Rgb8{38, 132, 116};  // a jumper, one stripe
        nearest(best, Hit{z, c, true});
      }
    }
  }
  return best;
}

std::optional<Hit> hand(const Ray& r) {
  std::optional<Hit> best;
  const Rgb8 skin{222, 170, 136};
  {
    const double z0 = 0.32, X = r.rx * z0, Y = r.ry * z0;
    const double e = (X / 0.048) * (X / 0.048) + ((Y - 0.01) / 0.045) * ((Y - 0.01) / 0.045);
    if (e < 1) nearest(best, Hit{z0 + 0.01 * e, skin, true});
  }
  {
    // Four fingers spread a little, and the thumb out to the side, slightly nearer than the palm.
    struct Finger {
      double bx, by, angle_deg, length, radius;
    };
    const Finger fingers[] = {{-0.032, -0.025, -14, 0.062, 0.0085},
                              {-0.011, -0.03, -5, 0.074, 0.009},
                              {0.011, -0.03, 4, 0.071, 0.009},
                              {0.032, -0.025, 13, 0.058, 0.0085},
                              {0.04, 0.02, 62, 0.052, 0.0105}};
    const double z0 = 0.31, X = r.rx * z0, Y = r.ry * z0;
    for (const Finger& f : fingers) {
      const double a = f.angle_deg * 3.14159265358979 / 180;
      const double tx = f.bx + std::sin(a) * f.length, ty = f.by - std::cos(a) * f.length;
      const double d = segment_distance(X, Y, f.bx, f.by, tx, ty);
      if (d < f.radius) nearest(best, Hit{z0 + 0.004 * d / f.radius, {216, 160, 128}, true});
    }
  }
  {
    // The wrist and forearm, leaving through the bottom edge, leaning away: a plane that meets
    // the palm's lower edge at its depth, so wrist and palm are one continuous surface.
    const double denominator = 1 - 0.4 * r.ry;
    const double z = 0.309 / denominator, X = r.rx * z, Y = r.ry * z;
    if (Y > 0.03 && std::abs(X) < 0.031 + 0.08 * (Y - 0.03)) nearest(best, Hit{z, {206, 156, 124}, true});
  }
  return best;
}

// A flat object at depth z with its outline in metres at that depth.
template <class Inside>
std::optional<Hit> flat(const Ray& r, double z, Rgb8 rgb, Inside inside) {
  const double X = r.rx * z, Y = r.ry * z;
  if (!inside(X, Y)) return std::nullopt;
  return Hit{z, surface(rgb, X, Y), false};
}

std::optional<Hit> back_wall(const Ray& r, double z, Rgb8 rgb) {
  return flat(r, z, rgb, [](double, double) { return true; });
}

// A horizontal plane `below` metres under the camera (y down), from z_near to z_far.
std::optional<Hit> floor_plane(const Ray& r, double below, double z_near, double z_far, Rgb8 rgb) {
  if (r.ry <= 0) return std::nullopt;
  const double z = below / r.ry;
  if (z < z_near || z > z_far) return std::nullopt;
  return Hit{z, surface(rgb, r.rx * z, z), false};
}

// A person standing 2.2 m away on a floor 1.0 m below the camera: head, torso, arms and legs as
// rounded slabs, feet on the floor.
std::optional<Hit> standing_person(const Ray& r) {
  std::optional<Hit> best;
  constexpr double z0 = 2.2, floor_y = 1.0;
  if (auto z = sphere_z(r, 0, -0.62, z0 - 0.05, 0.11)) nearest(best, Hit{*z, {224, 176, 140}, true});
  const double X = r.rx * z0, Y = r.ry * z0;
  const auto slab = [&](double x0, double x1, double y0, double y1, Rgb8 rgb) {
    if (X < x0 || X > x1 || Y < y0 || Y > y1) return;
    const double cx = (x0 + x1) / 2, half = (x1 - x0) / 2, u = (X - cx) / half;
    nearest(best, Hit{z0 - 0.06 * (1 - u * u), rgb, true});
  };
  slab(-0.2, 0.2, -0.5, 0.15, {180, 40, 50});    // a red jacket
  slab(-0.27, -0.2, -0.48, 0.1, {170, 36, 46});  // arms
  slab(0.2, 0.27, -0.48, 0.1, {170, 36, 46});
  slab(-0.05, 0.05, -0.53, -0.49, {214, 166, 128});  // neck
  slab(-0.17, -0.02, 0.15, floor_y, {40, 50, 90});   // legs in jeans
  slab(0.02, 0.17, 0.15, floor_y, {40, 50, 90});
  return best;
}

// A ball resting on a table top 25 cm below the camera.
std::optional<Hit> ball_on_table(const Ray& r) {
  std::optional<Hit> best;
  if (auto z = sphere_z(r, 0.02, 0.25 - 0.06, 0.62, 0.06)) {
    const double Y = r.ry * *z;
    nearest(best, Hit{*z, Y < 0.17 ? Rgb8{230, 120, 30} : Rgb8{200, 100, 24}, true});
  }
  return best;
}

// A bottle standing right of centre at 1.1 m.
std::optional<Hit> bottle(const Ray& r) {
  constexpr double cx = 0.18, z0 = 1.1, radius = 0.045;
  const double X = r.rx * z0 - cx, Y = r.ry * z0;
  const double half = Y < -0.05 ? 0.015 : radius;  // the neck, then the body
  if (std::abs(X) > half || Y < -0.16 || Y > 0.14) return std::nullopt;
  return Hit{z0 - std::sqrt(std::max(0.0, half * half - X * X)), Y < -0.05 ? Rgb8{40, 120, 60} : Rgb8{30, 100, 50},
             true};
}

std::optional<Hit> scene_hit(std::string_view name, const Ray& r) {
  std::optional<Hit> best;
  if (name == "person") {
    nearest(best, person(r, {}));
    nearest(best, back_wall(r, 1.6, {200, 190, 170}));
  } else if (name == "hand") {
    nearest(best, hand(r));
    nearest(best, back_wall(r, 1.0, {120, 130, 150}));
  } else if (name == "leaning") {
    nearest(best, person(r, {0, 0.40, 0.45, 0.5}));
    nearest(best, back_wall(r, 1.3, {180, 185, 195}));
  } else if (name == "chair") {
    nearest(best, person(r, {}));
    // A chair back right behind the head and shoulders, its top corners rounded.
    nearest(best, flat(r, 0.72, {62, 62, 74}, [](double X, double Y) {
              if (std::abs(X) > 0.21 || Y < -0.27) return false;
              const double cx = std::abs(X) - 0.15, cy = Y + 0.21;
              return !(cx > 0 && cy < 0 && std::hypot(cx, cy) > 0.06);
            }));
    nearest(best, back_wall(r, 2.0, {215, 212, 205}));
  } else if (name == "door-frame") {
    nearest(best, person(r, {0.06, 0.60, 0.66, 0}));
    nearest(best, flat(r, 0.95, {226, 220, 208}, [](double X, double) { return X > -0.30 && X < -0.19; }));
    nearest(best, back_wall(r, 2.6, {150, 165, 150}));
  } else if (name == "table") {
    nearest(best, person(r, {}));
    // A table top 22 cm below the camera from 0.72 to 1.5 m, and its front panel below that.
    if (r.ry > 0) {
      const double z = 0.22 / r.ry;
      if (z >= 0.72 && z <= 1.5) nearest(best, Hit{z, surface({120, 82, 52}, r.rx * z, z), false});
    }
    nearest(best, flat(r, 0.72, {96, 64, 40}, [](double, double Y) { return Y > 0.22; }));
    nearest(best, back_wall(r, 2.4, {190, 200, 210}));
  } else if (name == "wall-behind") {
    // A wall 6 cm behind the shoulders: with soft depth the head and the wall touch in depth.
    nearest(best, person(r, {}));
    nearest(best, back_wall(r, 0.68, {186, 180, 168}));
  } else if (name == "standing") {
    nearest(best, standing_person(r));
    nearest(best, floor_plane(r, 1.0, 0.6, 5.0, {150, 120, 90}));
    nearest(best, back_wall(r, 5.0, {200, 196, 186}));
  } else if (name == "ball-on-table") {
    nearest(best, ball_on_table(r));
    nearest(best, floor_plane(r, 0.25, 0.3, 1.4, {120, 84, 56}));
    nearest(best, back_wall(r, 1.4, {190, 198, 206}));
  } else if (name == "focus-off-centre") {
    // The camera focused on the bottle (the scene's hint); a shelf's end at the left edge is nearer.
    nearest(best, bottle(r));
    nearest(best, flat(r, 0.55, {150, 110, 70}, [](double X, double) { return X < -0.21; }));
    nearest(best, floor_plane(r, 0.14, 0.3, 2.0, {170, 160, 150}));
    nearest(best, back_wall(r, 2.0, {210, 206, 196}));
  } else if (name == "near-wall") {
    // A wall close behind the person on the left, an open room far behind on the right.
    nearest(best, person(r, {0.02, 0.50, 0.56, 0}));
    nearest(best, flat(r, 0.85, {205, 196, 180}, [](double X, double) { return X < 0.10; }));
    nearest(best, back_wall(r, 4.0, {110, 100, 95}));
  }
  return best;
}

}  // namespace

std::vector<std::string_view> subject_scene_names() {
  return {"person",    "hand",        "leaning",  "chair",         "door-frame",      "table",
          "near-wall", "wall-behind", "standing", "ball-on-table", "focus-off-centre"};
}

SyntheticScene make_subject_scene(std::string_view name, int width, int height) {
  SyntheticScene s;
  const auto names = subject_scene_names();
  if (std::find(names.begin(), names.end(), name) == names.end() || width < 3 || height < 3) return s;
  s.name = std::string(name);
  s.camera = from_horizontal_fov(width, height, 60, "synthetic");
  s.camera.assumed = false;
  const size_t n = static_cast<size_t>(width) * height;
  s.depth = {width, height, std::vector<float>(n)};
  s.colour = {width, height, std::vector<uint8_t>(n * 3)};
  s.subject = {width, height, std::vector<uint8_t>(n, 0)};
  std::vector<float> sharp(n);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const size_t i = static_cast<size_t>(y) * width + x;
      const Ray r{(x + 0.5 - s.camera.cx) / s.camera.fx, (y + 0.5 - s.camera.cy) / s.camera.fy};
      const Hit h = *scene_hit(name, r);  // every scene ends in a wall
      sharp[i] = static_cast<float>(h.z);
      std::copy(h.rgb.begin(), h.rgb.end(), s.colour.pixels.begin() + static_cast<std::ptrdiff_t>(i * 3));
      s.subject.pixels[i] = h.subject ? 255 : 0;
    }
  }
  // Soft depth at silhouettes: where the 3x3 neighbourhood spans more than 5% in depth, the
  // sample becomes the neighbourhood's mean, as a phone's depth blurs across an edge.
  if (name == "focus-off-centre") {
    // Where the bottle's centre projects: x = fx X / Z + cx.
    SubjectHint focus;
    focus.source = "synthetic";
    focus.x = s.camera.fx * 0.18 / 1.1 + s.camera.cx;
    focus.y = s.camera.fy * 0.0 / 1.1 + s.camera.cy;
    s.hints.push_back(focus);
  }
  s.depth.z = sharp;
  for (int y = 1; y + 1 < height; ++y) {
    for (int x = 1; x + 1 < width; ++x) {
      float lo = sharp[static_cast<size_t>(y) * width + x], hi = lo, sum = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const float z = sharp[static_cast<size_t>(y + dy) * width + x + dx];
          lo = std::min(lo, z), hi = std::max(hi, z), sum += z;
        }
      if (hi > lo * 1.05f) s.depth.z[static_cast<size_t>(y) * width + x] = sum / 9;
    }
  }
  return s;
}

}  // namespace pxav
