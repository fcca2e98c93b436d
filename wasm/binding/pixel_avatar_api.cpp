// The JS-facing C API (pixel_avatar_api.h): a thin layer that keeps one session's intermediate
// results alive between calls and turns Result errors into codes plus a message. All the work
// happens in the core modules; nothing here decides anything about images.
#include "pixel_avatar_api.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "avatar/build_avatar.h"
#include "depth/metric_depth.h"
#include "export/cloud_file.h"
#include "format/avatar_file.h"
#include "geometry/unproject.h"
#include "input/heic/heic_reader.h"
#include "input/rgbd/rgbd_reader.h"
#include "pipeline/photo_info_json.h"

struct PxavSession {
  pxav::HeicOptions heic;
  std::optional<pxav::DepthPhoto> photo;
  pxav::DepthMap depth;
  pxav::PointSet points;
  std::optional<pxav::AvatarBuild> build;
  pxav::ColourAccumulator colour_part;   // the latest part this session decoded
  pxav::ColourAccumulator colour_frame;  // where parts' sums go, for a photo opened without colour
  std::vector<uint8_t> avatar_file;
  std::vector<uint8_t> export_data;
  std::string info_json;
  std::string foreground_json;
  std::string error;
};

namespace {

int fail(PxavSession* s, const pxav::Error& e) {
  s->error = e.message;
  return static_cast<int>(e.code);
}

int fail(PxavSession* s, pxav::ErrorCode code, const char* message) { return fail(s, pxav::Error{code, message}); }

// A new photo invalidates everything derived from the previous one.
void reset(PxavSession* s) {
  s->photo.reset();
  s->depth = {};
  s->points = {};
  s->build.reset();
  s->avatar_file.clear();
  s->export_data.clear();
  s->info_json.clear();
  s->foreground_json.clear();
  s->error.clear();
}

int adopt(PxavSession* s, pxav::Result<pxav::DepthPhoto> photo) {
  if (!photo) return fail(s, photo.error());
  auto depth = pxav::to_metric_depth(photo->depth, photo->encoding, photo->camera);
  if (!depth) return fail(s, depth.error());
  s->info_json = pxav::photo_info_json(*photo);
  s->depth = std::move(*depth);
  s->photo = std::move(*photo);
  return 0;
}

std::string foreground_json(const pxav::Foreground& f) {
  using pxav::json_number;
  std::string hist = "[";
  for (size_t i = 0; i < f.histogram.size(); ++i) hist += (i ? "," : "") + std::to_string(f.histogram[i]);
  hist += "]";
  return "{\"source\":" + pxav::json_string(f.source) + ",\"near\":" + json_number(f.near_m) +
         ",\"far\":" + json_number(f.far_m) + ",\"threshold\":" + json_number(f.threshold_m) +
         ",\"histogramLow\":" + json_number(f.hist_lo_m) + ",\"histogramHigh\":" + json_number(f.hist_hi_m) +
         ",\"histogram\":" + hist + "}";
}

}  // namespace

