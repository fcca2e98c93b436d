// Rectifying homographies from a fundamental matrix (Hartley 1999, "Theory and practice of
// projective rectification"): the right view is turned about its centre so its epipole lies on
// the x axis and then sent to infinity with the least perspective that does it; the left view
// gets the matching homography whose free affine part (it moves no row) makes that view's map a
// similarity at its centre (Hartley fits it to the inliers instead, which stretches and shears
// the view by whatever the scene's depth has in common with x and y). One common scale and
// shift then puts the left view back on its own frame (same area, same centre). After it, a
// scene point lies on one row in both views. warp_view resamples a view through a homography.
#pragma once

#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "stereo/feature_match.h"
#include "stereo/small_matrix.h"

namespace pxav {

struct Rectification {
  Mat3 left = mat3_identity(), right = mat3_identity();  // original pixel -> rectified pixel
};

// inlier: the pairs to fit the left view's affine part to (those of the fundamental fit).
// Errors: InvalidArgument when the matrix has no epipoles (not rank 2) or the pairs fix nothing.
Result<Rectification> rectify_from_fundamental(const Mat3& f, const std::vector<PointPair>& pairs,
                                               const std::vector<uint8_t>& inlier, int width, int height);

// Rectified coordinates of a point.
void apply_homography(const Mat3& h, double x, double y, double& out_x, double& out_y);

// The view resampled (cubic convolution) through h, at width x height; `valid` (optional) gets 255 where the
// output pixel came from inside the view, 0 elsewhere (those pixels are black).
RgbImage warp_view(const RgbImage& view, const Mat3& h, int width, int height, GreyImage* valid = nullptr);

}  // namespace pxav
