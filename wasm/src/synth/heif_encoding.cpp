#include "synth/heif_encoding.h"

#include <libheif/heif_properties.h>

#include <algorithm>
#include <string>

namespace pxav::heif_encoding {
namespace {

heif_error write_to_vector(heif_context*, const void* data, size_t size, void* userdata) {
  auto* out = static_cast<std::vector<uint8_t>*>(userdata);
  const auto* p = static_cast<const uint8_t*>(data);
  out->insert(out->end(), p, p + size);
  return {heif_error_Ok, heif_suberror_Unspecified, "ok"};
}

}  // namespace

Error fail(const heif_error& e, const char* what) {
  return make_error(ErrorCode::Internal, std::string("writing a HEIC fixture, ") + what + ": " + e.message);
}

Result<libheif::Image> make_image(int w, int h, bool grey) {
  heif_image* img = nullptr;
  heif_error e = heif_image_create(w, h, grey ? heif_colorspace_monochrome : heif_colorspace_RGB,
                                   grey ? heif_chroma_monochrome : heif_chroma_interleaved_RGB, &img);
  if (e.code != heif_error_Ok) return fail(e, "creating an image");
  libheif::Image owned(img);
  e = heif_image_add_plane(img, grey ? heif_channel_Y : heif_channel_interleaved, w, h, 8);
  if (e.code != heif_error_Ok) return fail(e, "adding a plane");
  return owned;
}

void fill_colour(heif_image* img, const RgbImage& c, int scale, int x0, int y0) {
  int stride = 0;
  uint8_t* p = heif_image_get_plane(img, heif_channel_interleaved, &stride);
  const int w = heif_image_get_primary_width(img), h = heif_image_get_primary_height(img);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int sx = std::min(c.width - 1, (x0 + x) / scale), sy = std::min(c.height - 1, (y0 + y) / scale);
      const uint8_t* s = c.at(sx, sy);
      std::copy(s, s + 3, p + static_cast<size_t>(y) * stride + x * 3);
    }
}

heif_orientation orientation_for(int ccw) {
  switch ((ccw % 360 + 360) % 360) {
    case 90: return heif_orientation_rotate_90_cw;  // see the test: libheif's naming is of the display fix
    case 180: return heif_orientation_rotate_180;
    case 270: return heif_orientation_rotate_270_cw;
    default: return heif_orientation_normal;
  }
}

Result<Encoder> hevc_encoder(heif_context* ctx, bool lossless) {
  heif_encoder* raw = nullptr;
  const heif_error e = heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &raw);
  if (e.code != heif_error_Ok) return fail(e, "finding the HEVC encoder");
  Encoder encoder(raw);
  if (lossless)
    heif_encoder_set_lossless(encoder.get(), 1);
  else
    heif_encoder_set_lossy_quality(encoder.get(), 90);
  heif_encoder_set_logging_level(encoder.get(), 0);
  return encoder;
}

Status add_property(heif_context* ctx, heif_item_id item, uint32_t type, const std::vector<uint8_t>& body,
                    bool essential, const char* what) {
  const heif_error e =
      heif_item_add_raw_property(ctx, item, type, nullptr, body.data(), body.size(), essential ? 1 : 0, nullptr);
  if (e.code != heif_error_Ok) return fail(e, what);
  return Done{};
}

Result<std::vector<uint8_t>> file_bytes(heif_context* ctx) {
  std::vector<uint8_t> out;
  heif_writer writer{1, write_to_vector};
  const heif_error e = heif_context_write(ctx, &writer, &out);
  if (e.code != heif_error_Ok) return fail(e, "writing");
  return out;
}

}  // namespace pxav::heif_encoding
