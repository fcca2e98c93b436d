// How to open a depth photo, whatever its kind: the limits that protect memory, whether to decode
// the colour now or leave it to parts (pipeline.h), and the per-reader settings: what a kind of
// input needs beside its files because they do not say it ("depth": what a colour + depth pair's
// depth numbers mean; "stereo": a stereo input's calibration and search range, on top of a HEIF
// stereo file's own calibration).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/pixel_limit.h"
#include "core/result.h"

namespace pxav {

// The names of the reader settings (OpenOptions::settings, Reader::settings): what a colour +
// depth pair's numbers mean (input/rgbd/rgbd_reader.h), a stereo input's setup
// (stereo/stereo_setup.h).
inline constexpr char kDepthSettings[] = "depth";
inline constexpr char kStereoSettings[] = "stereo";

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
  // Per-reader settings by name (Reader::settings), one text each: "depth" takes
  // input/rgbd/rgbd_reader.h's keys, "stereo" stereo/stereo_setup.h's keys or a calib.txt.
  // Readers ignore the entries that are not theirs.
  std::map<std::string, std::string, std::less<>> settings;
  // Memory the stereo matcher may take (its cost volume); larger pairs are matched at a smaller size.
  double max_stereo_megabytes = 384;
};

// "key=value" items (core/key_values.h): max-megapixels=N, max-depth-megapixels=N,
// decode-colour=0|1, exact-colour=0|1, max-stereo-megabytes=N. Keys not given keep their defaults;
// the reader settings are not part of the text: they come on their own (the CLI's --depth-params,
// --stereo and --calib, the C API's pxav_set_reader_settings). Errors (InvalidArgument) name the
// offending item.
Result<OpenOptions> parse_open_options(std::string_view text);

// The settings entry `name` (Reader::settings) of options, "" when there is none.
std::string_view reader_setting(const OpenOptions& options, std::string_view name);

}  // namespace pxav
