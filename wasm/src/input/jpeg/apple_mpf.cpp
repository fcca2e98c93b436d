#include "input/jpeg/apple_mpf.h"

#include <algorithm>
#include <string>

#include "input/jpeg/exif.h"
#include "input/xmp/apple_depth_xmp.h"

namespace pxav {
namespace {

struct Found {
  std::span<const uint8_t> bytes;
  AppleDepthXmp xmp;
};

// Apple writes disparity codes between IntMinValue and IntMaxValue: samples as offsets from the
// minimum, full scale the span, so 0..full maps onto FloatMin..FloatMax as for HEIC.
// A range the samples cannot hold (IntMaxValue 65535 on an 8-bit map) is not this image's: the
// full scale of its bit depth then stands.
void apply_int_range(RawDepth& raw, const AppleDepthXmp& xmp) {
  if (!xmp.int_min || !xmp.int_max || !(*xmp.int_max > *xmp.int_min)) return;
  if (*xmp.int_min < 0 || *xmp.int_max > raw.full_scale) return;
  const float lo = static_cast<float>(*xmp.int_min), span = static_cast<float>(*xmp.int_max - *xmp.int_min);
  for (float& v : raw.values) v = std::clamp(v - lo, 0.0f, span);
  raw.full_scale = span;
}

}  // namespace

Result<DepthPhoto> read_apple_mpf(const JpegFile& file, const std::vector<MpfImage>& index,
                                  const OpenOptions& options) {
  std::vector<JpegImageRole> roles;
  std::optional<Found> depth, matte;
  for (size_t k = 0; k < index.size(); ++k) {
    const MpfImage& m = index[k];
    if (k == 0) {
      roles.push_back({"primary", "image/jpeg", file.primary.width, file.primary.height, file.primary.end});
      continue;
    }
    const std::span<const uint8_t> bytes = file.bytes.subspan(m.offset, m.size);
    auto layout = read_jpeg_layout(bytes);
    if (!layout)
      return make_error(ErrorCode::Corrupt, file.name + ": MPF image " + std::to_string(k + 1) + " (" +
                                                std::to_string(m.size) +
                                                " bytes as the index says): " + layout.error().message);
    AppleDepthXmp xmp = parse_apple_depth_xmp(main_xmp(*layout));
    std::string role = "other";
    if (xmp.matte == "portrait-effects") {
      role = "portrait-matte";
      if (!matte) matte = Found{bytes, xmp};
    } else if (!xmp.matte.empty()) {
      role = xmp.matte + "-matte";
    } else if (xmp.is_depth()) {
      role = xmp.auxiliary_image_type == "disparity" ? "disparity" : "depth";
      if (!depth) depth = Found{bytes, xmp};
    } else if ((m.attribute & 0xFFFFFF) == 0x010001 || (m.attribute & 0xFFFFFF) == 0x010002) {
      role = "thumbnail";
    }
    roles.push_back({role, "image/jpeg", layout->width, layout->height, m.size});
  }
  if (!depth) {
    std::string what;
    for (size_t k = 1; k < roles.size(); ++k) what += (what.empty() ? "" : ", ") + roles[k].role;
    return make_error(ErrorCode::NoDepth,
                      file.name + ": this JPEG has no depth map: its " + std::to_string(index.size()) +
                          " MPF images are the photo" + (what.empty() ? "" : " and " + what) +
                          ", none with Apple's depth data; take the photo in Portrait mode",
                      missing_file("depth-map"));
  }
  const AppleDepthXmp& xmp = depth->xmp;
  if (!xmp.float_min || !xmp.float_max)
    return make_error(ErrorCode::Unsupported,
                      file.name + ": the depth image's XMP lacks its range (apdi:FloatMinValue / FloatMaxValue)");

  DepthPhoto photo;
  photo.info.container = "jpeg";
  auto raw = decode_depth_samples(depth->bytes, "depth map", options);
  if (!raw) return make_error(raw.error().code, file.name + ": " + raw.error().message);
  photo.depth = std::move(*raw);
  apply_int_range(photo.depth, xmp);
  photo.encoding.kind = xmp.auxiliary_image_type == "disparity" ? DepthKind::Disparity : DepthKind::Z;
  photo.encoding.lo = *xmp.float_min;
  photo.encoding.hi = *xmp.float_max;
  photo.encoding.source = "apple-xmp";
  const int w = photo.depth.width, h = photo.depth.height;
  // The primary's EXIF orientation turns the photo, its depth and its matte alike.
  photo.orientation = from_exif_orientation(exif_orientation(file.primary));
  if (xmp.intrinsics) {
    photo.camera = rescale(*xmp.intrinsics, w, h);
  } else {
    photo.camera = from_horizontal_fov(w, h, kDefaultHorizontalFovDegrees, "default-fov");
    photo.camera.assumed = true;
  }
  if (matte) {
    auto grey = decode_grey(matte->bytes, "portrait matte", options);
    if (!grey) return make_error(grey.error().code, file.name + ": " + grey.error().message);
    if (auto s = same_view(grey->width, grey->height, w, h, "portrait matte"); !s)
      return make_error(s.error().code, file.name + ": " + s.error().message);
    photo.portrait_matte = resize_nearest(std::move(*grey), w, h);
  }
  if (auto s = add_jpeg_colour(photo, file.bytes.first(file.primary.end), "primary", w, h, options); !s)
    return make_error(s.error().code, file.name + ": " + s.error().message);
  photo.subject_hints = place_subject_hints(stated_subject_hints(file), file.primary.width, file.primary.height, w, h);
  describe_jpeg(photo.info, "mpf", roles);
  return photo;
}

}  // namespace pxav
