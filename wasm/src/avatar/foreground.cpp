#include "avatar/foreground.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>
#include <utility>

#include "avatar/depth_ranks.h"

namespace pxav {
namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f m", value);
  return text;
}

// Two nearest-rank percentiles (lo_p <= hi_p in [0, 1]) of the samples counted in counts.
std::pair<double, double> percentiles(const DepthSamples& samples, const DepthCounts& counts, double lo_p,
                                      double hi_p) {
  const auto [low, high] =
      depth_ranks(samples, counts, percentile_rank(lo_p, counts.count), percentile_rank(hi_p, counts.count));
  return {low, high};
}

int bin_of(double z, double lo, double hi) {
  const double t = (z - lo) / (hi - lo) * kForegroundHistogramBins;
  if (!(t > 0)) return 0;
  return std::min(static_cast<int>(t), kForegroundHistogramBins - 1);
}

double bin_upper_edge(int bin, double lo, double hi) { return lo + (hi - lo) * (bin + 1) / kForegroundHistogramBins; }

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
  // A copy framed by one pixel, invalid samples as NaN: every comparison with NaN is false, so
  // "behind a valid neighbour" needs neither a validity test nor an edge test per neighbour.
  const int pw = w + 2;
  std::vector<float> z(static_cast<size_t>(pw) * (h + 2), std::numeric_limits<float>::quiet_NaN());
  for (int y = 0; y < h; ++y) {
    const float* src = &depth.z[static_cast<size_t>(y) * w];
    float* dst = &z[static_cast<size_t>(y + 1) * pw + 1];
    for (int x = 0; x < w; ++x) dst[x] = is_valid_depth(src[x]) ? src[x] : std::numeric_limits<float>::quiet_NaN();
  }
  // int, not bool: the eight tests below are joined with | on purpose, all evaluated, no branches.
  const auto behind = [relative_jump](float zc, float zn) -> int { return zc - zn > relative_jump * zn; };
  std::vector<uint8_t> keep = mask.pixels;
  for (int y = 0; y < h; ++y) {
    const float* up = &z[static_cast<size_t>(y) * pw + 1];
    const float* row = up + pw;
    const float* down = row + pw;
    const uint8_t* in = &mask.pixels[static_cast<size_t>(y) * w];
    uint8_t* out = &keep[static_cast<size_t>(y) * w];
    for (int x = 0; x < w; ++x) {
      if (in[x] == 0) continue;
      const float c = row[x];
      // All eight neighbours: with a 4-neighbourhood a diagonal background pixel at a corner of
      // the silhouette would survive and join subject and background into one 8-connected region.
      const bool flying = behind(c, up[x - 1]) | behind(c, up[x]) | behind(c, up[x + 1]) | behind(c, row[x - 1]) |
                          behind(c, row[x + 1]) | behind(c, down[x - 1]) | behind(c, down[x]) | behind(c, down[x + 1]);
      if (flying) out[x] = 0;
    }
  }
  mask.pixels = std::move(keep);
}

void keep_largest_component(GreyImage& mask) {
  const int w = mask.width, h = mask.height;
  // Labels runs of set pixels, not pixels: a subject of 200k pixels is a few thousand runs. Runs
  // of neighbouring rows that touch, diagonally included, are joined with union-find; one
  // sequential pass finds the runs and one writes the result.
  struct Run {
    int y, begin, end;  // [begin, end) on row y
    uint32_t parent;
  };
  std::vector<Run> runs;
  std::vector<size_t> row_first(static_cast<size_t>(h) + 1, 0);  // runs of row y: [row_first[y], row_first[y + 1])
  for (int y = 0; y < h; ++y) {
    row_first[y] = runs.size();
    const uint8_t* row = &mask.pixels[static_cast<size_t>(y) * w];
    for (int x = 0; x < w;) {
      if (row[x] == 0) {
        ++x;
        continue;
      }
      const int begin = x;
      while (x < w && row[x] != 0) ++x;
      runs.push_back({y, begin, x, static_cast<uint32_t>(runs.size())});
    }
  }
  row_first[h] = runs.size();
  const auto root = [&](uint32_t i) {
    while (runs[i].parent != i) i = runs[i].parent = runs[runs[i].parent].parent;  // path halving
    return i;
  };
  for (int y = 1; y < h; ++y) {
    // Two sorted lists of runs, walked together: a run above touches this one when their
    // column ranges overlap after widening by one pixel (the diagonal neighbours).
    size_t a = row_first[y - 1];
    for (size_t b = row_first[y]; b < row_first[y + 1]; ++b) {
      while (a < row_first[y] && runs[a].end < runs[b].begin) ++a;
      for (size_t k = a; k < row_first[y] && runs[k].begin <= runs[b].end; ++k) {
        const uint32_t ra = root(static_cast<uint32_t>(k)), rb = root(static_cast<uint32_t>(b));
        if (ra != rb) runs[std::max(ra, rb)].parent = std::min(ra, rb);  // the earlier run stays root
      }
    }
  }
  // The largest region; on a tie the one whose first pixel comes first in raster order, which is
  // the region whose root (its earliest run) has the lower index.
  std::vector<size_t> size(runs.size(), 0);
  for (uint32_t i = 0; i < runs.size(); ++i) size[root(i)] += static_cast<size_t>(runs[i].end - runs[i].begin);
  uint32_t best = 0;
  for (uint32_t i = 0; i < runs.size(); ++i) {
    if (size[i] > size[best]) best = i;
  }
  std::fill(mask.pixels.begin(), mask.pixels.end(), 0);
  for (uint32_t i = 0; i < runs.size(); ++i) {
    if (root(i) != best) continue;
    uint8_t* row = &mask.pixels[static_cast<size_t>(runs[i].y) * w];
    std::fill(row + runs[i].begin, row + runs[i].end, 255);
  }
}

