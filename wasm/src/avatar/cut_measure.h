// How well a subject cut matches a reference mask (Apple's matte, or a generated scene's known
// subject): intersection over union at depth resolution, and the avatar cells that lie mostly
// outside it. bench/cut_score and the subject-cut tests both measure with these.
#pragma once

#include <cstddef>

#include "avatar/build_avatar.h"
#include "core/image.h"

namespace pxav {

// IoU of the cut (!= 0) and the reference (>= 128, where the depth is valid).
double cut_iou(const DepthMap& depth, const GreyImage& cut, const GreyImage& reference);
// Avatar cells whose sampled subject pixels lie mostly outside the reference.
size_t cells_outside(const AvatarBuild& b, const DepthMap& depth, const GreyImage& reference);

}  // namespace pxav
