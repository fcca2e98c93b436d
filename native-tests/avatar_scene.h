// Generated scenes with known ground truth for the avatar tests: a flat subject (or a tilted one)
// in front of a wall, seen by a 320x240 pinhole camera. Everything is built in memory so each
// test can say exactly which pixels are the subject.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "colour/colour_space.h"
#include "core/camera.h"
#include "core/image.h"

namespace pxav::test {

struct Box {
  int x0, y0, x1, y1;  // [x0, x1) x [y0, y1)
  bool contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

struct Scene {
  DepthMap depth;
  RgbImage colour;
  Intrinsics camera;
  Box subject;
};

constexpr int kSceneWidth = 320, kSceneHeight = 240;
constexpr float kSubjectZ = 0.5f, kWallZ = 2.0f;
constexpr Rgb8 kSubjectRgb = {200, 60, 40}, kWallRgb = {40, 80, 160};

inline Intrinsics scene_camera() {
  Intrinsics k;
  k.fx = k.fy = 300;
  k.cx = kSceneWidth / 2.0;
  k.cy = kSceneHeight / 2.0;
  k.width = kSceneWidth;
  k.height = kSceneHeight;
  k.source = "user";
  return k;
}

// A subject rectangle at kSubjectZ (or, with tilt_m, a plane whose depth grows by tilt_m from its
// left to its right edge) in front of a wall at kWallZ.
inline Scene plane_scene(Box subject = {100, 60, 220, 200}, float tilt_m = 0) {
  Scene s;
  s.subject = subject;
  s.camera = scene_camera();
  s.depth.width = s.colour.width = kSceneWidth;
  s.depth.height = s.colour.height = kSceneHeight;
  s.depth.z.resize(kSceneWidth * kSceneHeight);
  s.colour.pixels.resize(kSceneWidth * kSceneHeight * 3);
  for (int y = 0; y < kSceneHeight; ++y) {
    for (int x = 0; x < kSceneWidth; ++x) {
      const size_t i = static_cast<size_t>(y) * kSceneWidth + x;
      const bool in = subject.contains(x, y);
      const float ramp = tilt_m * static_cast<float>(x - subject.x0) / static_cast<float>(subject.x1 - subject.x0 - 1);
      s.depth.z[i] = in ? kSubjectZ + ramp : kWallZ;
      const Rgb8& c = in ? kSubjectRgb : kWallRgb;
      for (int k = 0; k < 3; ++k) s.colour.pixels[i * 3 + k] = c[k];
    }
  }
  return s;
}

inline void set_depth(Scene& s, int x, int y, float z) { s.depth.z[static_cast<size_t>(y) * s.depth.width + x] = z; }

}  // namespace pxav::test
