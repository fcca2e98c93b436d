#include "avatar/foreground.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <utility>

namespace pxav {
namespace {

bool valid_depth(float z) { return std::isfinite(z) && z > 0; }

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f m", value);
  return text;
}

// Nearest-rank percentile of a copy; p in [0, 1]. values must not be empty.
// Two percentiles (lo_p <= hi_p) of one sample, selected in place: the second selection only
// has to look above the first rank, and no copy of the (often 400k) samples is made.
std::pair<double, double> percentiles(std::vector<float>& values, double lo_p, double hi_p) {
  const auto rank = [&](double p) {
    return static_cast<std::ptrdiff_t>(std::floor(p * static_cast<double>(values.size() - 1) + 0.5));
  };
  const std::ptrdiff_t lo = rank(lo_p), hi = rank(hi_p);
  std::nth_element(values.begin(), values.begin() + lo, values.end());
  const double low = values[lo];
  if (hi > lo) std::nth_element(values.begin() + lo + 1, values.begin() + hi, values.end());
  return {low, values[hi]};
}

std::vector<float> valid_samples(const DepthMap& depth, const GreyImage* mask) {
  std::vector<float> out;
  out.reserve(depth.z.size());
  for (size_t i = 0; i < depth.z.size(); ++i) {
    if (valid_depth(depth.z[i]) && (mask == nullptr || mask->pixels[i] != 0)) out.push_back(depth.z[i]);
  }
  return out;
}

int bin_of(double z, double lo, double hi) {
  const double t = (z - lo) / (hi - lo) * kForegroundHistogramBins;
  if (!(t > 0)) return 0;
  return std::min(static_cast<int>(t), kForegroundHistogramBins - 1);
}

double bin_upper_edge(int bin, double lo, double hi) {
  return lo + (hi - lo) * (bin + 1) / kForegroundHistogramBins;
}

bool empty_mask(const GreyImage& mask) {
  return std::none_of(mask.pixels.begin(), mask.pixels.end(), [](uint8_t v) { return v != 0; });
}

}  // namespace

int otsu_split(std::span<const uint32_t> histogram, int first, int last) {
  // Sums of counts and of count * bin are integers well inside double's exact range, so every
  // build computes the same variances and picks the same bin.
  double total = 0, total_moment = 0;
  for (int i = first; i <= last; ++i) {
    total += histogram[i];
    total_moment += static_cast<double>(histogram[i]) * i;
  }
  double best = -1;
  int best_first = first, best_last = first;
  double w0 = 0, m0 = 0;
  for (int t = first; t < last; ++t) {
    w0 += histogram[t];
    m0 += static_cast<double>(histogram[t]) * t;
    const double w1 = total - w0;
    if (w0 == 0 || w1 == 0) continue;
    const double mean_gap = m0 / w0 - (total_moment - m0) / w1;
    const double between = w0 * w1 * mean_gap * mean_gap;
    if (between > best) {
      best = between;
      best_first = best_last = t;
    } else if (between == best) {
      best_last = t;
    }
  }
  return best_first + (best_last - best_first) / 2;
}

void drop_flying_pixels(const DepthMap& depth, double relative_jump, GreyImage& mask) {
  const int w = depth.width, h = depth.height;
  std::vector<uint8_t> keep = mask.pixels;
  const auto behind = [&](float z, float zn) { return valid_depth(zn) && z - zn > relative_jump * zn; };
  for (int y = 0; y < h; ++y) {
    const bool inner_row = y > 0 && y < h - 1;
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      if (mask.pixels[i] == 0) continue;
      const float z = depth.z[i];
      // All eight neighbours: with a 4-neighbourhood a diagonal background pixel at a corner of
      // the silhouette would survive and join subject and background into one 8-connected region.
      bool flying = false;
      if (inner_row && x > 0 && x < w - 1) {  // most pixels: no edge checks
        const float* up = &depth.z[i - w];
        const float* row = &depth.z[i];
        const float* down = &depth.z[i + w];
        flying = behind(z, up[-1]) || behind(z, up[0]) || behind(z, up[1]) || behind(z, row[-1]) ||
                 behind(z, row[1]) || behind(z, down[-1]) || behind(z, down[0]) || behind(z, down[1]);
      } else {
        for (int dy = -1; dy <= 1 && !flying; ++dy)
          for (int dx = -1; dx <= 1 && !flying; ++dx) {
            const int nx = x + dx, ny = y + dy;
            if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
            flying = behind(z, depth.at(nx, ny));
          }
      }
      if (flying) keep[i] = 0;
    }
  }
  mask.pixels = std::move(keep);
}

