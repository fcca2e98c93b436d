// The subject without a matte, as one optimisation: every pixel of a reduced depth grid is
// labelled subject or background by a minimum cut of one energy (Boykov-Kolmogorov max-flow,
// Boost.Graph). Its per-pixel terms come from depth (the subject's depth against the
// background's, re-learned from each cut), colour (GrabCut-style Gaussian mixtures, re-learned
// the same way), where the camera focused and where faces are (SubjectHint), and a person mask
// when one is given; its pairwise term is a contrast-sensitive smoothness on colour and depth
// edges. The edge is then refined at the depth map's full size.
#pragma once

#include <span>

#include "avatar/colour_mixture.h"
#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"
#include "core/subject_hint.h"

namespace pxav {

struct SubjectCutInputs {
  const DepthMap* depth = nullptr;  // required, metres (any monotonic scale works)
  const Intrinsics* camera =
      nullptr;  // for the depth map's size (tells a floor from a wall); null: the default field of view
  const RgbImage* colour = nullptr;        // optional, the depth map's size
  const GreyImage* person_mask = nullptr;  // optional, the depth map's size, 255 = person
  std::span<const SubjectHint> hints;      // upright, in depth pixels
};

// The labelling the cut starts from (255 = subject), the depth map's size: what GrabCut's
// initial box is to GrabCut. Public so the benchmark can start OpenCV's grabCut from it.
Result<GreyImage> subject_cut_seed(const SubjectCutInputs& in);

// The side of the cut's cells in depth pixels: the precision of its edge before refinement.
int subject_cut_cell_size(const DepthMap& depth);

struct SubjectCut {
  GreyImage mask;  // the depth map's size, 255 = subject (only where depth is valid)
  // The colour models of the last cut's two sides (empty without colour), for pixels whose
  // neighbourhood shows only one side's colour.
  ColourMixture subject_colours, background_colours;
};

Result<SubjectCut> cut_subject(const SubjectCutInputs& in);

}  // namespace pxav
