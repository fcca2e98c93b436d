// The person model's pre- and post-processing: the photo fitted into the model's square input
// with its aspect kept (a letterbox: the photo scaled and centred, the bars black), and the
// model's confidence cropped back to the photo's part and scaled to the size the caller wants.
// Both scale each axis apart: area averaging when shrinking, bilinear (pixel centres aligned)
// when enlarging. Plain float arithmetic and no library calls beyond floor, so both builds agree.
#pragma once

#include <vector>

#include "core/image.h"

namespace pxav {

// Where the photo sits in the model's input, in the input's pixels.
struct Letterbox {
  int left = 0, top = 0, width = 0, height = 0;
};

Letterbox fit_letterbox(int image_width, int image_height, int model_width, int model_height);

// The model's input: model_width x model_height pixels of R, G, B in 0..1, black outside the box.
std::vector<float> letterbox_input(const RgbImage& colour, const Letterbox& box, int model_width, int model_height);

// The box's part of a model_width x model_height plane of confidences (0..1), scaled to
// out_width x out_height and quantised to 0..255.
GreyImage unletterbox_mask(const std::vector<float>& confidence, int model_width, int model_height,
                           const Letterbox& box, int out_width, int out_height);

}  // namespace pxav
