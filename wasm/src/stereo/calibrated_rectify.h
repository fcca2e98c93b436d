// Undistortion and rectification of a raw stereo rig from its full calibration (both cameras'
// pinhole and radial distortion, the right camera's pose): both views are re-rendered as seen by
// one ideal camera per view, turned so the baseline is the x axis (the left camera's optical axis
// kept as far as that allows) with the left camera's focal length and principal point and no
// distortion. Each rectified pixel's ray goes back through the rotation and the lens model to
// its pixel in the raw view (no distortion inverse needed), so the depth is metric: Z = f B / d.
#pragma once

#include "core/image.h"
#include "stereo/stereo_setup.h"

namespace pxav {

struct CalibratedViews {
  RgbImage left, right;
  GreyImage left_inside;  // 255 where the rectified left pixel came from the raw view
  double focal_px = 0, cx = 0, cy = 0;
};

// calibration.full must be set; the views keep their size.
CalibratedViews rectify_calibrated(const RgbImage& left, const RgbImage& right, const StereoCalibration& calibration);

}  // namespace pxav
