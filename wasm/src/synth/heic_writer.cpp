#include "synth/heic_writer.h"

#include <libheif/heif.h>
#include <libheif/heif_items.h>
#include <libheif/heif_properties.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "geometry/orientation.h"
#include "input/heic/libheif_handles.h"

namespace pxav {
namespace {

struct Enc {
  void operator()(heif_encoder* e) const { heif_encoder_release(e); }
};
struct Opt {
  void operator()(heif_encoding_options* o) const { heif_encoding_options_free(o); }
};

Error fail(const heif_error& e, const char* what) {
  return make_error(ErrorCode::Internal, std::string("writing a HEIC fixture, ") + what + ": " + e.message);
}

// MSB-first bit writer for the SEI payload.
struct Bits {
  std::vector<uint8_t> bytes;
  int used = 8;
  void put(uint32_t value, int n) {
    for (int i = n - 1; i >= 0; --i) {
      if (used == 8) {
        bytes.push_back(0);
        used = 0;
      }
      if ((value >> i) & 1) bytes.back() |= static_cast<uint8_t>(0x80 >> used);
      ++used;
    }
  }
  void uvlc(uint32_t k) {  // exp-Golomb
    const uint32_t v = k + 1;
    int len = 0;
    while ((v >> len) > 1) ++len;
    put(0, len);
    put(v, len + 1);
  }
  // ISO 23002-3 float: sign, 7-bit exponent, mantissa length - 1, mantissa.
  void real(double v) {
    const int e = static_cast<int>(std::floor(std::log2(v)));
    const double frac = v / std::ldexp(1.0, e) - 1.0;
    const int len = 24;
    put(0, 1);
    put(static_cast<uint32_t>(e + 31), 7);
    put(len - 1, 5);
    put(static_cast<uint32_t>(std::lround(frac * (1 << len))) & ((1u << len) - 1), len);
  }
};

std::vector<uint8_t> auxc_payload(const DepthEncoding& enc, bool with_sei) {
  const std::string urn = "urn:mpeg:hevc:2015:auxid:2";
  std::vector<uint8_t> out;
  out.reserve(64);
  out.assign(4, 0);  // full box version and flags
  out.insert(out.end(), urn.begin(), urn.end());
  out.push_back(0);
  if (!with_sei) return out;
  Bits b;
  const bool range_z = enc.kind != DepthKind::Disparity;
  b.put(range_z, 1);
  b.put(range_z, 1);
  b.put(!range_z, 1);
  b.put(!range_z, 1);
  b.uvlc(enc.kind == DepthKind::InverseZ ? 0 : enc.kind == DepthKind::Disparity ? 1 : 2);
  if (!range_z) b.uvlc(0);  // disparity_reference_view
  b.real(enc.lo);
  b.real(enc.hi);
  std::vector<uint8_t> nal = {0x4E, 0x01, 177, static_cast<uint8_t>(b.bytes.size())};
  nal.insert(nal.end(), b.bytes.begin(), b.bytes.end());
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
  };
  be32(static_cast<uint32_t>(nal.size() + 4));
  be32(static_cast<uint32_t>(nal.size()));
  out.insert(out.end(), nal.begin(), nal.end());
  return out;
}

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

// Nearest-neighbour enlargement of the scene colour to the primary image size.
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

// ISO/IEC 23008-12 'cmin': values relative to the image size in 16.16 fixed point, flags bit 0
// for a separate fy and skew, bits 8-12 the denominator shift.
std::vector<uint8_t> cmin_payload(const Intrinsics& k) {
  const uint32_t flags = (16u << 8) | 1u;
  std::vector<uint8_t> cmin = {0, static_cast<uint8_t>(flags >> 16), static_cast<uint8_t>(flags >> 8),
                               static_cast<uint8_t>(flags)};
  auto put = [&](double v) {
    const auto fixed = static_cast<uint32_t>(static_cast<int32_t>(std::lround(v * 65536.0)));
    for (int sh = 24; sh >= 0; sh -= 8) cmin.push_back(static_cast<uint8_t>(fixed >> sh));
  };
  put(k.fx / k.width);
  put(k.cx / k.width);
  put(k.cy / k.height);
  put(k.fy / k.height);
  put(0);  // skew
  return cmin;
}

void put_u32(std::vector<uint8_t>& b, uint32_t v) {
  for (int sh = 24; sh >= 0; sh -= 8) b.push_back(static_cast<uint8_t>(v >> sh));
}

uint64_t get_be(const std::vector<uint8_t>& b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | b.at(at + i);
  return v;
}

void set_be(std::vector<uint8_t>& b, size_t at, int bytes, uint64_t v) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) b.at(at + i) = static_cast<uint8_t>(v);
}

