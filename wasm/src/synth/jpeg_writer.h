// Writes a synthetic scene as a depth JPEG laid out the way phones write them, so the JPEG depth
// readers are tested against files whose ground truth is known exactly: Apple's portrait JPEG
// (disparity and matte as further images indexed by MPF), Google Camera's Lens Blur (GDepth, the
// depth map as a base64 PNG in Extended XMP) and Android's Dynamic Depth 1.0 (a Device tree in
// XMP, the depth map appended after the primary image). The plain JPEG encoder they share is in
// synth/jpeg_encoder.h (included here); each layout is a file of its own (synth/jpeg_layouts.h).
// Native only: it encodes with libjpeg-turbo and libpng.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "synth/jpeg_encoder.h"
#include "synth/synthetic_scene.h"

namespace pxav {

enum class JpegDepthLayout { AppleMpf, GDepth, DynamicDepth };

struct JpegWriteOptions {
  JpegDepthLayout layout = JpegDepthLayout::AppleMpf;
  int colour_scale = 2;      // primary image = depth size times this (nearest-neighbour enlargement)
  int quality = 95;          // colour; depth is lossless PNG, or JPEG at quality 100
  int exif_orientation = 1;  // on the primary, 1..8 (0: no EXIF); the pixels are the scene's as stored
  int restart_interval = 0;  // MCUs between restart markers in the primary (iPhones: 189), 0 = none

  // Apple MPF
  double disparity_lo = 0, disparity_hi = 0;  // 1/m; both 0 = fitted to the scene
  bool matte = false;                         // the subject mask as a portrait-effects matte image
  bool matte_before_depth = true;             // MPF order primary, matte, depth (else primary, depth, matte)
  bool matte_claims_depth = false;            // the matte's apdi:AuxiliaryImageType says "depth"
  bool write_intrinsics = true;               // depthData:IntrinsicMatrix for the primary's size

  // GDepth and Dynamic Depth
  bool range_inverse = true;     // Format RangeInverse, else RangeLinear
  double near_m = 0, far_m = 0;  // both 0 = fitted to the scene
  // GDepth: 16-bit grey PNG, else 8-bit RGBA with R = G = B (as Lens Blur). Dynamic Depth: 16-bit
  // grey PNG, else 8-bit grey PNG.
  bool depth_16bit = false;
  std::string units = "m";        // GDepth:Units as given, "" = no field (Dynamic Depth always "Meters")
  bool gimage = true;             // GDepth: GImage:Data holds the colour; the primary is blurred
  size_t extended_chunk = 65000;  // Extended XMP bytes per APP1 segment (capped at 65458); small = many
  bool confidence = false;        // a confidence PNG: 255 except 0 in the leftmost 4 columns

  // Dynamic Depth
  bool optic_ray = false;              // MeasureType OpticRay: distance along the ray through the pixel centre
  bool device_in_extended_xmp = true;  // as Pixel phones; else in the main packet
  // 1..8: the depth item is an 8-bit grey JPEG with this EXIF tag (PNG has none), its pixels stored so
  // that item and photo, each turned upright by its own tag, show the same view.
  int depth_item_exif_orientation = 0;
  size_t item_padding = 0;  // zero bytes ending each appended item, counted in Item:Length
};

// Errors: InvalidArgument (an empty or inconsistent scene, options out of range), TooLarge (a main
// XMP packet that does not fit one segment), Internal (an encoder refused).
Result<std::vector<uint8_t>> write_depth_jpeg(const SyntheticScene& scene, const JpegWriteOptions& options);

// The range write_depth_jpeg stores: the options' own, or fitted to the scene (nearest and farthest
// sample widened by 1% so nothing clips; over ray distances with optic_ray). The disparity range is
// 1/far_m .. 1/near_m of the fitted Z range unless the options give one.
struct JpegDepthRange {
  double near_m = 0, far_m = 0;               // GDepth, Dynamic Depth
  double disparity_lo = 0, disparity_hi = 0;  // Apple
};
JpegDepthRange jpeg_depth_range(const SyntheticScene& scene, const JpegWriteOptions& options);

// Google's normalised value of a distance, clamped to [0, 1]: the stored sample is round(n * 255) or
// round(n * 65535). RangeInverse: n = far (z - near) / (z (far - near)); RangeLinear: (z - near) / (far - near).
double range_normalised(double z, bool range_inverse, double near, double far);

}  // namespace pxav
