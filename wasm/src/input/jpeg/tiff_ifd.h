// The first IFD of a TIFF structure, as EXIF (APP1) and the MPF index (APP2) both store theirs:
// byte order, then tags with their type, count and value (inline or at an offset), and any IFD a
// tag points to (EXIF's own, 0x8769). Just enough to read a photo's orientation, its subject area
// and MPF's image list, with every offset checked against the block.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"

namespace pxav {

struct TiffEntry {
  uint16_t tag = 0, type = 0;
  uint32_t count = 0;
  std::span<const uint8_t> value;  // count * size-of-type bytes, inline or from the offset
};

struct TiffIfd {
  bool big_endian = false;
  std::vector<TiffEntry> entries;
  const TiffEntry* find(uint16_t tag) const;
  uint32_t u32(std::span<const uint8_t> at) const;
  uint16_t u16(std::span<const uint8_t> at) const;
  // SHORT, LONG or IFD value number i of an entry.
  std::optional<uint32_t> number(const TiffEntry& e, uint32_t i = 0) const;
};

// `block` starts at the TIFF header ("II*\0" or "MM\0*"). Errors: Corrupt, saying what is wrong.
Result<TiffIfd> read_tiff_ifd0(std::span<const uint8_t> block);
// The IFD at `offset` from the TIFF header (as a pointer tag gives it), in `ifd0`'s byte order.
Result<TiffIfd> read_tiff_ifd_at(std::span<const uint8_t> block, const TiffIfd& ifd0, uint32_t offset);

}  // namespace pxav
