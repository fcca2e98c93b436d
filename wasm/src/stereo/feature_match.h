// Point correspondences between two views: features matched by descriptor (mutual nearest
// neighbours that also pass Lowe's ratio test), then each right point moved to sub-pixel
// precision by aligning its patch with the left one (Lucas-Kanade, translation only, with the
// patches' brightness and contrast equalised, so an exposure change does not pull it). A left
// point stays on its pixel; the precision of the geometry fitted to these pairs comes from the
// refinement.
#pragma once

#include <vector>

#include "core/image.h"
#include "stereo/features.h"

namespace pxav {

struct PointPair {
  double xl = 0, yl = 0, xr = 0, yr = 0;
  float similarity = 0;  // normalised cross-correlation of the aligned patches, -1..1
  // The aligned patches' mean grey level and standard deviation (the views' exposure difference).
  float mean_l = 0, mean_r = 0, spread_l = 0, spread_r = 0;
};

// Mutual nearest neighbours in Hamming distance whose best distance is under ratio_percent of the
// second best (both ways); index pairs into left and right.
struct FeatureMatch {
  int left = 0, right = 0, distance = 0;
};
std::vector<FeatureMatch> match_features(const std::vector<Feature>& left, const std::vector<Feature>& right,
                                         int ratio_percent, int max_distance);

// Refines each match; drops those whose patches do not align (similarity under min_similarity,
// or a refinement that walks off by more than 3 px).
std::vector<PointPair> refine_matches(const GreyImage& left, const GreyImage& right,
                                      const std::vector<Feature>& left_features,
                                      const std::vector<Feature>& right_features,
                                      const std::vector<FeatureMatch>& matches, double min_similarity);

}  // namespace pxav
