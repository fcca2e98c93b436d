#include "stereo/views_to_depth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
#include <vector>

#include "core/memory_headroom.h"
#include "stereo/calibrated_rectify.h"
#include "stereo/census.h"
#include "stereo/disparity_filter.h"
#include "stereo/rectify.h"
#include "stereo/sgm.h"
#include "stereo/vertical_offset.h"

namespace pxav {
namespace {

// Widest matched image chosen automatically: wide enough for an avatar's depth grid, small
// enough that a phone's 12 MP pair matches in well under a second.
constexpr int kAutoMatchWidth = 800;

RgbImage shrink(const RgbImage& in, int s) {
  if (s == 1) return in;
  RgbImage out;
  out.width = in.width / s;
  out.height = in.height / s;
  out.pixels.resize(static_cast<size_t>(out.width) * out.height * 3);
  const int n = s * s;
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      for (int c = 0; c < 3; ++c) {
        int sum = 0;
        for (int dy = 0; dy < s; ++dy)
          for (int dx = 0; dx < s; ++dx) sum += in.at(x * s + dx, y * s + dy)[c];
        out.pixels[(static_cast<size_t>(y) * out.width + x) * 3 + c] = static_cast<uint8_t>((sum + n / 2) / n);
      }
  return out;
}

std::string size_text(const RgbImage& v) { return std::to_string(v.width) + "x" + std::to_string(v.height); }

// Matching these views at 1/scale over the disparities [min_disparity, min_disparity + num_full).
struct MatchSize {
  int width, height, disparities;
};
MatchSize match_size(int w, int h, int min_disparity, int num_full, int scale) {
  const int lo = static_cast<int>(std::floor(static_cast<double>(min_disparity) / scale));
  const int n = std::max(2, static_cast<int>(std::ceil(static_cast<double>(min_disparity + num_full) / scale)) - lo);
  return {w / scale, h / scale, n};
}

// The matcher within the limit (max-stereo-megabytes), and all the stage holds within the memory
// this instance can still take.
bool fits(const MatchSize& m, size_t max_bytes, size_t headroom) {
  const size_t matcher = sgm_memory_bytes(m.width, m.height, m.disparities);
  return matcher <= max_bytes && matcher + stereo_stage_extra_bytes(m.width, m.height) <= headroom;
}

// TooLarge, naming the one setting to change: what the matching needs against the limit or the
// memory still free, then the smallest scale that fits or, if none does, the most disparities.
Error stereo_memory_error(int w, int h, int min_disparity, int num_full, int scale, size_t max_bytes, size_t headroom) {
  const MatchSize m = match_size(w, h, min_disparity, num_full, scale);
  const auto mb = [](size_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20); };
  const size_t matcher = sgm_memory_bytes(m.width, m.height, m.disparities);
  // The figure that does not fit: the matcher's against the limit, else the stage's against the
  // memory still free.
  const bool over_limit = matcher > max_bytes;
  const auto need = [&](const MatchSize& t) {
    const size_t bytes = sgm_memory_bytes(t.width, t.height, t.disparities);
    return over_limit ? bytes : bytes + stereo_stage_extra_bytes(t.width, t.height);
  };
  std::string text = "stereo matching " + std::to_string(m.width) + "x" + std::to_string(m.height) +
                     " pixels (scale=" + std::to_string(scale) + ") over " + std::to_string(m.disparities) +
                     " disparities needs " + mb(need(m)) + " MB, more than " +
                     (over_limit ? "the limit of " + std::to_string(max_bytes >> 20) + " MB (max-stereo-megabytes)"
                                 : "the " + mb(headroom) + " MB of memory still free");
  for (int s = scale * 2; s <= 8; s *= 2) {  // the scales the setting takes: 1, 2, 4, 8
    const MatchSize t = match_size(w, h, min_disparity, num_full, s);
    if (t.width >= 8 && t.height >= 8 && fits(t, max_bytes, headroom))
      return make_error(ErrorCode::TooLarge,
                        text + ": match at scale=" + std::to_string(s) + " (" + mb(need(t)) + " MB)");
  }
  MatchSize fewer = m;
  while (fewer.disparities > 2 && !fits(fewer, max_bytes, headroom)) --fewer.disparities;
  if (fits(fewer, max_bytes, headroom))
    return make_error(ErrorCode::TooLarge,
                      text + ": search at most disparities=" + std::to_string(fewer.disparities * scale));
  return make_error(ErrorCode::TooLarge, text + ": close other photos or tabs to free memory, or use smaller views");
}

}  // namespace

