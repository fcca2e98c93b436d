// What a stereo pair needs besides its two images: the cameras' focal length and baseline (for
// metres), Middlebury's doffs (the principal points' x difference), and the disparity range to
// search. People give it as `key=value` text (the CLI's --stereo, the page's form) or as
// Middlebury's calib.txt (the CLI's --calib); both parse here to one struct. Without a focal
// length and baseline the pair still gives depth, up to an unknown scale (reported as relative); a
// focal length alone rectifies it calibrated (stereo/essential.h), the depth still relative.
#pragma once

#include <string>
#include <string_view>

#include "core/image.h"
#include "core/result.h"

namespace pxav {

// One camera of a raw (unrectified) stereo rig: pinhole and radial distortion, x_d = x (1 + k1 r^2
// + k2 r^4) on normalised coordinates (OpenCV's k1, k2 with no tangential terms).
struct CameraModel {
  double fx = 0, fy = 0, cx = 0, cy = 0, k1 = 0, k2 = 0;
};

// How the views come: two files (or a container that holds both), or one image holding both side
// by side, the left view on the left (side-by-side) or on the right (cross-eyed, for free viewing
// with crossed eyes).
enum class StereoLayout { TwoViews, SideBySide, CrossEyed };

struct StereoCalibration {
  double focal_px = 0;      // of the views as stored; 0 = unknown
  double baseline_m = 0;    // distance between the camera centres; 0 = unknown
  double doffs = 0;         // x of the right principal point minus the left one, in pixels
  double cx = 0, cy = 0;    // left principal point; 0 = the image centre
  int min_disparity = 0;    // pixels, at the views' own size
  int num_disparities = 0;  // 0 = chosen from the image width
  int scale = 0;            // match at 1 / scale of the size (1, 2, 4, 8); 0 = chosen from the size
  // A full calibration of a raw rig (both cameras, their lens distortion and pose): the views are
  // undistorted and rectified from it (stereo/calibrated_rectify.h) instead of from their pixels.
  bool full = false;
  CameraModel left_camera, right_camera;
  double rotation[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};  // X_left = rotation X_right + translation (row-major)
  double translation[3] = {0, 0, 0};                 // metres
  StereoLayout layout = StereoLayout::TwoViews;      // `layout=side-by-side|cross-eyed`
  bool metric() const { return focal_px > 0 && baseline_m > 0; }
};

// Either "f=... baseline=... doffs=... disparities=... min-disparity=... cx=... cy=... scale=..."
// (baseline in metres; every key optional), with a raw rig's full calibration as
// "left=fx,fy,cx,cy,k1,k2 right=fx,fy,cx,cy,k1,k2 rotation=r11,...,r33 translation=tx,ty,tz"
// (X_left = rotation X_right + translation, metres; all four together, then no f or baseline) or a Middlebury calib.txt
// (cam0=[f 0 cx; 0 f cy; 0 0 1], doffs, baseline in millimetres, ndisp, vmin). Either may say
// layout=side-by-side or layout=cross-eyed (one image holding both views). Errors name the offending key.
Result<StereoCalibration> parse_stereo_setup(std::string_view text);

// Two rectified views of one scene, left first, as a reader found them.
struct StereoViews {
  RgbImage left, right;
  StereoCalibration calibration;
  // "pair" (two image files), "heif-stereo" (a HEIF `ster` group), "mpo", "side-by-side", "cross-eyed"
  const char* source = "";
  // The views' focal length (their pixels) when the files say it but no baseline (EXIF, a HEIF
  // file's camera properties), and where it came from: a pair that needs rectifying is then
  // rectified calibrated (stereo/essential.h), and the relative depth gets that camera.
  double known_focal_px = 0;
  std::string focal_source;
};

}  // namespace pxav
