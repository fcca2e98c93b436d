// The stereo stage of the pipeline: two views become what every other input kind brings, a depth map (as disparity with
// its stereo encoding), the colour registered with it (the left view's) and the camera. Large views are matched at a
// reduced size (a depth map of about 500-800 pixels across is what an avatar uses). Every pair first goes through
// pair_geometry: a pair that is not rectified is rectified (and its depth is then relative), the disparity range comes
// from its matched features unless the setup gives one, views given the wrong way round are swapped, and pairs that
// cannot give depth are refused with the reason. An already rectified pair whose features fit the default range is
// matched exactly as before. The disparity map is kept for the exports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"
#include "depth/depth_encoding.h"
#include "stereo/disparity_map.h"
#include "stereo/pair_geometry.h"
#include "stereo/stereo_setup.h"

namespace pxav {

struct StereoDepth {
  RawDepth depth;                              // the dense disparity at the matched size, NaN where nothing was found
  DepthEncoding encoding;                      // StereoDisparity; relative when the pair has no calibration
  Intrinsics camera;                           // at the matched size
  RgbImage colour;                             // the left view at the matched size
  DisparityMap disparity;                      // raw (before filling holes), at the matched size, in its own pixels
  int scale = 1;                               // the views were matched at 1/scale of their size
  int min_disparity = 0, num_disparities = 0;  // searched, at the matched size
  double vertical_offset_px = 0;               // estimated, at the views' own size
  std::string warning;                         // "" or one sentence (rectification)
  PairGeometry geometry;                       // what the sparse matches said
  bool range_found = false;                    // the disparity range came from the sparse matches
  bool calibrated = false;                     // undistorted and rectified from a full calibration first
  std::string depth_scale;                     // why the depth is metric or relative, one phrase
  // The focal length known without a baseline (the setting's f, else the file's: EXIF, HEIF), and
  // where it came from; 0 and "" when none or when the calibration is metric.
  double known_focal_px = 0;
  std::string focal_source;
  double left_right_share =
      0;  // of the left view's pixels (inside the image after rectification), passing the LR check
};

// The disparities to search at the views' own size: the calibration's range when it has one; for
// a calibrated pair without one, everything nearer than kNearestSubjectM (a hand's length from
// the cameras) up to a quarter of the width; uncalibrated, a quarter of the width.
inline constexpr double kNearestSubjectM = 0.35;
int disparities_to_search(const StereoCalibration& calibration, int width);
// What the stage holds beside the matcher's own figure (sgm_memory_bytes) for views matched at
// width x height: the views shrunk, rectified and turned grey, the disparity and depth maps.
size_t stereo_stage_extra_bytes(int width, int height);
// 1, 2, 4 or 8: the reduction a pair of this size is matched at when its setup does not say (about
// 800 pixels across at most, the matcher within max_bytes, and the stage within headroom: the
// memory this instance can still take, core/memory_headroom.h).
int automatic_match_scale(int width, int height, int num_disparities, size_t max_bytes, size_t headroom = SIZE_MAX);

// Errors: UnusablePair with the quality gate's sentence and check (pair_geometry.h); InvalidArgument for views of
// different sizes, a missing view, or a disparity range
// wider than the image; TooLarge when the matching would pass max_bytes, or the memory this
// instance can still take, even at 1/8 of the size (or at the scale the setup gives), with the
// scale or the disparity count that would fit.
Result<StereoDepth> depth_from_views(const StereoViews& views, size_t max_bytes);

}  // namespace pxav
