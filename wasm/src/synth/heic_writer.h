// Writes a synthetic scene as a HEIC file laid out like an iPhone portrait photo: an HEVC
// primary image (optionally as a grid of tiles, optionally rotated), and an 8-bit depth image
// attached as an auxiliary image ('auxl' reference, 'auxC' urn:mpeg:hevc:2015:auxid:2), with its
// representation in the auxC SEI (as Apple does) and/or Apple's XMP (apdi:, depthData:).
// Native only: it uses libheif's x265 encoder.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "depth/depth_encoding.h"
#include "synth/synthetic_scene.h"

namespace pxav {

struct HeicWriteOptions {
  DepthKind kind = DepthKind::Disparity;  // Disparity, InverseZ or Z
  double lo = 0, hi = 0;                  // range; 0/0 = fitted to the scene
  int colour_scale = 2;                   // primary image = depth size times this
  int tile_size = 0;                      // > 0: primary image as a grid of such tiles
  int thumbnail_size = 0;                 // > 0: add a thumbnail fitting this square
  int rotation_ccw = 0;                   // 0, 90, 180, 270: irot on the primary image
  bool rotate_depth_too = false;          // also put the irot on the depth item
  bool depth_info_sei = true;             // representation in the auxC SEI
  bool apple_xmp = true;                  // representation and intrinsics in XMP
  bool write_intrinsics = true;           // in the XMP, as Apple does
  bool cmin = false;                      // the HEIF camera intrinsics property on the photo
  bool lossless = true;
  bool with_depth = true;  // false: a photo without depth (no auxiliary image)
  // The scene's first focus hint as EXIF SubjectArea on the photo (in the stored primary's
  // pixels), as a phone records where it focused.
  bool subject_area = true;
};

Result<std::vector<uint8_t>> write_heic(const SyntheticScene& scene, const HeicWriteOptions& options);

// The stored 8-bit code of a metric depth under an encoding (the inverse of metric_depth.cpp).
uint8_t encode_depth_sample(double z, const DepthEncoding& encoding);

}  // namespace pxav
