// Where the photo itself says its subject is: the point or area the camera focused on (EXIF
// SubjectArea, an XMP mwg-rs Focus region, Google's GFocus focal point) and the faces it found
// (XMP mwg-rs Face regions). Readers report them in the depth map's stored frame; upright() turns
// them with everything else; the subject cut takes them as one more term of its energy, and
// `info` and the page list them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pxav {

struct SubjectHint {
  enum class Kind { Focus, Face };
  Kind kind = Kind::Focus;
  std::string source;  // where it was read: "exif-subject-area", "xmp-regions", "gfocus"
  // Centre and extent in depth pixels (the depth map's stored frame until upright() turns it),
  // continuous: pixel (i, j) covers [i, i + 1) x [j, j + 1). width = height = 0 for a point.
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

// A hint as the file states it, before a reader puts it on the depth grid: `hint`'s centre and
// extent are fractions (0..1) of the frame it was stated in, frame_width x frame_height pixels
// (EXIF's PixelX/YDimension, mwg-rs:AppliedToDimensions), or 0 x 0 when the file names none
// (GFocus, which is relative to the primary image as stored).
struct StatedHint {
  SubjectHint hint;
  double frame_width = 0, frame_height = 0;
};

// The stated hints on a depth_width x depth_height grid that shows the primary image as stored
// (stored_width x stored_height pixels): fractions times the grid's size, the box clipped to the
// grid. A frame that is the stored one turned a quarter (an iPhone's front camera states its
// sensor's landscape frame over an upright portrait image) is taken as turned the way a phone
// held upright turns (EXIF orientation 6: a quarter clockwise); a frame of any other shape, a
// centre off the frame or a box of nothing is dropped.
std::vector<SubjectHint> place_subject_hints(std::span<const StatedHint> stated, int stored_width, int stored_height,
                                             int depth_width, int depth_height);

}  // namespace pxav
