#include "input/mpo/mpo_reader.h"

#include <string>

#include "core/json.h"
#include "core/pixel_limit.h"
#include "image_files/decoded_image.h"
#include "image_files/read_image.h"
#include "input/jpeg/exif.h"
#include "input/jpeg/jpeg_layout.h"
#include "input/jpeg/mpf_index.h"
#include "input/jpeg/tiff_ifd.h"

namespace pxav {
namespace {

// The MP attribute IFD of an individual image (its own APP2 "MPF" segment): BaselineLength
// (0xB206, RATIONAL, metres) and ConvergenceAngle (0xB205, SRATIONAL, degrees); < 0 when absent.
struct MpAttributes {
  double baseline_m = -1, convergence_deg = -1;
};

MpAttributes read_attributes(std::span<const uint8_t> image) {
  MpAttributes out;
  auto layout = read_jpeg_layout(image);
  if (!layout) return out;
  for (auto block : app_payloads(*layout, 2, std::string_view("MPF\0", 4))) {
    auto ifd = read_tiff_ifd0(block);
    if (!ifd) return out;
    auto rational = [&](uint16_t tag, bool is_signed) {
      const TiffEntry* e = ifd->find(tag);
      if (!e || e->value.size() < 8 || e->type != (is_signed ? 10 : 5)) return -1.0;
      const uint32_t n = ifd->u32(e->value.subspan(0, 4)), d = ifd->u32(e->value.subspan(4, 4));
      if (d == 0) return -1.0;
      return is_signed ? static_cast<double>(static_cast<int32_t>(n)) / static_cast<int32_t>(d)
                       : static_cast<double>(n) / d;
    };
    out.baseline_m = rational(0xB206, false);
    out.convergence_deg = rational(0xB205, true);
    return out;
  }
  return out;
}

}  // namespace

bool mpo_recognises(const Sniff& file) {
  return file.kind == FileKind::Jpeg && file.mpf_views >= 2 && file.role.empty();
}

Result<DepthPhoto> mpo_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                            const OpenOptions& options) {
  if (files.size() != 1)
    return make_error(ErrorCode::InvalidArgument, "a multi-picture (MPO) file holds both views; give it alone");
  const InputFile& f = files[0];
  const std::span<const uint8_t> bytes = f.bytes;
  auto layout = read_jpeg_layout(bytes);
  if (!layout) return layout.error();
  auto index = read_mpf_index(*layout, bytes);
  if (!index) return index.error();
  std::vector<MpfImage> views;
  for (const MpfImage& m : *index)
    if (is_multiview_image(m)) views.push_back(m);
  if (views.size() < 2)
    return make_error(ErrorCode::Corrupt, f.name + ": the MPF index lists " + std::to_string(views.size()) +
                                              " multi-view images; a stereo pair needs two");
  if (auto ok = within_limit(sniffs[0].width, sniffs[0].height, options.max_megapixels, f.name + ": ", "view"); !ok)
    return ok.error();
  auto calibration = parse_stereo_setup(reader_setting(options, kStereoSettings));
  if (!calibration) return calibration.error();

  DepthPhoto photo;
  photo.views.emplace();
  photo.views->calibration = *calibration;
  photo.views->source = "mpo";
  MpAttributes attributes;
  for (int which = 0; which < 2; ++which) {
    const MpfImage& m = views[static_cast<size_t>(which)];
    // The first image's size in the index may be 0 or cover only the primary; its own layout ends it.
    const size_t size = m.offset == 0 ? layout->end : m.size;
    const std::span<const uint8_t> image = bytes.subspan(m.offset, size);
    const std::string name = f.name + " (view " + std::to_string(which + 1) + ")";
    auto inner = read_jpeg_layout(image);
    if (!inner) return inner.error();
    if (auto ok = within_limit(inner->width, inner->height, options.max_megapixels, name + ": ", "view"); !ok)
      return ok.error();
    auto decoded = read_image(image, name);
    if (!decoded) return decoded.error();
    auto rgb = to_rgb8(*decoded);
    if (!rgb) return rgb.error();
    (which == 0 ? photo.views->left : photo.views->right) = std::move(*rgb);
    if (which == 1) attributes = read_attributes(image);
  }
  if (auto focal = exif_focal_length(*layout, photo.views->left.width, photo.views->left.height)) {
    photo.views->known_focal_px = focal->pixels;
    photo.views->focal_source = focal->source;
  }
  photo.info.container = "stereo";
  photo.info.photo_width = photo.views->left.width;
  photo.info.photo_height = photo.views->left.height;
  photo.info.colour_source = "left view (MPO image 1)";
  auto& d = photo.info.details;
  d.emplace_back("mpoViews", std::to_string(views.size()));
  d.emplace_back("mpfBaselineM", attributes.baseline_m >= 0 ? json_number(attributes.baseline_m) : "null");
  d.emplace_back("mpfConvergenceDeg",
                 attributes.convergence_deg >= 0 ? json_number(attributes.convergence_deg) : "null");
  return photo;
}

}  // namespace pxav
