// The bytes of HEIF boxes that libheif 1.19 cannot write for us, for the fixture writers: the
// depth image's representation (auxC with its SEI), the camera intrinsics (cmin) and position
// (cmex), and the entity group list of a stereo pair (grpl with a ster group), which must be
// spliced into the meta box of a file libheif already wrote (moving the item locations after it).
// Native only, with the writers that use it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/camera.h"
#include "core/result.h"
#include "depth/depth_encoding.h"

namespace pxav {

// The auxC property body of a depth image (urn:mpeg:hevc:2015:auxid:2); with_sei adds the depth
// representation information SEI (ISO/IEC 23002-3) carrying the encoding's range, as Apple does.
std::vector<uint8_t> auxc_payload(const DepthEncoding& encoding, bool with_sei);

// ISO/IEC 23008-12 'cmin': the intrinsics relative to the image size.
std::vector<uint8_t> cmin_payload(const Intrinsics& camera);

// ISO/IEC 23001-17 'cmex' version 0 with only the position: x metres to the right.
std::vector<uint8_t> cmex_payload(double x_m);

// A 'grpl' box holding one 'ster' group (id group_id) of the given entities, left first.
std::vector<uint8_t> stereo_group_list(uint32_t group_id, const std::vector<uint32_t>& entities);

// Appends `box` to the top-level meta box of a file libheif wrote (32-bit box sizes), moving
// every item location that points past the meta box by the box's size.
Status append_to_meta(std::vector<uint8_t>& file, const std::vector<uint8_t>& box);

}  // namespace pxav
