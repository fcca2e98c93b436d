// The common output of every input kind: what a depth photo holds once its container is read.
// HEIC files, colour + depth image pairs, and later stereo pairs or portrait JPEGs each become a
// DepthPhoto; everything downstream (metric depth, points, avatars) reads only this struct.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/camera.h"
#include "core/image.h"
#include "depth/depth_encoding.h"

namespace pxav {

// What the container said, for `pixel-avatar info` and the page. No EXIF, XMP or GPS beyond this.
struct PhotoInfo {
  std::string container;            // "heic", "rgbd"
  int photo_width = 0, photo_height = 0;  // primary image, after rotation and crop
  int tiles_x = 1, tiles_y = 1;     // grid layout of the primary image
  bool has_thumbnail = false;
  int depth_width = 0, depth_height = 0;
  int depth_bit_depth = 0;
  std::vector<std::string> auxiliary_types;  // e.g. "urn:mpeg:hevc:2015:auxid:2"
  std::string colour_source;        // "tiles", "thumbnail", "primary", "input"
};

struct DepthPhoto {
  RawDepth depth;              // as stored, orientation applied
  DepthEncoding encoding;
  Intrinsics camera;           // refers to the depth image's resolution
  RgbImage colour;             // registered with depth, same width and height
  std::optional<GreyImage> portrait_matte;  // Apple's portrait-effects matte, resized to depth
  PhotoInfo info;
};

}  // namespace pxav
