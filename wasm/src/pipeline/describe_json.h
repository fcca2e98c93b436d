// What the pipeline found, as small JSON objects for `pixel-avatar info --json` and the page: the
// opened photo (generic fields first, then the reader's own section under its name, "heic":
// tiles, thumbnail, auxiliary images; only the fields we decode) and the avatar's foreground
// decision (for the page's depth histogram).
//
// The photo's "subjectHints" lists where the file says the subject is (SubjectHint, upright, in
// depth pixels): [{"kind": "focus" | "face", "source", "x", "y", "width", "height",
// "focusDistance": number or null, "used": whether it is the one primary_subject_hint picks}].
#pragma once

#include <string>

#include "avatar/foreground.h"
#include "input/depth_photo.h"

namespace pxav {

std::string photo_info_json(const DepthPhoto& photo);

// { "source": "matte" | "depth" | "manual", "near": m, "far": m, "threshold": m,
//   "histogramLow": m, "histogramHigh": m, "histogram": [counts of equal-width depth bins] }
std::string foreground_json(const Foreground& foreground);

}  // namespace pxav
