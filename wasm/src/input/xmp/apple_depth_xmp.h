// Reads the Apple depth fields we use from the XMP packet attached to a depth image (in a HEIC
// file, or an MPF image of a portrait JPEG): the stored range (apdi:FloatMinValue/FloatMaxValue,
// and IntMinValue/IntMaxValue where present), what the samples mean (apdi:AuxiliaryImageType:
// disparity or depth) and the camera calibration (depthData:IntrinsicMatrix, stored column by
// column, for IntrinsicMatrixReferenceWidth/Height). It also tells Apple's mattes (portrait
// effects, semantic segmentation) apart by their own namespaces: a matte is never depth, even
// when its apdi type says so. Everything else in the packet is ignored and never leaves here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/camera.h"

namespace pxav {

inline constexpr std::string_view kAppleDepthDataNs = "http://ns.apple.com/depthData/1.0/";
inline constexpr std::string_view kApplePixelDataInfoNs = "http://ns.apple.com/pixeldatainfo/1.0/";
inline constexpr std::string_view kApplePortraitMatteNs = "http://ns.apple.com/portraitEffectsMatte/1.0/";
inline constexpr std::string_view kAppleSegmentationMatteNs = "http://ns.apple.com/semanticSegmentationMatte/1.0/";

struct AppleDepthXmp {
  std::optional<double> float_min, float_max;
  std::optional<double> int_min, int_max;
  std::string auxiliary_image_type;      // "disparity", "depth" or empty
  std::optional<Intrinsics> intrinsics;  // at the reference size, not yet rescaled
  bool has_depth_data = false;           // any property of Apple's depthData namespace
  std::string matte;                     // "" (not a matte), "portrait-effects", "semantic-segmentation"

  bool is_depth() const {
    return matte.empty() && has_depth_data && (auxiliary_image_type == "disparity" || auxiliary_image_type == "depth");
  }
};

// A packet that is not well-formed XML gives an empty result (no range, no calibration).
AppleDepthXmp parse_apple_depth_xmp(std::string_view xmp);

}  // namespace pxav
