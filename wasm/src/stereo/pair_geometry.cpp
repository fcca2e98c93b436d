#include "stereo/pair_geometry.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "stereo/census.h"
#include "stereo/feature_match.h"
#include "stereo/features.h"
#include "stereo/fundamental.h"
#include "stereo/small_matrix.h"

namespace pxav {
namespace {

// Features are found on a view of at most this width (halving): enough corners for the geometry,
// and the sub-pixel refinement keeps the precision that the halving would lose.
constexpr int kFeatureWidth = 1024;
constexpr int kMaxFeatures = 2000;
constexpr int kRatioPercent = 80;  // Lowe's ratio test
constexpr int kMaxHamming = 80;    // of 256 bits
constexpr double kMinSimilarity = 0.8;
constexpr double kInlierPx = 1.0;  // Sampson distance, at the feature size

GreyImage grey_at(const RgbImage& rgb, int s) {
  GreyImage full = grey_of(rgb);
  if (s == 1) return full;
  GreyImage out;
  out.width = rgb.width / s;
  out.height = rgb.height / s;
  out.pixels.resize(static_cast<size_t>(out.width) * out.height);
  const int n = s * s;
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      int sum = 0;
      for (int dy = 0; dy < s; ++dy)
        for (int dx = 0; dx < s; ++dx) sum += full.at(x * s + dx, y * s + dy);
      out.pixels[static_cast<size_t>(y) * out.width + x] = static_cast<uint8_t>((sum + n / 2) / n);
    }
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char text[320];
  std::snprintf(text, sizeof text, format, a, b, c);
  return text;
}

// check: the condition that did not hold, for programs (ErrorFields::check).
Error gate_error(const char* check, const std::string& sentence) {
  return make_error(ErrorCode::UnusablePair, sentence, failed_check(check));
}

}  // namespace

RgbImage equalise_exposure(const RgbImage& view, double gain, double bias) {
  uint8_t table[256];
  for (int v = 0; v < 256; ++v)
    table[v] = static_cast<uint8_t>(std::clamp(std::floor(gain * v + bias + 0.5), 0.0, 255.0));
  RgbImage out = view;
  for (uint8_t& v : out.pixels) v = table[v];
  return out;
}

