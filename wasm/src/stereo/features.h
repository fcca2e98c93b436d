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

// Bits set, by halves, nibbles and bytes (the compiler's popcount is a library call on x86
// without -mpopcnt, and the matcher makes millions of these).
inline int bit_count(uint64_t v) {
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<int>((v * 0x0101010101010101ull) >> 56);
}

inline int hamming(const Feature& a, const Feature& b) {
  return bit_count(a.bits[0] ^ b.bits[0]) + bit_count(a.bits[1] ^ b.bits[1]) + bit_count(a.bits[2] ^ b.bits[2]) +
         bit_count(a.bits[3] ^ b.bits[3]);
}

}  // namespace pxav
