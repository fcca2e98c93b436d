#include "input/heic/heic_colour.h"

#include <optional>
#include <utility>

#include "input/heic/libheif_items.h"

namespace pxav::heic {
namespace {

using libheif::DecodingOptions;
using libheif::Handle;
using libheif::Image;

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

}  // namespace

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

}  // namespace pxav::heic