int disparities_to_search(const StereoCalibration& cal, int width) {
  if (cal.num_disparities > 0) return cal.num_disparities;
  const int quarter = std::max(16, width / 4);
  if (!cal.metric()) return quarter;
  const double nearest = cal.focal_px * cal.baseline_m / kNearestSubjectM - cal.doffs;
  return std::clamp(static_cast<int>(std::ceil(nearest)) - cal.min_disparity, 16, quarter);
}

size_t stereo_stage_extra_bytes(int width, int height) {
  // About 64 bytes a matched pixel (colour, rectified copies, grey, disparity, depth and filter
  // buffers) and 8 MB for everything small.
  return static_cast<size_t>(width) * height * 64 + (size_t{8} << 20);
}

int automatic_match_scale(int width, int height, int num_disparities, size_t max_bytes, size_t headroom) {
  int scale = 1;
  while (scale < 8 &&
         (width / scale > kAutoMatchWidth ||
          !fits({width / scale, height / scale, (num_disparities + scale - 1) / scale}, max_bytes, headroom)))
    scale *= 2;
  return scale;
}

Result<StereoDepth> depth_from_views(const StereoViews& views, size_t max_bytes) {
  if (views.left.empty() || views.right.empty())
    return make_error(ErrorCode::InvalidArgument, std::string("stereo needs two views; the ") +
                                                      (views.left.empty() ? "left" : "right") + " view is missing");
  if (views.left.width != views.right.width || views.left.height != views.right.height)
    return make_error(ErrorCode::InvalidArgument, "the two views must have the same size (left " +
                                                      size_text(views.left) + ", right " + size_text(views.right) +
                                                      ")");
  // A range the setup gives is checked before the pair is looked at: the person's mistake first.
  if (const StereoCalibration& given = views.calibration; given.num_disparities > 0) {
    const int num = given.num_disparities, w = views.left.width;
    if (num + std::abs(given.min_disparity) >= w)
      return make_error(ErrorCode::InvalidArgument, "the disparity range (" + std::to_string(given.min_disparity) +
                                                        " .. " + std::to_string(given.min_disparity + num - 1) +
                                                        " px) is wider than the image (" + std::to_string(w) + " px)");
  }
  // A raw rig with its full calibration: undistorted and rectified from it, then matched as a
  // calibrated rectified pair (the pixels still checked: a wrong calibration shows as rows off).
  if (views.calibration.full) {
    const CalibratedViews rectified = rectify_calibrated(views.left, views.right, views.calibration);
    StereoViews next;
    next.left = rectified.left;
    next.right = rectified.right;
    next.source = views.source;
    next.calibration = views.calibration;
    next.calibration.full = false;
    next.calibration.focal_px = rectified.focal_px;
    next.calibration.cx = rectified.cx;
    next.calibration.cy = rectified.cy;
    next.calibration.doffs = 0;
    auto out = depth_from_views(next, max_bytes);
    if (!out) return out;
    out->calibrated = true;
    if (!out->encoding.relative)
      out->depth_scale = "metric: undistorted and rectified from the full calibration (" + out->depth_scale + ")";
    return out;
  }
  // The order of two files, and of a side-by-side image's halves, is the person's word, and people
  // mix up parallel and cross-eyed images: those may be swapped. A HEIF group and an MPO say which
  // view is which.
  const std::string_view source = views.source;
  const bool may_swap = source == "pair" || source == "side-by-side" || source == "cross-eyed";
  // A focal length without a baseline (the person's setting first, then the file's): rectified
  // calibrated when the pair needs it.
  double known_focal = 0;
  std::string focal_source;
  if (!views.calibration.metric() && views.calibration.focal_px > 0) {
    known_focal = views.calibration.focal_px;
    focal_source = "the stereo setting f";
  } else if (!views.calibration.metric() && views.known_focal_px > 0) {
    known_focal = views.known_focal_px;
    focal_source = views.focal_source;
  }
  auto geometry = analyse_pair(views.left, views.right, may_swap, views.calibration.metric(), known_focal);
  if (!geometry) return geometry.error();
  const PairGeometry& g = *geometry;
  const RgbImage* left_view = g.swapped ? &views.right : &views.left;
  const RgbImage* right_view = g.swapped ? &views.left : &views.right;
  const int w = views.left.width;
  StereoCalibration cal = views.calibration;
  std::string depth_scale = cal.metric() ? "metric: the calibration's focal length and baseline"
                            : std::string_view(views.source) == "mpo"
                                ? "relative: the MPO gives a baseline but not the views' zero-parallax offset"
                                : "relative: no focal length and baseline were given";
  if (g.rectify) {
    // Uncalibrated rectification scales and skews the views, so a calibration no longer fits
    // them, unless only the right view's rows moved (every disparity stays as it was).
    if (g.rows_only) {
      char text[160];
      std::snprintf(text, sizeof text,
                    "metric: the calibration's focal length and baseline (only the right view's rows were moved, "
                    "by %.1f px at most)",
                    g.largest_move_px);
      depth_scale = text;
    } else {
      if (cal.metric()) depth_scale = "relative: the pair was rectified without a calibrated model";
      cal.focal_px = cal.baseline_m = cal.doffs = cal.cx = cal.cy = 0;
    }
  }
  if (known_focal > 0)
    depth_scale = g.calibrated ? "relative: rectified calibrated from the focal length (" + focal_source +
                                     "); no baseline is known, so the depth has no scale"
                               : "relative: the focal length is known (" + focal_source +
                                     ") but no baseline, so the depth has no scale";
  // The range: the setup's when it gives one; else the default one unless the matched features
  // fall outside it (or the views were rectified, which moves disparities), then theirs with a
  // margin (a tenth of their span and at least half a percent of the width, for what the 1st and
  // 99th percentiles leave out).
  bool range_found = false;
  if (cal.num_disparities <= 0) {
    const double margin = 0.1 * (g.disparity_high - g.disparity_low) + std::max(4.0, w / 200.0);
    const int lo = static_cast<int>(std::floor(g.disparity_low - margin));
    const int hi = static_cast<int>(std::ceil(g.disparity_high + margin));
    const int default_num = disparities_to_search(cal, w);
    // The features themselves (not the margin) decide whether the default range misses the scene.
    if (g.rectify || g.disparity_low < cal.min_disparity || g.disparity_high > cal.min_disparity + default_num - 1) {
      cal.min_disparity = lo;
      cal.num_disparities = std::max(16, hi - lo + 1);
      range_found = true;
    }
  }
  const int num_full = disparities_to_search(cal, w);
  if (num_full + std::abs(cal.min_disparity) >= w)
    return make_error(ErrorCode::InvalidArgument, "the disparity range (" + std::to_string(cal.min_disparity) + " .. " +
                                                      std::to_string(cal.min_disparity + num_full - 1) +
                                                      " px) is wider than the image (" + std::to_string(w) + " px)");
  // The memory this instance can still take (wasm: its maximum less what the photo already
  // holds): the automatic scale shrinks to fit it, and a scale the setup gives is refused with the
  // setting that fits, before anything is allocated, where the allocation itself would end the
  // instance. Natively there is no such figure, and only the limit applies.
  const size_t headroom = memory_headroom_bytes();
  const int scale =
      cal.scale != 0 ? cal.scale : automatic_match_scale(w, views.left.height, num_full, max_bytes, headroom);
  const MatchSize size = match_size(w, views.left.height, cal.min_disparity, num_full, scale);
  if (!fits(size, max_bytes, headroom))
    return stereo_memory_error(w, views.left.height, cal.min_disparity, num_full, scale, max_bytes, headroom);
  SgmParams params;
  params.min_disparity = static_cast<int>(std::floor(static_cast<double>(cal.min_disparity) / scale));
  params.num_disparities = size.disparities;
  params.max_bytes = max_bytes;
  StereoDepth out;
  out.scale = scale;
  out.geometry = g;
  out.range_found = range_found;
  out.depth_scale = depth_scale;
  out.known_focal_px = known_focal;
  out.focal_source = focal_source;
  // Shrunk first, then rectified at the matched size: the homographies in the small views'
  // pixels (a box of scale x scale pixels has its centre at scale x + (scale - 1) / 2), so a 12 MP
  // pair is resampled at the size it is matched at, not at its own.
  out.colour = shrink(*left_view, scale);
  RgbImage right_small = shrink(*right_view, scale);
  GreyImage inside;  // pixels of the rectified left view that come from the photo
  if (g.rectify) {
    const double k = 1.0 / scale, c = -(scale - 1) / (2.0 * scale);
    const Mat3 to_small = {k, 0, c, 0, k, c, 0, 0, 1}, to_full = mat3_inverse(to_small);
    const auto small = [&](const Mat3& h) { return mat3_mul(to_small, mat3_mul(h, to_full)); };
    out.colour = warp_view(out.colour, small(g.h.left), out.colour.width, out.colour.height, &inside);
    right_small = warp_view(right_small, small(g.h.right), right_small.width, right_small.height);
  }
  if (g.equalise) right_small = equalise_exposure(right_small, g.gain, g.bias);
  const GreyImage left = grey_of(out.colour), right = grey_of(right_small);
  if (left.width < 8 || left.height < 8)
    return make_error(ErrorCode::InvalidArgument, "the views are too small to match at 1/" + std::to_string(scale) +
                                                      " of their size (" + size_text(views.left) + ")");

  const VerticalOffset dy = estimate_vertical_offset(left, right, params.min_disparity, params.num_disparities, 3);
  out.vertical_offset_px = dy.pixels * scale;
  if (std::abs(out.vertical_offset_px) > 1) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "the views look unrectified: rows differ by about %.0f px between them, so depth will be poor",
                  out.vertical_offset_px);
    out.warning = text;
  }

  auto matched = match_sgm(left, right, params);
  if (!matched) return matched.error();
  DisparityMap disparity = std::move(matched.value());
  {
    long passed = 0, counted = 0;
    for (int y = 0; y < disparity.height; ++y)
      for (int x = 0; x < disparity.width; ++x) {
        if (g.rectify && inside.at(x, y) == 0) continue;
        ++counted;
        passed += has_disparity(disparity.at(x, y));
      }
    out.left_right_share = counted ? static_cast<double>(passed) / counted : 0;
    // Every pair that passed the gate measures 0.76-0.99 here (generated, Middlebury, the shared
    // real pairs); under half, most of the depth is guessed from neighbours: say so.
    if (out.left_right_share < 0.5 && out.warning.empty()) {
      char text[200];
      std::snprintf(text, sizeof text,
                    "only %.0f%% of the pixels match the same way from both views, so most of the depth is filled "
                    "in and may be poor",
                    100 * out.left_right_share);
      out.warning = text;
    }
  }
  median_3x3(disparity);
  // Speckles: islands of at most 1/1100 of the image, the limit never under 16 px (100 px on
  // Middlebury's 384x288 Tsukuba).
  remove_speckles(disparity, std::max(16, left.width * left.height / 1100), 1.0f);
  out.disparity = disparity;
  fill_from_background(disparity);

  out.min_disparity = params.min_disparity;
  out.num_disparities = params.num_disparities;
  out.depth.width = left.width;
  out.depth.height = left.height;
  out.depth.bit_depth = 32;
  out.depth.full_scale = 1;
  out.depth.values = std::move(disparity.d);

  // Z = f B / (d + doffs), all at the matched size.
  const double f = cal.focal_px / scale;
  out.encoding.kind = DepthKind::StereoDisparity;
  out.encoding.scale = 1;
  out.encoding.offset = cal.doffs / scale;
  out.encoding.source = views.source;
  out.camera.fx = out.camera.fy = f;
  out.camera.cx = cal.cx > 0 ? cal.cx / scale : left.width / 2.0;
  out.camera.cy = cal.cy > 0 ? cal.cy / scale : left.height / 2.0;
  out.camera.width = left.width;
  out.camera.height = left.height;
  out.camera.source = "stereo-calibration";
  out.encoding.baseline_m = cal.baseline_m;
  if (!cal.metric()) {
    // Depth up to scale: the default field of view and a baseline that puts the median disparity
    // at 1 m, so the avatar has plausible proportions; reported as relative.
    // Every 7th pixel is plenty for a scale that is a guess anyway.
    // Disparities of a converged pair reach zero and below: an offset (Middlebury's doffs, unknown
    // here) puts the farthest at a quarter of the nearest's disparity, so depth spans 4x.
    const double lo = g.disparity_low / scale, hi = g.disparity_high / scale;
    const double offset = lo > 0 ? 0.0 : std::max(0.0, (hi - 4 * lo) / 3);
    std::vector<float> valid;
    for (size_t i = 0; i < out.depth.values.size(); i += 7)
      if (out.depth.values[i] + offset > 0) valid.push_back(static_cast<float>(out.depth.values[i] + offset));
    double median = 1;
    if (!valid.empty()) {
      std::nth_element(valid.begin(), valid.begin() + valid.size() / 2, valid.end());
      median = valid[valid.size() / 2];
    }
    if (known_focal > 0) {
      // The views' own camera (the rectification kept their focal length and centre).
      out.camera.fx = out.camera.fy = known_focal / scale;
      out.camera.cx = left.width / 2.0;
      out.camera.cy = left.height / 2.0;
      out.camera.source = "focal-length";
    } else {
      out.camera = from_horizontal_fov(left.width, left.height, kDefaultHorizontalFovDegrees, "default-fov");
    }
    out.encoding.baseline_m = median / out.camera.fx;
    out.encoding.offset = offset;
    out.encoding.relative = true;
  }
  return out;
}

}  // namespace pxav
