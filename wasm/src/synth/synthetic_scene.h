// Depth photos with known ground truth, made from geometry: a flat wall, a sphere in front of a
// wall, a "bust" (head and shoulders) in front of a wall. The tests measure the pipeline against
// the exact geometry, and the demo's built-in sample is the bust written as a real HEIC file, so
// the project never needs someone else's photo to show or test itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/camera.h"
#include "core/image.h"
#include "core/subject_hint.h"

namespace pxav {

struct SyntheticScene {
  std::string name;
  DepthMap depth;     // planar Z in metres (finite everywhere: walls close every scene)
  RgbImage colour;    // same size as depth
  GreyImage subject;  // 255 on the subject, 0 on the wall (the ground-truth foreground)
  Intrinsics camera;
  std::vector<SubjectHint> hints;  // where a camera would say it focused, in depth pixels
};

SyntheticScene make_wall_scene(int width, int height, double z_m, double fov_degrees = 60);

struct Sphere {
  double x = 0, y = 0, z = 0.6;  // centre in camera coordinates (y down, z forward), metres
  double radius = 0.15;
};
SyntheticScene make_sphere_scene(int width, int height, const Sphere& sphere, double wall_z_m, double fov_degrees = 60);

// Head, neck and shoulders about 0.5 m from the camera, a wall at 1.4 m: the built-in sample.
SyntheticScene make_bust_scene(int width, int height);

}  // namespace pxav
