#include "stereo/feature_match.h"

#include <cmath>
#include <limits>

namespace pxav {
namespace {

constexpr int kRadius = 7;  // 15x15 patches for the refinement

struct Nearest {
  int index = -1, best = std::numeric_limits<int>::max(), second = std::numeric_limits<int>::max();
};

void keep(Nearest& n, int d, int index) {
  if (d < n.best) {
    n.second = n.best;
    n.best = d;
    n.index = index;
  } else if (d < n.second) {
    n.second = d;
  }
}

double bilinear(const GreyImage& g, double x, double y) {
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const double a = x - x0, b = y - y0;
  const uint8_t* p = &g.pixels[static_cast<size_t>(y0) * g.width + x0];
  return (1 - b) * ((1 - a) * p[0] + a * p[1]) + b * ((1 - a) * p[g.width] + a * p[g.width + 1]);
}

}  // namespace

std::vector<FeatureMatch> match_features(const std::vector<Feature>& left, const std::vector<Feature>& right,
                                         int ratio_percent, int max_distance) {
  // Each distance once, for both directions (ties go to the lower index either way).
  std::vector<Nearest> lr(left.size()), rl(right.size());
  for (size_t i = 0; i < left.size(); ++i)
    for (size_t j = 0; j < right.size(); ++j) {
      const int d = hamming(left[i], right[j]);
      keep(lr[i], d, static_cast<int>(j));
      keep(rl[j], d, static_cast<int>(i));
    }
  std::vector<FeatureMatch> out;
  for (size_t i = 0; i < lr.size(); ++i) {
    const Nearest& a = lr[i];
    if (a.index < 0 || a.best > max_distance) continue;
    const Nearest& b = rl[static_cast<size_t>(a.index)];
    if (b.index != static_cast<int>(i)) continue;
    // best / second < ratio in integers; a feature with one candidate only passes.
    if (a.second != std::numeric_limits<int>::max() && a.best * 100 >= a.second * ratio_percent) continue;
    if (b.second != std::numeric_limits<int>::max() && b.best * 100 >= b.second * ratio_percent) continue;
    out.push_back({static_cast<int>(i), a.index, a.best});
  }
  return out;
}

std::vector<PointPair> refine_matches(const GreyImage& left, const GreyImage& right, const std::vector<Feature>& lf,
                                      const std::vector<Feature>& rf, const std::vector<FeatureMatch>& matches,
                                      double min_similarity) {
  constexpr int kSide = 2 * kRadius + 1, kN = kSide * kSide;
  std::vector<PointPair> out;
  double t[kN], gx[kN], gy[kN], v[kN];
  for (const FeatureMatch& m : matches) {
    const Feature& a = lf[static_cast<size_t>(m.left)];
    const Feature& b = rf[static_cast<size_t>(m.right)];
    // The template: the left patch, zero mean, and its gradient.
    double mean_t = 0;
    for (int dy = -kRadius, k = 0; dy <= kRadius; ++dy)
      for (int dx = -kRadius; dx <= kRadius; ++dx, ++k) {
        t[k] = left.at(a.x + dx, a.y + dy);
        mean_t += t[k];
        gx[k] = 0.5 * (left.at(a.x + dx + 1, a.y + dy) - left.at(a.x + dx - 1, a.y + dy));
        gy[k] = 0.5 * (left.at(a.x + dx, a.y + dy + 1) - left.at(a.x + dx, a.y + dy - 1));
      }
    mean_t /= kN;
    double var_t = 0, hxx = 0, hyy = 0, hxy = 0;
    for (int k = 0; k < kN; ++k) {
      t[k] -= mean_t;
      var_t += t[k] * t[k];
      hxx += gx[k] * gx[k];
      hyy += gy[k] * gy[k];
      hxy += gx[k] * gy[k];
    }
    const double det = hxx * hyy - hxy * hxy;
    if (var_t <= 0 || det <= 0) continue;
    // Inverse compositional: the right patch moves by the template's gradient, Hessian fixed.
    double x = b.x, y = b.y, similarity = -1, mean_r = 0, var_r = 0;
    bool ok = true;
    for (int iteration = 0; iteration < 12; ++iteration) {
      if (x - kRadius < 1 || y - kRadius < 1 || x + kRadius >= right.width - 2 || y + kRadius >= right.height - 2 ||
          std::fabs(x - b.x) > 3 || std::fabs(y - b.y) > 3) {
        ok = false;
        break;
      }
      double mean_v = 0;
      for (int dy = -kRadius, k = 0; dy <= kRadius; ++dy)
        for (int dx = -kRadius; dx <= kRadius; ++dx, ++k) {
          v[k] = bilinear(right, x + dx, y + dy);
          mean_v += v[k];
        }
      mean_v /= kN;
      double var_v = 0, cross = 0;
      for (int k = 0; k < kN; ++k) {
        v[k] -= mean_v;
        var_v += v[k] * v[k];
        cross += v[k] * t[k];
      }
      if (var_v <= 0) {
        ok = false;
        break;
      }
      similarity = cross / std::sqrt(var_v * var_t);
      mean_r = mean_v;
      var_r = var_v;
      const double gain = std::sqrt(var_t / var_v);
      double bx = 0, by = 0;
      for (int k = 0; k < kN; ++k) {
        const double e = v[k] * gain - t[k];
        bx += gx[k] * e;
        by += gy[k] * e;
      }
      const double ux = (hyy * bx - hxy * by) / det, uy = (hxx * by - hxy * bx) / det;
      x -= ux;
      y -= uy;
      if (ux * ux + uy * uy < 1e-4) break;
    }
    if (!ok || similarity < min_similarity) continue;
    out.push_back({static_cast<double>(a.x), static_cast<double>(a.y), x, y, static_cast<float>(similarity),
                   static_cast<float>(mean_t), static_cast<float>(mean_r), static_cast<float>(std::sqrt(var_t / kN)),
                   static_cast<float>(std::sqrt(var_r / kN))});
  }
  return out;
}

}  // namespace pxav
