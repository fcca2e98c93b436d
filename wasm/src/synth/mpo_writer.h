// A stereo pair written as a 3D camera's multi-picture file (CIPA DC-007 "MPO"): the left view
// as a JPEG whose APP2 "MPF" segment indexes both images (type "multi-frame disparity"), the
// right view's JPEG straight after it with its own MP attributes (individual number, base
// viewpoint, convergence angle, baseline). The fixture of the MPO reader's tests. Native only.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace pxav {

Result<std::vector<uint8_t>> write_stereo_mpo(const RgbImage& left, const RgbImage& right, double baseline_m,
                                              int quality = 95);

}  // namespace pxav
