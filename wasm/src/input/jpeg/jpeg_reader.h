// The reader for depth photos in JPEG files: Android's Dynamic Depth, Google's GDepth and
// Apple's MPF portrait JPEGs, told apart by their metadata in that order (a Dynamic Depth file
// may carry GDepth too, for older readers; Apple's MPF is found by its index). A JPEG with none
// of them is a photo without depth, and the error says so.
#pragma once

#include <span>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/reader.h"

namespace pxav {

Result<DepthPhoto> read_depth_jpeg(std::span<const uint8_t> bytes, const std::string& name, const OpenOptions& options);

bool jpeg_recognises(const Sniff& file);
Result<DepthPhoto> jpeg_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options);

inline constexpr Reader kJpegReader{"jpeg", nullptr, jpeg_recognises, jpeg_open, nullptr};

}  // namespace pxav
