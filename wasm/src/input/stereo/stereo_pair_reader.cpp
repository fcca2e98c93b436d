#include "input/stereo/stereo_pair_reader.h"

#include <cmath>
#include <string>

#include "colour/downsample.h"
#include "core/json.h"
#include "core/pixel_limit.h"
#include "image_files/decoded_image.h"
#include "image_files/jpeg_io.h"
#include "image_files/read_image.h"
#include "input/jpeg/exif.h"
#include "input/jpeg/jpeg_layout.h"

namespace pxav {
namespace {

// Views at least this wide after a reduced decode: the pair's features are found at about 1000
// px across (stereo/pair_geometry) and matched at 800 at most (stereo/views_to_depth), so a
// phone's 4032 px views decode at a quarter, a sixteenth of the pixels.
constexpr int kReducedViewWidth = 1000;

// 1, 2, 4 or 8: the DCT scale two JPEG views of this width decode at when the setup leaves the
// matching size to us (an explicit scale= asks for the views' own pixels, and a full calibration
// describes them).
int reduction_for(const StereoCalibration& cal, std::span<const Sniff> sniffs, int width) {
  for (const Sniff& s : sniffs)
    if (s.kind != FileKind::Jpeg) return 1;
  if (cal.scale != 0 || cal.full) return 1;
  int k = 1;
  while (k < 8 && width / (2 * k) >= kReducedViewWidth) k *= 2;
  return k;
}

}  // namespace

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
  const int k = reduction_for(*calibration, sniffs, sniffs[static_cast<size_t>(left)].width);
  for (int which : {left, right}) {
    const InputFile& f = files[static_cast<size_t>(which)];
    const Sniff& s = sniffs[static_cast<size_t>(which)];
    if (auto ok = within_limit(s.width, s.height, options.max_megapixels, f.name + ": ", "view"); !ok)
      return ok.error();
    if (k > 1) {
      // libjpeg's DCT scaling: each view decoded straight at 1/k (the two must then agree in size).
      auto acc = accumulate_jpeg(f.bytes, s.width / k, s.height / k, JpegLimits{options.max_megapixels});
      if (!acc) return acc.error();
      (which == left ? photo.views->left : photo.views->right) = finish(*acc);
      continue;
    }
    auto image = read_image(f.bytes, f.name);
    if (!image) return image.error();
    if (auto ok = within_limit(image->width, image->height, options.max_megapixels, f.name + ": ", "view"); !ok)
      return ok.error();
    auto rgb = to_rgb8(*image);
    if (!rgb) return rgb.error();
    (which == left ? photo.views->left : photo.views->right) = std::move(*rgb);
  }
  if (k > 1) {
    if (sniffs[static_cast<size_t>(left)].width != sniffs[static_cast<size_t>(right)].width ||
        sniffs[static_cast<size_t>(left)].height != sniffs[static_cast<size_t>(right)].height)
      return make_error(ErrorCode::InvalidArgument,
                        "the two views must have the same size (left " +
                            std::to_string(sniffs[static_cast<size_t>(left)].width) + "x" +
                            std::to_string(sniffs[static_cast<size_t>(left)].height) + ", right " +
                            std::to_string(sniffs[static_cast<size_t>(right)].width) + "x" +
                            std::to_string(sniffs[static_cast<size_t>(right)].height) + ")");
    // The setup's pixels are the files' pixels: brought to the decoded views'.
    StereoCalibration& c = photo.views->calibration;
    c.focal_px /= k;
    c.cx /= k;
    c.cy /= k;
    c.doffs /= k;
    if (c.num_disparities > 0) {
      const int hi = c.min_disparity + c.num_disparities;
      c.min_disparity = static_cast<int>(std::floor(static_cast<double>(c.min_disparity) / k));
      c.num_disparities = static_cast<int>(std::ceil(static_cast<double>(hi) / k)) - c.min_disparity;
    } else {
      c.min_disparity = static_cast<int>(std::floor(static_cast<double>(c.min_disparity) / k));
    }
    photo.info.details.emplace_back("viewsDecodedAt", json_string("1/" + std::to_string(k)));
  }
  // A JPEG left view's EXIF focal length (both views from one camera), for calibrated rectification.
  if (sniffs[static_cast<size_t>(left)].kind == FileKind::Jpeg)
    if (auto layout = read_jpeg_layout(files[static_cast<size_t>(left)].bytes))
      if (auto focal = exif_focal_length(*layout, photo.views->left.width, photo.views->left.height)) {
        photo.views->known_focal_px = focal->pixels;
        photo.views->focal_source = focal->source;
      }
  photo.info.container = "stereo";
  photo.info.photo_width = photo.views->left.width;
  photo.info.photo_height = photo.views->left.height;
  photo.info.colour_source = "left view";
  return photo;
}

}  // namespace pxav
