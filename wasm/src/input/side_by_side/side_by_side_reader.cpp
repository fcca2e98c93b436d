#include "input/side_by_side/side_by_side_reader.h"

#include <cstring>
#include <string>

#include "core/json.h"
#include "core/pixel_limit.h"
#include "image_files/decoded_image.h"
#include "image_files/read_image.h"

namespace pxav {
namespace {

// Narrower or lower halves leave nothing to match (the matcher needs 8 px at 1/8 of the size).
constexpr int kMinHalfSide = 16;
// Half views taller than this many times their width are not what side-by-side pairs hold (a
// phone's portrait shots side by side are 1.8 times as tall as wide): more likely a single photo.
constexpr double kMaxHalfTallness = 2.5;

RgbImage half_of(const RgbImage& image, int x0, int width) {
  RgbImage out{width, image.height, std::vector<uint8_t>(static_cast<size_t>(width) * image.height * 3)};
  for (int y = 0; y < image.height; ++y)
    std::memcpy(&out.pixels[static_cast<size_t>(y) * width * 3], image.at(x0, y), static_cast<size_t>(width) * 3);
  return out;
}

std::string size_text(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

}  // namespace

bool side_by_side_recognises(const Sniff& file) { return file.role == kSideBySideRole; }

Result<DepthPhoto> side_by_side_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                                     const OpenOptions& options) {
  if (files.size() != 1)
    return make_error(ErrorCode::InvalidArgument, "a side-by-side image holds both views of the pair; give it alone (" +
                                                      std::to_string(files.size()) + " files were given)");
  const InputFile& f = files[0];
  const Sniff& s = sniffs[0];
  if (s.kind != FileKind::Png && s.kind != FileKind::Jpeg && s.kind != FileKind::Netpbm)
    return make_error(ErrorCode::InvalidArgument,
                      f.name + " is " + s.looks_like + ", not a side-by-side stereo image (PNG, JPEG, PPM)");
  auto calibration = parse_stereo_setup(reader_setting(options, kStereoSettings));
  if (!calibration) return calibration.error();
  if (auto ok = within_limit(s.width, s.height, options.max_megapixels, f.name + ": ", "image"); !ok) return ok.error();
  auto image = read_image(f.bytes, f.name);
  if (!image) return image.error();
  if (auto ok = within_limit(image->width, image->height, options.max_megapixels, f.name + ": ", "image"); !ok)
    return ok.error();
  auto rgb = to_rgb8(*image);
  if (!rgb) return rgb.error();
  const int w = rgb->width, h = rgb->height, half = w / 2;
  const std::string what = f.name + " (" + size_text(w, h) + ")";
  if (w % 2 != 0)
    return make_error(ErrorCode::InvalidArgument,
                      what +
                          " cannot be a side-by-side pair: its width is odd, and a pair's two views are "
                          "the same width");
  if (half < kMinHalfSide || h < kMinHalfSide)
    return make_error(ErrorCode::InvalidArgument,
                      what + " is too small to be a side-by-side pair: each view would be " + size_text(half, h) +
                          " (at least " + std::to_string(kMinHalfSide) + " px each way)");
  if (h > kMaxHalfTallness * half)
    return make_error(ErrorCode::InvalidArgument,
                      what + " cannot be a side-by-side pair: each half would be " + size_text(half, h) +
                          ", far taller than wide; is it one photo rather than two views next to each other?");

  const bool cross = calibration->layout == StereoLayout::CrossEyed;
  DepthPhoto photo;
  photo.views.emplace();
  photo.views->calibration = *calibration;
  photo.views->source = cross ? "cross-eyed" : "side-by-side";
  photo.views->left = half_of(*rgb, cross ? half : 0, half);
  photo.views->right = half_of(*rgb, cross ? 0 : half, half);
  photo.info.container = "stereo";
  photo.info.photo_width = half;
  photo.info.photo_height = h;
  photo.info.colour_source = cross ? "left view (the right half)" : "left view (the left half)";
  photo.info.details.emplace_back("layout", json_string(photo.views->source));
  return photo;
}

}  // namespace pxav
