// Rectified stereo pairs with known disparity, rendered from geometry: a textured background
// plane, a plane slanted in depth (its disparity grows across it) and a box in front that
// occludes part of the background in the right view. Each surface carries its own random
// texture, sampled continuously (bilinear on a 2-pixel lattice), so sub-pixel disparities are
// what the two views really show. The tests score the matcher against the exact disparity.
#pragma once

#include <vector>

#include "core/image.h"

namespace pxav {

struct StereoScene {
  RgbImage left, right;
  std::vector<float> disparity;  // the left view's true disparity, per pixel
  // 1 where the disparity can be checked: visible in both views and at least `margin` pixels
  // from any depth edge or the image border.
  std::vector<uint8_t> checkable;
  double focal_px = 0, baseline_m = 0;  // Z = focal_px * baseline_m / disparity
  int num_disparities = 0;              // a search range that covers the scene
};

// texture_seed: another value gives other textures (an unrelated scene). box_dx, box_dy: the box
// moved by this many pixels (its texture moves with it), to render a view after something in the
// scene moved.
StereoScene make_stereo_scene(int width, int height, int margin = 4, int texture_seed = 0, double box_dx = 0,
                              double box_dy = 0);

// Two views of the same size in one image, `first` on the left: a side-by-side stereo image (left,
// right) or a cross-eyed one (right, left).
RgbImage side_by_side_image(const RgbImage& first, const RgbImage& second);

}  // namespace pxav
