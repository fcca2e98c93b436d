// What the pipeline found, as small JSON objects for `pixel-avatar info --json` and the page: the
// opened photo (generic fields first, then the reader's own section under its name, "heic":
// tiles, thumbnail, auxiliary images; only the fields we decode; then "stereo", the stereo stage's
// section, for every input matched from two views), the avatar's foreground decision (for the
// page's depth histogram) and errors with their fields. web/decoder/photo-info.d.ts types them.
//
// The photo's "subjectHints" lists where the file says the subject is (SubjectHint, upright, in
// depth pixels): [{"kind": "focus" | "face", "source", "x", "y", "width", "height",
// "focusDistance": number or null, "used": whether it is the one primary_subject_hint picks}].
#pragma once

#include <string>
#include <string_view>

#include "avatar/foreground.h"
#include "input/depth_photo.h"
#include "person/person_decision.h"

namespace pxav {

// subject (optional): a JSON object added as "subject" (subject_json), for `info`, which builds
// the default avatar to say where its subject came from.
std::string photo_info_json(const DepthPhoto& photo, std::string_view subject = {});

// What the person model saw: null when it was not asked, else { "found": bool, "areaShare": 0..1,
// "meanConfidence": 0..1, "faceInside": bool, "reason": sentence }.
std::string person_json(const PersonFinding* person);

// { "source": "matte" | "person-model" | "depth" | "manual", "near": m, "far": m, "threshold": m,
//   "histogramLow": m, "histogramHigh": m, "histogram": [counts of equal-width depth bins],
//   "person": person_json }
std::string foreground_json(const Foreground& foreground, const PersonFinding* person = nullptr);

// For `info`: { "source": the foreground's source, or null with "error": the sentence when no
// avatar can be made, "person": person_json }.
std::string subject_json(const Foreground* foreground, const PersonFinding* person, const Error* error);

// An error for programs (the C API's pxav_error_json): { "code": error_code_name, "message": the
// sentence, "fields": { "missing", "ambiguous", "files", "check" } } with only the fields set
// (core/result.h's ErrorFields).
std::string error_json(const Error& error);

}  // namespace pxav
