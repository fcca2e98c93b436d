// The fundamental matrix of two views from point pairs that include wrong ones: Hartley's
// normalised 8-point algorithm inside MSAC (RANSAC scoring each model by its truncated squared
// Sampson errors), then refitted on its inliers until they stop changing (the "local
// optimisation" of LO-RANSAC). Samples come from a fixed-seed generator and every number is
// computed in plain doubles (stereo/small_matrix.h), so a pair gives the same matrix and inliers
// natively and in wasm. x_r^T F x_l = 0 for a true pair.
#pragma once

#include <vector>

#include "stereo/feature_match.h"
#include "stereo/small_matrix.h"

namespace pxav {

struct FundamentalFit {
  Mat3 f{};                     // rank 2; all zeros when no model was found
  std::vector<uint8_t> inlier;  // per pair
  int inliers = 0;
};

// Sampson's first-order distance of a pair from the model, in pixels.
double sampson_distance(const Mat3& f, const PointPair& p);

// threshold: the Sampson distance (pixels) within which a pair is an inlier. Fewer than 8 pairs,
// or pairs that fix no model, give a fit with 0 inliers.
FundamentalFit fit_fundamental(const std::vector<PointPair>& pairs, double threshold, unsigned seed = 1);

// The least-squares 8-point fit to the given pairs (all of them), rank 2.
Mat3 fundamental_least_squares(const std::vector<PointPair>& pairs);

}  // namespace pxav
