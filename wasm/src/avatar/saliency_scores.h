// The scores of the RGB-D salient object detection benchmarks, for comparing our subject cut with
// published methods on their own terms (bench/cut_score on ../shared/data/rgbd_sod): S-measure,
// the F-measure curve (max F, mean F), MAE and the E-measure curve (max E, mean E), computed
// exactly as PySODMetrics and the MATLAB toolboxes of Fan et al. do (the rules are written out in
// ../shared/data/rgbd_sod/README.md), plus the plain binary scores of a cut (IoU, precision,
// recall). A prediction is 8-bit grey (a binary cut is 0/255), a mask 8-bit with subject > 128.
//
// Per image: score_saliency. Per dataset: add_image for each, then summarise: max F and max E are
// taken on the curve averaged over the images, not as the mean of per-image maxima.
#pragma once

#include <array>
#include <cstddef>

#include "core/image.h"
#include "core/result.h"

namespace pxav {

inline constexpr int kSaliencyThresholds = 256;
using SaliencyCurve = std::array<double, kSaliencyThresholds>;  // index t: the map q >= t, q = floor(255 P)

struct SaliencyImageScores {
  double s_measure = 0;     // alpha = 0.5
  double mae = 0;           // mean |P - G|
  SaliencyCurve f_curve{};  // F with beta^2 = 0.3 at every threshold
  SaliencyCurve e_curve{};  // enhanced alignment at every threshold
};

// Errors: InvalidArgument when the two images are empty or of different sizes.
Result<SaliencyImageScores> score_saliency(const GreyImage& prediction, const GreyImage& mask);

double curve_max(const SaliencyCurve& curve);
double curve_mean(const SaliencyCurve& curve);

// Sums over the images of one set.
struct SaliencySet {
  size_t images = 0;
  double s_sum = 0, mae_sum = 0;
  SaliencyCurve f_sum{}, e_sum{};
};

void add_image(SaliencySet& set, const SaliencyImageScores& image);

struct SaliencySummary {
  size_t images = 0;
  double s_measure = 0, mae = 0;
  double max_f = 0, mean_f = 0;  // of the set's averaged F curve
  double max_e = 0, mean_e = 0;  // of the set's averaged E curve
};

SaliencySummary summarise(const SaliencySet& set);

// A cut as a binary map (prediction >= 128) against the mask (> 128). IoU is 1 when both are empty;
// precision 0 with nothing predicted, recall 0 with an empty mask; f is F with beta^2 = 0.3.
struct BinaryCutScores {
  size_t true_pos = 0, false_pos = 0, false_neg = 0;
  double iou = 0, precision = 0, recall = 0, f = 0;
};

Result<BinaryCutScores> score_binary_cut(const GreyImage& prediction, const GreyImage& mask);

}  // namespace pxav
