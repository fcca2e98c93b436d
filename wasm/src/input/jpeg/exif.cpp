#include "input/jpeg/exif.h"

#include <cmath>

#include "input/jpeg/tiff_ifd.h"

namespace pxav {
namespace {

constexpr std::string_view kSignature{"Exif\0\0", 6};

}  // namespace

int exif_orientation(const JpegLayout& layout) {
  for (std::span<const uint8_t> block : app_payloads(layout, 1, kSignature)) {
    auto ifd = read_tiff_ifd0(block);
    if (!ifd) continue;
    if (const TiffEntry* e = ifd->find(0x0112))
      if (auto v = ifd->number(*e); v && *v >= 1 && *v <= 8) return static_cast<int>(*v);
    return 1;
  }
  return 1;
}

std::optional<StatedHint> exif_subject_area(std::span<const uint8_t> tiff, int stored_width, int stored_height) {
  auto ifd0 = read_tiff_ifd0(tiff);
  if (!ifd0) return std::nullopt;
  const TiffEntry* pointer = ifd0->find(0x8769);
  const std::optional<uint32_t> at = pointer ? ifd0->number(*pointer) : std::nullopt;
  if (!at) return std::nullopt;
  auto exif = read_tiff_ifd_at(tiff, *ifd0, *at);
  if (!exif) return std::nullopt;
  const TiffEntry* area = exif->find(0x9214);
  if (!area || area->count < 2 || area->count > 4) return std::nullopt;
  double v[4] = {};
  for (uint32_t i = 0; i < area->count; ++i) {
    const auto n = exif->number(*area, i);
    if (!n) return std::nullopt;
    v[i] = *n;
  }
  double frame_w = stored_width, frame_h = stored_height;
  const TiffEntry *px = exif->find(0xA002), *py = exif->find(0xA003);
  if (px && py)
    if (auto w = exif->number(*px), h = exif->number(*py); w && h && *w > 0 && *h > 0) {
      frame_w = *w;
      frame_h = *h;
    }
  if (!(frame_w > 0 && frame_h > 0)) return std::nullopt;
  StatedHint s;
  s.frame_width = frame_w;
  s.frame_height = frame_h;
  s.hint.kind = SubjectHint::Kind::Focus;
  s.hint.source = "exif-subject-area";
  s.hint.x = v[0] / frame_w;
  s.hint.y = v[1] / frame_h;
  const double w = area->count == 2 ? 0 : v[2], h = area->count == 2 ? 0 : area->count == 3 ? v[2] : v[3];
  s.hint.width = w / frame_w;
  s.hint.height = h / frame_h;
  return s;
}

std::optional<StatedHint> exif_subject_area(const JpegLayout& layout) {
  const auto blocks = app_payloads(layout, 1, kSignature);
  if (blocks.empty()) return std::nullopt;
  return exif_subject_area(blocks.front(), layout.width, layout.height);
}

std::optional<ExifFocal> exif_focal_length(const JpegLayout& layout, int view_width, int view_height) {
  const auto blocks = app_payloads(layout, 1, kSignature);
  if (blocks.empty() || view_width <= 0 || view_height <= 0) return std::nullopt;
  auto ifd0 = read_tiff_ifd0(blocks.front());
  if (!ifd0) return std::nullopt;
  const TiffEntry* pointer = ifd0->find(0x8769);
  const std::optional<uint32_t> at = pointer ? ifd0->number(*pointer) : std::nullopt;
  if (!at) return std::nullopt;
  auto exif = read_tiff_ifd_at(blocks.front(), *ifd0, *at);
  if (!exif) return std::nullopt;
  const auto rational = [&](uint16_t tag) -> double {
    const TiffEntry* e = exif->find(tag);
    if (!e || e->type != 5 || e->value.size() < 8) return 0;
    const uint32_t n = exif->u32(e->value.subspan(0, 4)), d = exif->u32(e->value.subspan(4, 4));
    return d == 0 ? 0 : static_cast<double>(n) / d;
  };
  // Thresholds keep out the zeros and nonsense some cameras write (a 35 mm equivalent of 1 mm).
  if (const TiffEntry* e = exif->find(0xA405))
    if (auto mm = exif->number(*e); mm && *mm >= 8 && *mm <= 2000)
      return ExifFocal{
          *mm / 43.2666 *
              std::sqrt(static_cast<double>(view_width) * view_width + static_cast<double>(view_height) * view_height),
          "EXIF FocalLengthIn35mmFilm"};
  const double mm = rational(0x920A), resolution = rational(0xA20E);
  if (!(mm > 0.5 && resolution > 0)) return std::nullopt;
  std::optional<uint32_t> unit;
  if (const TiffEntry* e = exif->find(0xA210)) unit = exif->number(*e);
  const double unit_mm = !unit || *unit == 2 ? 25.4 : *unit == 3 ? 10 : *unit == 4 ? 1 : *unit == 5 ? 0.001 : 0;
  if (unit_mm == 0) return std::nullopt;
  double frame_width = layout.width;
  if (const TiffEntry* e = exif->find(0xA002))
    if (auto w = exif->number(*e); w && *w > 0) frame_width = *w;
  if (!(frame_width > 0)) return std::nullopt;
  const double pixels = mm * resolution / unit_mm * view_width / frame_width;
  if (!(pixels > 0.1 * view_width && pixels < 100.0 * view_width)) return std::nullopt;
  return ExifFocal{pixels, "EXIF FocalLength and FocalPlaneXResolution"};
}

std::optional<StatedHint> heif_exif_subject_area(std::span<const uint8_t> item, int stored_width, int stored_height) {
  if (item.size() < 4) return std::nullopt;
  const uint32_t skip = (uint32_t{item[0]} << 24) | (uint32_t{item[1]} << 16) | (uint32_t{item[2]} << 8) | item[3];
  if (skip > item.size() - 4) return std::nullopt;
  return exif_subject_area(item.subspan(4 + skip), stored_width, stored_height);
}

}  // namespace pxav
