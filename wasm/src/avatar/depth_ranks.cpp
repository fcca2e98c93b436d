#include "avatar/depth_ranks.h"

#include <cmath>
#include <cstring>

namespace pxav {
namespace {

constexpr size_t kBuckets = size_t{1} << 16;

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

// Calls add(bit pattern) for every sample that counts.
template <typename Add>
void for_each_sample(const DepthSamples& s, Add&& add) {
  for (size_t i = 0; i < s.z.size(); ++i) {
    const bool take = is_valid_depth(s.z[i]) && (s.mask == nullptr || s.mask[i] != 0);
    if (take) add(bits(s.z[i]));
  }
}

// The bucket that holds rank k, and k's rank inside that bucket.
struct Bucket {
  uint32_t key;
  size_t rank;
};
Bucket find_bucket(const std::vector<uint32_t>& histogram, size_t k) {
  size_t below = 0;
  uint32_t key = 0;
  while (below + histogram[key] <= k) below += histogram[key++];
  return {key, k - below};
}

}  // namespace

DepthCounts count_depths(const DepthSamples& s) {
  // Depths crowd into a few hundred buckets, so consecutive samples often hit the same counter
  // and each increment waits for the previous one. Even and odd samples go to two tables,
  // added at the end: half as long a chain. Adding 0 or 1 instead of branching is safe because
  // every index u >> 16 is inside the table, valid sample or not.
  std::vector<uint32_t> odd(kBuckets, 0);
  DepthCounts counts;
  counts.high.assign(kBuckets, 0);
  uint32_t* h[2] = {counts.high.data(), odd.data()};
  const size_t n = s.z.size();
  if (s.mask == nullptr) {
    for (size_t i = 0; i < n; ++i) h[i & 1][bits(s.z[i]) >> 16] += is_valid_depth(s.z[i]);
  } else {
    for (size_t i = 0; i < n; ++i) h[i & 1][bits(s.z[i]) >> 16] += is_valid_depth(s.z[i]) & (s.mask[i] != 0);
  }
  for (size_t k = 0; k < kBuckets; ++k) counts.high[k] += odd[k];
  for (uint32_t c : counts.high) counts.count += c;
  return counts;
}

std::pair<float, float> depth_ranks(const DepthSamples& s, const DepthCounts& counts, size_t k, size_t m) {
  const Bucket a = find_bucket(counts.high, k);
  const Bucket b = find_bucket(counts.high, m);
  // The second pass: the low 16 bits of the samples inside buckets a and b (one table when
  // both ranks fall in the same bucket).
  std::vector<uint32_t> low_a(kBuckets, 0);
  std::vector<uint32_t> low_b(a.key == b.key ? 0 : kBuckets, 0);
  std::vector<uint32_t>& into_b = a.key == b.key ? low_a : low_b;
  for_each_sample(s, [&](uint32_t u) {
    if ((u >> 16) == a.key)
      ++low_a[u & 0xffffu];
    else if ((u >> 16) == b.key)
      ++into_b[u & 0xffffu];
  });
  return {from_bits(a.key << 16 | find_bucket(low_a, a.rank).key),
          from_bits(b.key << 16 | find_bucket(into_b, b.rank).key)};
}

size_t percentile_rank(double p, size_t n) {
  return static_cast<size_t>(std::floor(p * static_cast<double>(n - 1) + 0.5));
}

}  // namespace pxav
