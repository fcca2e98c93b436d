#include "avatar/saliency_scores.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace pxav {
namespace {

constexpr double kEps = 2.220446049250313e-16;  // MATLAB's eps, as the toolboxes use it
constexpr double kBeta2 = 0.3;

Status same_size(const GreyImage& prediction, const GreyImage& mask) {
  if (prediction.empty() || mask.empty() ||
      prediction.pixels.size() != static_cast<size_t>(prediction.width) * prediction.height ||
      mask.pixels.size() != static_cast<size_t>(mask.width) * mask.height)
    return make_error(ErrorCode::InvalidArgument, "saliency scores need a non-empty prediction and mask");
  if (prediction.width != mask.width || prediction.height != mask.height)
    return make_error(ErrorCode::InvalidArgument, "the prediction (" + std::to_string(prediction.width) + "x" +
                                                      std::to_string(prediction.height) + ") and the mask (" +
                                                      std::to_string(mask.width) + "x" + std::to_string(mask.height) +
                                                      ") differ in size");
  return Done{};
}

// P / 255, min-max stretched when it is not flat; the same operations in the same order as the
// reference, so floor(255 P) falls on the same side of every integer.
std::vector<double> prepared(const GreyImage& prediction) {
  std::vector<double> p(prediction.pixels.size());
  for (size_t i = 0; i < p.size(); ++i) p[i] = prediction.pixels[i] / 255.0;
  const auto [lo, hi] = std::minmax_element(p.begin(), p.end());
  const double mn = *lo, mx = *hi;
  if (mx != mn)
    for (double& v : p) v = (v - mn) / (mx - mn);
  return p;
}

// s(x) of the object term: 2 mean / (mean^2 + 1 + std + eps), std over N - 1.
double s_object(const std::vector<double>& x) {
  if (x.empty()) return 0;
  double sum = 0;
  for (double v : x) sum += v;
  const double mean = sum / static_cast<double>(x.size());
  double sq = 0;
  for (double v : x) sq += (v - mean) * (v - mean);
  const double sd = x.size() > 1 ? std::sqrt(sq / static_cast<double>(x.size() - 1)) : 0;
  return 2 * mean / (mean * mean + 1 + sd + kEps);
}

// The structural similarity of one block [x0, x1) x [y0, y1), variances over N - 1.
double block_ssim(const std::vector<double>& p, const std::vector<uint8_t>& g, int width, int x0, int x1, int y0,
                  int y1) {
  const double n = static_cast<double>(x1 - x0) * (y1 - y0);
  if (n < 2) return 0;  // weightless or degenerate: the reference divides by N - 1 = 0 here
  double sp = 0, sg = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      sp += p[static_cast<size_t>(y) * width + x];
      sg += g[static_cast<size_t>(y) * width + x];
    }
  const double mp = sp / n, mg = sg / n;
  double vp = 0, vg = 0, cov = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const double dp = p[static_cast<size_t>(y) * width + x] - mp, dg = g[static_cast<size_t>(y) * width + x] - mg;
      vp += dp * dp;
      vg += dg * dg;
      cov += dp * dg;
    }
  vp /= n - 1;
  vg /= n - 1;
  cov /= n - 1;
  const double alpha = 4 * mp * mg * cov, beta = (mp * mp + mg * mg) * (vp + vg);
  if (alpha != 0) return alpha / (beta + kEps);
  return beta == 0 ? 1 : 0;
}

double s_measure(const std::vector<double>& p, const std::vector<uint8_t>& g, int width, int height, size_t fg) {
  const size_t n = p.size();
  double p_sum = 0;
  for (double v : p) p_sum += v;
  if (fg == 0) return 1 - p_sum / static_cast<double>(n);
  if (fg == n) return p_sum / static_cast<double>(n);
  // Object term.
  std::vector<double> on_fg, on_bg;
  on_fg.reserve(fg);
  on_bg.reserve(n - fg);
  double row_sum = 0, col_sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (g[i]) {
      on_fg.push_back(p[i]);
      row_sum += static_cast<double>(i / width);
      col_sum += static_cast<double>(i % width);
    } else {
      on_bg.push_back(1 - p[i]);
    }
  }
  const double mu = static_cast<double>(fg) / static_cast<double>(n);
  const double object = mu * s_object(on_fg) + (1 - mu) * s_object(on_bg);
  // Region term: four blocks split at the foreground's centroid, rounded half to even, plus one.
  const int cy = static_cast<int>(std::nearbyint(row_sum / static_cast<double>(fg))) + 1;
  const int cx = static_cast<int>(std::nearbyint(col_sum / static_cast<double>(fg))) + 1;
  const int x = std::min(cx, width), y = std::min(cy, height);
  const double area = static_cast<double>(width) * height;
  const double w1 = static_cast<double>(x) * y / area, w2 = static_cast<double>(y) * (width - x) / area,
               w3 = static_cast<double>(height - y) * x / area, w4 = 1 - w1 - w2 - w3;
  const double region = w1 * block_ssim(p, g, width, 0, x, 0, y) + w2 * block_ssim(p, g, width, x, width, 0, y) +
                        w3 * block_ssim(p, g, width, 0, x, y, height) +
                        w4 * block_ssim(p, g, width, x, width, y, height);
  return std::max(0.0, 0.5 * object + 0.5 * region);
}

}  // namespace

