#include "input/heic/heic_reader.h"

#include <libheif/heif.h>
#include <libheif/heif_properties.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "colour/downsample.h"
#include "core/json.h"
#include "geometry/orientation.h"
#include "input/heic/heif_boxes.h"
#include "input/heic/libheif_handles.h"
#include "input/jpeg/exif.h"
#include "input/xmp/apple_depth_xmp.h"
#include "input/xmp/subject_xmp.h"
#include "input/xmp/xmp_tree.h"
#include "stereo/views_to_depth.h"

namespace pxav {
namespace {

constexpr const char* kDepthAuxType = "urn:mpeg:hevc:2015:auxid:2";
constexpr const char* kPortraitMatteAuxType = "urn:com:apple:photo:2018:aux:portraiteffectsmatte";
// A phone's EXIF is tens of kilobytes (a JPEG's APP1 holds 64 at most); a larger item is not read.
constexpr size_t kMaxExifBytes = 4u << 20;

using libheif::Context;
using libheif::DecodingOptions;
using libheif::Handle;
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

// An ISO-BMFF file starts with a box whose type is 'ftyp'; checking it first lets us say "this is
// not a HEIC file" instead of passing on a parser's complaint about box sizes.
Status check_container(const uint8_t* bytes, size_t size) {
  if (size == 0) return make_error(ErrorCode::UnsupportedFormat, "the file is empty (0 bytes)");
  if (size < 12 || std::memcmp(bytes + 4, "ftyp", 4) != 0)
    return make_error(ErrorCode::UnsupportedFormat, "not a HEIC/HEIF file: it does not start with an 'ftyp' box");
  const heif_filetype_result type = heif_check_filetype(bytes, static_cast<int>(std::min<size_t>(size, 1 << 20)));
  if (type == heif_filetype_no || type == heif_filetype_yes_unsupported)
    return make_error(ErrorCode::UnsupportedFormat, "not a HEIC/HEIF image file (its brand is not one libheif reads)");
  return Done{};
}

std::string auxiliary_type(const heif_image_handle* h) {
  const char* type = nullptr;
  if (heif_image_handle_get_auxiliary_type(h, &type).code != heif_error_Ok || !type) return {};
  std::string out = type;
  heif_image_handle_release_auxiliary_type(h, &type);
  return out;
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

// Where the primary item's EXIF (SubjectArea) and XMP (mwg-rs regions, GFocus) say the subject
// is, as stated: fractions of the primary as stored (its 'ispe' size) or of the frame they name.
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

// Decodes a single-channel image (depth, matte) as stored: upright() turns it with the photo.
Result<Image> decode_grey(const heif_image_handle* h, const char* what) {
  DecodingOptions opts(heif_decoding_options_alloc());
  opts->ignore_transformations = 1;
  heif_image* img = nullptr;
  heif_error e = heif_decode_image(h, &img, heif_colorspace_monochrome, heif_chroma_monochrome, opts.get());
  if (e.code != heif_error_Ok) return from_heif(e, what);
  return Image(img);
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

// The item's irot/imir/clap properties in file order, as plain steps.
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

// The planes and conversion of an 8-bit YCbCr (or monochrome) decoded image, if we handle it.
std::optional<std::pair<YcbcrPlanes, YcbcrToRgb>> ycbcr_planes(const heif_image* img) {
  const heif_colorspace space = heif_image_get_colorspace(img);
  const heif_chroma chroma = heif_image_get_chroma_format(img);
  if (space != heif_colorspace_YCbCr && space != heif_colorspace_monochrome) return std::nullopt;
  if (heif_image_get_bits_per_pixel_range(img, heif_channel_Y) != 8) return std::nullopt;
  YcbcrPlanes p;
  p.y = heif_image_get_plane_readonly(img, heif_channel_Y, &p.y_stride);
  if (chroma == heif_chroma_monochrome) {
    p.cb = p.cr = nullptr;
  } else {
    if (chroma == heif_chroma_420) {
      p.shift_x = 1;
      p.shift_y = 1;
    } else if (chroma == heif_chroma_422) {
      p.shift_x = 1;
      p.shift_y = 0;
    } else if (chroma == heif_chroma_444) {
      p.shift_x = 0;
      p.shift_y = 0;
    } else
      return std::nullopt;
    int cr_stride = 0;
    p.cb = heif_image_get_plane_readonly(img, heif_channel_Cb, &p.c_stride);
    p.cr = heif_image_get_plane_readonly(img, heif_channel_Cr, &cr_stride);
    if (!p.cb || !p.cr || cr_stride != p.c_stride) return std::nullopt;
  }
  // The stream's own colour description; without one, libheif's default (BT.601, full range).
  int matrix = 6;
  bool full_range = true;
  heif_color_profile_nclx* nclx = nullptr;
  if (heif_image_get_nclx_color_profile(img, &nclx).code == heif_error_Ok && nclx) {
    matrix = nclx->matrix_coefficients;
    full_range = nclx->full_range_flag != 0;
    heif_nclx_color_profile_free(nclx);
  }
  YcbcrToRgb m;
  if (!p.y || !make_ycbcr_to_rgb(matrix, full_range, m)) return std::nullopt;
  return std::make_pair(p, m);
}

// Where the colour on the depth map's stored width x height grid comes from: the thumbnail if it
// is at least that large, else the primary image's tiles (a plain image is one tile). The one
// place that decides, for decoding and for what a photo opened without colour reports.
struct ColourPlan {
  Handle thumbnail;  // null: the tiles
  heif_image_tiling tiling{};
  const char* source = "tiles";  // PhotoInfo::colour_source
  int parts = 1;                 // shares the work can be split into (ColourParts::count)
};

Result<ColourPlan> plan_colour(const heif_image_handle* primary, int width, int height) {
  ColourPlan plan;
  if (heif_image_handle_get_number_of_thumbnails(primary) > 0) {
    heif_item_id id = 0;
    heif_image_handle_get_list_of_thumbnail_IDs(primary, &id, 1);
    heif_image_handle* th = nullptr;
    if (heif_image_handle_get_thumbnail(primary, id, &th).code == heif_error_Ok) {
      Handle thumb(th);
      if (heif_image_handle_get_ispe_width(th) >= width && heif_image_handle_get_ispe_height(th) >= height) {
        plan.thumbnail = std::move(thumb);
        plan.source = "thumbnail";
        return plan;
      }
    }
  }
  const heif_error e = heif_image_handle_get_image_tiling(primary, 0, &plan.tiling);
  if (e.code != heif_error_Ok) return from_heif(e, "reading the photo's tile layout");
  heif_image_tiling& t = plan.tiling;
  if (t.num_columns == 1 && t.num_rows == 1) {
    // libheif 1.19.7 describes a plain (one-tile) image in its displayed size, turned and cropped,
    // while the tile decoded without transformations has the stored size: 'ispe'.
    t.image_width = t.tile_width = static_cast<uint32_t>(heif_image_handle_get_ispe_width(primary));
    t.image_height = t.tile_height = static_cast<uint32_t>(heif_image_handle_get_ispe_height(primary));
    plan.source = "primary";
  }
  plan.parts = static_cast<int>(t.num_columns * t.num_rows);
  return plan;
}

// Colour on the depth map's stored width x height grid, as running sums, from where plan_colour
// says. Only the tiles whose row-major index i has i % parts == part are decoded, so several
// workers can share a photo and add up their sums; the thumbnail and single images belong to
// part 0.
//
// Everything is decoded as stored (libheif 1.19 misplaces tiles of rotated grids when it applies
// the transformations itself), in the frame of the stored depth map; upright() turns both.
Result<ColourAccumulator> colour_part(const heif_image_handle* primary, int width, int height, int part, int parts,
                                      bool exact, std::string& source) {
  DecodingOptions opts(heif_decoding_options_alloc());
  // Our libheif patch's second libde265 plugin (see OpenOptions::exact_colour). An unpatched
  // libheif ignores an unknown id and decodes exactly.
  if (!exact) opts->decoder_id = "libde265-without-loop-filters";
  opts->ignore_transformations = 1;
  auto plan = plan_colour(primary, width, height);
  if (!plan) return plan.error();
  source = plan->source;
  if (const Handle& thumb = plan->thumbnail) {
    ColourAccumulator acc = make_colour_accumulator(heif_image_handle_get_ispe_width(thumb.get()),
                                                    heif_image_handle_get_ispe_height(thumb.get()), width, height);
    if (part != 0) return acc;
    heif_image* img = nullptr;
    heif_error e = heif_decode_image(thumb.get(), &img, heif_colorspace_RGB, heif_chroma_interleaved_RGB, opts.get());
    if (e.code != heif_error_Ok) return from_heif(e, "decoding the thumbnail");
    Image owned(img);
    int stride = 0;
    const uint8_t* p = heif_image_get_plane_readonly(img, heif_channel_interleaved, &stride);
    accumulate(acc, p, stride, 3, 0, 0, heif_image_get_primary_width(img), heif_image_get_primary_height(img));
    return acc;
  }

  const heif_image_tiling& tiling = plan->tiling;
  ColourAccumulator acc = make_colour_accumulator(static_cast<int>(tiling.image_width),
                                                  static_cast<int>(tiling.image_height), width, height);
  heif_error e{};
  for (uint32_t ty = 0; ty < tiling.num_rows; ++ty) {
    for (uint32_t tx = 0; tx < tiling.num_columns; ++tx) {
      if (static_cast<int>((ty * tiling.num_columns + tx) % static_cast<uint32_t>(parts)) != part) continue;
      // The decoder's own format first; RGB from libheif only when we cannot convert it ourselves.
      heif_image* img = nullptr;
      e = heif_image_handle_decode_image_tile(primary, &img, heif_colorspace_undefined, heif_chroma_undefined,
                                              opts.get(), tx, ty);
      if (e.code != heif_error_Ok) return from_heif(e, "decoding a tile of the photo");
      Image tile(img);
      const int left = static_cast<int>(tx * tiling.tile_width);
      const int top = static_cast<int>(ty * tiling.tile_height);
      const int w = heif_image_get_primary_width(img), h = heif_image_get_primary_height(img);
      if (auto planes = ycbcr_planes(img)) {
        accumulate_ycbcr(acc, planes->first, planes->second, left, top, w, h);
        continue;
      }
      tile.reset();
      e = heif_image_handle_decode_image_tile(primary, &img, heif_colorspace_RGB, heif_chroma_interleaved_RGB,
                                              opts.get(), tx, ty);
      if (e.code != heif_error_Ok) return from_heif(e, "decoding a tile of the photo");
      tile.reset(img);
      int stride = 0;
      const uint8_t* p = heif_image_get_plane_readonly(img, heif_channel_interleaved, &stride);
      accumulate(acc, p, stride, 3, left, top, w, h);
    }
  }
  return acc;
}

// An open file: libheif's context and the primary image, with the size limit already checked.
struct OpenFile {
  libheif::Scope scope;
  Context ctx;
  Handle primary;
  PhotoInfo info;
  int tiles_x = 1, tiles_y = 1;
  Orientation turn;  // the primary image's irot/imir/clap
};

bool has_stereo_group(heif_context* ctx) {
  int count = 0;
  heif_entity_group* groups = heif_context_get_entity_groups(ctx, heif_fourcc('s', 't', 'e', 'r'), 0, &count);
  if (groups) heif_entity_groups_release(groups, count);
  return groups && count > 0;
}

Error no_depth_error() {
  return make_error(ErrorCode::NoDepth, "this photo has no depth map; take it in Portrait mode");
}

Result<std::unique_ptr<OpenFile>> open_file(const uint8_t* bytes, size_t size, const OpenOptions& options) {
  if (auto s = check_container(bytes, size); !s) return s.error();
  auto file = std::make_unique<OpenFile>();
  file->ctx.reset(heif_context_alloc());
  if (!file->ctx) return make_error(ErrorCode::TooLarge, "out of memory creating a HEIF reader");

  // libheif's own limits (1 gigapixel by default) stay as a second fence behind ours, which is
  // checked below from the header alone and gives the clearer message.
  heif_error e = heif_context_read_from_memory_without_copy(file->ctx.get(), bytes, size, nullptr);
  if (e.code != heif_error_Ok) {
    if (e.subcode == heif_suberror_Security_limit_exceeded)
      return make_error(ErrorCode::TooLarge, std::string("the photo exceeds a size limit: ") + e.message);
    return make_error(ErrorCode::Corrupt, std::string("the HEIC file is damaged or truncated: ") + e.message);
  }
  heif_image_handle* ph = nullptr;
  e = heif_context_get_primary_image_handle(file->ctx.get(), &ph);
  if (e.code != heif_error_Ok) return from_heif(e, "finding the primary image");
  file->primary.reset(ph);

  PhotoInfo& info = file->info;
  info.container = "heic";
  info.photo_width = heif_image_handle_get_width(ph);
  info.photo_height = heif_image_handle_get_height(ph);
  heif_image_tiling tiling{};
  if (heif_image_handle_get_image_tiling(ph, 1, &tiling).code == heif_error_Ok) {
    file->tiles_x = static_cast<int>(tiling.num_columns);
    file->tiles_y = static_cast<int>(tiling.num_rows);
  }
  file->turn = item_orientation(file->ctx.get(), heif_image_handle_get_item_id(ph),
                                heif_image_handle_get_ispe_width(ph), heif_image_handle_get_ispe_height(ph));

  const double pixels = static_cast<double>(info.photo_width) * info.photo_height;
  // A photo that holds neither depth nor a second view is told so first: raising the size limit
  // would only lead to that answer.
  if (pixels > options.max_megapixels * 1e6 && !heif_image_handle_has_depth_image(ph) &&
      !has_stereo_group(file->ctx.get()))
    return no_depth_error();
  if (pixels > options.max_megapixels * 1e6)
    return make_error(ErrorCode::TooLarge, "the photo is " + std::to_string(info.photo_width) + "x" +
                                               std::to_string(info.photo_height) + " (" + mp(pixels) +
                                               " megapixels), above the limit of " + mp(options.max_megapixels * 1e6) +
                                               " megapixels; raise the limit to open it");
  return file;
}

// The camera calibration in the depth map's stored frame, at its stored size. Apple's XMP
// describes the stored sensor image. The HEIF 'cmin' property comes from libheif with the item's
// crop and mirror applied but not its rotation (a TODO in libheif 1.19): without crop or mirror
// that is the stored frame; with them, the displayed calibration is found first and taken back
// through the photo's orientation. Without either, a stated field of view, flagged as assumed.
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

// Apple spatial photos and other HEIF stereo files hold two views in a `ster` entity group, the
// left first (ISO 23008-12: group order, not item ids), and no depth map. The views are decoded
// straight onto the grid the matcher will use (stereo/views_to_depth.h picks it from their size),
// so a 2560x2560 pair is never held at full size; the calibration is scaled to that grid. Returns
// false when the file has no such group.
Result<bool> read_stereo_views(heif_context* ctx, std::span<const uint8_t> bytes, const OpenOptions& options,
                               DepthPhoto& photo) {
  int count = 0;
  heif_entity_group* groups = heif_context_get_entity_groups(ctx, heif_fourcc('s', 't', 'e', 'r'), 0, &count);
  if (!groups || count <= 0) return false;
  std::vector<heif_item_id> ids(groups[0].entities, groups[0].entities + groups[0].num_entities);
  heif_entity_groups_release(groups, count);
  if (ids.size() != 2)
    return make_error(ErrorCode::Corrupt, "the file's stereo group (ster) names " + std::to_string(ids.size()) +
                                              " views; a stereo pair is two, left then right");
  Handle view[2];
  for (int i = 0; i < 2; ++i) {
    heif_image_handle* h = nullptr;
    if (heif_context_get_image_handle(ctx, ids[i], &h).code != heif_error_Ok)
      return make_error(ErrorCode::Corrupt, "the file's stereo group (ster) names item " + std::to_string(ids[i]) +
                                                ", which is not an image");
    view[i].reset(h);
  }
  const int w = heif_image_handle_get_width(view[0].get()), h = heif_image_handle_get_height(view[0].get());
  const int rw = heif_image_handle_get_width(view[1].get()), rh = heif_image_handle_get_height(view[1].get());
  if (w != rw || h != rh)
    return make_error(ErrorCode::InvalidArgument, "the stereo views differ in size (left " + std::to_string(w) + "x" +
                                                      std::to_string(h) + ", right " + std::to_string(rw) + "x" +
                                                      std::to_string(rh) + ")");
  if (static_cast<double>(w) * h > options.max_megapixels * 1e6)
    return make_error(ErrorCode::TooLarge, "the stereo views are " + std::to_string(w) + "x" + std::to_string(h) +
                                               ", above the limit of " + mp(options.max_megapixels * 1e6) +
                                               " megapixels");

  StereoCalibration cal;
  heif_camera_intrinsic_matrix k{};
  const bool has_intrinsics = heif_image_handle_has_camera_intrinsic_matrix(view[0].get()) &&
                              heif_image_handle_get_camera_intrinsic_matrix(view[0].get(), &k).code == heif_error_Ok &&
                              k.focal_length_x > 0;
  const auto left_at = heif_camera_position(bytes, ids[0]), right_at = heif_camera_position(bytes, ids[1]);
  double baseline = 0;
  if (right_at) {
    const CameraPosition l = left_at.value_or(CameraPosition{});
    baseline = std::hypot(right_at->x_m - l.x_m, right_at->y_m - l.y_m, right_at->z_m - l.z_m);
  }
  if (has_intrinsics && baseline > 0) {
    cal.focal_px = k.focal_length_x;
    cal.cx = k.principal_point_x;
    cal.cy = k.principal_point_y;
    cal.baseline_m = baseline;
  }
  // The file's calibration, with what the person asked for on top: a scale or a search range
  // (the CLI's --stereo "scale=2", say, to match a spatial photo at half size).
  auto asked = parse_stereo_setup(options.stereo_params);
  if (!asked) return asked.error();
  cal.scale = asked->scale;
  cal.min_disparity = asked->min_disparity;
  cal.num_disparities = asked->num_disparities;
  const size_t max_bytes = static_cast<size_t>(options.max_stereo_megabytes * (1 << 20));
  const int full_disparities = disparities_to_search(cal, w);
  const int s = cal.scale != 0 ? cal.scale : automatic_match_scale(w, h, full_disparities, max_bytes);
  photo.views.emplace();
  StereoViews& v = *photo.views;
  v.source = "heif-stereo";
  for (int i = 0; i < 2; ++i) {
    std::string source;
    auto acc = colour_part(view[i].get(), w / s, h / s, 0, 1, options.exact_colour, source);
    if (!acc) return acc.error();
    (i == 0 ? v.left : v.right) = finish(*acc);
  }
  cal.focal_px /= s;
  cal.cx /= s;
  cal.cy /= s;
  cal.min_disparity = static_cast<int>(std::floor(static_cast<double>(cal.min_disparity) / s));
  cal.num_disparities = (full_disparities + s - 1) / s;
  cal.scale = 1;  // decoded at the matching size already
  v.calibration = cal;
  photo.info.colour_source = "left view";
  photo.info.details = {{"stereoGroup", "[" + std::to_string(ids[0]) + "," + std::to_string(ids[1]) + "]"},
                        {"baselineM", json_number(baseline)},
                        {"viewsDecodedAt", json_string("1/" + std::to_string(s))}};
  return true;
}

}  // namespace

Result<DepthPhoto> read_heic(std::span<const uint8_t> bytes, const OpenOptions& options) {
  auto file = open_file(bytes.data(), bytes.size(), options);
  if (!file) return file.error();
  heif_context* ctx = (*file)->ctx.get();
  heif_image_handle* ph = (*file)->primary.get();
  DepthPhoto photo;
  photo.info = std::move((*file)->info);
  PhotoInfo& info = photo.info;

  // Every auxiliary image, for `info`; the portrait matte is used for the foreground later.
  heif_item_id matte_id = 0;
  std::vector<std::string> aux_types;
  const int n_aux = heif_image_handle_get_number_of_auxiliary_images(ph, 0);
  std::vector<heif_item_id> aux_ids(std::max(n_aux, 0));
  heif_image_handle_get_list_of_auxiliary_image_IDs(ph, 0, aux_ids.data(), n_aux);
  for (heif_item_id id : aux_ids) {
    heif_image_handle* ah = nullptr;
    if (heif_image_handle_get_auxiliary_image_handle(ph, id, &ah).code != heif_error_Ok) continue;
    Handle aux(ah);
    std::string type = auxiliary_type(ah);
    if (type == kPortraitMatteAuxType) matte_id = id;
    aux_types.push_back(std::move(type));
  }
  const bool has_thumbnail = heif_image_handle_get_number_of_thumbnails(ph) > 0;

  if (!heif_image_handle_has_depth_image(ph)) {
    auto stereo = read_stereo_views(ctx, bytes, options, photo);
    if (!stereo) return stereo.error();
    if (*stereo) return photo;
    return no_depth_error();
  }
  heif_item_id depth_id = 0;
  heif_image_handle_get_list_of_depth_image_IDs(ph, &depth_id, 1);
  heif_image_handle* dh = nullptr;
  const heif_error e = heif_image_handle_get_depth_image_handle(ph, depth_id, &dh);
  if (e.code != heif_error_Ok) return from_heif(e, "opening the depth map");
  Handle depth(dh);
  aux_types.push_back(kDepthAuxType);
  std::sort(aux_types.begin(), aux_types.end());
  aux_types.erase(std::unique(aux_types.begin(), aux_types.end()), aux_types.end());
  std::string aux_json = "[";
  for (size_t n = 0; n < aux_types.size(); ++n) aux_json += (n ? "," : "") + json_string(aux_types[n]);
  info.details = {{"tiles", "[" + std::to_string((*file)->tiles_x) + "," + std::to_string((*file)->tiles_y) + "]"},
                  {"thumbnail", has_thumbnail ? "true" : "false"},
                  {"auxiliaryTypes", aux_json + "]"}};

  const double depth_pixels = static_cast<double>(heif_image_handle_get_width(dh)) * heif_image_handle_get_height(dh);
  if (depth_pixels > options.max_depth_megapixels * 1e6)
    return make_error(ErrorCode::TooLarge, "the depth map is " + mp(depth_pixels) + " megapixels, above the limit of " +
                                               mp(options.max_depth_megapixels * 1e6));

  const AppleDepthXmp xmp = parse_apple_depth_xmp(xmp_of(dh));
  auto enc = depth_encoding(ph, depth_id, xmp);
  if (!enc) return enc.error();
  photo.encoding = std::move(*enc);

  auto depth_img = decode_grey(dh, "decoding the depth map");
  if (!depth_img) return depth_img.error();
  photo.depth = raw_depth_from(depth_img->get());
  depth_img->reset();
  const int stored_w = photo.depth.width, stored_h = photo.depth.height;

  // Phones store the rotation on the photo only; when the depth item has none, the depth turns
  // the way the photo turns, so both stay registered.
  const Orientation depth_turn = item_orientation(ctx, depth_id, stored_w, stored_h);
  photo.orientation = depth_turn.is_identity() ? (*file)->turn : depth_turn;
  photo.camera = camera_for(ctx, ph, dh, xmp, photo.orientation, stored_w, stored_h);
  // The depth's stored frame is the primary's (the colour is drawn onto it the same way).
  photo.subject_hints = place_subject_hints(stated_subject_hints(ph), heif_image_handle_get_ispe_width(ph),
                                            heif_image_handle_get_ispe_height(ph), stored_w, stored_h);

  if (matte_id != 0) {
    heif_image_handle* mh = nullptr;
    if (heif_image_handle_get_auxiliary_image_handle(ph, matte_id, &mh).code == heif_error_Ok) {
      Handle matte(mh);
      if (auto matte_img = decode_grey(mh, "decoding the portrait matte"))
        photo.portrait_matte = resize_nearest(grey_from(matte_img->get()), stored_w, stored_h);
    }
  }

  if (options.decode_colour) {
    auto colour = colour_part(ph, stored_w, stored_h, 0, 1, options.exact_colour, info.colour_source);
    if (!colour) return colour.error();
    photo.colour = finish(*colour);
  } else {
    auto plan = plan_colour(ph, stored_w, stored_h);
    if (!plan) return plan.error();
    info.colour_source = plan->source;
    photo.colour_parts = {plan->parts, stored_w, stored_h};
  }
  return photo;
}

Result<ColourAccumulator> decode_heic_colour_part(std::span<const uint8_t> bytes, const OpenOptions& options, int width,
                                                  int height, int part, int parts) {
  if (parts < 1 || part < 0 || part >= parts || width <= 0 || height <= 0 || width > 16384 || height > 16384)
    return make_error(ErrorCode::InvalidArgument,
                      "a colour part needs 0 <= part < parts and a grid of 1..16384 pixels a side");
  auto file = open_file(bytes.data(), bytes.size(), options);
  if (!file) return file.error();
  std::string source;
  return colour_part((*file)->primary.get(), width, height, part, parts, options.exact_colour, source);
}

bool heic_recognises(const Sniff& file) { return file.kind == FileKind::Heif; }

namespace {

// An HEIC photo holds everything in one file: a second file is a mistake worth naming.
Status one_heic(std::span<const InputFile> files, std::span<const Sniff> sniffs) {
  for (size_t i = 0; i < files.size(); ++i)
    if (sniffs[i].kind == FileKind::Heif) {
      if (files.size() == 1) return Done{};
      std::string others;
      for (size_t j = 0; j < files.size(); ++j)
        if (j != i) others += (others.empty() ? "" : ", ") + files[j].name;
      return make_error(ErrorCode::InvalidArgument, files[i].name +
                                                        " is an HEIC photo, which holds its depth map "
                                                        "itself: open it on its own (also given: " +
                                                        others + ")");
    }
  return make_error(ErrorCode::InvalidArgument, "no HEIC file among the files given");
}

}  // namespace

Result<DepthPhoto> heic_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options) {
  if (auto s = one_heic(files, sniffs); !s) return s.error();
  return read_heic(files[0].bytes, options);
}

Result<ColourAccumulator> heic_decode_colour_part(std::span<const InputFile> files, const OpenOptions& options,
                                                  int width, int height, int part, int parts) {
  if (files.size() != 1)
    return make_error(ErrorCode::InvalidArgument, "an HEIC photo's colour part needs its one file");
  return decode_heic_colour_part(files[0].bytes, options, width, height, part, parts);
}

}  // namespace pxav
