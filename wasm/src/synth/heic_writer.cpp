#include "synth/heic_writer.h"

#include <libheif/heif.h>
#include <libheif/heif_items.h>
#include <libheif/heif_properties.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "geometry/orientation.h"
#include "synth/exif_writer.h"
#include "synth/heif_box_writer.h"
#include "synth/heif_encoding.h"

namespace pxav {
namespace {

using namespace heif_encoding;

std::string apple_xmp(const DepthEncoding& enc, const Intrinsics& k, bool intrinsics) {
  char buf[2048];
  std::string out =
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
      "<rdf:Description rdf:about=\"\" xmlns:apdi=\"http://ns.apple.com/pixeldatainfo/1.0/\" "
      "xmlns:depthData=\"http://ns.apple.com/depthData/1.0/\">";
  std::snprintf(buf, sizeof buf,
                "<apdi:FloatMaxValue>%.9g</apdi:FloatMaxValue><apdi:FloatMinValue>%.9g</apdi:FloatMinValue>"
                "<apdi:AuxiliaryImageType>%s</apdi:AuxiliaryImageType>",
                enc.hi, enc.lo, enc.kind == DepthKind::Disparity ? "disparity" : "depth");
  out += buf;
  if (intrinsics) {
    std::snprintf(buf, sizeof buf,
                  "<depthData:IntrinsicMatrixReferenceWidth>%d</depthData:IntrinsicMatrixReferenceWidth>"
                  "<depthData:IntrinsicMatrix><rdf:Seq><rdf:li>%.17g</rdf:li><rdf:li>0</rdf:li><rdf:li>0</rdf:li>"
                  "<rdf:li>0</rdf:li><rdf:li>%.17g</rdf:li><rdf:li>0</rdf:li><rdf:li>%.17g</rdf:li>"
                  "<rdf:li>%.17g</rdf:li><rdf:li>1</rdf:li></rdf:Seq></depthData:IntrinsicMatrix>"
                  "<depthData:IntrinsicMatrixReferenceHeight>%d</depthData:IntrinsicMatrixReferenceHeight>",
                  k.width, k.fx, k.fy, k.cx, k.cy, k.height);
    out += buf;
  }
  out += "</rdf:Description></rdf:RDF></x:xmpmeta>";
  return out;
}

// The depth image: 8-bit codes, attached as an auxiliary image of the primary, with its
// representation (auxC) and, as Apple writes it, XMP.
Status add_depth(heif_context* ctx, heif_encoder* encoder, heif_item_id primary_id, const SyntheticScene& scene,
                 const DepthEncoding& enc, const HeicWriteOptions& o, int pw, int ph) {
  auto depth_img = make_image(scene.depth.width, scene.depth.height, true);
  if (!depth_img) return depth_img.error();
  {
    int stride = 0;
    uint8_t* p = heif_image_get_plane(depth_img->get(), heif_channel_Y, &stride);
    for (int y = 0; y < scene.depth.height; ++y)
      for (int x = 0; x < scene.depth.width; ++x)
        p[static_cast<size_t>(y) * stride + x] = encode_depth_sample(scene.depth.at(x, y), enc);
  }
  Options depth_opts(heif_encoding_options_alloc());
  depth_opts->image_orientation = o.rotate_depth_too ? orientation_for(o.rotation_ccw) : heif_orientation_normal;
  heif_image_handle* depth_raw = nullptr;
  heif_error e = heif_context_encode_image(ctx, depth_img->get(), encoder, depth_opts.get(), &depth_raw);
  if (e.code != heif_error_Ok) return fail(e, "encoding the depth map");
  libheif::Handle depth(depth_raw);
  const heif_item_id depth_id = heif_image_handle_get_item_id(depth.get());

  const std::vector<uint8_t> auxc = auxc_payload(enc, o.depth_info_sei);
  if (auto s = add_property(ctx, depth_id, heif_fourcc('a', 'u', 'x', 'C'), auxc, false, "adding auxC"); !s) return s;
  e = heif_context_add_item_reference(ctx, heif_fourcc('a', 'u', 'x', 'l'), depth_id, primary_id);
  if (e.code != heif_error_Ok) return fail(e, "adding auxl");
  if (o.apple_xmp) {
    // Calibration for the stored (unrotated) primary image, as Apple writes it.
    const Intrinsics k = rescale(scene.camera, pw, ph);
    const std::string xmp = apple_xmp(enc, k, o.write_intrinsics);
    e = heif_context_add_XMP_metadata(ctx, depth.get(), xmp.data(), static_cast<int>(xmp.size()));
    if (e.code != heif_error_Ok) return fail(e, "adding XMP");
  }

  return Done{};
}

// The scene's first focus hint in the stored primary image's pixels (pw x ph, the depth map's
// frame enlarged), or none.
std::optional<ExifSubjectArea> subject_area_of(const SyntheticScene& scene, int pw, int ph) {
  for (const SubjectHint& h : scene.hints) {
    if (h.kind != SubjectHint::Kind::Focus) continue;
    const double sx = static_cast<double>(pw) / scene.depth.width, sy = static_cast<double>(ph) / scene.depth.height;
    const auto whole = [](double v) { return static_cast<uint32_t>(std::lround(std::max(0.0, v))); };
    return ExifSubjectArea{whole(h.x * sx),      whole(h.y * sy),           whole(h.width * sx),
                           whole(h.height * sy), static_cast<uint32_t>(pw), static_cast<uint32_t>(ph)};
  }
  return std::nullopt;
}

}  // namespace

uint8_t encode_depth_sample(double z, const DepthEncoding& e) {
  double t = 0;
  switch (e.kind) {
    case DepthKind::Disparity: t = (1.0 / z - e.lo) / (e.hi - e.lo); break;
    case DepthKind::InverseZ: t = (1.0 / z - 1.0 / e.hi) / (1.0 / e.lo - 1.0 / e.hi); break;
    case DepthKind::RangeInverse: t = (1.0 / z - 1.0 / e.lo) / (1.0 / e.hi - 1.0 / e.lo); break;
    default: t = (z - e.lo) / (e.hi - e.lo); break;
  }
  return static_cast<uint8_t>(std::clamp(std::lround(t * 255.0), 0L, 255L));
}

Result<std::vector<uint8_t>> write_heic(const SyntheticScene& scene, const HeicWriteOptions& o) {
  const libheif::Scope scope;

  DepthEncoding enc;
  enc.kind = o.kind;
  enc.lo = o.lo;
  enc.hi = o.hi;
  if (enc.lo == 0 && enc.hi == 0) {
    const auto [mn, mx] = std::minmax_element(scene.depth.z.begin(), scene.depth.z.end());
    enc.lo = enc.kind == DepthKind::Disparity ? 1.0 / *mx : *mn;
    enc.hi = enc.kind == DepthKind::Disparity ? 1.0 / *mn : *mx;
  }

  libheif::Context ctx(heif_context_alloc());
  auto made = hevc_encoder(ctx.get(), o.lossless);
  if (!made) return made.error();
  const Encoder encoder = std::move(*made);
  heif_error e{};

  Options opts(heif_encoding_options_alloc());
  opts->image_orientation = orientation_for(o.rotation_ccw);

  // Primary colour image, stored as given; its irot (if any) says how to show it.
  const int pw = scene.colour.width * o.colour_scale, ph = scene.colour.height * o.colour_scale;
  heif_image_handle* primary_raw = nullptr;
  if (o.tile_size > 0) {
    const int cols = (pw + o.tile_size - 1) / o.tile_size, rows = (ph + o.tile_size - 1) / o.tile_size;
    e = heif_context_add_grid_image(ctx.get(), pw, ph, cols, rows, opts.get(), &primary_raw);
    if (e.code != heif_error_Ok) return fail(e, "adding the grid");
    for (int ty = 0; ty < rows; ++ty)
      for (int tx = 0; tx < cols; ++tx) {
        auto tile = make_image(o.tile_size, o.tile_size, false);
        if (!tile) return tile.error();
        fill_colour(tile->get(), scene.colour, o.colour_scale, tx * o.tile_size, ty * o.tile_size);
        e = heif_context_add_image_tile(ctx.get(), primary_raw, tx, ty, tile->get(), encoder.get());
        if (e.code != heif_error_Ok) return fail(e, "adding a tile");
      }
    // libheif 1.19 ignores image_orientation for grids: add the 'irot' box (angle / 90, anticlockwise) ourselves.
    if (o.rotation_ccw % 360 != 0) {
      const std::vector<uint8_t> irot = {static_cast<uint8_t>((o.rotation_ccw / 90) & 3)};
      if (auto s = add_property(ctx.get(), heif_image_handle_get_item_id(primary_raw), heif_fourcc('i', 'r', 'o', 't'),
                                irot, true, "adding irot to the grid");
          !s)
        return s.error();
    }
  } else {
    auto img = make_image(pw, ph, false);
    if (!img) return img.error();
    fill_colour(img->get(), scene.colour, o.colour_scale, 0, 0);
    e = heif_context_encode_image(ctx.get(), img->get(), encoder.get(), opts.get(), &primary_raw);
    if (e.code != heif_error_Ok) return fail(e, "encoding the photo");
  }
  libheif::Handle primary(primary_raw);
  heif_context_set_primary_image(ctx.get(), primary.get());
  if (o.thumbnail_size > 0) {
    // Made from the full image, as cameras do; libheif scales it to fit the box.
    auto full = make_image(pw, ph, false);
    if (!full) return full.error();
    fill_colour(full->get(), scene.colour, o.colour_scale, 0, 0);
    heif_image_handle* thumb = nullptr;
    e = heif_context_encode_thumbnail(ctx.get(), full->get(), primary.get(), encoder.get(), opts.get(),
                                      o.thumbnail_size, &thumb);
    if (e.code != heif_error_Ok) return fail(e, "encoding the thumbnail");
    heif_image_handle_release(thumb);
  }

  const heif_item_id primary_id = heif_image_handle_get_item_id(primary.get());
  if (o.with_depth) {
    if (auto s = add_depth(ctx.get(), encoder.get(), primary_id, scene, enc, o, pw, ph); !s) return s.error();
  }
  if (const auto area = o.subject_area ? subject_area_of(scene, pw, ph) : std::nullopt) {
    const std::vector<uint8_t> tiff = exif_tiff_block(0, area);
    e = heif_context_add_exif_metadata(ctx.get(), primary.get(), tiff.data(), static_cast<int>(tiff.size()));
    if (e.code != heif_error_Ok) return fail(e, "adding Exif");
  }
  if (o.cmin) {
    const auto cmin = cmin_payload(rescale(scene.camera, pw, ph));
    if (auto s = add_property(ctx.get(), primary_id, heif_fourcc('c', 'm', 'i', 'n'), cmin, false, "adding cmin"); !s)
      return s.error();
  }
  return file_bytes(ctx.get());
}

}  // namespace pxav
