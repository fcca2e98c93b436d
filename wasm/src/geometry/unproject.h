// Lifts a metric depth map into 3D with the pinhole model: each pixel centre (u, v) at planar
// depth Z becomes ((u - cx) Z / fx, -(v - cy) Z / fy, -Z) in the y-up, looking-down -z frame of
// point_set.h. Colours come from the registered colour image.
#pragma once

#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"
#include "geometry/point_set.h"

namespace pxav {

Result<PointSet> unproject(const DepthMap& depth, const RgbImage& colour, const Intrinsics& camera);

}  // namespace pxav
