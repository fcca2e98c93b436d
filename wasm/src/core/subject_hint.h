// Where the photo itself says its subject is: the point or area the camera focused on (EXIF
// SubjectArea, an XMP mwg-rs Focus region, Google's GFocus focal point) and the faces it found
// (XMP mwg-rs Face regions). Readers report them in the depth map's stored frame; upright() turns
// them with everything else; the subject cut takes them as one more term of its energy, and
// `info` and the page list them.
#pragma once

#include <optional>
#include <span>
#include <string>

namespace pxav {

struct SubjectHint {
  enum class Kind { Focus, Face };
  Kind kind = Kind::Focus;
  std::string source;  // where it was read: "exif-subject-area", "xmp-regions", "gfocus", ...
  // Centre and extent in depth pixels (the depth map's stored frame until upright() turns it);
  // width = height = 0 for a point.
  double x = 0, y = 0;
  double width = 0, height = 0;
  // GFocus:FocalDistance: the depth the camera focused at, in the depth map's own units.
  std::optional<double> focus_distance;
};

const char* subject_hint_kind_name(SubjectHint::Kind kind);  // "focus", "face"

// The hint the subject cut leans on when several disagree, or -1 for none: a face (the largest)
// before a focus area before a focus point, since a face says what the subject is and a focus
// point only where the camera looked.
int primary_subject_hint(std::span<const SubjectHint> hints);

}  // namespace pxav
