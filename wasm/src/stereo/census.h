// The census transform, most of the matching cost: each pixel becomes 24 bits saying which
// neighbours in a 5x5 window are clearly darker than it. Two pixels match well when few bits
// differ (the Hamming distance), which holds under any monotonic change of brightness between
// the cameras: the reason semi-global matchers prefer it to differences of intensity. "Clearly"
// (by more than kCensusMargin grey levels) keeps sensor noise in flat regions from setting bits
// at random, so flat regions cost alike at every disparity and the smoothness term decides them.
// (A 9x7 window and no margin scored worse on Middlebury's Tsukuba and Cones.)
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"

namespace pxav {

inline constexpr int kCensusWidth = 5, kCensusHeight = 5;
inline constexpr int kCensusMaxCost = kCensusWidth * kCensusHeight - 1;  // 24 bits
inline constexpr int kCensusMargin = 2;

// One code per pixel, row-major; the image's border is repeated outwards.
std::vector<uint32_t> census_transform(const GreyImage& grey);

// The grey level the matcher compares: integer BT.601 luma, the same in both builds.
GreyImage grey_of(const RgbImage& rgb);

}  // namespace pxav
