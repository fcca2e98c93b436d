#include "avatar/colour_mixture.h"

#include <algorithm>
#include <cmath>

#include "core/stable_math.h"

namespace pxav {
namespace {

constexpr double kTwoPi = 6.28318530717958647692;
// Added to each covariance's diagonal (8-bit levels squared): a flat region (a generated scene,
// a saturated sky) would otherwise give a singular covariance; JPEG noise is about this large.
constexpr double kColourNoise = 4.0;
constexpr double kEmptyCost = 40.0;

int brightness(const uint8_t* c) { return 2 * c[0] + 5 * c[1] + c[2]; }

double mahalanobis(const ColourComponent& k, const uint8_t* c) {
  const double d0 = c[0] - k.mean[0], d1 = c[1] - k.mean[1], d2 = c[2] - k.mean[2];
  const auto& m = k.inverse;
  return d0 * (m[0] * d0 + m[1] * d1 + m[2] * d2) + d1 * (m[3] * d0 + m[4] * d1 + m[5] * d2) +
         d2 * (m[6] * d0 + m[7] * d1 + m[8] * d2);
}

// Component statistics from sums over its pixels; false for a component without pixels.
// In integers: exact, as the doubles they become are (every sum is far below 2^53).
struct Sums {
  uint64_t count = 0;
  std::array<uint64_t, 3> s{};
  std::array<uint64_t, 6> products{};  // 00 01 02 11 12 22: the symmetric matrix's upper half
  void add(const uint8_t* c) {
    const uint32_t c0 = c[0], c1 = c[1], c2 = c[2];
    count += 1;
    s[0] += c0, s[1] += c1, s[2] += c2;
    products[0] += c0 * c0, products[1] += c0 * c1, products[2] += c0 * c2;
    products[3] += c1 * c1, products[4] += c1 * c2, products[5] += c2 * c2;
  }
};

bool finish(const Sums& totals, double total, ColourComponent& k) {
  if (totals.count == 0) return false;
  constexpr int kProduct[9] = {0, 1, 2, 1, 3, 4, 2, 4, 5};
  struct {
    double n;
    std::array<double, 3> s;
    std::array<double, 9> ss;
  } sums{};
  sums.n = static_cast<double>(totals.count);
  for (int i = 0; i < 3; ++i) sums.s[i] = static_cast<double>(totals.s[i]);
  for (int i = 0; i < 9; ++i) sums.ss[i] = static_cast<double>(totals.products[kProduct[i]]);
  double cov[9];
  for (int i = 0; i < 3; ++i) k.mean[i] = sums.s[i] / sums.n;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      cov[i * 3 + j] = sums.ss[i * 3 + j] / sums.n - k.mean[i] * k.mean[j] + (i == j ? kColourNoise : 0.0);
  const double det = cov[0] * (cov[4] * cov[8] - cov[5] * cov[7]) - cov[1] * (cov[3] * cov[8] - cov[5] * cov[6]) +
                     cov[2] * (cov[3] * cov[7] - cov[4] * cov[6]);
  if (!(det > 0)) return false;
  auto& m = k.inverse;
  m[0] = (cov[4] * cov[8] - cov[5] * cov[7]) / det;
  m[1] = (cov[2] * cov[7] - cov[1] * cov[8]) / det;
  m[2] = (cov[1] * cov[5] - cov[2] * cov[4]) / det;
  m[3] = (cov[5] * cov[6] - cov[3] * cov[8]) / det;
  m[4] = (cov[0] * cov[8] - cov[2] * cov[6]) / det;
  m[5] = (cov[2] * cov[3] - cov[0] * cov[5]) / det;
  m[6] = (cov[3] * cov[7] - cov[4] * cov[6]) / det;
  m[7] = (cov[1] * cov[6] - cov[0] * cov[7]) / det;
  m[8] = (cov[0] * cov[4] - cov[1] * cov[3]) / det;
  k.weight = sums.n / total;
  k.log_scale = stable_log(k.weight) - 0.5 * stable_log(kTwoPi * kTwoPi * kTwoPi * det);
  return true;
}

// The component a colour most likely came from.
int likeliest(const ColourMixture& mixture, const uint8_t* c) {
  int best = 0;
  double best_score = -1e300;
  for (int k = 0; k < static_cast<int>(mixture.components.size()); ++k) {
    const double score = mixture.components[k].log_scale - 0.5 * mahalanobis(mixture.components[k], c);
    if (score > best_score) best_score = score, best = k;
  }
  return best;
}

}  // namespace

ColourMixture fit_colour_mixture(const uint8_t* rgb, const std::vector<uint32_t>& pixels, const ColourMixture& previous,
                                 const uint8_t* known) {
  ColourMixture out;
  if (pixels.empty()) return out;
  std::vector<uint8_t> assignment(pixels.size());
  if (!previous.components.empty()) {
    for (size_t i = 0; i < pixels.size(); ++i)
      assignment[i] = known ? known[pixels[i]]
                            : static_cast<uint8_t>(likeliest(previous, rgb + static_cast<size_t>(pixels[i]) * 3));
  } else {
    // k-means in RGB, started from the colours at brightness quantiles 1/10, 3/10, ... 9/10:
    // the pixels ordered by brightness, then by their order in the list (a counting sort over
    // the 2041 brightness values, in place of sorting the pairs).
    constexpr int kLevels = 8 * 255 + 1;
    std::vector<uint32_t> start(kLevels + 1, 0);
    for (uint32_t p : pixels) ++start[brightness(rgb + static_cast<size_t>(p) * 3) + 1];
    for (int b = 0; b < kLevels; ++b) start[b + 1] += start[b];
    std::vector<uint32_t> by_brightness(pixels.size());
    for (uint32_t p : pixels) by_brightness[start[brightness(rgb + static_cast<size_t>(p) * 3)]++] = p;
    std::array<std::array<double, 3>, kColourComponents> centre{};
    for (int k = 0; k < kColourComponents; ++k) {
      const uint8_t* c =
          rgb + static_cast<size_t>(by_brightness[(2 * k + 1) * pixels.size() / (2 * kColourComponents)]) * 3;
      centre[k] = {static_cast<double>(c[0]), static_cast<double>(c[1]), static_cast<double>(c[2])};
    }
    for (int round = 0; round < 6; ++round) {
      std::array<std::array<double, 4>, kColourComponents> sum{};
      for (size_t i = 0; i < pixels.size(); ++i) {
        const uint8_t* c = rgb + static_cast<size_t>(pixels[i]) * 3;
        int best = 0;
        double best_d = 1e300;
        for (int k = 0; k < kColourComponents; ++k) {
          const double d0 = c[0] - centre[k][0], d1 = c[1] - centre[k][1], d2 = c[2] - centre[k][2];
          const double d = d0 * d0 + d1 * d1 + d2 * d2;
          const bool nearer = d < best_d;  // selected, not branched on: it changes from pixel to pixel
          best = nearer ? k : best;
          best_d = nearer ? d : best_d;
        }
        assignment[i] = static_cast<uint8_t>(best);
        for (int j = 0; j < 3; ++j) sum[best][j] += c[j];
        sum[best][3] += 1;
      }
      for (int k = 0; k < kColourComponents; ++k)
        if (sum[k][3] > 0)
          for (int j = 0; j < 3; ++j) centre[k][j] = sum[k][j] / sum[k][3];
    }
  }
  std::array<Sums, kColourComponents> sums;
  for (size_t i = 0; i < pixels.size(); ++i) sums[assignment[i]].add(rgb + static_cast<size_t>(pixels[i]) * 3);
  const double total = static_cast<double>(pixels.size());
  for (const Sums& s : sums) {
    ColourComponent k;
    if (finish(s, total, k)) out.components.push_back(k);
  }
  return out;
}

double colour_cost(const ColourMixture& mixture, const uint8_t* colour, uint8_t* component) {
  if (mixture.components.empty()) {
    if (component) *component = 0;
    return kEmptyCost;
  }
  // GrabCut's data term: the cost under the pixel's own (likeliest) component, not the sum over
  // components, so no exponential is needed. The first of equal costs, as likeliest() picks the
  // first of equal scores (a cost is exactly its score negated).
  // Selects, not branches: which component wins changes from pixel to pixel.
  double best = 1e300;
  int best_k = 0;
  const int count = static_cast<int>(mixture.components.size());
  for (int k = 0; k < count; ++k) {
    const ColourComponent& c = mixture.components[k];
    const double cost = 0.5 * mahalanobis(c, colour) - c.log_scale;
    const bool lower = cost < best;
    best_k = lower ? k : best_k;
    best = lower ? cost : best;
  }
  if (component) *component = static_cast<uint8_t>(best_k);
  return std::min(kEmptyCost, best);
}

void colour_costs(const ColourMixture& mixture, const uint8_t* rgb, size_t n, double* cost, uint8_t* component) {
  if (mixture.components.empty()) {
    std::fill(cost, cost + n, kEmptyCost);
    std::fill(component, component + n, 0);
    return;
  }
  // colour_cost's arithmetic, one component at a time over all the colours: loops without
  // branches over plain arrays, which the compiler runs several colours at once.
  std::vector<double> channel[3], here(n);
  for (int j = 0; j < 3; ++j) {
    channel[j].resize(n);
    for (size_t i = 0; i < n; ++i) channel[j][i] = rgb[i * 3 + j];
  }
  std::fill(cost, cost + n, 1e300);
  std::fill(component, component + n, 0);
  const double *r = channel[0].data(), *g = channel[1].data(), *b = channel[2].data();
  for (size_t k = 0; k < mixture.components.size(); ++k) {
    const ColourComponent& c = mixture.components[k];
    const auto& m = c.inverse;
    for (size_t i = 0; i < n; ++i) {
      const double d0 = r[i] - c.mean[0], d1 = g[i] - c.mean[1], d2 = b[i] - c.mean[2];
      const double mahalanobis = d0 * (m[0] * d0 + m[1] * d1 + m[2] * d2) + d1 * (m[3] * d0 + m[4] * d1 + m[5] * d2) +
                                 d2 * (m[6] * d0 + m[7] * d1 + m[8] * d2);
      here[i] = 0.5 * mahalanobis - c.log_scale;
    }
    for (size_t i = 0; i < n; ++i) {
      const bool lower = here[i] < cost[i];
      component[i] = lower ? static_cast<uint8_t>(k) : component[i];
      cost[i] = lower ? here[i] : cost[i];
    }
  }
  for (size_t i = 0; i < n; ++i) cost[i] = std::min(kEmptyCost, cost[i]);
}

}  // namespace pxav
