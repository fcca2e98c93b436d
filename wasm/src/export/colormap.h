// Depth as a picture: Google's Turbo colormap (Anton Mikhailov, 2019) applied to planar depth,
// near = warm (red), far = cold (blue), invalid = black. Used for previews of depth maps and of an
// avatar's layers. The 256 colours come from Ruofei Du's published polynomial fit of Turbo,
// evaluated at compile time, so every build paints the same bytes.
#pragma once

#include <cstdint>

#include "colour/colour_space.h"
#include "core/image.h"

namespace pxav {

// t in [0, 1] (clamped; NaN counts as 0): 0 = dark blue, 0.5 = green, 1 = dark red.
Rgb8 turbo(double t);
// Entry i of the 256-colour table, t = i / 255.
Rgb8 turbo_index(uint8_t i);

// Depth near_m and nearer -> red end, far_m and farther -> blue end; NaN or <= 0 -> black.
// near_m == far_m paints every valid sample red.
RgbImage colourise_depth(const DepthMap& depth, double near_m, double far_m);
// The same over the 2nd..98th percentile of the valid samples (all black when there are none).
RgbImage colourise_depth(const DepthMap& depth);

// The subject's view: Turbo (from kSubjectViewFarT to its red end) spans the subject's own robust depth range
// [subject_near_m, subject_far_m], so a face shows its relief instead of one red; nearer samples
// take the red end. What lies more than kSubjectViewMargin of that range behind it is background
// and is drawn in dim grey (lighter = nearer, down to scene_far_m), so the room keeps its shape
// without taking the subject's colours.
constexpr double kSubjectViewMargin = 0.15;
constexpr double kSubjectViewFarT = 0.1;  // where on Turbo the subject's far end lies (near = 1)
RgbImage colourise_subject_depth(const DepthMap& depth, double subject_near_m, double subject_far_m,
                                 double scene_far_m);

}  // namespace pxav
