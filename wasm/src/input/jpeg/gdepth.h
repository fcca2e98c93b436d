// Google Camera's "Lens Blur" JPEGs (GDepth, 2014): the depth map is a PNG or JPEG in base64 in
// the XMP (usually the extended packet, spread over many APP1 segments), with its Format
// (RangeInverse or RangeLinear), Near and Far; the primary is the blurred picture and the
// original, when kept, is GImage:Data. Lens Blur's depth comes from structure from motion, so
// unless GDepth:Units says metres the depth is reported as relative.
#pragma once

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/jpeg/jpeg_file.h"

namespace pxav {

inline constexpr std::string_view kGDepthNs = "http://ns.google.com/photos/1.0/depthmap/";
inline constexpr std::string_view kGImageNs = "http://ns.google.com/photos/1.0/image/";

bool has_gdepth(const JpegFile& file);
Result<DepthPhoto> read_gdepth(const JpegFile& file, const OpenOptions& options);

}  // namespace pxav
