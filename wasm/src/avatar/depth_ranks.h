// Order statistics of valid depth samples (positive, finite floats): the percentiles the
// foreground and the grid cut at. Positive IEEE floats sort like their bit patterns read as
// unsigned integers, so a counting pass over the high 16 bits of those patterns finds the bucket
// that holds the k-th smallest, and a second pass gathers that bucket's low 16 bits, among which
// two small counts (8 bits each) finish the selection: exact, in linear time, reading the depth
// map in place (no copy of all samples). For the 400k samples of a 768x576 depth map that is
// several times faster than std::nth_element, and the work does not depend on the standard
// library's selection algorithm (libstdc++ natively, libc++ in wasm).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/image.h"  // is_valid_depth: which samples count

namespace pxav {

// The samples ranked: the valid depths of z, and only where mask[i] != 0 when a mask is given
// (mask has z.size() entries).
struct DepthSamples {
  std::span<const float> z;
  const uint8_t* mask = nullptr;
};

// The first pass: how many samples there are, and how they spread over the high 16 bits.
struct DepthCounts {
  size_t count = 0;
  std::vector<uint32_t> high;  // by the high 16 bits, 0x0000..0x7f7f (the valid samples' range)
};
DepthCounts count_depths(const DepthSamples& samples);

// The k-th and m-th smallest sample (0-based, k <= m < counts.count), counts from count_depths
// of the same samples.
std::pair<float, float> depth_ranks(const DepthSamples& samples, const DepthCounts& counts, size_t k, size_t m);

// The nearest rank of percentile p in [0, 1] among n samples: round(p * (n - 1)).
size_t percentile_rank(double p, size_t n);

}  // namespace pxav
