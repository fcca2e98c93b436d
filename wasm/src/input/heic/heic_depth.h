// What an HEIC photo says about its depth: how the depth map's samples encode distance, the
// samples themselves, the camera calibration in the depth map's stored frame, and where the file
// says the subject is. Internal to input/heic/.
#pragma once

#include <libheif/heif.h>

#include <vector>

#include "core/camera.h"
#include "core/result.h"
#include "geometry/orientation.h"
#include "input/depth_photo.h"
#include "input/xmp/apple_depth_xmp.h"
#include "input/xmp/subject_xmp.h"

namespace pxav::heic {

// From the HEIF depth representation info, else Apple's XMP range on the depth item.
Result<DepthEncoding> depth_encoding(const heif_image_handle* primary, heif_item_id depth_id, const AppleDepthXmp& xmp);

// A decoded depth item's samples as stored.
RawDepth raw_depth_from(const heif_image* img);

// The camera calibration in the depth map's stored frame, at its stored size. Apple's XMP
// describes the stored sensor image. The HEIF 'cmin' property comes from libheif with the item's
// crop and mirror applied but not its rotation (a TODO in libheif 1.19): without crop or mirror
// that is the stored frame; with them, the displayed calibration is found first and taken back
// through the photo's orientation. Without either, a stated field of view, flagged as assumed.
Intrinsics camera_for(const heif_context* ctx, const heif_image_handle* primary, const heif_image_handle* depth,
                      const AppleDepthXmp& xmp, const Orientation& photo_orientation, int stored_w, int stored_h);

// Where the primary item's EXIF (SubjectArea) and XMP (mwg-rs regions, GFocus) say the subject
// is, as stated: fractions of the primary as stored (its 'ispe' size) or of the frame they name.
std::vector<StatedHint> stated_subject_hints(const heif_image_handle* primary);

}  // namespace pxav::heic
