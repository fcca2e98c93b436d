#include "input/heic/libheif_items.h"

#include <libheif/heif_properties.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

namespace pxav::heic {

using libheif::DecodingOptions;
using libheif::Image;

Error from_heif(const heif_error& e, const char* what) {
  ErrorCode code = ErrorCode::Corrupt;
  switch (e.code) {
    case heif_error_Unsupported_filetype: code = ErrorCode::UnsupportedFormat; break;
    case heif_error_Unsupported_feature: code = ErrorCode::Unsupported; break;
    case heif_error_Memory_allocation_error: code = ErrorCode::TooLarge; break;
    default: break;
  }
  if (e.subcode == heif_suberror_Security_limit_exceeded) code = ErrorCode::TooLarge;
  return make_error(code, std::string(what) + ": " + (e.message ? e.message : "unknown libheif error"));
}

std::string mp(double pixels) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", pixels / 1e6);
  return buf;
}

std::string xmp_of(const heif_image_handle* h) {
  const int n = heif_image_handle_get_number_of_metadata_blocks(h, "mime");
  std::vector<heif_item_id> ids(n);
  heif_image_handle_get_list_of_metadata_block_IDs(h, "mime", ids.data(), n);
  for (heif_item_id id : ids) {
    const char* content = heif_image_handle_get_metadata_content_type(h, id);
    if (!content || std::strcmp(content, "application/rdf+xml") != 0) continue;
    std::string xmp(heif_image_handle_get_metadata_size(h, id), '\0');
    if (heif_image_handle_get_metadata(h, id, xmp.data()).code == heif_error_Ok) return xmp;
  }
  return {};
}

Result<Image> decode_grey(const heif_image_handle* h, const char* what) {
  DecodingOptions opts(heif_decoding_options_alloc());
  opts->ignore_transformations = 1;
  heif_image* img = nullptr;
  heif_error e = heif_decode_image(h, &img, heif_colorspace_monochrome, heif_chroma_monochrome, opts.get());
  if (e.code != heif_error_Ok) return from_heif(e, what);
  return Image(img);
}

GreyImage grey_from(const heif_image* img) {
  int stride = 0;
  const uint8_t* plane = heif_image_get_plane_readonly(img, heif_channel_Y, &stride);
  GreyImage out;
  out.width = heif_image_get_primary_width(img);
  out.height = heif_image_get_primary_height(img);
  out.pixels.resize(static_cast<size_t>(out.width) * out.height);
  for (int y = 0; y < out.height; ++y)
    std::memcpy(&out.pixels[static_cast<size_t>(y) * out.width], plane + static_cast<size_t>(y) * stride, out.width);
  return out;
}

Orientation item_orientation(const heif_context* ctx, heif_item_id id, int width, int height) {
  Orientation o;
  const int n = heif_item_get_transformation_properties(ctx, id, nullptr, 0);
  std::vector<heif_property_id> props(std::max(n, 0));
  heif_item_get_transformation_properties(ctx, id, props.data(), n);
  for (heif_property_id p : props) {
    switch (heif_item_get_property_type(ctx, id, p)) {
      case heif_item_property_type_transform_rotation: {
        const int ccw = heif_item_get_property_transform_rotation_ccw(ctx, id, p);
        for (int i = 0; i < (ccw / 90) % 4; ++i) {
          o.steps.push_back({OrientationStep::RotateCcw90});
          std::swap(width, height);
        }
        break;
      }
      case heif_item_property_type_transform_mirror:
        o.steps.push_back(
            {heif_item_get_property_transform_mirror(ctx, id, p) == heif_transform_mirror_direction_horizontal
                 ? OrientationStep::MirrorLeftRight
                 : OrientationStep::MirrorUpDown});
        break;
      case heif_item_property_type_transform_crop: {
        int l = 0, t = 0, r = 0, b = 0;
        heif_item_get_property_transform_crop_borders(ctx, id, p, width, height, &l, &t, &r, &b);
        OrientationStep c{OrientationStep::Crop};
        c.left = static_cast<double>(l) / width;
        c.top = static_cast<double>(t) / height;
        c.right = static_cast<double>(r) / width;
        c.bottom = static_cast<double>(b) / height;
        o.steps.push_back(c);
        width -= l + r;
        height -= t + b;
        break;
      }
      default: break;
    }
  }
  return o;
}

}  // namespace pxav::heic
