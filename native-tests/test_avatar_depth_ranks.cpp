// Exact order statistics by bit patterns, checked against std::nth_element on samples built to
// stress the two counting passes: duplicates, values sharing their high 16 bits, denormals.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "avatar/depth_ranks.h"

using namespace pxav;

namespace {

float reference_rank(std::vector<float> values, size_t k) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

std::pair<float, float> ranks(const std::vector<float>& values, size_t k, size_t m, const uint8_t* mask = nullptr) {
  const DepthSamples samples{values, mask};
  return depth_ranks(samples, count_depths(samples), k, m);
}

}  // namespace

TEST_CASE("is_valid_depth accepts exactly the finite positive floats") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float denormal = std::numeric_limits<float>::denorm_min();
  for (float z : {0.0f, -0.0f, -1.0f, -denormal, inf, -inf, nan, -nan, 1e-30f, denormal, 0.5f, 1.0f,
                  std::numeric_limits<float>::max(), -std::numeric_limits<float>::max()}) {
    INFO("z = " << z);
    CHECK(is_valid_depth(z) == (std::isfinite(z) && z > 0));
  }
}

TEST_CASE("depth_ranks equals nth_element at every rank of a small sample") {
  const std::vector<float> values = {0.7f, 0.25f, 3.0f, 0.7f, 1e-3f, 0.250001f, 9.3f, 0.7f, 1.5f};
  for (size_t k = 0; k < values.size(); ++k) {
    INFO("k = " << k);
    CHECK(ranks(values, k, k).first == reference_rank(values, k));
  }
}

TEST_CASE("depth_ranks equals nth_element on large samples with many near-equal values") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> metres(0.2f, 0.7f);
  std::vector<float> values(200000);
  for (float& z : values) z = metres(rng);
  // Values one ulp apart share their high bits: the second pass must separate them.
  for (size_t i = 0; i < 1000; ++i) values[i] = std::nextafter(0.5f, 1.0f) + static_cast<float>(i % 3) * 1e-7f;
  values[5] = std::numeric_limits<float>::denorm_min();
  values[6] = 250.0f;
  const size_t n = values.size();
  for (auto [k, m] :
       {std::pair<size_t, size_t>{0, n - 1}, {n / 200, n - n / 200}, {n / 2, n / 2}, {1, 2}, {n / 50, n * 49 / 50}}) {
    INFO("k = " << k << ", m = " << m);
    const auto [a, b] = ranks(values, k, m);
    CHECK(a == reference_rank(values, k));
    CHECK(b == reference_rank(values, m));
  }
}

TEST_CASE("depth_ranks of a constant sample is that constant") {
  const std::vector<float> values(1000, 1.25f);
  const auto [a, b] = ranks(values, 0, 999);
  CHECK(a == 1.25f);
  CHECK(b == 1.25f);
}

TEST_CASE("depth_ranks skips invalid samples and samples outside the mask") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> values = {0.0f, 2.0f, nan, -1.0f, 5.0f, 1.0f, std::numeric_limits<float>::infinity(),
                                     3.0f, 4.0f};
  const DepthSamples all{values};
  const DepthCounts counts = count_depths(all);
  REQUIRE(counts.count == 5);  // 2, 5, 1, 3, 4
  CHECK(depth_ranks(all, counts, 0, 4) == std::pair{1.0f, 5.0f});
  const std::vector<uint8_t> mask = {1, 0, 1, 1, 1, 1, 1, 1, 0};  // drops 2 and 4
  const DepthSamples masked{values, mask.data()};
  const DepthCounts masked_counts = count_depths(masked);
  REQUIRE(masked_counts.count == 3);  // 5, 1, 3
  CHECK(depth_ranks(masked, masked_counts, 0, 2) == std::pair{1.0f, 5.0f});
  CHECK(depth_ranks(masked, masked_counts, 1, 1).first == 3.0f);
}

TEST_CASE("percentile_rank is the nearest rank") {
  CHECK(percentile_rank(0.0, 101) == 0);
  CHECK(percentile_rank(1.0, 101) == 100);
  CHECK(percentile_rank(0.5, 100) == 50);  // 49.5 rounds up
  CHECK(percentile_rank(0.02, 1001) == 20);
}

TEST_CASE("depth_ranks equals nth_element on a masked sample with long unmasked runs and invalid values") {
  // Masked passes skip 8 unmasked samples at a time and invalid samples go to a discarded
  // bucket: runs of every length around 8, and zeros, NaNs, infinities and negatives inside the
  // mask, check both against a plain selection of the samples that count.
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> metres(0.3f, 2.5f);
  std::uniform_int_distribution<int> run(0, 19);
  const float specials[] = {0.0f,
                            -0.0f,
                            -1.0f,
                            std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::denorm_min()};
  std::vector<float> values(150001);
  std::vector<uint8_t> mask(values.size());
  uint8_t on = 0;
  for (size_t i = 0; i < values.size();) {
    for (int r = run(rng); r >= 0 && i < values.size(); --r, ++i) {
      values[i] = i % 97 == 0 ? specials[(i / 97) % 6] : metres(rng);
      mask[i] = on;
    }
    on = on ? 0 : 255;
  }
  std::vector<float> counted;
  for (size_t i = 0; i < values.size(); ++i)
    if (mask[i] && is_valid_depth(values[i])) counted.push_back(values[i]);
  const DepthSamples samples{values, mask.data()};
  const DepthCounts counts = count_depths(samples);
  REQUIRE(counts.count == counted.size());
  const size_t n = counted.size();
  for (auto [k, m] : {std::pair<size_t, size_t>{0, n - 1},
                      {n / 200, n - 1 - n / 200},
                      {(n - 1) / 2, (n - 1) / 2},
                      {n / 50, n / 50 + 1}}) {
    INFO("k = " << k << ", m = " << m);
    const auto [a, b] = depth_ranks(samples, counts, k, m);
    CHECK(a == reference_rank(counted, k));
    CHECK(b == reference_rank(counted, m));
  }
}