extern "C" {

PxavSession* pxav_session_new(void) { return new PxavSession(); }
void pxav_session_free(PxavSession* s) { delete s; }

uint8_t* pxav_alloc(size_t size) { return static_cast<uint8_t*>(std::malloc(size ? size : 1)); }
void pxav_free(uint8_t* p) { std::free(p); }

void pxav_set_max_pixels(PxavSession* s, double max_pixels) {
  if (max_pixels > 0) s->heic.max_megapixels = max_pixels / 1e6;
}

int pxav_open_heic(PxavSession* s, const uint8_t* bytes, size_t size) {
  reset(s);
  if (int rc = adopt(s, pxav::read_heic(bytes, size, s->heic))) return rc;
  if (!s->heic.decode_colour) {
    auto frame = pxav::colour_frame(bytes, size, s->depth.width, s->depth.height, s->heic);
    if (!frame) return fail(s, frame.error());
    s->colour_frame = std::move(*frame);
  }
  return 0;
}

int pxav_open_rgbd(PxavSession* s, const uint8_t* colour_rgba, int colour_w, int colour_h, const void* depth,
                   int depth_format, int depth_w, int depth_h, const char* params) {
  reset(s);
  if (!colour_rgba || !depth || depth_w <= 0 || depth_h <= 0 || depth_w > 16384 || depth_h > 16384)
    return fail(s, pxav::ErrorCode::InvalidArgument, "colour and depth pixels are required, with sizes up to 16384");
  auto p = pxav::parse_rgbd_params(params ? params : "");
  if (!p) return fail(s, p.error());
  pxav::RawDepth raw;
  raw.width = depth_w;
  raw.height = depth_h;
  const size_t n = static_cast<size_t>(depth_w) * depth_h;
  raw.values.resize(n);
  switch (depth_format) {
    case 0: {
      const auto* d = static_cast<const uint8_t*>(depth);
      for (size_t i = 0; i < n; ++i) raw.values[i] = d[i];
      raw.full_scale = 255;
      raw.bit_depth = 8;
      break;
    }
    case 1: {
      const auto* d = static_cast<const uint16_t*>(depth);
      for (size_t i = 0; i < n; ++i) raw.values[i] = d[i];
      raw.full_scale = 65535;
      raw.bit_depth = 16;
      break;
    }
    case 2: {
      std::memcpy(raw.values.data(), depth, n * sizeof(float));
      raw.full_scale = 1;
      raw.bit_depth = 32;
      break;
    }
    default: return fail(s, pxav::ErrorCode::InvalidArgument, "depth_format must be 0 (uint8), 1 (uint16) or 2 (float32)");
  }
  return adopt(s, pxav::read_rgbd(colour_rgba, colour_w, colour_h, 4, std::move(raw), *p));
}

void pxav_set_decode_colour(PxavSession* s, int on) { s->heic.decode_colour = on != 0; }

int pxav_decode_colour_part(PxavSession* s, const uint8_t* bytes, size_t size, int width, int height, int part,
                            int parts) {
  s->error.clear();
  auto acc = pxav::decode_colour_part(bytes, size, width, height, part, parts, s->heic);
  if (!acc) return fail(s, acc.error());
  s->colour_part = std::move(*acc);
  return 0;
}
size_t pxav_colour_part_pixels(PxavSession* s) { return s->colour_part.counts.size(); }
const uint32_t* pxav_colour_sums(PxavSession* s) { return s->colour_part.sums.data(); }
const uint32_t* pxav_colour_counts(PxavSession* s) { return s->colour_part.counts.data(); }

int pxav_set_colour_sums(PxavSession* s, const uint32_t* sums, const uint32_t* counts) {
  if (!s->photo || s->colour_frame.counts.empty())
    return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo with colour decoding off first");
  if (!sums || !counts) return fail(s, pxav::ErrorCode::InvalidArgument, "colour sums and counts are required");
  pxav::ColourAccumulator& acc = s->colour_frame;
  std::copy(sums, sums + acc.sums.size(), acc.sums.begin());
  std::copy(counts, counts + acc.counts.size(), acc.counts.begin());
  s->photo->colour = pxav::finish(acc);
  s->photo->info.colour_source = "tiles";
  s->info_json = pxav::photo_info_json(*s->photo);
  s->points = {};
  s->build.reset();
  return 0;
}

const char* pxav_info_json(PxavSession* s) { return s->info_json.c_str(); }
const float* pxav_depth(PxavSession* s) { return s->depth.z.data(); }
const uint8_t* pxav_colour(PxavSession* s) { return s->photo ? s->photo->colour.pixels.data() : nullptr; }
int pxav_width(PxavSession* s) { return s->depth.width; }
int pxav_height(PxavSession* s) { return s->depth.height; }

int pxav_make_points(PxavSession* s) {
  if (!s->photo) return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo first");
  auto points = pxav::unproject(s->depth, s->photo->colour, s->photo->camera);
  if (!points) return fail(s, points.error());
  s->points = std::move(*points);
  return 0;
}
const float* pxav_points_xyz(PxavSession* s) { return s->points.xyz.data(); }
const uint8_t* pxav_points_rgb(PxavSession* s) { return s->points.rgb.data(); }

int pxav_build_avatar(PxavSession* s, const char* options) {
  if (!s->photo) return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo first");
  auto opts = pxav::parse_avatar_options(options ? options : "");
  if (!opts) return fail(s, opts.error());
  const pxav::GreyImage* matte = s->photo->portrait_matte ? &*s->photo->portrait_matte : nullptr;
  auto build = pxav::build_avatar(s->depth, s->photo->colour, s->photo->camera, matte, *opts);
  if (!build) return fail(s, build.error());
  s->avatar_file = pxav::write_avatar_file(build->avatar);
  s->foreground_json = foreground_json(build->foreground);
  s->build = std::move(*build);
  return 0;
}
const uint8_t* pxav_avatar_file(PxavSession* s) { return s->avatar_file.data(); }
size_t pxav_avatar_file_size(PxavSession* s) { return s->avatar_file.size(); }
const char* pxav_foreground_json(PxavSession* s) { return s->foreground_json.c_str(); }

int pxav_export(PxavSession* s, const char* format, int what) {
  const auto f = pxav::cloud_format_named(format ? format : "");
  if (!f) return fail(s, pxav::ErrorCode::InvalidArgument, "export format must be ply, pcd or pcd-ascii");
  if (what == 1) {
    if (!s->build) return fail(s, pxav::ErrorCode::InvalidArgument, "build an avatar first");
    s->export_data = pxav::encode_cloud(s->build->avatar, *f);
    return 0;
  }
  if (s->points.valid.empty()) {
    if (int rc = pxav_make_points(s)) return rc;
  }
  s->export_data = pxav::encode_cloud(s->points, *f);
  return 0;
}
const uint8_t* pxav_export_data(PxavSession* s) { return s->export_data.data(); }
size_t pxav_export_size(PxavSession* s) { return s->export_data.size(); }

const char* pxav_error_message(PxavSession* s) { return s->error.c_str(); }

}  // extern "C"
