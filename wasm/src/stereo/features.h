// Sparse features for finding how two views of one scene relate: Harris corners spread over the
// image (the strongest few in each cell of a grid, so one busy corner of the photo cannot take
// them all) with a 256-bit binary descriptor (BRIEF: brightness comparisons of pixel pairs in a
// smoothed patch), which survives exposure changes, a few degrees of roll and a few percent of
// scale. Integer arithmetic throughout, so every build finds the same corners and bits.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/image.h"

namespace pxav {

struct Feature {
  int x = 0, y = 0;                   // the corner, on the pixel grid
  std::array<uint64_t, 4> bits = {};  // the descriptor
};

// The border no feature comes closer to than this: the descriptor's patch and the refinement's
// window fit inside.
inline constexpr int kFeatureBorder = 20;

// Up to max_features corners (fewer in flat images): an empty result says the view has no
// texture to match.
std::vector<Feature> detect_features(const GreyImage& image, int max_features);

inline int hamming(const Feature& a, const Feature& b) {
  int d = 0;
  for (int i = 0; i < 4; ++i) d += __builtin_popcountll(a.bits[i] ^ b.bits[i]);
  return d;
}

}  // namespace pxav
