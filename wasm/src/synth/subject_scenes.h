// Scenes for measuring the subject cut without a matte: each has a subject (a person, a hand, an object)
// whose pixels are known exactly, and the things a depth-only cut gets wrong in real photos: a
// chair back right behind the head, a door frame beside the subject, a table behind it, a wall
// close behind with a far room beside it, a body that leans away and leaves through the bottom
// edge. Depth is "soft" at every silhouette, as phone depth is (a 3x3 mean across each
// discontinuity), while the colour stays sharp: the ground truth is the sharp silhouette.
#pragma once

#include <string_view>
#include <vector>

#include "synth/synthetic_scene.h"

namespace pxav {

// The names, in a fixed order: person, hand, leaning, chair, door-frame, table, near-wall,
// wall-behind (a wall that touches the head in depth), standing (a whole person on a floor),
// ball-on-table (an object on a table top), focus-off-centre (a bottle the camera focused on,
// its hint in SyntheticScene::hints, with a nearer shelf at the frame's edge).
std::vector<std::string_view> subject_scene_names();

// The scene of that name at width x height depth pixels (portrait sizes suit the people), or an
// empty scene (width 0) for an unknown name.
SyntheticScene make_subject_scene(std::string_view name, int width = 240, int height = 320);

}  // namespace pxav
