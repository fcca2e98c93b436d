// A 3D camera's multi-picture file (CIPA DC-007 "MPO": Fujifilm W1/W3, Panasonic's 3D lens,
// Nintendo 3DS, Sony): JPEG images one after another, listed by the MPF index in the first. The
// images of type "multi-frame disparity" or "multi-angle" are the views, left to right in index
// order (the standard numbers viewpoints from the left); the first two become a stereo pair. The
// second image's MP attributes give the baseline, which info reports; the depth stays relative
// (the views' zero-parallax offset is not stored, so disparity does not give metres) unless the
// person gives a calibration.
#pragma once

#include <span>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/reader.h"

namespace pxav {

bool mpo_recognises(const Sniff& file);
Result<DepthPhoto> mpo_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                            const OpenOptions& options);

inline constexpr Reader kMpoReader{"mpo", kStereoSettings, mpo_recognises, mpo_open, nullptr};

}  // namespace pxav
