// Quantises the subject's depth into a few flat layers, the "cardboard cut-out" look of the
// avatar: layer 0 is the nearest, layers are evenly spaced in true metres between the subject's
// robust near and far depth (Foreground::near_m / far_m). The renderer multiplies the spacing by
// an exaggeration factor so a face a few centimetres deep still reads as relief.
#pragma once

#include "core/result.h"

namespace pxav {

constexpr int kMinLayers = 2;
constexpr int kMaxLayers = 64;
constexpr int kDefaultLayers = 12;
constexpr double kDefaultExaggeration = 2.0;

struct LayerSpacing {
  double near_m = 0;  // planar depth of layer 0
  double step_m = 0;  // true depth between two neighbouring layers; 0 for a flat subject
  int count = 0;
};

// Errors: InvalidArgument for a count outside kMinLayers..kMaxLayers or a range that is not
// finite, positive and ordered (near_m <= far_m).
Result<LayerSpacing> layer_spacing(double near_m, double far_m, int count);

// The layer nearest to depth z, clamped to 0..count-1: non-decreasing in z, so a farther
// sample never lands on a nearer layer.
int layer_of(const LayerSpacing& spacing, double z_m);

}  // namespace pxav
