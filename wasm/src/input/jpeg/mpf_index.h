// The Multi-Picture Format index (CIPA DC-007) in a JPEG's APP2 "MPF" segment: the list of the
// images that a file holds one after another (Apple's portrait JPEGs put the disparity map and
// the mattes there). Offsets are checked against the file; which image is which is not said
// here: each image's own XMP says that (input/jpeg/apple_mpf.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "input/jpeg/jpeg_layout.h"

namespace pxav {

struct MpfImage {
  uint32_t attribute = 0;  // flags and type (0x030000 baseline primary, 0x010001 large thumbnail, ...)
  size_t offset = 0;       // from the start of the file; 0 for the primary image
  size_t size = 0;
};

// Empty when the file has no MPF segment. Errors (Corrupt): a truncated index, an image that
// lies past the end of the file or does not start with a JPEG start-of-image marker.
Result<std::vector<MpfImage>> read_mpf_index(const JpegLayout& primary, std::span<const uint8_t> file);

// MP type codes (the low 24 bits of MpfImage::attribute) of the views of a multi-view file (an
// MPO from a 3D camera): "multi-frame disparity" and "multi-frame multi-angle".
inline constexpr uint32_t kMpTypeDisparity = 0x020002, kMpTypeMultiAngle = 0x020003;
inline bool is_multiview_image(const MpfImage& image) {
  const uint32_t type = image.attribute & 0xFFFFFF;
  return type == kMpTypeDisparity || type == kMpTypeMultiAngle;
}

// How many images an MPF index (an APP2 payload after "MPF\0") lists as views of a multi-view
// file, without checking where they lie; 0 for anything else or a damaged index. For telling an
// MPO from other JPEGs cheaply (input/sniff).
int mpf_multiview_count(std::span<const uint8_t> block);

}  // namespace pxav