void keep_largest_component(GreyImage& mask) {
  const int w = mask.width, h = mask.height;
  // Label with an explicit stack (no recursion: a subject can span hundreds of thousands of pixels).
  std::vector<int32_t> label(mask.pixels.size(), -1);
  std::vector<size_t> stack;
  int best_label = -1;
  size_t best_size = 0;
  int next_label = 0;
  for (size_t start = 0; start < mask.pixels.size(); ++start) {
    if (mask.pixels[start] == 0 || label[start] >= 0) continue;
    const int current = next_label++;
    size_t size = 0;
    label[start] = current;
    stack.push_back(start);
    while (!stack.empty()) {
      const size_t i = stack.back();
      stack.pop_back();
      ++size;
      const int x = static_cast<int>(i % w), y = static_cast<int>(i / w);
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const size_t n = static_cast<size_t>(ny) * w + nx;
          if (mask.pixels[n] != 0 && label[n] < 0) {
            label[n] = current;
            stack.push_back(n);
          }
        }
      }
    }
    if (size > best_size) {
      best_size = size;
      best_label = current;
    }
  }
  for (size_t i = 0; i < mask.pixels.size(); ++i) mask.pixels[i] = label[i] == best_label && best_label >= 0 ? 255 : 0;
}

Result<Foreground> find_foreground(const DepthMap& depth, const GreyImage* matte,
                                   const ForegroundOptions& options) {
  if (depth.empty() || depth.z.size() != static_cast<size_t>(depth.width) * depth.height) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the depth map is empty or its size is inconsistent");
  }
  for (const auto& [name, value] : {std::pair{"near", options.near_m}, std::pair{"far", options.far_m}}) {
    if (value && !(std::isfinite(*value) && *value > 0)) {
      return make_error(ErrorCode::InvalidArgument, std::string("foreground: ") + name + " must be a positive number of metres");
    }
  }
  if (options.near_m && options.far_m && !(*options.near_m < *options.far_m)) {
    return make_error(ErrorCode::InvalidArgument, "foreground: near (" + metres(*options.near_m) +
                                                      ") must be less than far (" + metres(*options.far_m) + ")");
  }
  if (matte != nullptr && (matte->width != depth.width || matte->height != depth.height ||
                           matte->pixels.size() != depth.z.size())) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the matte is " + std::to_string(matte->width) + "x" +
                                                      std::to_string(matte->height) + " but the depth map is " +
                                                      std::to_string(depth.width) + "x" + std::to_string(depth.height));
  }

  std::vector<float> all = valid_samples(depth, nullptr);
  if (all.empty()) {
    return make_error(ErrorCode::NoDepth, "foreground: the depth map has no valid sample (all NaN, zero or negative)");
  }

  Foreground fg;
  // The histogram spans the 0.5th..99.5th percentile so one stray far sample cannot squeeze the
  // whole scene into a few bins; the outliers still count, in the end bins.
  std::tie(fg.hist_lo_m, fg.hist_hi_m) = percentiles(all, 0.005, 0.995);
  if (!(fg.hist_hi_m > fg.hist_lo_m)) fg.hist_hi_m = fg.hist_lo_m + 0.001;  // a flat scene
  fg.histogram.assign(kForegroundHistogramBins, 0);
  for (float z : all) ++fg.histogram[bin_of(z, fg.hist_lo_m, fg.hist_hi_m)];

  const bool manual = options.near_m || options.far_m;
  const int first_bin = options.near_m ? bin_of(*options.near_m, fg.hist_lo_m, fg.hist_hi_m) : 0;
  const int last_bin = options.far_m ? bin_of(*options.far_m, fg.hist_lo_m, fg.hist_hi_m) : kForegroundHistogramBins - 1;
  fg.threshold_m = options.far_m ? *options.far_m
                                 : bin_upper_edge(otsu_split(fg.histogram, first_bin, last_bin), fg.hist_lo_m, fg.hist_hi_m);

  fg.mask.width = depth.width;
  fg.mask.height = depth.height;
  fg.mask.pixels.assign(depth.z.size(), 0);

  if (!manual && options.use_matte && matte != nullptr) {
    for (size_t i = 0; i < depth.z.size(); ++i) fg.mask.pixels[i] = matte->pixels[i] >= 128 && valid_depth(depth.z[i]) ? 255 : 0;
    drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
    fg.source = "matte";
    // A matte that covers no valid depth (a portrait of something the matte model missed) falls
    // back to the depth histogram; source says so.
  }
  if (fg.source.empty() || empty_mask(fg.mask)) {
    const double near = options.near_m.value_or(0.0);
    for (size_t i = 0; i < depth.z.size(); ++i) {
      const float z = depth.z[i];
      fg.mask.pixels[i] = valid_depth(z) && z >= near && z <= fg.threshold_m ? 255 : 0;
    }
    drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
    keep_largest_component(fg.mask);
    fg.source = manual ? "manual" : "depth-histogram";
  }

  std::vector<float> subject = valid_samples(depth, &fg.mask);
  if (subject.empty()) {
    std::string window = options.near_m ? "between " + metres(*options.near_m) + " and " : "nearer than ";
    return make_error(ErrorCode::InvalidArgument,
                      "foreground: no valid depth sample " + window + metres(fg.threshold_m) +
                          " (the scene spans " + metres(fg.hist_lo_m) + " to " + metres(fg.hist_hi_m) + ")");
  }
  std::tie(fg.near_m, fg.far_m) = percentiles(subject, kSubjectNearPercentile, kSubjectFarPercentile);
  return fg;
}

}  // namespace pxav
