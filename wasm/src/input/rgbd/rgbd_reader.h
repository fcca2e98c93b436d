// A colour image plus a depth map given as plain pixels (PNG/PPM/PGM pairs natively; pixels the
// page decoded in the browser), with the encoding and camera spelled out by the caller because
// such files carry no metadata: TUM/Kinect (scaled-z, scale=0.0002), Blender Z passes (z or
// radial distance), stereo disparity with a baseline, inverse depth between near and far.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/camera.h"
#include "core/result.h"
#include "input/depth_photo.h"

namespace pxav {

struct RgbdParams {
  DepthEncoding encoding;
  std::optional<Intrinsics> camera;  // in depth pixels; else from fov_degrees
  double fov_degrees = kDefaultHorizontalFovDegrees;
  bool fov_given = false;
};

// Keys: encoding=disparity|inverse-z|z|scaled-z|stereo-disparity, lo=, hi= (aliases near=, far=,
// d-min=, d-max=), scale=, baseline=, radial=0|1, fx=, fy=, cx=, cy=, fov=.
Result<RgbdParams> parse_rgbd_params(std::string_view text);

// colour: interleaved 8-bit, `channels` 3 or 4, any size (resampled onto the depth grid).
Result<DepthPhoto> read_rgbd(const uint8_t* colour, int colour_width, int colour_height, int channels,
                             RawDepth depth, const RgbdParams& params);

}  // namespace pxav
