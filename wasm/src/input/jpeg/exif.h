// The EXIF fields the depth readers need: the orientation tag (0x0112) of a JPEG's APP1 "Exif"
// block, which says how the stored pixels turn upright (it applies to the colour, the depth map,
// the matte and the intrinsics alike: DepthPhoto::orientation), and the subject area (0x9214 in
// the Exif IFD), where the camera focused. HEIC files carry the same TIFF structure in an Exif
// item, read here too.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/subject_hint.h"
#include "geometry/orientation.h"
#include "input/jpeg/jpeg_layout.h"

namespace pxav {

// 1..8 as EXIF defines them; 1 (as stored) when there is no EXIF or no valid tag.
int exif_orientation(const JpegLayout& layout);

// SubjectArea of a TIFF structure (`tiff` starts at "II*\0" or "MM\0*"): 2 values a point, 3 a
// circle (centre and diameter), 4 a rectangle (centre, width, height), in pixels of the frame
// PixelXDimension x PixelYDimension (0xA002, 0xA003) name, or of stored_width x stored_height
// (the primary image as stored) when they are absent. A Focus hint, source "exif-subject-area",
// as fractions of that frame; std::nullopt for no tag, another count, or a damaged block.
std::optional<StatedHint> exif_subject_area(std::span<const uint8_t> tiff, int stored_width, int stored_height);
// The same from a JPEG's APP1 Exif block.
std::optional<StatedHint> exif_subject_area(const JpegLayout& layout);
// The focal length in pixels of a view_width x view_height image of the primary, from EXIF:
// FocalLengthIn35mmFilm (0xA405: the 35 mm frame's diagonal, 43.27 mm, maps onto the view's
// diagonal), else FocalLength (0x920A, mm) with FocalPlaneXResolution (0xA20E) in its unit
// (0xA210), scaled from PixelXDimension (0xA002) to the view. std::nullopt when neither is there.
struct ExifFocal {
  double pixels = 0;
  const char* source = "";  // "EXIF FocalLengthIn35mmFilm" or "EXIF FocalLength and FocalPlaneXResolution"
};
std::optional<ExifFocal> exif_focal_length(const JpegLayout& layout, int view_width, int view_height);

// The same from a HEIF Exif item: a 4-byte big-endian offset to the TIFF header, then the block.
std::optional<StatedHint> heif_exif_subject_area(std::span<const uint8_t> item, int stored_width, int stored_height);

}  // namespace pxav