// Moves every file offset in the item locations (iloc, at `at`) that points at or past `from` by
// `by` bytes: what libheif wrote after the meta box moves when the box grows.
Status move_item_locations(std::vector<uint8_t>& f, size_t at, size_t from, size_t by) {
  const int version = f.at(at + 8);
  size_t p = at + 12;
  const int offset_size = f.at(p) >> 4, length_size = f.at(p) & 15, base_size = f.at(p + 1) >> 4;
  const int index_size = version >= 1 ? f.at(p + 1) & 15 : 0;
  p += 2;
  const int id_size = version < 2 ? 2 : 4;
  const auto items = get_be(f, p, id_size);
  p += id_size;
  for (uint64_t i = 0; i < items; ++i) {
    p += id_size;
    int method = 0;
    if (version >= 1) method = static_cast<int>(get_be(f, p, 2) & 15), p += 2;
    p += 2;  // data reference index
    const size_t base_at = p;
    const uint64_t base = base_size ? get_be(f, p, base_size) : 0;
    p += base_size;
    const auto extents = get_be(f, p, 2);
    p += 2;
    if (method == 0 && base_size && base >= from) set_be(f, base_at, base_size, base + by);
    for (uint64_t e = 0; e < extents; ++e) {
      p += index_size;
      if (method == 0 && !base_size && offset_size) {
        const uint64_t off = get_be(f, p, offset_size);
        if (off >= from) set_be(f, p, offset_size, off + by);
      }
      p += offset_size + length_size;
    }
  }
  if (p > at + get_be(f, at, 4)) return make_error(ErrorCode::Internal, "writing a HEIC fixture: iloc overran its box");
  return Done{};
}

// Appends `box` to the top-level meta box of a file libheif wrote (32-bit box sizes).
Status append_to_meta(std::vector<uint8_t>& f, const std::vector<uint8_t>& box) {
  for (size_t at = 0; at + 8 <= f.size();) {
    const size_t size = get_be(f, at, 4);
    if (size < 8) break;
    if (get_be(f, at + 4, 4) != heif_fourcc('m', 'e', 't', 'a')) {
      at += size;
      continue;
    }
    const size_t end = at + size;
    for (size_t c = at + 12; c + 8 <= end;) {  // meta is a full box
      const size_t child = get_be(f, c, 4);
      if (child < 8) break;
      if (get_be(f, c + 4, 4) == heif_fourcc('i', 'l', 'o', 'c')) {
        if (auto s = move_item_locations(f, c, end, box.size()); !s) return s;
      }
      c += child;
    }
    set_be(f, at, 4, size + box.size());
    f.insert(f.begin() + static_cast<std::ptrdiff_t>(end), box.begin(), box.end());
    return Done{};
  }
  return make_error(ErrorCode::Internal, "writing a HEIC fixture: no meta box");
}

heif_error write_to_vector(heif_context*, const void* data, size_t size, void* userdata) {
  auto* out = static_cast<std::vector<uint8_t>*>(userdata);
  const auto* p = static_cast<const uint8_t*>(data);
  out->insert(out->end(), p, p + size);
  return {heif_error_Ok, heif_suberror_Unspecified, "ok"};
}

