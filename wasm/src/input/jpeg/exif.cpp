#include "input/jpeg/exif.h"

#include "input/jpeg/tiff_ifd.h"

namespace pxav {

int exif_orientation(const JpegLayout& layout) {
  static constexpr std::string_view kSignature{"Exif\0\0", 6};
  for (std::span<const uint8_t> block : app_payloads(layout, 1, kSignature)) {
    auto ifd = read_tiff_ifd0(block);
    if (!ifd) continue;
    if (const TiffEntry* e = ifd->find(0x0112))
      if (auto v = ifd->number(*e); v && *v >= 1 && *v <= 8) return static_cast<int>(*v);
    return 1;
  }
  return 1;
}

}  // namespace pxav
