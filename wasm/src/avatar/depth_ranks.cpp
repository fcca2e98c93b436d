#include "avatar/depth_ranks.h"

#include <cmath>
#include <cstring>

namespace pxav {
namespace {

constexpr size_t kBuckets = size_t{1} << 16;

// Where the first pass counts a sample that does not count: the bucket of the patterns
// 0xffff0000..0xffffffff, negative NaNs, which no valid sample reaches. It is emptied at the
// end, so a sample needs no branch, only a choice of index.
constexpr uint32_t kDiscard = kBuckets - 1;

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
  // The second pass: the low 16 bits of the samples inside buckets a and b (one table when
  // both ranks fall in the same bucket). A counted bucket holds valid samples only, except
  // bucket 0, which 0.0 shares with the denormals: the validity test runs on a match only.
  std::vector<uint32_t> low_a(kBuckets, 0);
  std::vector<uint32_t> low_b(a.key == b.key ? 0 : kBuckets, 0);
  std::vector<uint32_t>& into_b = a.key == b.key ? low_a : low_b;
  const float* z = s.z.data();
  for_each_candidate(s, [&](size_t i) {
    const uint32_t u = bits(z[i]), high = u >> 16;
    if (high == a.key) {
      if (valid_bits(u)) ++low_a[u & 0xffffu];
    } else if (high == b.key) {
      if (valid_bits(u)) ++into_b[u & 0xffffu];
    }
  });
  return {from_bits(a.key << 16 | find_bucket(low_a, a.rank).key),
          from_bits(b.key << 16 | find_bucket(into_b, b.rank).key)};
}

size_t percentile_rank(double p, size_t n) {
  return static_cast<size_t>(std::floor(p * static_cast<double>(n - 1) + 0.5));
}

}  // namespace pxav
