// The EXIF blocks the fixture writers store: a big-endian TIFF block with IFD0's orientation and,
// when asked, an Exif IFD with where the camera says its subject is (SubjectArea, 0x9214, as a
// point or a rectangle) and the frame it is stated in (PixelXDimension, PixelYDimension). A JPEG stores the
// block after "Exif\0\0" in APP1, a HEIF file as its Exif item. Native only, with the writers.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace pxav {

// A rectangle in the stored primary image's pixels, EXIF's integers: centre and extent (a point
// when both are 0).
struct ExifSubjectArea {
  uint32_t x = 0, y = 0, width = 0, height = 0;
  uint32_t frame_width = 0, frame_height = 0;  // the primary image as stored
};

// The TIFF block. orientation 1..8 writes IFD0's tag (0: none); without a subject area the block
// is IFD0 alone.
std::vector<uint8_t> exif_tiff_block(int orientation, const std::optional<ExifSubjectArea>& area = std::nullopt);

}  // namespace pxav
