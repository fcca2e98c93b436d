// Android's Dynamic Depth 1.0 (2019; Pixel and other portrait JPEGs): the XMP describes a Device
// with Profiles, Cameras (each with its Image, DepthMap and ImagingModel) and a Container whose
// Directory lists items appended after the primary's end of image, found by walking their
// lengths. The depth item is the one whose DataURI the DepthMap's DepthURI names. Units Meters
// or Diopters (None: relative); MeasureType OpticRay is distance along the ray, turned into
// planar depth with the ImagingModel's intrinsics. An item stored turned (its own EXIF) is
// turned like the photo so the two stay registered.
#pragma once

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/jpeg/jpeg_file.h"

namespace pxav {

bool has_dynamic_depth(const JpegFile& file);
// Intel's XDM 1.0 (2016), Dynamic Depth's precursor: the same Device idea under other namespaces
// (ns.xdm.org). Not read; recognised so the message names it instead of "no depth map".
bool has_xdm(const JpegFile& file);
Result<DepthPhoto> read_dynamic_depth(const JpegFile& file, const OpenOptions& options);

}  // namespace pxav
