// A stereo pair as a HEIF stereo file laid out like Apple's spatial photos, for tests and the
// CLI's samples. Native only: it uses libheif's x265 encoder.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "synth/stereo_scene.h"

namespace pxav {

// A stereo pair as a HEIF stereo file laid out like Apple's spatial photos: two HEVC images, the
// left one primary, in a 'ster' entity group (left first), each with the camera intrinsics
// ('cmin') and its position ('cmex': the right view `baseline_m` to the right of the left one).
// Coded losslessly, so the views are the scene's own pixels and its disparity the truth.
struct StereoHeicOptions {
  bool calibration = true;     // cmin and cmex on both views
  int group_views = 2;         // 1: a group that names the left view only
  uint32_t second_entity = 0;  // non-zero: the group names this id instead of the right view
};

Result<std::vector<uint8_t>> write_stereo_heic(const StereoScene& scene, const StereoHeicOptions& options);

}  // namespace pxav
