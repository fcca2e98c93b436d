#include "avatar/support_planes.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace pxav {
namespace {

constexpr double kMinSlope = 0.35;    // normalised inverse depth per image height
constexpr double kTolerance = 0.025;  // normalised inverse depth
constexpr double kMinShare = 0.06;    // of the valid samples
constexpr double kMinSpan = 0.5;      // of the frame, across the slope
// A tilted plane through a wall that faces the camera meets it in a band of samples all at
// about one depth; a floor or table recedes: its samples span this much depth at least
// (between their 5th and 95th percentiles).
constexpr double kMinDepthSpan = 0.15;
constexpr int kTrials = 300;

// A small xorshift generator: the same sequence in every build and standard library.
struct Random {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  uint32_t next(uint32_t bound) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<uint32_t>((state >> 16) % bound);
  }
};

struct Sample {
  double u, v, value;
};

// The plane through three samples; false when they are (nearly) on a line.
bool plane_through(const Sample& p, const Sample& q, const Sample& r, SupportPlane& out) {
  const double u1 = q.u - p.u, v1 = q.v - p.v, w1 = q.value - p.value;
  const double u2 = r.u - p.u, v2 = r.v - p.v, w2 = r.value - p.value;
  const double det = u1 * v2 - u2 * v1;
  if (std::abs(det) < 1e-6) return false;
  out.a = (w1 * v2 - w2 * v1) / det;
  out.b = (u1 * w2 - u2 * w1) / det;
  out.c = p.value - out.a * p.u - out.b * p.v;
  return true;
}

bool tilted(const SupportPlane& p) { return std::sqrt(p.a * p.a + p.b * p.b) >= kMinSlope; }

double residual(const SupportPlane& p, const Sample& s) { return std::abs(p.a * s.u + p.b * s.v + p.c - s.value); }

// Least squares through the inliers (normal equations, Cramer's rule); keeps p when singular.
void refit(const std::vector<Sample>& inliers, SupportPlane& p) {
  double suu = 0, suv = 0, su = 0, svv = 0, sv = 0, n = 0, suw = 0, svw = 0, sw = 0;
  for (const Sample& s : inliers) {
    suu += s.u * s.u, suv += s.u * s.v, su += s.u, svv += s.v * s.v, sv += s.v, n += 1;
    suw += s.u * s.value, svw += s.v * s.value, sw += s.value;
  }
  const double det = suu * (svv * n - sv * sv) - suv * (suv * n - sv * su) + su * (suv * sv - svv * su);
  if (std::abs(det) < 1e-12) return;
  p.a = (suw * (svv * n - sv * sv) - suv * (svw * n - sv * sw) + su * (svw * sv - svv * sw)) / det;
  p.b = (suu * (svw * n - sw * sv) - suw * (suv * n - sv * su) + su * (suv * sw - svw * su)) / det;
  p.c = (suu * (svv * sw - sv * svw) - suv * (suv * sw - su * svw) + suw * (suv * sv - svv * su)) / det;
}

}  // namespace

bool on_plane(const SupportPlane& plane, int x, int y, int height, float value) {
  const double u = (x + 0.5) / height, v = (y + 0.5) / height;
  return std::abs(plane.a * u + plane.b * v + plane.c - value) <= kTolerance;
}

std::vector<SupportPlane> find_support_planes(const std::vector<float>& values, int width, int height, int max_planes) {
  std::vector<Sample> samples;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const float v = values[static_cast<size_t>(y) * width + x];
      if (std::isnan(v)) continue;
      samples.push_back({(x + 0.5) / height, (y + 0.5) / height, v});
    }
  std::vector<SupportPlane> planes;
  std::vector<uint8_t> taken(samples.size(), 0);
  const size_t valid = samples.size();
  Random random;
  for (int round = 0; round < max_planes && valid >= 3; ++round) {
    // Every fourth sample not yet taken, in plain arrays: the count over them below is most of
    // the search's time, and over arrays the compiler counts several samples at once.
    std::vector<double> su, sv, sw;
    for (size_t i = 0; i < valid; i += 4)
      if (!taken[i]) su.push_back(samples[i].u), sv.push_back(samples[i].v), sw.push_back(samples[i].value);
    SupportPlane best;
    for (int t = 0; t < kTrials; ++t) {
      const Sample& p = samples[random.next(static_cast<uint32_t>(valid))];
      const Sample& q = samples[random.next(static_cast<uint32_t>(valid))];
      const Sample& r = samples[random.next(static_cast<uint32_t>(valid))];
      SupportPlane candidate;
      if (!plane_through(p, q, r, candidate) || !tilted(candidate)) continue;
      // Counted on every fourth sample: enough to rank candidates. A candidate that could no
      // longer beat the best even if every sample left were its inlier stops early (it would
      // not have been chosen either).
      size_t count = 0;
      const size_t m = su.size();
      for (size_t start = 0; start < m; start += 256) {
        const size_t end = std::min(m, start + 256);
        size_t here = 0;
        for (size_t i = start; i < end; ++i)
          here += std::abs(candidate.a * su[i] + candidate.b * sv[i] + candidate.c - sw[i]) <= kTolerance;
        count += here;
        if (count + (m - end) <= best.inliers) break;
      }
      if (count > best.inliers) best = candidate, best.inliers = count;
    }
    if (best.inliers == 0) break;
    std::vector<Sample> inliers;
    for (int pass = 0; pass < 2; ++pass) {
      inliers.clear();
      for (size_t i = 0; i < valid; ++i)
        if (!taken[i] && residual(best, samples[i]) <= kTolerance) inliers.push_back(samples[i]);
      refit(inliers, best);
    }
    if (!tilted(best) || inliers.size() < kMinShare * valid) break;
    // Its extent across the slope: a floor spans the width, a side wall the height.
    const double slope = std::sqrt(best.a * best.a + best.b * best.b);
    const double ax = -best.b / slope, ay = best.a / slope;  // along the plane's level lines
    double lo = 1e300, hi = -1e300;
    for (size_t i = 0; i < valid; ++i) {
      if (taken[i] || residual(best, samples[i]) > kTolerance) continue;
      const double along = samples[i].u * ax + samples[i].v * ay;
      lo = std::min(lo, along), hi = std::max(hi, along);
    }
    const double frame = std::abs(ax) * width / height + std::abs(ay);  // the frame's extent that way
    std::vector<double> depths;
    for (const Sample& s : inliers) depths.push_back(s.value);
    std::sort(depths.begin(), depths.end());
    const double d5 = depths[depths.size() * 5 / 100], depth_span = depths[depths.size() * 95 / 100] - d5;
    // ... and continuously: bands of two surfaces facing the camera (a wall and a box in front
    // of it) that one tilted plane happens to cross leave gaps between their depths.
    bool continuous = depth_span > 0;
    if (continuous) {
      std::array<size_t, 8> bins{};
      for (double d : depths)
        if (d >= d5 && d <= d5 + depth_span)
          ++bins[std::min<size_t>(7, static_cast<size_t>((d - d5) / depth_span * 8))];
      continuous = std::all_of(bins.begin(), bins.end(), [](size_t b) { return b > 0; });
    }
    best.inliers = inliers.size();
    for (size_t i = 0; i < valid; ++i)
      if (residual(best, samples[i]) <= kTolerance) taken[i] = 1;
    if (hi - lo >= kMinSpan * frame && depth_span >= kMinDepthSpan && continuous) planes.push_back(best);
  }
  return planes;
}

}  // namespace pxav
