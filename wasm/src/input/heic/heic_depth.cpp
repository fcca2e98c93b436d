#include "input/heic/heic_depth.h"

#include <libheif/heif_properties.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "input/heic/libheif_items.h"
#include "input/jpeg/exif.h"
#include "input/xmp/xmp_tree.h"

namespace pxav::heic {
namespace {

// A phone's EXIF is tens of kilobytes (a JPEG's APP1 holds 64 at most); a larger item is not read.
constexpr size_t kMaxExifBytes = 4u << 20;

}  // namespace

std::vector<StatedHint> stated_subject_hints(const heif_image_handle* primary) {
  std::vector<StatedHint> out;
  const int width = heif_image_handle_get_ispe_width(primary), height = heif_image_handle_get_ispe_height(primary);
  const int n = heif_image_handle_get_number_of_metadata_blocks(primary, "Exif");
  std::vector<heif_item_id> ids(std::max(n, 0));
  heif_image_handle_get_list_of_metadata_block_IDs(primary, "Exif", ids.data(), n);
  for (heif_item_id id : ids) {
    const size_t size = heif_image_handle_get_metadata_size(primary, id);
    if (size > kMaxExifBytes) continue;
    std::vector<uint8_t> exif(size);
    if (heif_image_handle_get_metadata(primary, id, exif.data()).code != heif_error_Ok) continue;
    if (auto area = heif_exif_subject_area(exif, width, height)) {
      out.push_back(std::move(*area));
      break;
    }
  }
  if (const std::string xmp = xmp_of(primary); !xmp.empty())
    if (auto tree = parse_xml(xmp))
      for (StatedHint& h : xmp_subject_hints(xmp_descriptions(*tree))) out.push_back(std::move(h));
  return out;
}

RawDepth raw_depth_from(const heif_image* img) {
  RawDepth raw;
  raw.width = heif_image_get_primary_width(img);
  raw.height = heif_image_get_primary_height(img);
  raw.bit_depth = heif_image_get_bits_per_pixel_range(img, heif_channel_Y);
  raw.full_scale = std::ldexp(1.0, raw.bit_depth) - 1;
  raw.values.resize(static_cast<size_t>(raw.width) * raw.height);
  int stride = 0;
  const uint8_t* plane = heif_image_get_plane_readonly(img, heif_channel_Y, &stride);
  for (int y = 0; y < raw.height; ++y) {
    const uint8_t* row = plane + static_cast<size_t>(y) * stride;
    float* out = &raw.values[static_cast<size_t>(y) * raw.width];
    if (raw.bit_depth <= 8) {
      for (int x = 0; x < raw.width; ++x) out[x] = row[x];
    } else {
      const auto* row16 = reinterpret_cast<const uint16_t*>(row);
      for (int x = 0; x < raw.width; ++x) out[x] = row16[x];
    }
  }
  return raw;
}

Result<DepthEncoding> depth_encoding(const heif_image_handle* primary, heif_item_id depth_id,
                                     const AppleDepthXmp& xmp) {
  DepthEncoding enc;
  const heif_depth_representation_info* info = nullptr;
  if (heif_image_handle_get_depth_image_representation_info(primary, depth_id, &info) && info) {
    std::unique_ptr<const heif_depth_representation_info, void (*)(const heif_depth_representation_info*)> own(
        info, heif_depth_representation_info_free);
    enc.source = "heif-depth-info";
    switch (info->depth_representation_type) {
      case heif_depth_representation_type_uniform_disparity:
        if (!info->has_d_min || !info->has_d_max)
          return make_error(ErrorCode::Unsupported, "the depth map is uniform disparity but lacks d_min/d_max");
        enc.kind = DepthKind::Disparity;
        enc.lo = info->d_min;
        enc.hi = info->d_max;
        return enc;
      case heif_depth_representation_type_uniform_inverse_Z:
      case heif_depth_representation_type_uniform_Z:
        if (!info->has_z_near || !info->has_z_far)
          return make_error(ErrorCode::Unsupported, "the depth map has no z_near/z_far range");
        enc.kind = info->depth_representation_type == heif_depth_representation_type_uniform_Z ? DepthKind::Z
                                                                                               : DepthKind::InverseZ;
        enc.lo = info->z_near;
        enc.hi = info->z_far;
        return enc;
      case heif_depth_representation_type_nonuniform_disparity:
        return make_error(ErrorCode::Unsupported,
                          "the depth map uses a nonuniform disparity model, which pixel-avatar does not read yet");
    }
  }
  if (xmp.float_min && xmp.float_max) {
    enc.source = "apple-xmp";
    enc.lo = *xmp.float_min;
    enc.hi = *xmp.float_max;
    if (xmp.auxiliary_image_type == "disparity")
      enc.kind = DepthKind::Disparity;
    else if (xmp.auxiliary_image_type == "depth")
      enc.kind = DepthKind::Z;
    else
      return make_error(ErrorCode::Unsupported, "the depth map's XMP names an unknown AuxiliaryImageType '" +
                                                    xmp.auxiliary_image_type + "' (expected disparity or depth)");
    return enc;
  }
  return make_error(ErrorCode::Unsupported,
                    "the depth map carries no depth representation (neither HEIF depth info nor Apple XMP range)");
}

Intrinsics camera_for(const heif_context* ctx, const heif_image_handle* primary, const heif_image_handle* depth,
                      const AppleDepthXmp& xmp, const Orientation& photo_orientation, int stored_w, int stored_h) {
  if (xmp.intrinsics) return rescale(*xmp.intrinsics, stored_w, stored_h);
  for (const heif_image_handle* h : {depth, primary}) {
    if (!heif_image_handle_has_camera_intrinsic_matrix(h)) continue;
    heif_camera_intrinsic_matrix m{};
    if (heif_image_handle_get_camera_intrinsic_matrix(h, &m).code != heif_error_Ok) continue;
    const Orientation own = item_orientation(ctx, heif_image_handle_get_item_id(h), heif_image_handle_get_ispe_width(h),
                                             heif_image_handle_get_ispe_height(h));
    Orientation rotation;
    for (const OrientationStep& step : own.steps)
      if (step.kind == OrientationStep::RotateCcw90) rotation.steps.push_back(step);
    Intrinsics k;
    k.fx = m.focal_length_x;
    k.fy = m.focal_length_y;
    k.cx = m.principal_point_x;
    k.cy = m.principal_point_y;
    k.width = heif_image_handle_get_width(h);
    k.height = heif_image_handle_get_height(h);
    if (rotation.steps.size() % 2) std::swap(k.width, k.height);  // the frame before rotating
    k.source = "heif-cmin";
    if (!(k.fx > 0 && k.fy > 0 && k.width > 0 && k.height > 0)) continue;
    if (rotation.steps.size() == own.steps.size()) return rescale(k, stored_w, stored_h);
    int shown_w = stored_w, shown_h = stored_h;
    const Intrinsics shown = apply(rotation, k);
    size_after(photo_orientation, shown_w, shown_h);
    return unapply(photo_orientation, rescale(shown, shown_w, shown_h), stored_w, stored_h);
  }
  return from_horizontal_fov(stored_w, stored_h, kDefaultHorizontalFovDegrees, "default-fov");
}

}  // namespace pxav::heic
