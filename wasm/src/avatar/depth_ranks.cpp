#include "avatar/depth_ranks.h"

#include <cmath>
#include <cstring>

namespace pxav {
namespace {

// Buckets of the high 16 bits that valid samples reach: 0x0000 (the denormals) to 0x7f7f (up to
// FLT_MAX). One more, kDiscard, takes every sample that does not count, so the first pass needs
// no branch, only a choice of index; it is emptied at the end.
constexpr size_t kBuckets = 0x7f80 + 1;
constexpr uint32_t kDiscard = 0x7f80;

uint32_t bits(float z) {
  uint32_t u;
  std::memcpy(&u, &z, sizeof u);
  return u;
}
float from_bits(uint32_t u) {
  float z;
  std::memcpy(&z, &u, sizeof z);
  return z;
}
// is_valid_depth on the bit pattern: 1..0x7f7fffff are the finite positive floats.
bool valid_bits(uint32_t u) { return u - 1u < 0x7f7fffffu; }

// True when the 8 mask bytes from m on are all 0. Subjects are compact, so most of a masked
// pass is long runs outside the mask, skipped 8 at a time instead of tested one by one.
bool none_of_8(const uint8_t* m) {
  uint64_t word;
  std::memcpy(&word, m, sizeof word);
  return word == 0;
}

// Calls one(i) for every sample the mask lets in (every sample when there is no mask); the
// caller still tests the sample's validity itself.
template <typename One>
void for_each_candidate(const DepthSamples& s, One&& one) {
  const size_t n = s.z.size();
  if (s.mask == nullptr) {
    for (size_t i = 0; i < n; ++i) one(i);
    return;
  }
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (none_of_8(s.mask + i)) continue;
    for (size_t j = i; j < i + 8; ++j)
      if (s.mask[j] != 0) one(j);
  }
  for (; i < n; ++i)
    if (s.mask[i] != 0) one(i);
}

// The bucket that holds rank k, and k's rank inside that bucket.
struct Bucket {
  uint32_t key;
  size_t rank;
};
Bucket find_bucket(const std::vector<uint32_t>& histogram, size_t k) {
  // Depths fill a few hundred of the 65536 buckets, thousands of places from 0: whole spans of
  // 256 are skipped by their sum (a loop the compiler vectorises), then the span is walked.
  constexpr size_t kSpan = 256;
  size_t below = 0, key = 0;
  for (; key + kSpan <= histogram.size(); key += kSpan) {
    size_t span = 0;
    for (size_t j = key; j < key + kSpan; ++j) span += histogram[j];
    if (below + span > k) break;
    below += span;
  }
  while (below + histogram[key] <= k) below += histogram[key++];
  return {static_cast<uint32_t>(key), k - below};
}

// The rank-th smallest of 16-bit values (rank < low.size()), by the same counting in two steps
// of 8 bits, over small tables on the stack. A bucket's samples often share a few values, so
// one counter would take most increments, each waiting for the last: four tables, one per
// sample modulo 4, summed at the end, make the chains four times shorter.
uint32_t select_low(const std::vector<uint16_t>& low, size_t rank) {
  // digit(v) is 0..255, or 256 for a value left out (the second step's other high bytes): the
  // rank is found before digit 256 is reached, since it counts among the others only.
  const auto pick = [&](auto&& digit) {
    uint32_t count[4][257] = {};
    for (size_t i = 0; i < low.size(); ++i) count[i & 3][digit(low[i])] += 1;
    uint32_t d = 0;
    for (;; ++d) {
      const size_t in_d = static_cast<size_t>(count[0][d]) + count[1][d] + count[2][d] + count[3][d];
      if (rank < in_d) return d;
      rank -= in_d;
    }
  };
  const uint32_t high = pick([](uint16_t v) { return static_cast<uint32_t>(v >> 8); });
  const uint32_t lowest = pick([&](uint16_t v) { return v >> 8 == high ? v & 0xffu : 256u; });
  return high << 8 | lowest;
}

}  // namespace

DepthCounts count_depths(const DepthSamples& s) {
  // Depths crowd into a few hundred buckets, so consecutive samples often hit the same counter
  // and each increment waits for the previous one. Even and odd samples go to two tables,
  // added at the end: half as long a chain.
  std::vector<uint32_t> odd(kBuckets, 0);
  DepthCounts counts;
  counts.high.assign(kBuckets, 0);
  uint32_t* even = counts.high.data();
  const float* z = s.z.data();
  const size_t n = s.z.size();
  if (s.mask == nullptr) {
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
      const uint32_t u0 = bits(z[i]), u1 = bits(z[i + 1]);
      ++even[valid_bits(u0) ? u0 >> 16 : kDiscard];
      ++odd[valid_bits(u1) ? u1 >> 16 : kDiscard];
    }
    if (i < n) ++even[valid_bits(bits(z[i])) ? bits(z[i]) >> 16 : kDiscard];
  } else {
    // Which table a sample goes to only shortens the chains; any split gives the same sums.
    bool flip = false;
    for_each_candidate(s, [&](size_t i) {
      const uint32_t u = bits(z[i]);
      uint32_t* h = flip ? odd.data() : even;
      flip = !flip;
      ++h[valid_bits(u) ? u >> 16 : kDiscard];
    });
  }
  for (size_t k = 0; k < kBuckets; ++k) counts.high[k] += odd[k];
  counts.high[kDiscard] = 0;
  for (uint32_t c : counts.high) counts.count += c;
  return counts;
}

std::pair<float, float> depth_ranks(const DepthSamples& s, const DepthCounts& counts, size_t k, size_t m) {
  const Bucket a = find_bucket(counts.high, k);
  const Bucket b = find_bucket(counts.high, m);
  // The second pass gathers the low 16 bits of the samples inside buckets a and b (one list
  // when both ranks fall in the same bucket): a bucket is a small share of the samples, and the
  // first pass says exactly how many. A counted bucket holds valid samples only, except bucket
  // 0, which 0.0 shares with the denormals: the validity test runs on a match only.
  // The lists are sized from the counts (of these same samples, as the contract says), so the
  // pass writes through plain pointers, with no capacity test per sample.
  std::vector<uint16_t> low_a(counts.high[a.key]), low_b(a.key == b.key ? 0 : counts.high[b.key]);
  uint16_t* into_a = low_a.data();
  uint16_t* into_b = low_b.data();
  const float* z = s.z.data();
  for_each_candidate(s, [&](size_t i) {
    const uint32_t u = bits(z[i]), high = u >> 16;
    if (high == a.key) {
      if (valid_bits(u)) *into_a++ = static_cast<uint16_t>(u);
    } else if (high == b.key) {
      if (valid_bits(u)) *into_b++ = static_cast<uint16_t>(u);
    }
  });
  const uint32_t first = select_low(low_a, a.rank);
  const uint32_t second = select_low(a.key == b.key ? low_a : low_b, b.rank);
  return {from_bits(a.key << 16 | first), from_bits(b.key << 16 | second)};
}

size_t percentile_rank(double p, size_t n) {
  return static_cast<size_t>(std::floor(p * static_cast<double>(n - 1) + 0.5));
}

}  // namespace pxav
