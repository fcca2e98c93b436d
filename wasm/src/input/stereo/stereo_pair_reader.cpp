#include "input/stereo/stereo_pair_reader.h"

#include <string>

#include "core/pixel_limit.h"
#include "image_files/decoded_image.h"
#include "image_files/read_image.h"

namespace pxav {

bool stereo_pair_recognises(const Sniff& file) { return file.role == "right" || file.role == "left"; }

Result<DepthPhoto> stereo_pair_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                                    const OpenOptions& options) {
  int left = -1, right = -1;
  for (size_t i = 0; i < files.size(); ++i) {
    const Sniff& s = sniffs[i];
    if (s.kind != FileKind::Png && s.kind != FileKind::Jpeg && s.kind != FileKind::Netpbm)
      return make_error(ErrorCode::InvalidArgument,
                        files[i].name + " is " + s.looks_like + ", not a view of a stereo pair (PNG, JPEG, PPM)");
    int& slot = files[i].role == "right" ? right : left;
    if (slot >= 0)
      return make_error(ErrorCode::InvalidArgument,
                        "a stereo pair is one left and one right view; " + files[static_cast<size_t>(slot)].name +
                            " and " + files[i].name + " are both " + (files[i].role == "right" ? "right" : "left"));
    slot = static_cast<int>(i);
  }
  if (left < 0 || right < 0)
    return make_error(ErrorCode::MissingCompanion,
                      std::string("a stereo pair needs two views: the ") + (left < 0 ? "left" : "right") +
                          " view is missing" + (left < 0 ? "" : " (give it with --right)"),
                      missing_file(left < 0 ? "left-view" : "right-view"));
  auto calibration = parse_stereo_setup(reader_setting(options, kStereoSettings));
  if (!calibration) return calibration.error();

  DepthPhoto photo;
  photo.views.emplace();
  photo.views->calibration = *calibration;
  photo.views->source = "pair";
  for (int which : {left, right}) {
    const InputFile& f = files[static_cast<size_t>(which)];
    const Sniff& s = sniffs[static_cast<size_t>(which)];
    if (auto ok = within_limit(s.width, s.height, options.max_megapixels, f.name + ": ", "view"); !ok)
      return ok.error();
    auto image = read_image(f.bytes, f.name);
    if (!image) return image.error();
    if (auto ok = within_limit(image->width, image->height, options.max_megapixels, f.name + ": ", "view"); !ok)
      return ok.error();
    auto rgb = to_rgb8(*image);
    if (!rgb) return rgb.error();
    (which == left ? photo.views->left : photo.views->right) = std::move(*rgb);
  }
  photo.info.container = "stereo";
  photo.info.photo_width = photo.views->left.width;
  photo.info.photo_height = photo.views->left.height;
  photo.info.colour_source = "left view";
  return photo;
}

}  // namespace pxav
