// The depth samples Google's two layouts (GDepth, Dynamic Depth) store, and their confidence map.
// Internal to the JPEG fixture writers in synth/.
#pragma once

#include <cstdint>
#include <vector>

#include "core/camera.h"
#include "core/image.h"
#include "synth/jpeg_writer.h"
#include "synth/synthetic_scene.h"

namespace pxav::jpeg_synth {

// What the layout stores at (x, y): Z, or with optic_ray the distance along the ray through the
// pixel centre (Dynamic Depth's OpticRay).
double stored_measure(const SyntheticScene& s, const Intrinsics& k, int x, int y, bool optic_ray);

// Google's samples: n scaled to full scale; invalid depth stores 0.
std::vector<uint16_t> google_samples(const SyntheticScene& s, const JpegWriteOptions& o, const JpegDepthRange& r,
                                     int full_scale);

// 8-bit grey pixels of samples already scaled to 255.
GreyImage grey_of(int w, int h, const std::vector<uint16_t>& v);

// 255 except 0 in the leftmost 4 columns (JpegWriteOptions::confidence).
GreyImage confidence_map(int w, int h);

}  // namespace pxav::jpeg_synth
