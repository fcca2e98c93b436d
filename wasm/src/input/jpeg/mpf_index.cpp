#include "input/jpeg/mpf_index.h"

#include <string>

#include "input/jpeg/tiff_ifd.h"

namespace pxav {

int mpf_multiview_count(std::span<const uint8_t> block) {
  auto ifd = read_tiff_ifd0(block);
  if (!ifd) return 0;
  const TiffEntry* entries = ifd->find(0xB002);
  if (!entries || entries->value.size() != entries->count || entries->value.size() % 16 != 0) return 0;
  int views = 0;
  for (size_t k = 0; k < entries->value.size() / 16 && k < 64; ++k) {
    MpfImage image;
    image.attribute = ifd->u32(entries->value.subspan(16 * k, 4));
    views += is_multiview_image(image);
  }
  return views;
}

Result<std::vector<MpfImage>> read_mpf_index(const JpegLayout& primary, std::span<const uint8_t> file) {
  static constexpr std::string_view kSignature{"MPF\0", 4};
  std::vector<MpfImage> out;
  for (const JpegSegment& s : primary.segments) {
    if (s.marker != 0xE2 || s.payload.size() < 4 ||
        std::string_view(reinterpret_cast<const char*>(s.payload.data()), 4) != kSignature)
      continue;
    const auto bad = [](const std::string& why) {
      return make_error(ErrorCode::Corrupt, "the JPEG's MPF index is damaged: " + why);
    };
    const std::span<const uint8_t> block = s.payload.subspan(4);
    auto ifd = read_tiff_ifd0(block);
    if (!ifd) return bad(ifd.error().message);
    const TiffEntry* count = ifd->find(0xB001);
    const TiffEntry* entries = ifd->find(0xB002);
    if (!entries || entries->value.size() < 16 || entries->value.size() != entries->count)
      return bad("its MP entry list (tag B002) is missing, not a list of 16-byte entries, or truncated");
    const size_t n = entries->value.size() / 16;
    if (n == 0 || n > 64) return bad("its MP entry list holds " + std::to_string(n) + " images");
    if (count) {
      if (auto c = ifd->number(*count); c && *c != n)
        return bad("it says " + std::to_string(*c) + " images but lists " + std::to_string(n));
    }
    // MPF offsets count from the TIFF header inside this segment (marker, length, "MPF\0" before it).
    const size_t base = s.offset + 4 + 4;
    for (size_t k = 0; k < n; ++k) {
      const auto e = entries->value.subspan(16 * k, 16);
      MpfImage img;
      img.attribute = ifd->u32(e.subspan(0, 4));
      img.size = ifd->u32(e.subspan(4, 4));
      const uint32_t rel = ifd->u32(e.subspan(8, 4));
      if (k > 0 && rel == 0) return bad("image " + std::to_string(k + 1) + " has no offset");
      // In 64 bits: size_t is 32 bits in wasm, where base + offset could wrap to a place in the file.
      const uint64_t at = rel == 0 ? 0 : uint64_t{base} + rel;
      if (at + img.size > file.size())
        return bad("image " + std::to_string(k + 1) + " (" + std::to_string(img.size) + " bytes at " +
                   std::to_string(at) + ") lies past the end of the file (" + std::to_string(file.size()) + " bytes)");
      img.offset = static_cast<size_t>(at);
      if (k > 0 && (img.size < 4 || file[img.offset] != 0xFF || file[img.offset + 1] != 0xD8))
        return bad("image " + std::to_string(k + 1) + " does not start with a JPEG start-of-image marker");
      out.push_back(img);
    }
    return out;
  }
  return out;
}

}  // namespace pxav
