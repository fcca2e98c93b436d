// A colour image plus a depth map as two image files (colour PNG, JPEG or PPM; depth PNG, PGM
// or an 8-bit grey JPEG, as relative depth maps are often passed around), with the encoding and camera spelled out by
// the caller because such files carry no metadata: TUM/Kinect (scaled-z, scale=0.0002), Blender Z passes (z or radial
// distance), stereo disparity with a baseline, inverse depth between near and far, the raw datasets' packings (SUN
// RGB-D's rotated millimetres, NYU Depth v2's byte-swapped Kinect disparity). The reader tells the depth map from the
// colour image by the role the caller gave, else by a name with "depth" in it, else as the grey one of the two.
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
  // How a tool packed the 16-bit integers, not what they mean: rgbd_open undoes both on the
  // samples before the encoding reads them (a byte swap is a rotation by 8, so in either order).
  bool swap_bytes = false;    // byte-order=swap
  int rotate_right_bits = 0;  // rotate-bits=N, 0 = none
  // Which way the stored map runs (polarity=): read_rgbd turns every value v into full scale - v
  // when it runs against the encoding's own direction, so the encoding always sees its own.
  enum class Polarity { AsEncoding, NearBright, FarBright };
  Polarity polarity = Polarity::AsEncoding;
};

// Whether the encoding's values grow towards the camera (disparity, inverse-z, range-inverse),
// as opposed to away from it (z); nullopt for the encodings polarity= does not apply to.
std::optional<bool> encoding_runs_near_bright(DepthKind kind);

// Keys (separated by spaces, newlines or '&'):
//   encoding=disparity|inverse-z|z|range-inverse|scaled-z|stereo-disparity|kinect-disparity
//   lo=, hi= (aliases near=, far=, d-min=, d-max=): the range of disparity, inverse-z, z, range-inverse
//   scale=: metres per unit (scaled-z), pixels per unit (stereo-disparity); baseline=: metres
//   a=, b=: kinect-disparity, Z = a / (b - value) in metres (NYU Depth v2's raw frames: a=351.3
//     b=1092.5); values >= b and 2047, the Kinect's "no reading", are invalid
//   byte-order=file|swap: swap, for 16-bit maps whose tool wrote the other byte order than the
//     file format states (little-endian PGMs, as NYU Depth v2's raw frames are)
//   rotate-bits=N (1..15): each 16-bit value is rotated right by N bits, after any byte swap (the
//     same as before it). SUN RGB-D stores millimetres d as (d << 3) | (d >> 13), so rotate-bits=3
//     encoding=scaled-z scale=0.001 reads it
//   polarity=near-bright|far-bright: which way a range-encoded map (disparity, inverse-z, z,
//     range-inverse) is stored, for relative maps that say nothing themselves (the RGB-D saliency
//     datasets store brighter = nearer or brighter = farther, even for the same photo). The
//     encoding keeps its own direction (disparity, inverse-z, range-inverse: brighter = nearer;
//     z: brighter = farther); a map stored the other way is read as full scale - value first. So
//     "encoding=disparity lo=0.25 hi=1 polarity=far-bright" on a map equals "encoding=disparity
//     lo=0.25 hi=1" on its inverted copy. (A disparity range given high to low, lo=1 hi=0.25, also
//     reads brighter = farther, but says so less plainly.) Not for scaled-z, stereo-disparity and
//     kinect-disparity, whose integers have one meaning.
//   relative=0|1: 1 = the numbers are depth up to an unknown scale (no unit), as relative maps are;
//     info and the page then say so
//   radial=0|1, fx=, fy=, cx=, cy= (depth pixels; cx, cy default to the centre), fov= (degrees)
Result<RgbdParams> parse_rgbd_params(std::string_view text);

// colour: interleaved 8-bit, `channels` 3 or 4, any size (resampled onto the depth grid). depth:
// the samples as stored (byte-order and rotate-bits already undone); polarity is applied here.
Result<DepthPhoto> read_rgbd(const uint8_t* colour, int colour_width, int colour_height, int channels, RawDepth depth,
                             const RgbdParams& params);

bool rgbd_recognises(const Sniff& file);
Result<DepthPhoto> rgbd_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options);

inline constexpr Reader kRgbdReader{"rgbd", kDepthSettings, rgbd_recognises, rgbd_open, nullptr};

}  // namespace pxav
