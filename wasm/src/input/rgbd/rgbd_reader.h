// A colour image plus a depth map as two image files (PNG, PPM/PGM), with the encoding and camera
// spelled out by the caller because such files carry no metadata: TUM/Kinect (scaled-z,
// scale=0.0002), Blender Z passes (z or radial distance), stereo disparity with a baseline,
// inverse depth between near and far. The reader tells the depth map from the colour image by
// the role the caller gave, else by a name with "depth" in it, else as the grey one of the two.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/camera.h"
#include "core/result.h"
#include "input/depth_photo.h"
#include "input/reader.h"

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
Result<DepthPhoto> read_rgbd(const uint8_t* colour, int colour_width, int colour_height, int channels, RawDepth depth,
                             const RgbdParams& params);

bool rgbd_recognises(const Sniff& file);
Result<DepthPhoto> rgbd_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options);

inline constexpr Reader kRgbdReader{"rgbd", rgbd_recognises, rgbd_open, nullptr};

}  // namespace pxav
