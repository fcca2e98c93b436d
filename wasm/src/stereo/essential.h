// Calibrated rectification when only the focal length is known (EXIF, a HEIF file's camera
// properties): the essential matrix from the fundamental one and the camera matrix (E = K^T F K,
// both views with the same K, the principal point at the image centre), its singular values made
// equal as an essential matrix's are, the four rotations and translations it allows, and the one
// that puts the matched points in front of both cameras (cheirality). The rectifying homographies
// then turn both views about their centres (no skew, no scale change: what a camera on a rail
// would have seen), the left one as little as the baseline allows. The baseline's length stays
// unknown, so the depth is relative, but it is depth (Z proportional to 1 / disparity), not the
// projective distortion an uncalibrated rectification leaves. Plain doubles (small_matrix), so
// both builds decide alike.
#pragma once

#include <vector>

#include "core/result.h"
#include "stereo/feature_match.h"
#include "stereo/rectify.h"
#include "stereo/small_matrix.h"

namespace pxav {

struct RelativePose {
  Mat3 rotation = mat3_identity();  // X_right = rotation X_left + translation (camera coordinates)
  Vec3 translation{};               // unit length
  int in_front = 0;                 // inlier pairs triangulated in front of both cameras
};

// x_r^T f x_l = 0 in pixels; focal_px, cx, cy the views' shared camera matrix. Errors:
// InvalidArgument when no pose puts most inliers in front of both cameras (the focal length or the
// matches are wrong).
Result<RelativePose> pose_from_fundamental(const Mat3& f, double focal_px, double cx, double cy,
                                           const std::vector<PointPair>& pairs, const std::vector<uint8_t>& inlier);

// Homographies (pixels to pixels) that rectify the views of this pose: the new x axis along the
// baseline, the left optical axis made perpendicular to it, the same focal length, and both
// shifted so the left view's centre stays where it was. A baseline pointing left (the views given
// right first) keeps the views upright; its disparities come out negative.
Rectification rectify_from_pose(const RelativePose& pose, double focal_px, double cx, double cy, int width, int height);

}  // namespace pxav
