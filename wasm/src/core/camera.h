// The pinhole camera model that ties pixels to rays. Intrinsics always refer to a stated image
// size; rescale() moves them to another resolution of the same view (the depth map is usually
// a small version of the photo the phone calibrated for).
#pragma once

#include <string>

namespace pxav {

struct Intrinsics {
  double fx = 0, fy = 0;      // focal lengths in pixels
  double cx = 0, cy = 0;      // principal point in pixels, origin at the top-left pixel's corner
  int width = 0, height = 0;  // the image size these numbers refer to
  bool assumed = false;       // true when no calibration was found and a default field of view was used
  std::string source;         // where the numbers came from: "apple-xmp", "heif-cmin", "user", "default-fov"
};

// Field of view used when a file carries no calibration: about an iPhone wide camera (26 mm
// equivalent), the most common source of depth photos.
constexpr double kDefaultHorizontalFovDegrees = 65.0;

Intrinsics rescale(const Intrinsics& k, int width, int height);
Intrinsics from_horizontal_fov(int width, int height, double fov_degrees, std::string source);

}  // namespace pxav
