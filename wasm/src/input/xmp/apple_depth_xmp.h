// Reads the few Apple depth fields we use from the XMP packet attached to a depth image:
// the stored range (apdi:FloatMinValue/FloatMaxValue), what the samples mean
// (apdi:AuxiliaryImageType: disparity or depth) and the camera calibration
// (depthData:IntrinsicMatrix, stored column by column, for IntrinsicMatrixReferenceWidth/Height).
// Everything else in the packet (dates, software, lens tables) is ignored and never leaves here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/camera.h"

namespace pxav {

struct AppleDepthXmp {
  std::optional<double> float_min, float_max;
  std::string auxiliary_image_type;      // "disparity", "depth" or empty
  std::optional<Intrinsics> intrinsics;  // at the reference size, not yet rescaled
};

AppleDepthXmp parse_apple_depth_xmp(std::string_view xmp);

}  // namespace pxav
