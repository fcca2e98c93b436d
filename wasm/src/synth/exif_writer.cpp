#include "synth/exif_writer.h"

#include "synth/jpeg_bytes.h"

namespace pxav {

using jpeg_synth::put_be16;
using jpeg_synth::put_be32;

namespace {

constexpr uint16_t kShort = 3, kLong = 4;

void put_entry(std::vector<uint8_t>& b, uint16_t tag, uint16_t type, uint32_t count, uint32_t value) {
  put_be16(b, tag);
  put_be16(b, type);
  put_be32(b, count);
  if (type == kShort && count == 1) {
    put_be16(b, value);  // a SHORT sits left-justified in the value field
    put_be16(b, 0);
  } else {
    put_be32(b, value);
  }
}

}  // namespace

std::vector<uint8_t> exif_tiff_block(int orientation, const std::optional<ExifSubjectArea>& area) {
  std::vector<uint8_t> b = {'M', 'M', 0, 42};
  put_be32(b, 8);  // IFD0 right after the header
  const uint16_t ifd0_entries = static_cast<uint16_t>((orientation != 0) + area.has_value());
  put_be16(b, ifd0_entries);
  const uint32_t exif_ifd_at = 8 + 2 + 12u * ifd0_entries + 4;
  if (orientation != 0) put_entry(b, 0x0112, kShort, 1, static_cast<uint32_t>(orientation));
  if (area) put_entry(b, 0x8769, kLong, 1, exif_ifd_at);  // the Exif IFD's offset
  put_be32(b, 0);                                         // no next IFD
  if (!area) return b;
  // The Exif IFD, its entries in tag order. A point is two SHORTs, which fit in the entry's
  // value field; a rectangle's four follow the IFD.
  const bool point = area->width == 0 && area->height == 0;
  const uint32_t values_at = exif_ifd_at + 2 + 3 * 12 + 4;
  put_be16(b, 3);
  if (point) {
    put_be16(b, 0x9214), put_be16(b, kShort), put_be32(b, 2), put_be16(b, area->x), put_be16(b, area->y);
  } else {
    put_entry(b, 0x9214, kShort, 4, values_at);
  }
  put_entry(b, 0xA002, kLong, 1, area->frame_width);
  put_entry(b, 0xA003, kLong, 1, area->frame_height);
  put_be32(b, 0);
  if (!point)
    for (uint32_t v : {area->x, area->y, area->width, area->height}) put_be16(b, v);
  return b;
}

}  // namespace pxav