// libheif's HEVC encoder (x265), lossless or at quality 90, quiet.
Result<std::unique_ptr<heif_encoder, Enc>> hevc_encoder(heif_context* ctx, bool lossless) {
  heif_encoder* raw = nullptr;
  const heif_error e = heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &raw);
  if (e.code != heif_error_Ok) return fail(e, "finding the HEVC encoder");
  std::unique_ptr<heif_encoder, Enc> encoder(raw);
  if (lossless)
    heif_encoder_set_lossless(encoder.get(), 1);
  else
    heif_encoder_set_lossy_quality(encoder.get(), 90);
  heif_encoder_set_logging_level(encoder.get(), 0);
  return encoder;
}

// A property box of the given type and body on an item.
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
  std::unique_ptr<heif_encoding_options, Opt> depth_opts(heif_encoding_options_alloc());
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
  const std::unique_ptr<heif_encoder, Enc> encoder = std::move(*made);
  heif_error e{};

  std::unique_ptr<heif_encoding_options, Opt> opts(heif_encoding_options_alloc());
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
  if (o.cmin) {
    const auto cmin = cmin_payload(rescale(scene.camera, pw, ph));
    if (auto s = add_property(ctx.get(), primary_id, heif_fourcc('c', 'm', 'i', 'n'), cmin, false, "adding cmin"); !s)
      return s.error();
  }
  return file_bytes(ctx.get());
}

Result<std::vector<uint8_t>> write_stereo_heic(const StereoScene& scene, const StereoHeicOptions& o) {
  const libheif::Scope scope;
  const int w = scene.left.width, h = scene.left.height;
  libheif::Context ctx(heif_context_alloc());
  auto made = hevc_encoder(ctx.get(), true);
  if (!made) return made.error();
  const std::unique_ptr<heif_encoder, Enc> encoder = std::move(*made);
  std::unique_ptr<heif_encoding_options, Opt> opts(heif_encoding_options_alloc());
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
    // ISO/IEC 23001-17 'cmex' version 0 with only the position (flags: x, y, z present), in
    // micrometres.
    std::vector<uint8_t> cmex = {0, 0, 0, 7};
    put_u32(cmex, static_cast<uint32_t>(static_cast<int32_t>(std::lround(v * scene.baseline_m * 1e6))));
    put_u32(cmex, 0);
    put_u32(cmex, 0);
    if (auto s = add_property(ctx.get(), ids[v], heif_fourcc('c', 'm', 'e', 'x'), cmex, false, "adding cmex"); !s)
      return s.error();
  }
  auto written = file_bytes(ctx.get());
  if (!written) return written.error();
  std::vector<uint8_t>& out = *written;

  // libheif 1.19 cannot write entity groups: the group list (grpl) with the 'ster' group is
  // added to the meta box here. Its group id must differ from every item id.
  std::vector<uint8_t> ster;
  put_u32(ster, 0);  // size, set below
  put_u32(ster, heif_fourcc('s', 't', 'e', 'r'));
  put_u32(ster, 0);  // version, flags
  put_u32(ster, 1000);
  put_u32(ster, static_cast<uint32_t>(o.group_views));
  put_u32(ster, ids[0]);
  if (o.group_views > 1) put_u32(ster, o.second_entity ? o.second_entity : ids[1]);
  set_be(ster, 0, 4, ster.size());
  std::vector<uint8_t> grpl;
  put_u32(grpl, static_cast<uint32_t>(8 + ster.size()));
  put_u32(grpl, heif_fourcc('g', 'r', 'p', 'l'));
  grpl.insert(grpl.end(), ster.begin(), ster.end());
  if (auto s = append_to_meta(out, grpl); !s) return s.error();
  return out;
}

}  // namespace pxav
