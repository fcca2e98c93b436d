#include "input/rgbd/rgbd_reader.h"

#include <algorithm>
#include <cmath>

#include "colour/downsample.h"
#include "core/key_values.h"
#include "depth/metric_depth.h"

namespace pxav {
namespace {

Result<DepthKind> kind_from(std::string_view name) {
  for (DepthKind k : {DepthKind::Disparity, DepthKind::InverseZ, DepthKind::Z, DepthKind::ScaledZ,
                      DepthKind::StereoDisparity})
    if (name == depth_kind_name(k)) return k;
  return make_error(ErrorCode::InvalidArgument, "unknown depth encoding '" + std::string(name) +
                                                    "' (use disparity, inverse-z, z, scaled-z or stereo-disparity)");
}

// Nearest-neighbour enlargement for colour images smaller than the depth grid (rare).
RgbImage enlarge(const uint8_t* p, int w, int h, int channels, int tw, int th) {
  RgbImage out;
  out.width = tw;
  out.height = th;
  out.pixels.resize(static_cast<size_t>(tw) * th * 3);
  for (int y = 0; y < th; ++y)
    for (int x = 0; x < tw; ++x) {
      const int sx = std::min(w - 1, x * w / tw), sy = std::min(h - 1, y * h / th);
      for (int c = 0; c < 3; ++c)
        out.pixels[(static_cast<size_t>(y) * tw + x) * 3 + c] = p[(static_cast<size_t>(sy) * w + sx) * channels + c];
    }
  return out;
}

}  // namespace

Result<RgbdParams> parse_rgbd_params(std::string_view text) {
  auto kv = parse_key_values(text);
  if (!kv) return kv.error();
  RgbdParams p;
  p.encoding.source = "user";
  Intrinsics k;
  bool has_f = false, has_c = false;
  for (const auto& [key, value] : *kv) {
    if (key == "encoding") {
      auto kind = kind_from(value);
      if (!kind) return kind.error();
      p.encoding.kind = *kind;
      continue;
    }
    if (key == "radial") {
      if (value != "0" && value != "1") return make_error(ErrorCode::InvalidArgument, "radial must be 0 or 1");
      p.encoding.radial = value == "1";
      continue;
    }
    const auto v = parse_number(value);
    if (!v) return make_error(ErrorCode::InvalidArgument, "option " + key + " needs a number, got '" + value + "'");
    if (key == "lo" || key == "near" || key == "d-min") p.encoding.lo = *v;
    else if (key == "hi" || key == "far" || key == "d-max") p.encoding.hi = *v;
    else if (key == "scale") p.encoding.scale = *v;
    else if (key == "baseline") p.encoding.baseline_m = *v;
    else if (key == "fx") { k.fx = *v; has_f = true; if (k.fy == 0) k.fy = *v; }
    else if (key == "fy") { k.fy = *v; has_f = true; }
    else if (key == "cx") { k.cx = *v; has_c = true; }
    else if (key == "cy") { k.cy = *v; has_c = true; }
    else if (key == "fov") {
      if (*v <= 1 || *v >= 179) return make_error(ErrorCode::InvalidArgument, "fov must be between 1 and 179 degrees");
      p.fov_degrees = *v;
      p.fov_given = true;
    } else {
      return make_error(ErrorCode::InvalidArgument, "unknown depth option '" + key + "'");
    }
  }
  if (has_f) {
    if (!(k.fx > 0) || !(k.fy > 0)) return make_error(ErrorCode::InvalidArgument, "fx and fy must be positive");
    k.source = "user";
    k.cx = has_c ? k.cx : -1;  // filled in from the depth size in read_rgbd
    k.cy = has_c ? k.cy : -1;
    p.camera = k;
  }
  if (auto s = validate(p.encoding); !s) return s.error();
  return p;
}

Result<DepthPhoto> read_rgbd(const uint8_t* colour, int cw, int ch, int channels, RawDepth depth,
                             const RgbdParams& params) {
  if (depth.width <= 0 || depth.height <= 0 || depth.values.size() != static_cast<size_t>(depth.width) * depth.height)
    return make_error(ErrorCode::InvalidArgument, "the depth map is empty or its size does not match its samples");
  if (channels != 3 && channels != 4) return make_error(ErrorCode::InvalidArgument, "colour must have 3 or 4 channels");
  if (!colour || cw <= 0 || ch <= 0) return make_error(ErrorCode::InvalidArgument, "the colour image is empty");
  // Registration by resampling assumes both images show the same field of view.
  const double aspect_c = static_cast<double>(cw) / ch, aspect_d = static_cast<double>(depth.width) / depth.height;
  if (std::abs(aspect_c / aspect_d - 1) > 0.02)
    return make_error(ErrorCode::InvalidArgument, "colour (" + std::to_string(cw) + "x" + std::to_string(ch) +
                                                      ") and depth (" + std::to_string(depth.width) + "x" +
                                                      std::to_string(depth.height) + ") must have the same aspect ratio");
  DepthPhoto photo;
  photo.info.container = "rgbd";
  photo.info.photo_width = cw;
  photo.info.photo_height = ch;
  photo.info.depth_width = depth.width;
  photo.info.depth_height = depth.height;
  photo.info.depth_bit_depth = depth.bit_depth;
  photo.info.colour_source = "input";
  photo.encoding = params.encoding;
  if (params.camera) {
    photo.camera = *params.camera;
    photo.camera.width = depth.width;
    photo.camera.height = depth.height;
    if (photo.camera.cx < 0) photo.camera.cx = depth.width / 2.0;
    if (photo.camera.cy < 0) photo.camera.cy = depth.height / 2.0;
  } else {
    photo.camera = from_horizontal_fov(depth.width, depth.height, params.fov_degrees,
                                       params.fov_given ? "user-fov" : "default-fov");
    photo.camera.assumed = !params.fov_given;
  }
  photo.colour = (cw >= depth.width && ch >= depth.height)
                     ? downsample(colour, cw * channels, channels, cw, ch, depth.width, depth.height)
                     : enlarge(colour, cw, ch, channels, depth.width, depth.height);
  photo.depth = std::move(depth);
  return photo;
}

}  // namespace pxav
