// Finds the subject: which depth pixels belong to the person (or pet, or cup) in front of the
// camera. Four sources, reported in Foreground::source:
//   "matte"         Apple's portrait matte, when the photo has one and it is not switched off;
//   "person-model"  the subject cut below with a person model's mask as one more of its terms
//                   (person/person_decision.h decides whether the model saw a person);
//   "depth"         the subject cut (subject_cut.h): one energy over depth, colour, the camera's
//                   own hints and support surfaces, minimised by a graph cut, its edge then moved
//                   onto the colour edge at full size;
//   "manual"        the samples between the caller's near and far (metres).
// Every source also drops "flying pixels": samples that sit noticeably behind a neighbour, the
// smeared values depth sensors produce along silhouettes; and keeps one connected subject.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "avatar/colour_mixture.h"
#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"
#include "core/subject_hint.h"

namespace pxav {

struct ForegroundOptions {
  std::optional<double> near_m, far_m;  // manual window in metres; either one switches to "manual"
  bool use_matte = true;                // a manual window takes precedence over the matte
  bool use_person = true;               // a person mask, when given, joins the cut (no effect on matte or manual)
};

constexpr int kForegroundHistogramBins = 256;
// A sample lying more than this fraction of its neighbour's depth behind that neighbour is taken
// for a flying pixel. Real surfaces of a face or body at selfie distance change far less between
// two depth pixels.
constexpr double kFlyingPixelJump = 0.10;
// near_m / far_m are these percentiles of the kept subject's depth, robust to stray samples.
constexpr double kSubjectNearPercentile = 0.02;
constexpr double kSubjectFarPercentile = 0.98;

struct Foreground {
  GreyImage mask;      // depth-sized, 255 = subject, 0 = background or invalid depth
  std::string source;  // "matte", "person-model", "depth" or "manual"
  double near_m = 0;   // robust depth range of the subject (see the percentiles above)
  double far_m = 0;
  double threshold_m = 0;           // the cut between near and far cluster: automatic or the manual far
  std::vector<uint32_t> histogram;  // counts of valid depth in kForegroundHistogramBins equal bins
  double hist_lo_m = 0;             // over [hist_lo_m, hist_hi_m]; samples outside count in the end bins
  double hist_hi_m = 0;
};

// matte, when given, must have the depth map's size (the caller resizes it); values >= 128 are
// subject. colour (optional, the depth map's size), hints (upright, in depth pixels), the camera
// (for the depth map's size; null: the default field of view) and person (a person model's
// confidence, 0..255, the depth map's size; only when the model saw a person) inform a cut made
// from depth. Errors:
// InvalidArgument for bad sizes or options, or when nothing is left in front; NoDepth when the
// depth map holds no valid sample at all.
Result<Foreground> find_foreground(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                   const ForegroundOptions& options, std::span<const SubjectHint> hints = {},
                                   const Intrinsics* camera = nullptr, const GreyImage* person = nullptr);
// The same without colour.
Result<Foreground> find_foreground(const DepthMap& depth, const GreyImage* matte, const ForegroundOptions& options);
// The same without near_m and far_m (0), for a caller that changes the mask before it calls
// update_subject_range.
Result<Foreground> find_foreground_mask(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                        const ForegroundOptions& options, std::span<const SubjectHint> hints = {},
                                        const Intrinsics* camera = nullptr, const GreyImage* person = nullptr);

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
// Keeps the largest region, and the regions of at least kSpeckShare of its size that lie nearer
// on average: a hand held out in front of the body, which the flying pixels just behind it
// (the body's, along the hand's edge) cut off as an island. A door frame cut off behind goes.
constexpr double kSpeckShare = 0.01;
void keep_subject_and_parts_in_front(const DepthMap& depth, GreyImage& mask);

// Moves pixels within band pixels (at most kMaxColourBand) of the mask's edge (Chebyshev distance) to the side whose
// mean colour nearby (over the pixels outside the band in the 3x3 blocks of 2 * band pixels around it) is nearer. Only
// pixels with valid depth become subject. A band pixel with no colour of one side nearby (all its neighbourhood is
// band: a thin part, a narrow gap) keeps its label, unless the flying pixels set it (before_flying differs): then the
// colour models decide, when given.
constexpr int kMaxColourBand = 63;  // a cell's side on a depth map of 56 megapixels
struct OneSidedColour {
  const GreyImage* before_flying = nullptr;  // the mask before drop_flying_pixels
  const ColourMixture* subject = nullptr;
  const ColourMixture* background = nullptr;
};
void refine_edges_by_colour(const DepthMap& depth, const RgbImage& colour, int band, GreyImage& mask,
                            const OneSidedColour* one_sided = nullptr);

// The band find_foreground_mask gives refine_edges_by_colour: depth edges are off by more pixels
// on larger depth maps.
int colour_band_width(const DepthMap& depth);

}  // namespace pxav
