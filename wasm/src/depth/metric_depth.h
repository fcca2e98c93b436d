// Turns stored depth samples into planar depth in metres, whatever the input kind stored:
// disparity (Apple), inverse Z or Z ranges (ISO 23002-3), Google's RangeInverse / RangeLinear
// (GDepth, Dynamic Depth), scaled integers (TUM), Kinect raw disparity, stereo disparity in
// pixels, and distance along the ray (Blender's Z pass, Dynamic Depth's OpticRay) converted to
// planar depth with the intrinsics. Invalid samples become NaN.
#pragma once

#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"
#include "depth/depth_encoding.h"

namespace pxav {

Status validate(const DepthEncoding& encoding);

Result<DepthMap> to_metric_depth(const RawDepth& raw, const DepthEncoding& encoding, const Intrinsics& camera);

}  // namespace pxav
