#include "synth/jpeg_google_depth.h"

#include <algorithm>
#include <cmath>

#include "depth/depth_encoding.h"

namespace pxav::jpeg_synth {
namespace {

// What Dynamic Depth's OpticRay stores: the distance to the point, along the ray through the pixel centre.
double ray_distance(const Intrinsics& k, int x, int y, double z) {
  const double rx = (x + 0.5 - k.cx) / k.fx, ry = (y + 0.5 - k.cy) / k.fy;
  return z * std::sqrt(rx * rx + ry * ry + 1.0);
}

}  // namespace

double stored_measure(const SyntheticScene& s, const Intrinsics& k, int x, int y, bool optic_ray) {
  const double z = s.depth.at(x, y);
  return optic_ray ? ray_distance(k, x, y, z) : z;
}

std::vector<uint16_t> google_samples(const SyntheticScene& s, const JpegWriteOptions& o, const JpegDepthRange& r,
                                     int full_scale) {
  const Intrinsics k = rescale(s.camera, s.depth.width, s.depth.height);
  const bool ray = o.optic_ray && o.layout == JpegDepthLayout::DynamicDepth;  // GDepth has no measure type
  std::vector<uint16_t> v(s.depth.z.size(), 0);
  for (int y = 0; y < s.depth.height; ++y)
    for (int x = 0; x < s.depth.width; ++x) {
      if (!is_valid_depth(s.depth.at(x, y))) continue;
      const double n = range_normalised(stored_measure(s, k, x, y, ray), o.range_inverse, r.near_m, r.far_m);
      v[static_cast<size_t>(y) * s.depth.width + x] = static_cast<uint16_t>(std::lround(n * full_scale));
    }
  return v;
}

GreyImage grey_of(int w, int h, const std::vector<uint16_t>& v) {
  GreyImage g{w, h, std::vector<uint8_t>(v.begin(), v.end())};
  return g;
}

GreyImage confidence_map(int w, int h) {
  GreyImage g{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h, 255)};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < std::min(4, w); ++x) g.pixels[static_cast<size_t>(y) * w + x] = 0;
  return g;
}

}  // namespace pxav::jpeg_synth
