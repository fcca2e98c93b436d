// Finds the subject: which depth pixels belong to the person (or hand, or cat) in front of the
// camera. Three sources, reported in Foreground::source:
//   "matte"            Apple's portrait matte, when the photo has one and it is not switched off;
//   "depth-histogram"  an automatic cut of the depth histogram into a near and a far cluster
//                      (Otsu), then the subject found among the near samples (below);
//   "manual"           the same, with the cut placed by the caller's near/far (metres).
// Every source also drops "flying pixels": samples that sit noticeably behind a neighbour, the
// smeared values depth sensors produce along silhouettes.
//
// Without a matte the near class still holds more than the subject: a chair back behind the head,
// a door frame beside it, a wall close behind. So the near samples are split into surfaces:
// interior pixels (whose 3x3 neighbourhood spans at most kSurfaceJump in depth) joined with
// their 4-neighbours, then two rings of edge pixels given to the surface nearest in depth. The
// main surface is the largest in pixels / mean depth; a surface that meets the subject in front
// of it (a hand held out, the rim of a bed) joins it, as does one that lies behind it by less
// than kSurfaceJoinBehind (a body under the chin); anything else is background. Depth is soft
// and late at silhouettes, colour is sharp: in a thin band along the cut each pixel then goes to
// the side whose nearby colour it resembles more (integer sums, so every build cuts the same
// pixels). Limits: a chair back less than kSurfaceJoinBehind behind the body joins it, and a
// subject standing on a floor is joined to the floor.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace pxav {

struct ForegroundOptions {
  std::optional<double> near_m, far_m;  // manual window in metres; either one switches to "manual"
  bool use_matte = true;                // a manual window takes precedence over the matte
};

constexpr int kForegroundHistogramBins = 256;
// A sample lying more than this fraction of its neighbour's depth behind that neighbour is taken
// for a flying pixel. Real surfaces of a face or body at selfie distance change far less between
// two depth pixels.
constexpr double kFlyingPixelJump = 0.10;
// near_m / far_m are these percentiles of the kept subject's depth, robust to stray samples.
constexpr double kSubjectNearPercentile = 0.02;
constexpr double kSubjectFarPercentile = 0.98;
// Two 4-neighbours lie on one surface when their depths differ by at most this fraction.
constexpr double kSurfaceJump = 0.04;
// A surface that meets the subject from behind still joins it when it lies on average less than
// this fraction behind along their contact (a neck under the chin, a shoulder under the jaw),
// measured between interior pixels across the soft edge.
constexpr double kSurfaceJoinBehind = 0.06;

struct Foreground {
  GreyImage mask;      // depth-sized, 255 = subject, 0 = background or invalid depth
  std::string source;  // "matte", "depth-histogram" or "manual"
  double near_m = 0;   // robust depth range of the subject (see the percentiles above)
  double far_m = 0;
  double threshold_m = 0;           // the cut between near and far cluster: automatic or the manual far
  std::vector<uint32_t> histogram;  // counts of valid depth in kForegroundHistogramBins equal bins
  double hist_lo_m = 0;             // over [hist_lo_m, hist_hi_m]; samples outside count in the end bins
  double hist_hi_m = 0;
};

// matte, when given, must have the depth map's size (the caller resizes it); values >= 128 are
// subject. colour (optional, the depth map's size) refines a cut made from depth. Errors:
// InvalidArgument for bad sizes or options, or when nothing is left in front; NoDepth when the
// depth map holds no valid sample at all.
Result<Foreground> find_foreground(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                   const ForegroundOptions& options);
// The same without colour.
Result<Foreground> find_foreground(const DepthMap& depth, const GreyImage* matte, const ForegroundOptions& options);
// The same without near_m and far_m (0), for a caller that changes the mask before it calls
// update_subject_range.
Result<Foreground> find_foreground_mask(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                        const ForegroundOptions& options);

// near_m and far_m again, after the caller removed pixels from mask. Leaves them when the mask is empty.
void update_subject_range(const DepthMap& depth, Foreground& foreground);

// The building blocks, public so they can be tested and reused.

// Otsu's split of histogram bins [first, last]: the last bin of the near class, chosen to
// maximise the between-class variance. On a plateau of equal maxima (an empty gap between two
// clusters) it returns the middle, so the cut lands halfway across the gap.
int otsu_split(std::span<const uint32_t> histogram, int first, int last);

// Clears mask pixels that lie more than relative_jump * z(neighbour) behind a valid 8-neighbour.
// Pixels at the near side of an edge are kept: only the far side and in-between smear go.
void drop_flying_pixels(const DepthMap& depth, double relative_jump, GreyImage& mask);

// Keeps only the largest 8-connected region of set pixels (the first in raster order on a tie).
void keep_largest_component(GreyImage& mask);

// Of the set pixels of mask, keeps the subject's surfaces (see the top of this file). Depth maps
// of more than kSurfaceFullSizePixels are split into surfaces at half size (every second sample
// of every second row, whose flying pixels are dropped there: find_foreground leaves them to it),
// then each pixel follows a sample of its 2x2 neighbourhood on its surface, so a pixel far behind
// its samples goes too.
constexpr size_t kSurfaceFullSizePixels = 160'000;
void select_subject_surfaces(const DepthMap& depth, GreyImage& mask);
// The same at full size, whatever the size.
void select_subject_surfaces_at_full_size(const DepthMap& depth, GreyImage& mask);

// Moves pixels within band pixels of the mask's edge (Chebyshev distance) to the side whose mean
// colour nearby (over the pixels outside the band in the 3x3 blocks of 2 * band pixels around
// it) is nearer. Only pixels with valid depth become subject.
void refine_edges_by_colour(const DepthMap& depth, const RgbImage& colour, int band, GreyImage& mask);

// The band find_foreground_mask gives refine_edges_by_colour: depth edges are off by more pixels
// on larger depth maps.
int colour_band_width(const DepthMap& depth);

}  // namespace pxav
