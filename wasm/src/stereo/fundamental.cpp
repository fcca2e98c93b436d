#include "stereo/fundamental.h"

#include <algorithm>
#include <cmath>

namespace pxav {
namespace {

constexpr int kMaxIterations = 3000;
constexpr double kConfidence = 0.999;

// Hartley's normalisation: the points' centroid to the origin, mean distance sqrt(2).
Mat3 normaliser(const std::vector<PointPair>& pairs, const std::vector<int>& use, bool right) {
  double mx = 0, my = 0;
  for (int i : use) {
    const PointPair& p = pairs[static_cast<size_t>(i)];
    mx += right ? p.xr : p.xl;
    my += right ? p.yr : p.yl;
  }
  mx /= use.size();
  my /= use.size();
  double dist = 0;
  for (int i : use) {
    const PointPair& p = pairs[static_cast<size_t>(i)];
    const double dx = (right ? p.xr : p.xl) - mx, dy = (right ? p.yr : p.yl) - my;
    dist += std::sqrt(dx * dx + dy * dy);
  }
  dist /= use.size();
  const double s = dist > 0 ? std::sqrt(2.0) / dist : 1;
  return {s, 0, -s * mx, 0, s, -s * my, 0, 0, 1};
}

// The 8-point solution on pairs `use` (8 or more), rank 2, in pixel coordinates.
Mat3 eight_point(const std::vector<PointPair>& pairs, const std::vector<int>& use) {
  const Mat3 tl = normaliser(pairs, use, false), tr = normaliser(pairs, use, true);
  double ata[81] = {};
  for (int i : use) {
    const PointPair& p = pairs[static_cast<size_t>(i)];
    const Vec3 l = mat3_apply(tl, {p.xl, p.yl, 1}), r = mat3_apply(tr, {p.xr, p.yr, 1});
    const double row[9] = {r[0] * l[0], r[0] * l[1], r[0], r[1] * l[0], r[1] * l[1], r[1], l[0], l[1], 1};
    for (int a = 0; a < 9; ++a)
      for (int b = 0; b < 9; ++b) ata[a * 9 + b] += row[a] * row[b];
  }
  double values[9], vectors[81];
  symmetric_eigen(ata, 9, values, vectors);
  Mat3 f;
  for (int k = 0; k < 9; ++k) f[static_cast<size_t>(k)] = vectors[k];
  // Rank 2: F (I - v v^T) with v the right singular vector of the smallest singular value.
  const Vec3 v = mat3_null_vector(f);
  Mat3 proj = mat3_identity();
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) proj[static_cast<size_t>(a * 3 + b)] -= v[a] * v[b];
  f = mat3_mul(f, proj);
  f = mat3_mul(mat3_transpose(tr), mat3_mul(f, tl));
  double norm = 0;
  for (double x : f) norm += x * x;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (double& x : f) x /= norm;
  return f;
}

struct Scored {
  double cost = 0;
  int inliers = 0;
};

Scored score(const Mat3& f, const std::vector<PointPair>& pairs, double threshold, std::vector<uint8_t>* inlier) {
  Scored s;
  const double t2 = threshold * threshold;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const double d = sampson_distance(f, pairs[i]);
    const double e = d * d;
    const bool in = e < t2;
    s.cost += in ? e : t2;
    s.inliers += in;
    if (inlier) (*inlier)[i] = in;
  }
  return s;
}

}  // namespace

double sampson_distance(const Mat3& f, const PointPair& p) {
  const Vec3 fx = mat3_apply(f, {p.xl, p.yl, 1});
  const Vec3 ftx = mat3_apply(mat3_transpose(f), {p.xr, p.yr, 1});
  const double e = p.xr * fx[0] + p.yr * fx[1] + fx[2];
  const double den = fx[0] * fx[0] + fx[1] * fx[1] + ftx[0] * ftx[0] + ftx[1] * ftx[1];
  if (!(den > 0)) return 1e9;
  return std::fabs(e) / std::sqrt(den);
}

Mat3 fundamental_least_squares(const std::vector<PointPair>& pairs) {
  std::vector<int> all(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) all[i] = static_cast<int>(i);
  return eight_point(pairs, all);
}

FundamentalFit fit_fundamental(const std::vector<PointPair>& pairs, double threshold, unsigned seed) {
  FundamentalFit fit;
  fit.inlier.assign(pairs.size(), 0);
  const int n = static_cast<int>(pairs.size());
  if (n < 8) return fit;
  uint32_t state = seed * 2654435761u + 12345u;
  auto next = [&state](int range) {
    state = state * 1664525u + 1013904223u;
    return static_cast<int>((static_cast<uint64_t>(state >> 8) * static_cast<uint64_t>(range)) >> 24);
  };
  Scored best{1e300, 0};
  Mat3 best_f{};
  int needed = kMaxIterations;
  std::vector<int> sample(8);
  for (int it = 0; it < needed && it < kMaxIterations; ++it) {
    for (int k = 0; k < 8; ++k) {
      int pick;
      bool again;
      do {
        pick = next(n);
        again = false;
        for (int j = 0; j < k; ++j) again |= sample[static_cast<size_t>(j)] == pick;
      } while (again);
      sample[static_cast<size_t>(k)] = pick;
    }
    const Mat3 f = eight_point(pairs, sample);
    const Scored s = score(f, pairs, threshold, nullptr);
    if (s.cost < best.cost) {
      best = s;
      best_f = f;
      // Iterations for kConfidence of one all-inlier sample at this inlier share: the smallest k
      // with (1 - w^8)^k < 1 - kConfidence, by multiplication (no log, so every build agrees).
      const double w = static_cast<double>(s.inliers) / n;
      const double miss = 1 - w * w * w * w * w * w * w * w;
      double p = 1;
      int k = 0;
      while (p >= 1 - kConfidence && k < kMaxIterations) {
        p *= miss;
        ++k;
      }
      needed = std::max(k, 50);
    }
  }
  if (best.inliers < 8) return fit;
  // Local optimisation: refit on the inliers while that lowers the cost.
  std::vector<uint8_t> inlier(pairs.size());
  score(best_f, pairs, threshold, &inlier);
  for (int round = 0; round < 5; ++round) {
    std::vector<int> use;
    for (int i = 0; i < n; ++i)
      if (inlier[static_cast<size_t>(i)]) use.push_back(i);
    if (use.size() < 8) break;
    const Mat3 f = eight_point(pairs, use);
    std::vector<uint8_t> next_inlier(pairs.size());
    const Scored s = score(f, pairs, threshold, &next_inlier);
    if (s.cost >= best.cost) break;
    best = s;
    best_f = f;
    inlier = next_inlier;
  }
  fit.f = best_f;
  fit.inlier = inlier;
  fit.inliers = best.inliers;
  return fit;
}

}  // namespace pxav
