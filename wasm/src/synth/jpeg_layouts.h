// The three depth JPEG layouts write_depth_jpeg (synth/jpeg_writer.h) chooses between, one file
// each: Apple's portrait JPEG (jpeg_apple_mpf.cpp), Google's Lens Blur (jpeg_gdepth.cpp) and
// Android's Dynamic Depth (jpeg_dynamic_depth.cpp). Each takes a checked scene, the range to store
// and the primary's colour at its final size. Internal to synth/.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "synth/jpeg_writer.h"
#include "synth/synthetic_scene.h"

namespace pxav::jpeg_synth {

// Disparity and (optionally) the portrait matte as further JPEGs indexed by an MPF segment.
Result<std::vector<uint8_t>> write_apple_mpf(const SyntheticScene& s, const JpegWriteOptions& o,
                                             const JpegDepthRange& r, const RgbImage& colour);
// The depth map as a base64 PNG in Extended XMP (GDepth), the original photo in GImage:Data.
Result<std::vector<uint8_t>> write_gdepth(const SyntheticScene& s, const JpegWriteOptions& o, const JpegDepthRange& r,
                                          const RgbImage& colour);
// A Device tree in XMP, the depth map (and confidence) appended after the primary image.
Result<std::vector<uint8_t>> write_dynamic_depth(const SyntheticScene& s, const JpegWriteOptions& o,
                                                 const JpegDepthRange& r, const RgbImage& colour);

}  // namespace pxav::jpeg_synth
