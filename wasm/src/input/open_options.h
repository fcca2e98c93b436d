// How to open a depth photo, whatever its kind: the limits that protect memory, whether to decode
// the colour now or leave it to parts (pipeline.h), the depth parameters that colour + depth
// pairs need because such files carry no metadata, and a stereo pair's calibration and search
// range (a HEIF stereo file's own calibration, with a scale or range asked for on top).
#pragma once

#include <string>
#include <string_view>

#include "core/pixel_limit.h"
#include "core/result.h"

namespace pxav {

struct OpenOptions {
  // Photos (or colour images) with more pixels are refused before any pixel is decoded. iPhone
  // photos are at most 48 MP; the default leaves room for larger cameras.
  double max_megapixels = 100;
  // Largest depth image accepted (Apple's are 0.3 to 0.5 MP).
  double max_depth_megapixels = 16;
  // false: depth, calibration and metadata only (a fast `info`), or colour left to parts that
  // other workers decode (readers with tiles; the others decode their colour anyway).
  bool decode_colour = true;
  // Decode HEVC colour with its deblocking and SAO loop filters. Off by default, as in libheif's
  // own wasm build: the colour is averaged down to the depth map's size (about 5x5 photo pixels
  // per sample on an iPhone), where the filters move a channel by at most a few levels of 255 but
  // cost about a tenth of the decoding. The depth map is always exact.
  bool exact_colour = false;
  // What a colour + depth pair's depth numbers mean: input/rgbd/rgbd_reader.h's keys.
  std::string depth_params;
  // A stereo pair's calibration and search range: stereo/stereo_setup.h's keys, or calib.txt.
  std::string stereo_params;
  // Memory the stereo matcher may take (its cost volume); larger pairs are matched at a smaller size.
  double max_stereo_megabytes = 384;
};

// "key=value" items (core/key_values.h): max-megapixels=N, max-depth-megapixels=N,
// decode-colour=0|1, exact-colour=0|1, max-stereo-megabytes=N. Keys not given keep their defaults;
// depth_params and stereo_params are not part of the text: they come on their own (the CLI's
// --depth-params and --stereo, the C API's pxav_open argument and pxav_set_stereo_params).
// Errors (InvalidArgument) name the offending item.
Result<OpenOptions> parse_open_options(std::string_view text);

}  // namespace pxav
