// How two views of a stereo pair relate, found from the pixels before any dense matching: sparse
// features matched across the views, a robust fundamental matrix, and from them whether the pair
// is rectified already (its matches lie on the same rows), the rectifying homographies when it is
// not, the disparities the scene spans (so the dense search covers both signs of a converged
// pair), whether the views were given the wrong way round, and the quality gate: pairs that
// cannot give depth are refused with the reason instead of being matched into noise.
#pragma once

#include <string>

#include "core/image.h"
#include "core/result.h"
#include "stereo/essential.h"
#include "stereo/rectify.h"

namespace pxav {

// The gate's thresholds (full-size pixels unless said). Why each value is what it is:
struct PairGate {
  // Below this many pairs consistent with one epipolar geometry, a fit is luck: 8 fix the model,
  // and random pairs pass a 1 px band often enough that a few dozen are needed to be sure.
  int min_inliers = 20;
  // A share of the descriptor matches consistent with one geometry below this means most matches
  // are coincidences between different scenes (a same-scene pair measures 60-95%).
  double min_inlier_share = 0.3;
  // The views differ by less than this (median shift of the matches, pixels at the feature
  // size): the same picture twice, or a camera that stayed put.
  double min_motion_px = 1.0;
  // A second rigid motion among the matches the first geometry rejects, carried by at least this
  // share of the first's inliers (and 12 pairs): something in the scene moved between the shots.
  double moved_share = 0.15;
  // The views share less than this share of their width (from the median disparity).
  double min_overlap = 0.3;
  // Already rectified when the inliers' rows differ by at most this (median) and max_row_p90
  // (90th percentile); the tolerance of a calibrated stereo camera's rectification.
  double max_row_median = 0.5, max_row_p90 = 1.0;
};

struct PairGeometry {
  bool rectify = false;    // the views need the homographies below
  bool rows_only = false;  // ... and they only move the right view's rows (h.left is the identity)
  bool swapped = false;    // the views were given right first; h.left applies to the given right
  Rectification h;         // full-size pixels
  // Rectified calibrated: the essential matrix from the known focal length gave the homographies
  // (pose is the right camera's against the left's); else Hartley's uncalibrated ones.
  bool calibrated = false;
  RelativePose pose;
  std::string calibration_note;  // why a known focal length was not used, "" otherwise
  double largest_move_px = 0;    // the farthest either homography moves a corner or the centre
  double epipole_widths = 0;     // the nearer epipole's distance from the centre, in image widths (1e9: at infinity)
  int features_left = 0, features_right = 0;
  int matches = 0;                  // descriptor matches that aligned at sub-pixel precision
  int inliers = 0;                  // of those, consistent with the fundamental matrix
  double row_error_before = 0;      // median |row difference| of the inliers as given, full-size px
  double row_error_p90_before = 0;  // its 90th percentile
  double residual = 0;              // the same after rectification (= before when not rectified)
  // The inliers' disparities after rectification (x_left - x_right, full-size px): 1st, 50th and
  // 99th percentiles.
  double disparity_low = 0, disparity_median = 0, disparity_high = 0;
  int feature_scale = 1;  // features were found at 1/feature_scale of the size
  // The right view's exposure against the left's, from the matched patches: left = gain * right +
  // bias. equalise says it differs enough (8% of gain or 6 grey levels at mid-grey; Middlebury's
  // Cones, one camera, measures 4% and 4 levels) to correct.
  double gain = 1, bias = 0;
  bool equalise = false;
};

// The right view brought to the left's exposure (each channel through gain and bias).
RgbImage equalise_exposure(const RgbImage& view, double gain, double bias);

// keep_left: the pair has a metric calibration; when its rows are off only a little, correct them
// by moving the right view's rows alone (an affine map of y, fitted to the inliers), which leaves
// the left view and every disparity as they were, so the depth stays metric; Hartley's
// rectification only when that correction does not bring the median row error within the gate.
// may_swap: the order of the views is a guess (two files named by the user), so a pair from
// near-parallel cameras whose disparities are nearly all negative is taken as given the wrong
// way round (turned-in cameras can give such disparities in the right order: they are kept). Errors: UnusablePair
// with the gate's sentence and the check that failed in ErrorFields::check: "same-scene" (not the
// same scene), "camera-moved" (the camera did not move), "scene-still" (the scene changed),
// "overlap" (too little overlap). focal_px: the views' focal length when known without a baseline
// (EXIF, a HEIF file's camera properties): a pair that needs rectifying is then rectified
// calibrated (stereo/essential.h) when that brings the rows within the gate's tolerance, else as
// without it.
Result<PairGeometry> analyse_pair(const RgbImage& left, const RgbImage& right, bool may_swap, bool keep_left = false,
                                  double focal_px = 0, const PairGate& gate = {});

}  // namespace pxav