Result<PairGeometry> analyse_pair(const RgbImage& left_view, const RgbImage& right_view, bool may_swap, bool keep_left,
                                  double focal_px, const PairGate& gate) {
  PairGeometry out;
  int s = 1;
  while (left_view.width / s > kFeatureWidth) s *= 2;
  out.feature_scale = s;
  const GreyImage left = grey_at(left_view, s), right = grey_at(right_view, s);
  const auto lf = detect_features(left, kMaxFeatures), rf = detect_features(right, kMaxFeatures);
  out.features_left = static_cast<int>(lf.size());
  out.features_right = static_cast<int>(rf.size());
  const auto matches = match_features(lf, rf, kRatioPercent, kMaxHamming);
  std::vector<PointPair> pairs = refine_matches(left, right, lf, rf, matches, kMinSimilarity);
  out.matches = static_cast<int>(pairs.size());
  const int fewest = std::min(out.features_left, out.features_right);
  if (out.matches < gate.min_inliers)
    return gate_error(
        "same-scene",
        fmt("these two photos do not show the same scene: only %.0f of %.0f features correspond", out.matches, fewest));

  // The same picture twice (or a camera on a tripod): the matches hardly move.
  std::vector<double> motion;
  for (const PointPair& p : pairs) motion.push_back(std::hypot(p.xr - p.xl, p.yr - p.yl));
  if (percentile(motion, 0.8) < gate.min_motion_px)
    return gate_error("camera-moved",
                      fmt("the camera did not move between the two shots: the views differ by %.1f px at most "
                          "(there is no depth to see)",
                          percentile(motion, 0.8) * s));

  // Full-size coordinates from here on (pixel centres: x_full = (x + 0.5) s - 0.5).
  for (PointPair& p : pairs) {
    p.xl = (p.xl + 0.5) * s - 0.5;
    p.yl = (p.yl + 0.5) * s - 0.5;
    p.xr = (p.xr + 0.5) * s - 0.5;
    p.yr = (p.yr + 0.5) * s - 0.5;
  }
  const FundamentalFit fit = fit_fundamental(pairs, kInlierPx * s);
  out.inliers = fit.inliers;
  if (fit.inliers < gate.min_inliers)
    return gate_error("same-scene",
                      fmt("these two photos do not show the same scene: only %.0f of %.0f matched features "
                          "agree on one camera motion",
                          fit.inliers, out.matches));

  std::vector<double> rows, shifts;
  for (size_t i = 0; i < pairs.size(); ++i)
    if (fit.inlier[i]) {
      rows.push_back(std::fabs(pairs[i].yr - pairs[i].yl));
      shifts.push_back(pairs[i].xl - pairs[i].xr);
    }
  out.row_error_before = percentile(rows, 0.5);
  const double overlap_before = 1 - std::fabs(percentile(shifts, 0.5)) / left_view.width;
  if (overlap_before < gate.min_overlap)
    return gate_error("overlap",
                      fmt("too little overlap: the two photos share about %.0f%% of their width (at least %.0f%% "
                          "is needed)",
                          100 * std::max(0.0, overlap_before), 100 * gate.min_overlap));
  if (fit.inliers < gate.min_inlier_share * out.matches)
    return gate_error("same-scene",
                      fmt("these two photos do not show the same scene: only %.0f of %.0f matched features "
                          "agree on one camera motion",
                          fit.inliers, out.matches));

  // Something moved: the matches the geometry rejects by far agree among themselves on another.
  // When most matches already lie on their rows (a rectified pair), the rows are that geometry:
  // a fundamental matrix fitted to fronto-parallel planes (generated scenes, walls) can bend to
  // take in a moved object as well.
  long on_rows = 0;
  for (const PointPair& p : pairs) on_rows += std::fabs(p.yr - p.yl) <= kInlierPx * s;
  const bool rectified_first = on_rows * 2 >= static_cast<long>(pairs.size());
  std::vector<PointPair> rejected;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const bool far = rectified_first ? std::fabs(pairs[i].yr - pairs[i].yl) > 4 * kInlierPx * s
                                     : !fit.inlier[i] && sampson_distance(fit.f, pairs[i]) > 4 * kInlierPx * s;
    if (far) rejected.push_back(pairs[i]);
  }
  const double kept = rectified_first ? static_cast<double>(on_rows) : fit.inliers;
  if (static_cast<int>(rejected.size()) >= 12) {
    const FundamentalFit second = fit_fundamental(rejected, kInlierPx * s, 2);
    if (second.inliers >= std::max(12.0, gate.moved_share * kept))
      return gate_error("scene-still",
                        fmt("the scene changed between the shots (people moved): %.0f matched features moved "
                            "differently from the other %.0f",
                            second.inliers, kept));
  }

  out.row_error_p90_before = percentile(rows, 0.9);
  out.rectify = out.row_error_before > gate.max_row_median || out.row_error_p90_before > gate.max_row_p90;
  if (out.rectify && keep_left) {
    // y_l = p x_r + q y_r + r in least squares over the inliers.
    double ata[9] = {}, atb[3] = {};
    for (size_t i = 0; i < pairs.size(); ++i)
      if (fit.inlier[i]) {
        const double row[3] = {pairs[i].xr, pairs[i].yr, 1};
        for (int a = 0; a < 3; ++a) {
          for (int b = 0; b < 3; ++b) ata[a * 3 + b] += row[a] * row[b];
          atb[a] += row[a] * pairs[i].yl;
        }
      }
    const Vec3 pqr = mat3_apply(mat3_inverse({ata[0], ata[1], ata[2], ata[3], ata[4], ata[5], ata[6], ata[7], ata[8]}),
                                {atb[0], atb[1], atb[2]});
    const Mat3 rows_fix = {1, 0, 0, pqr[0], pqr[1], pqr[2], 0, 0, 1};
    std::vector<double> after;
    for (size_t i = 0; i < pairs.size(); ++i)
      if (fit.inlier[i]) {
        double x, y;
        apply_homography(rows_fix, pairs[i].xr, pairs[i].yr, x, y);
        after.push_back(std::fabs(y - pairs[i].yl));
      }
    // The median alone decides: metric depth is worth a tail of rows a pixel or two off (Apple's
    // spatial photo: median 0.47 px, 90th percentile 1.7 px at 640 px).
    if (percentile(after, 0.5) <= gate.max_row_median) {
      out.rows_only = true;
      out.h.right = rows_fix;
    }
  }
  if (out.rectify && !out.rows_only && focal_px > 0) {
    // The principal point is not known either: the centre (as every lens is designed).
    const double cx = (left_view.width - 1) / 2.0, cy = (left_view.height - 1) / 2.0;
    auto pose = pose_from_fundamental(fit.f, focal_px, cx, cy, pairs, fit.inlier);
    if (pose) {
      const Rectification h = rectify_from_pose(*pose, focal_px, cx, cy, left_view.width, left_view.height);
      std::vector<double> after;
      for (size_t i = 0; i < pairs.size(); ++i)
        if (fit.inlier[i]) {
          double lx, ly, rx, ry;
          apply_homography(h.left, pairs[i].xl, pairs[i].yl, lx, ly);
          apply_homography(h.right, pairs[i].xr, pairs[i].yr, rx, ry);
          after.push_back(std::isfinite(ly) && std::isfinite(ry) ? std::fabs(ry - ly) : 1e9);
        }
      // A focal length that is off (a rounded 35 mm equivalent, a cropped photo) bends the rows;
      // beyond the tolerance of a rectified pair, Hartley's homographies fit the pixels better.
      const double median = percentile(after, 0.5), p90 = percentile(after, 0.9);
      if (median <= gate.max_row_median && p90 <= gate.max_row_p90) {
        out.h = h;
        out.calibrated = true;
        out.pose = *pose;
      } else {
        out.calibration_note =
            fmt("the focal length's essential matrix left rows %.2f px apart (median; 90%%: %.2f px)", median, p90);
      }
    } else {
      out.calibration_note = pose.error().message;
    }
  }
  if (out.rectify && !out.rows_only && !out.calibrated) {
    auto h = rectify_from_fundamental(fit.f, pairs, fit.inlier, left_view.width, left_view.height);
    if (!h) return h.error();
    out.h = *h;
  }
  if (out.rectify) {
    const double w = left_view.width - 1.0, hgt = left_view.height - 1.0;
    for (const Mat3* m : {&out.h.left, &out.h.right})
      for (const auto& p : {std::array<double, 2>{0, 0}, {w, 0}, {0, hgt}, {w, hgt}, {w / 2, hgt / 2}}) {
        double x, y;
        apply_homography(*m, p[0], p[1], x, y);
        out.largest_move_px = std::max(out.largest_move_px, std::hypot(x - p[0], y - p[1]));
      }
  }
  std::vector<double> disparities;
  rows.clear();
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!fit.inlier[i]) continue;
    double lx, ly, rx, ry;
    apply_homography(out.h.left, pairs[i].xl, pairs[i].yl, lx, ly);
    apply_homography(out.h.right, pairs[i].xr, pairs[i].yr, rx, ry);
    rows.push_back(std::fabs(ry - ly));
    disparities.push_back(lx - rx);
  }
  out.residual = percentile(rows, 0.5);
  out.disparity_low = percentile(disparities, 0.01);
  out.disparity_median = percentile(disparities, 0.5);
  out.disparity_high = percentile(disparities, 0.99);
  // Exposure: the contrast ratio of all inlier patches together (a ratio of sums, not a median
  // of ratios, which noise biases upwards) and the mean brightness difference that remains.
  double var_l = 0, var_r = 0, sum_l = 0, sum_r = 0;
  int counted = 0;
  for (size_t i = 0; i < pairs.size(); ++i)
    if (fit.inlier[i]) {
      var_l += static_cast<double>(pairs[i].spread_l) * pairs[i].spread_l;
      var_r += static_cast<double>(pairs[i].spread_r) * pairs[i].spread_r;
      sum_l += pairs[i].mean_l;
      sum_r += pairs[i].mean_r;
      ++counted;
    }
  if (counted > 0 && var_r > 0) {
    out.gain = std::sqrt(var_l / var_r);
    out.bias = (sum_l - out.gain * sum_r) / counted;
    out.equalise = std::fabs(out.gain - 1) > 0.08 || std::fabs(out.gain * 128 + out.bias - 128) > 6;
  }

  // Right given as left: a parallel pair's disparities are all positive, so nearly all negative
  // ones say the order is reversed. (A converged pair has both signs; its order comes from its file.)
  // Only for near-parallel cameras: both epipoles (where each camera sees the other) at least 20
  // widths from the centre, or no rectification needed at all. Turned-in cameras shift
  // every disparity by their convergence, which can make them all negative in the right order
  // (a 5 degree toe-in at a 53 degree field of view is 33 px on a 384 px Tsukuba), and without a
  // calibration the two cases look alike.
  const double cx = left_view.width / 2.0, cy = left_view.height / 2.0;
  out.epipole_widths = 1e9;
  for (const Vec3& e : {mat3_null_vector(fit.f), mat3_null_vector(mat3_transpose(fit.f))})
    if (std::fabs(e[2]) * 1e9 >= std::hypot(e[0], e[1]))
      out.epipole_widths =
          std::min(out.epipole_widths, std::hypot(e[0] / e[2] - cx, e[1] / e[2] - cy) / left_view.width);
  const bool parallel = !out.rectify || out.epipole_widths >= 20;
  if (may_swap && parallel) {
    long negative = 0;
    for (double d : disparities) negative += d < 0;
    if (negative * 10 >= static_cast<long>(disparities.size()) * 9) {
      auto again = analyse_pair(right_view, left_view, false, keep_left, focal_px, gate);
      if (!again) return again.error();
      again->swapped = true;
      return again;
    }
  }
  return out;
}

}  // namespace pxav