Result<Foreground> find_foreground(const DepthMap& depth, const GreyImage* matte, const ForegroundOptions& options) {
  if (depth.empty() || depth.z.size() != static_cast<size_t>(depth.width) * depth.height) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the depth map is empty or its size is inconsistent");
  }
  for (const auto& [name, value] : {std::pair{"near", options.near_m}, std::pair{"far", options.far_m}}) {
    if (value && !(std::isfinite(*value) && *value > 0)) {
      return make_error(ErrorCode::InvalidArgument,
                        std::string("foreground: ") + name + " must be a positive number of metres");
    }
  }
  if (options.near_m && options.far_m && !(*options.near_m < *options.far_m)) {
    return make_error(ErrorCode::InvalidArgument, "foreground: near (" + metres(*options.near_m) +
                                                      ") must be less than far (" + metres(*options.far_m) + ")");
  }
  if (matte != nullptr &&
      (matte->width != depth.width || matte->height != depth.height || matte->pixels.size() != depth.z.size())) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the matte is " + std::to_string(matte->width) + "x" +
                                                      std::to_string(matte->height) + " but the depth map is " +
                                                      std::to_string(depth.width) + "x" + std::to_string(depth.height));
  }

  const DepthSamples all{depth.z};
  const DepthCounts all_counts = count_depths(all);
  if (all_counts.count == 0) {
    return make_error(ErrorCode::NoDepth, "foreground: the depth map has no valid sample (all NaN, zero or negative)");
  }

  Foreground fg;
  // The histogram spans the 0.5th..99.5th percentile so one stray far sample cannot squeeze the
  // whole scene into a few bins; the outliers still count, in the end bins.
  std::tie(fg.hist_lo_m, fg.hist_hi_m) = percentiles(all, all_counts, 0.005, 0.995);
  if (!(fg.hist_hi_m > fg.hist_lo_m)) fg.hist_hi_m = fg.hist_lo_m + 0.001;  // a flat scene
  fg.histogram.assign(kForegroundHistogramBins, 0);
  for (float z : depth.z) {
    if (is_valid_depth(z)) ++fg.histogram[bin_of(z, fg.hist_lo_m, fg.hist_hi_m)];
  }

  const bool manual = options.near_m || options.far_m;
  const int first_bin = options.near_m ? bin_of(*options.near_m, fg.hist_lo_m, fg.hist_hi_m) : 0;
  const int last_bin =
      options.far_m ? bin_of(*options.far_m, fg.hist_lo_m, fg.hist_hi_m) : kForegroundHistogramBins - 1;
  fg.threshold_m = options.far_m
                       ? *options.far_m
                       : bin_upper_edge(otsu_split(fg.histogram, first_bin, last_bin), fg.hist_lo_m, fg.hist_hi_m);

  fg.mask.width = depth.width;
  fg.mask.height = depth.height;
  fg.mask.pixels.assign(depth.z.size(), 0);

  if (!manual && options.use_matte && matte != nullptr) {
    for (size_t i = 0; i < depth.z.size(); ++i)
      fg.mask.pixels[i] = matte->pixels[i] >= 128 && is_valid_depth(depth.z[i]) ? 255 : 0;
    drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
    fg.source = "matte";
    // A matte that covers no valid depth (a portrait of something the matte model missed) falls
    // back to the depth histogram; source says so.
  }
  if (fg.source.empty() || empty_mask(fg.mask)) {
    const double near = options.near_m.value_or(0.0);
    for (size_t i = 0; i < depth.z.size(); ++i) {
      const float z = depth.z[i];
      fg.mask.pixels[i] = is_valid_depth(z) && z >= near && z <= fg.threshold_m ? 255 : 0;
    }
    drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
    keep_largest_component(fg.mask);
    fg.source = manual ? "manual" : "depth-histogram";
  }

  const DepthSamples subject{depth.z, fg.mask.pixels.data()};
  const DepthCounts subject_counts = count_depths(subject);
  if (subject_counts.count == 0) {
    std::string window = options.near_m ? "between " + metres(*options.near_m) + " and " : "nearer than ";
    return make_error(ErrorCode::InvalidArgument, "foreground: no valid depth sample " + window +
                                                      metres(fg.threshold_m) + " (the scene spans " +
                                                      metres(fg.hist_lo_m) + " to " + metres(fg.hist_hi_m) + ")");
  }
  std::tie(fg.near_m, fg.far_m) = percentiles(subject, subject_counts, kSubjectNearPercentile, kSubjectFarPercentile);
  return fg;
}

}  // namespace pxav
