// A stereo pair given as two image files (PNG, PPM, JPEG): the left view and the right view,
// told apart by role (the CLI's --right names the right one; the other is the left), with a
// calibration from the "stereo" reader settings (the CLI's --stereo or --calib). It reads the two
// views; the pipeline's stereo stage (stereo/views_to_depth.h) turns them into depth.
#pragma once

#include <span>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/reader.h"

namespace pxav {

bool stereo_pair_recognises(const Sniff& file);
Result<DepthPhoto> stereo_pair_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                                    const OpenOptions& options);

inline constexpr Reader kStereoPairReader{"stereo", kStereoSettings, stereo_pair_recognises, stereo_pair_open, nullptr};

}  // namespace pxav
