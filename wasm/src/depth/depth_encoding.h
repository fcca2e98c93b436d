// How stored depth samples relate to metres. Every input kind (HEIC, RGB + depth map, later
// stereo or JPEG) describes its depth image with a RawDepth plus a DepthEncoding; metric_depth.h
// turns the pair into planar Z in metres. Keeping the conversion in one place means a new input
// kind only has to say what its numbers mean.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pxav {

enum class DepthKind {
  Disparity,        // uniform disparity in 1/m from lo (sample 0) to hi (full scale) (Apple: Z = 1/d)
  InverseZ,         // uniform 1/Z between 1/hi (sample 0) and 1/lo (full scale); lo = z_near, hi = z_far
  Z,                // uniform Z from lo (sample 0) to hi (full scale); Google's RangeLinear too
  ScaledZ,          // Z = value * scale (TUM, Kinect: scale = 1/5000); value 0 is invalid
  StereoDisparity,  // Z = focal_px * baseline_m / (value * scale + offset); value 0 is invalid
  RangeInverse,     // Google's GDepth / Dynamic Depth: 1/Z uniform from 1/lo (sample 0) to 1/hi (full scale)
  KinectDisparity,  // Kinect v1 raw disparity: Z = scale / (offset - value); 2047 and values >= offset are invalid
  Nonuniform,       // ISO 23002-3 nonlinear model: refused as unsupported
};

const char* depth_kind_name(DepthKind kind);

struct DepthEncoding {
  DepthKind kind = DepthKind::Disparity;
  double lo = 0, hi = 0;  // range for Disparity, InverseZ, Z
  double scale = 1;       // ScaledZ: metres per unit; StereoDisparity: pixels per unit; KinectDisparity: a
  double baseline_m = 0;  // StereoDisparity only
  bool radial = false;    // values measure distance along the viewing ray (Blender's Z pass)
  std::string source;     // where the encoding came from: "heif-depth-info", "apple-xmp", "user"
  // Depth known up to an unknown scale (Lens Blur's structure from motion, uncalibrated stereo):
  // the numbers are still used as metres, and `info` and the page say they are not.
  bool relative = false;
  // KinectDisparity's b, the raw value the disparity tends to at infinite distance;
  // StereoDisparity's doffs, the principal points' x difference in pixels (Middlebury). Last, so
  // the aggregate initialisers written before it keep meaning what they meant.
  double offset = 0;
};

// Stored samples before interpretation, at the depth image's own resolution.
struct RawDepth {
  int width = 0;
  int height = 0;
  std::vector<float> values;  // the stored numbers as they are (0..255, 0..65535 or float)
  double full_scale = 255;    // the value that means "top of the range" for range encodings
  int bit_depth = 8;          // as stored in the file (8, 16; 32 for float input)
};

}  // namespace pxav
