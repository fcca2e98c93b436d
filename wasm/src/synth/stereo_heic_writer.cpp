#include "synth/stereo_heic_writer.h"

#include <libheif/heif.h>
#include <libheif/heif_items.h>
#include <libheif/heif_properties.h>

#include "synth/heif_box_writer.h"
#include "synth/heif_encoding.h"

namespace pxav {

using namespace heif_encoding;

Result<std::vector<uint8_t>> write_stereo_heic(const StereoScene& scene, const StereoHeicOptions& o) {
  const libheif::Scope scope;
  const int w = scene.left.width, h = scene.left.height;
  libheif::Context ctx(heif_context_alloc());
  auto made = hevc_encoder(ctx.get(), true);
  if (!made) return made.error();
  const Encoder encoder = std::move(*made);
  Options opts(heif_encoding_options_alloc());
  heif_item_id ids[2] = {0, 0};
  const RgbImage* views[2] = {&scene.left, &scene.right};
  Intrinsics k;
  k.fx = k.fy = scene.focal_px;
  k.cx = w / 2.0, k.cy = h / 2.0, k.width = w, k.height = h;
  for (int v = 0; v < 2; ++v) {
    auto img = make_image(w, h, false);
    if (!img) return img.error();
    fill_colour(img->get(), *views[v], 1, 0, 0);
    heif_image_handle* raw = nullptr;
    const heif_error e = heif_context_encode_image(ctx.get(), img->get(), encoder.get(), opts.get(), &raw);
    if (e.code != heif_error_Ok) return fail(e, "encoding a view");
    libheif::Handle handle(raw);
    ids[v] = heif_image_handle_get_item_id(handle.get());
    if (v == 0) heif_context_set_primary_image(ctx.get(), handle.get());
    if (!o.calibration) continue;
    if (auto s =
            add_property(ctx.get(), ids[v], heif_fourcc('c', 'm', 'i', 'n'), cmin_payload(k), false, "adding cmin");
        !s)
      return s.error();
    if (auto s = add_property(ctx.get(), ids[v], heif_fourcc('c', 'm', 'e', 'x'), cmex_payload(v * scene.baseline_m),
                              false, "adding cmex");
        !s)
      return s.error();
  }
  auto written = file_bytes(ctx.get());
  if (!written) return written.error();
  std::vector<uint8_t>& out = *written;

  // libheif 1.19 cannot write entity groups: the group list (grpl) with the 'ster' group is
  // added to the meta box here. Its group id must differ from every item id.
  std::vector<uint32_t> entities = {ids[0]};
  if (o.group_views > 1) entities.push_back(o.second_entity ? o.second_entity : ids[1]);
  const std::vector<uint8_t> grpl = stereo_group_list(1000, entities);
  if (auto s = append_to_meta(out, grpl); !s) return s.error();
  return out;
}

}  // namespace pxav
