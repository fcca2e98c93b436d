#include "depth/metric_depth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace pxav {
namespace {

bool positive(double v) { return std::isfinite(v) && v > 0; }

constexpr double kKinectNoReading = 2047;

}  // namespace

const char* depth_kind_name(DepthKind kind) {
  switch (kind) {
    case DepthKind::Disparity: return "disparity";
    case DepthKind::InverseZ: return "inverse-z";
    case DepthKind::Z: return "z";
    case DepthKind::ScaledZ: return "scaled-z";
    case DepthKind::StereoDisparity: return "stereo-disparity";
    case DepthKind::RangeInverse: return "range-inverse";
    case DepthKind::KinectDisparity: return "kinect-disparity";
    case DepthKind::Nonuniform: return "nonuniform";
  }
  return "unknown";
}

Status validate(const DepthEncoding& e) {
  switch (e.kind) {
    case DepthKind::Disparity:
      // Either direction: Dynamic Depth's diopters run from the near end's larger value.
      if (!std::isfinite(e.lo) || !std::isfinite(e.hi) || e.hi == e.lo || std::max(e.lo, e.hi) <= 0)
        return make_error(ErrorCode::InvalidArgument,
                          "a disparity range needs two different ends, one of them above 0 (got " +
                              std::to_string(e.lo) + " .. " + std::to_string(e.hi) + ")");
      return Done{};
    case DepthKind::InverseZ:
    case DepthKind::Z:
    case DepthKind::RangeInverse:
      if (!positive(e.lo) || !positive(e.hi) || e.hi <= e.lo)
        return make_error(ErrorCode::InvalidArgument, "depth range must satisfy 0 < near < far (got " +
                                                          std::to_string(e.lo) + " .. " + std::to_string(e.hi) + ")");
      return Done{};
    case DepthKind::ScaledZ:
      if (!positive(e.scale))
        return make_error(ErrorCode::InvalidArgument, "depth scale must be a positive number of metres per unit");
      return Done{};
    case DepthKind::StereoDisparity:
      if (!positive(e.scale) || !positive(e.baseline_m))
        return make_error(ErrorCode::InvalidArgument,
                          "stereo disparity needs a positive baseline (metres) and scale (pixels per unit)");
      return Done{};
    case DepthKind::KinectDisparity:
      if (!positive(e.scale) || !positive(e.offset)) {
        char got[64];
        std::snprintf(got, sizeof got, " (got a=%g b=%g)", e.scale, e.offset);
        return make_error(ErrorCode::InvalidArgument,
                          std::string("Kinect disparity needs a > 0 and b > 0 for Z = a / (b - value) in metres, "
                                      "e.g. NYU Depth v2's a=351.3 b=1092.5") +
                              got);
      }
      return Done{};
    case DepthKind::Nonuniform:
      return make_error(ErrorCode::Unsupported, "nonuniform depth representations are not supported");
  }
  return make_error(ErrorCode::Internal, "unknown depth kind");
}

Result<DepthMap> to_metric_depth(const RawDepth& raw, const DepthEncoding& e, const Intrinsics& k) {
  if (auto s = validate(e); !s) return s.error();
  if (raw.width <= 0 || raw.height <= 0 || raw.values.size() != static_cast<size_t>(raw.width) * raw.height)
    return make_error(ErrorCode::InvalidArgument, "depth samples do not match the stated size");
  if ((e.radial || e.kind == DepthKind::StereoDisparity) && (!positive(k.fx) || !positive(k.fy)))
    return make_error(ErrorCode::InvalidArgument, "this depth encoding needs camera intrinsics (fx, fy)");
  if (e.kind != DepthKind::ScaledZ && e.kind != DepthKind::StereoDisparity && e.kind != DepthKind::KinectDisparity &&
      !positive(raw.full_scale))
    return make_error(ErrorCode::InvalidArgument, "range encodings need a positive full-scale value");

  const float nan = std::numeric_limits<float>::quiet_NaN();
  DepthMap out;
  out.width = raw.width;
  out.height = raw.height;
  out.z.resize(raw.values.size());

  // Precomputed in double so every sample costs one multiply-add and one divide at most.
  const double inv_fs = 1.0 / raw.full_scale;
  const double span = e.hi - e.lo;
  const double inv_far = e.kind == DepthKind::InverseZ ? 1.0 / e.hi : 0;
  const double inv_span = e.kind == DepthKind::InverseZ ? 1.0 / e.lo - 1.0 / e.hi : 0;
  const double inv_near = e.kind == DepthKind::RangeInverse ? 1.0 / e.lo : 0;
  const double inv_range_span = e.kind == DepthKind::RangeInverse ? 1.0 / e.hi - 1.0 / e.lo : 0;
  const double stereo_fb = k.fx * e.baseline_m;

  for (int y = 0; y < raw.height; ++y) {
    const double ry = (y + 0.5 - k.cy) / k.fy;
    for (int x = 0; x < raw.width; ++x) {
      const size_t i = static_cast<size_t>(y) * raw.width + x;
      const double v = raw.values[i];
      double z = std::numeric_limits<double>::quiet_NaN();
      switch (e.kind) {
        case DepthKind::Disparity: {
          const double d = e.lo + v * inv_fs * span;
          if (d > 0) z = 1.0 / d;
          break;
        }
        case DepthKind::InverseZ: {
          const double inv_z = inv_far + v * inv_fs * inv_span;
          if (inv_z > 0) z = 1.0 / inv_z;
          break;
        }
        case DepthKind::Z: z = e.lo + v * inv_fs * span; break;
        case DepthKind::RangeInverse: {
          const double inv_z = inv_near + v * inv_fs * inv_range_span;
          if (inv_z > 0) z = 1.0 / inv_z;
          break;
        }
        case DepthKind::ScaledZ:
          if (v > 0) z = v * e.scale;
          break;
        case DepthKind::StereoDisparity:
          // Stored 0 is "no match"; doffs (offset) can make small disparities valid far points.
          if (v != 0 && v * e.scale + e.offset > 0) z = stereo_fb / (v * e.scale + e.offset);
          break;
        case DepthKind::KinectDisparity:
          // 2047, all 11 bits set, is the Kinect's "no reading", whatever b the calibration gives.
          if (v < e.offset && v != kKinectNoReading) z = e.scale / (e.offset - v);
          break;
        case DepthKind::Nonuniform: break;
      }
      if (e.radial && std::isfinite(z)) {
        // A ray through pixel (x, y) has direction (rx, ry, 1); its length per unit of Z is the norm.
        const double rx = (x + 0.5 - k.cx) / k.fx;
        z /= std::sqrt(1.0 + rx * rx + ry * ry);
      }
      out.z[i] = (std::isfinite(z) && z > 0) ? static_cast<float>(z) : nan;
    }
  }
  return out;
}

}  // namespace pxav
