#include "synth/jpeg_writer.h"

#include <algorithm>
#include <cmath>

#include "core/camera.h"
#include "depth/depth_encoding.h"
#include "synth/jpeg_bytes.h"
#include "synth/jpeg_google_depth.h"
#include "synth/jpeg_layouts.h"

namespace pxav {
namespace {

using namespace jpeg_synth;

RgbImage enlarge(const RgbImage& c, int scale) {
  RgbImage out{c.width * scale, c.height * scale, {}};
  out.pixels.resize(static_cast<size_t>(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const uint8_t* s = c.at(x / scale, y / scale);
      std::copy(s, s + 3, &out.pixels[(static_cast<size_t>(y) * out.width + x) * 3]);
    }
  return out;
}

Status check(const SyntheticScene& s, const JpegWriteOptions& o) {
  const DepthMap& d = s.depth;
  if (d.empty() || d.z.size() != static_cast<size_t>(d.width) * d.height) return invalid("the scene has no depth");
  if (s.colour.width != d.width || s.colour.height != d.height ||
      s.colour.pixels.size() != static_cast<size_t>(d.width) * d.height * 3)
    return invalid("the scene's colour is not the depth map's size");
  if (o.layout == JpegDepthLayout::AppleMpf && o.matte &&
      (s.subject.width != d.width || s.subject.height != d.height ||
       s.subject.pixels.size() != static_cast<size_t>(d.width) * d.height))
    return invalid("the scene's subject mask is not the depth map's size");
  if (s.camera.width <= 0 || s.camera.height <= 0 || !(s.camera.fx > 0) || !(s.camera.fy > 0))
    return invalid("the scene has no camera");
  if (o.colour_scale < 1 || o.colour_scale > 64) return invalid("colour_scale must be 1..64");
  if (o.extended_chunk == 0) return invalid("extended_chunk must be at least 1");
  if (o.depth_item_exif_orientation < 0 || o.depth_item_exif_orientation > 8)
    return invalid("depth_item_exif_orientation must be 0..8");
  if (o.item_padding > (1u << 20)) return invalid("item_padding above 1 MB");
  if (std::none_of(d.z.begin(), d.z.end(), is_valid_depth)) return invalid("the scene has no valid depth");
  const JpegDepthRange r = jpeg_depth_range(s, o);
  if (o.layout == JpegDepthLayout::AppleMpf) {
    if (!(r.disparity_lo >= 0 && r.disparity_hi > r.disparity_lo)) return invalid("the disparity range is empty");
  } else if (!(r.near_m >= 0 && r.far_m > r.near_m) || (o.range_inverse && !(r.near_m > 0))) {
    return invalid("the near/far range is empty (RangeInverse needs near > 0)");
  }
  return Done{};
}

}  // namespace

double range_normalised(double z, bool range_inverse, double near, double far) {
  const double n = range_inverse ? far * (z - near) / (z * (far - near)) : (z - near) / (far - near);
  return std::isnan(n) ? 0.0 : std::clamp(n, 0.0, 1.0);
}

JpegDepthRange jpeg_depth_range(const SyntheticScene& s, const JpegWriteOptions& o) {
  double z_min = HUGE_VAL, z_max = 0, m_min = HUGE_VAL, m_max = 0;
  const Intrinsics k = rescale(s.camera, s.depth.width, s.depth.height);
  for (int y = 0; y < s.depth.height; ++y)
    for (int x = 0; x < s.depth.width; ++x) {
      const float z = s.depth.at(x, y);
      if (!is_valid_depth(z)) continue;
      z_min = std::min(z_min, static_cast<double>(z));
      z_max = std::max(z_max, static_cast<double>(z));
      const double m = stored_measure(s, k, x, y, o.optic_ray && o.layout == JpegDepthLayout::DynamicDepth);
      m_min = std::min(m_min, m);
      m_max = std::max(m_max, m);
    }
  JpegDepthRange r;
  if (o.near_m == 0 && o.far_m == 0) {
    r.near_m = 0.99 * m_min;
    r.far_m = 1.01 * m_max;
  } else {
    r.near_m = o.near_m;
    r.far_m = o.far_m;
  }
  if (o.disparity_lo == 0 && o.disparity_hi == 0) {
    r.disparity_lo = 1.0 / (1.01 * z_max);
    r.disparity_hi = 1.0 / (0.99 * z_min);
  } else {
    r.disparity_lo = o.disparity_lo;
    r.disparity_hi = o.disparity_hi;
  }
  return r;
}

Result<std::vector<uint8_t>> write_depth_jpeg(const SyntheticScene& scene, const JpegWriteOptions& options) {
  if (auto s = check(scene, options); !s) return s.error();
  const JpegDepthRange range = jpeg_depth_range(scene, options);
  const RgbImage colour = enlarge(scene.colour, options.colour_scale);
  switch (options.layout) {
    case JpegDepthLayout::AppleMpf: return write_apple_mpf(scene, options, range, colour);
    case JpegDepthLayout::GDepth: return write_gdepth(scene, options, range, colour);
    case JpegDepthLayout::DynamicDepth: return write_dynamic_depth(scene, options, range, colour);
  }
  return invalid("unknown layout");
}

}  // namespace pxav
