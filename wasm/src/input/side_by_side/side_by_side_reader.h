// One image holding both views of a stereo pair next to each other, as 3D cameras, stereo apps and
// free-viewing pictures share them: the left view on the left (layout=side-by-side) or on the
// right (layout=cross-eyed, for viewing with crossed eyes). The person says which with the stereo
// setting `layout` (the CLI's --layout, the page's form); the image is cut into its two halves,
// which then go through the stereo stage like any pair (stereo/views_to_depth.h). An image that
// cannot be two views (an odd width, halves too small or far taller than wide) gets an error that
// says why.
#pragma once

#include <span>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/reader.h"

namespace pxav {

// The role choose_reader gives the one file when the stereo setting says it holds both views.
inline constexpr const char* kSideBySideRole = "side-by-side";

bool side_by_side_recognises(const Sniff& file);
Result<DepthPhoto> side_by_side_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                                     const OpenOptions& options);

inline constexpr Reader kSideBySideReader{"side-by-side", kStereoSettings, side_by_side_recognises, side_by_side_open,
                                          nullptr};

}  // namespace pxav
