#include "input/jpeg/tiff_ifd.h"

#include <string>

namespace pxav {
namespace {

uint32_t type_size(uint16_t type) {
  switch (type) {
    case 1:
    case 2:
    case 6:
    case 7: return 1;  // BYTE, ASCII, SBYTE, UNDEFINED
    case 3:
    case 8: return 2;  // SHORT, SSHORT
    case 4:
    case 9:
    case 11:
    case 13: return 4;  // LONG, SLONG, FLOAT, IFD
    case 5:
    case 10:
    case 12: return 8;  // RATIONAL, SRATIONAL, DOUBLE
    default: return 0;
  }
}

}  // namespace

const TiffEntry* TiffIfd::find(uint16_t tag) const {
  for (const TiffEntry& e : entries)
    if (e.tag == tag) return &e;
  return nullptr;
}

uint32_t TiffIfd::u32(std::span<const uint8_t> p) const {
  return big_endian ? (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3]
                    : (uint32_t{p[3]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | p[0];
}

uint16_t TiffIfd::u16(std::span<const uint8_t> p) const {
  return static_cast<uint16_t>(big_endian ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0]);
}

std::optional<uint32_t> TiffIfd::number(const TiffEntry& e, uint32_t i) const {
  if (i >= e.count) return std::nullopt;
  if (e.type == 3 && e.value.size() >= 2 * (i + 1)) return u16(e.value.subspan(2 * i, 2));
  if ((e.type == 4 || e.type == 13) && e.value.size() >= 4 * (i + 1)) return u32(e.value.subspan(4 * i, 4));
  return std::nullopt;
}

namespace {

Result<TiffIfd> read_entries(std::span<const uint8_t> b, TiffIfd ifd, uint32_t at, const char* which) {
  const auto bad = [](const std::string& why) { return make_error(ErrorCode::Corrupt, why); };
  if (at < 8 || static_cast<uint64_t>(at) + 2 > b.size())
    return bad(std::string("its ") + which + " lies outside the block");
  const uint16_t n = ifd.u16(b.subspan(at, 2));
  if (static_cast<uint64_t>(at) + 2 + 12ull * n > b.size())
    return bad(std::string("its ") + which + " of " + std::to_string(n) + " entries is truncated");
  for (uint16_t k = 0; k < n; ++k) {
    const auto entry = b.subspan(at + 2 + 12u * k, 12);
    TiffEntry e;
    e.tag = ifd.u16(entry.subspan(0, 2));
    e.type = ifd.u16(entry.subspan(2, 2));
    e.count = ifd.u32(entry.subspan(4, 4));
    const uint64_t size = static_cast<uint64_t>(type_size(e.type)) * e.count;
    if (size <= 4) {
      e.value = entry.subspan(8, static_cast<size_t>(size));
    } else {
      const uint32_t offset = ifd.u32(entry.subspan(8, 4));
      if (offset + size > b.size()) {
        // An entry we may never read; keep it empty rather than refuse the whole block.
        e.count = 0;
      } else {
        e.value = b.subspan(offset, static_cast<size_t>(size));
      }
    }
    ifd.entries.push_back(e);
  }
  return ifd;
}

}  // namespace

Result<TiffIfd> read_tiff_ifd0(std::span<const uint8_t> b) {
  const auto bad = [](const std::string& why) { return make_error(ErrorCode::Corrupt, why); };
  if (b.size() < 8) return bad("its TIFF header is truncated");
  TiffIfd ifd;
  if (b[0] == 'M' && b[1] == 'M')
    ifd.big_endian = true;
  else if (!(b[0] == 'I' && b[1] == 'I'))
    return bad("its TIFF header has no byte order mark");
  if (ifd.u16(b.subspan(2, 2)) != 42) return bad("its TIFF header lacks the number 42");
  return read_entries(b, ifd, ifd.u32(b.subspan(4, 4)), "first IFD");
}

Result<TiffIfd> read_tiff_ifd_at(std::span<const uint8_t> b, const TiffIfd& ifd0, uint32_t offset) {
  TiffIfd ifd;
  ifd.big_endian = ifd0.big_endian;
  return read_entries(b, ifd, offset, "IFD a tag points to");
}

}  // namespace pxav
