// The one EXIF field the depth readers need: the orientation tag (0x0112) of a JPEG's APP1
// "Exif" block, which says how the stored pixels turn upright. It applies to the colour, the
// depth map, the matte and the intrinsics alike (DepthPhoto::orientation).
#pragma once

#include "geometry/orientation.h"
#include "input/jpeg/jpeg_layout.h"

namespace pxav {

// 1..8 as EXIF defines them; 1 (as stored) when there is no EXIF or no valid tag.
int exif_orientation(const JpegLayout& layout);

}  // namespace pxav