Result<SaliencyImageScores> score_saliency(const GreyImage& prediction, const GreyImage& mask) {
  if (auto s = same_size(prediction, mask); !s) return s.error();
  const std::vector<double> p = prepared(prediction);
  const size_t n = p.size();
  std::vector<uint8_t> g(n);
  size_t fg = 0;
  for (size_t i = 0; i < n; ++i) fg += g[i] = mask.pixels[i] > 128;

  SaliencyImageScores out;
  double abs_sum = 0;
  for (size_t i = 0; i < n; ++i) abs_sum += std::abs(p[i] - g[i]);
  out.mae = abs_sum / static_cast<double>(n);
  out.s_measure = s_measure(p, g, prediction.width, prediction.height, fg);

  // Histograms of q = floor(255 P) on the mask and off it; counts at or above each threshold.
  std::array<size_t, kSaliencyThresholds> on{}, off{};
  for (size_t i = 0; i < n; ++i) {
    const int q = std::clamp(static_cast<int>(p[i] * 255), 0, 255);
    (g[i] ? on : off)[q]++;
  }
  size_t tp = 0, fp = 0;
  const double size = static_cast<double>(n), gt_fg = static_cast<double>(fg);
  const double mean_g = gt_fg / size;
  for (int t = kSaliencyThresholds - 1; t >= 0; --t) {
    tp += on[t];
    fp += off[t];
    const size_t predicted = tp + fp;
    // F-measure.
    const double precision = static_cast<double>(tp) / static_cast<double>(std::max<size_t>(predicted, 1));
    const double recall = static_cast<double>(tp) / static_cast<double>(std::max<size_t>(fg, 1));
    const double numerator = (1 + kBeta2) * precision * recall;
    out.f_curve[t] = numerator == 0 ? 0 : numerator / (kBeta2 * precision + recall);
    // E-measure from the four parts' counts (every pixel of a part has the same alignment value).
    double enhanced;
    if (fg == 0) {
      enhanced = size - static_cast<double>(predicted);
    } else if (fg == n) {
      enhanced = static_cast<double>(predicted);
    } else {
      const double fg_fg = static_cast<double>(tp), fg_bg = static_cast<double>(fp);
      const double bg_fg = gt_fg - fg_fg, bg_bg = (size - static_cast<double>(predicted)) - bg_fg;
      const double mean_b = static_cast<double>(predicted) / size;
      const double parts[4] = {fg_fg, fg_bg, bg_fg, bg_bg};
      const double b_values[4] = {1 - mean_b, 1 - mean_b, 0 - mean_b, 0 - mean_b};
      const double g_values[4] = {1 - mean_g, 0 - mean_g, 1 - mean_g, 0 - mean_g};
      enhanced = 0;
      for (int k = 0; k < 4; ++k) {
        const double align =
            2 * (b_values[k] * g_values[k]) / (b_values[k] * b_values[k] + g_values[k] * g_values[k] + kEps);
        enhanced += (align + 1) * (align + 1) / 4 * parts[k];
      }
    }
    out.e_curve[t] = enhanced / (size - 1 + kEps);
  }
  return out;
}

double curve_max(const SaliencyCurve& curve) { return *std::max_element(curve.begin(), curve.end()); }

double curve_mean(const SaliencyCurve& curve) {
  double sum = 0;
  for (double v : curve) sum += v;
  return sum / kSaliencyThresholds;
}

void add_image(SaliencySet& set, const SaliencyImageScores& image) {
  ++set.images;
  set.s_sum += image.s_measure;
  set.mae_sum += image.mae;
  for (int t = 0; t < kSaliencyThresholds; ++t) {
    set.f_sum[t] += image.f_curve[t];
    set.e_sum[t] += image.e_curve[t];
  }
}

SaliencySummary summarise(const SaliencySet& set) {
  SaliencySummary s;
  s.images = set.images;
  if (set.images == 0) return s;
  const double n = static_cast<double>(set.images);
  s.s_measure = set.s_sum / n;
  s.mae = set.mae_sum / n;
  SaliencyCurve f{}, e{};
  for (int t = 0; t < kSaliencyThresholds; ++t) {
    f[t] = set.f_sum[t] / n;
    e[t] = set.e_sum[t] / n;
  }
  s.max_f = curve_max(f);
  s.mean_f = curve_mean(f);
  s.max_e = curve_max(e);
  s.mean_e = curve_mean(e);
  return s;
}

Result<BinaryCutScores> score_binary_cut(const GreyImage& prediction, const GreyImage& mask) {
  if (auto s = same_size(prediction, mask); !s) return s.error();
  BinaryCutScores out;
  for (size_t i = 0; i < prediction.pixels.size(); ++i) {
    const bool cut = prediction.pixels[i] >= 128, truth = mask.pixels[i] > 128;
    out.true_pos += cut && truth;
    out.false_pos += cut && !truth;
    out.false_neg += !cut && truth;
  }
  const double tp = static_cast<double>(out.true_pos);
  const size_t either = out.true_pos + out.false_pos + out.false_neg;
  out.iou = either ? tp / static_cast<double>(either) : 1;
  out.precision = out.true_pos + out.false_pos ? tp / static_cast<double>(out.true_pos + out.false_pos) : 0;
  out.recall = out.true_pos + out.false_neg ? tp / static_cast<double>(out.true_pos + out.false_neg) : 0;
  const double numerator = (1 + kBeta2) * out.precision * out.recall;
  out.f = numerator == 0 ? 0 : numerator / (kBeta2 * out.precision + out.recall);
  return out;
}

}  // namespace pxav
