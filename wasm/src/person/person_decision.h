// Whether a person model's answer is used for the subject. The selfie segmenter marks the salient
// foreground of every photo, pets, vases, toys and fans included, often at over 90% confidence
// over a fifth of the frame (measured: docs/PERSON_MODEL.md), so area and confidence cannot tell
// a person. A face can: the cut takes the mask only when a face (one the camera found, or the
// face detector's) lies inside a confident area of some size. Otherwise the subject is cut from
// depth alone, so a pug, a vase or a cup is never cut away for not being a person.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/subject_hint.h"

namespace pxav {

// Confidence >= this (of 255) counts as "person" for the area and the cut's mask.
constexpr int kPersonLevel = 128;
// A person: a face inside at least this share of the frame at kPersonLevel, with at least this
// mean confidence there (0..1).
constexpr double kPersonMinShare = 0.005;
constexpr double kPersonMinConfidence = 0.80;

// The face detector's faces that count for the decision (find_person): BlazeFace takes the
// faces of dogs and a pug, a fan, toy pigs and a cup for faces at 0.54 to 0.85 (measured:
// docs/PERSON_MODEL.md), the full-body photo's face scores 0.95. MediaPipe's own threshold, 0.5,
// serves video, where a face is tracked; a single photo's decision needs a surer face.
constexpr float kPersonFaceMinScore = 0.9f;

struct PersonFinding {
  GreyImage confidence;        // the model's answer: the depth map's size, upright, 0..255
  bool found = false;          // the answer is a person: the cut uses it
  double area_share = 0;       // share of the frame at kPersonLevel or above
  double mean_confidence = 0;  // over that area, 0..1
  bool face_inside = false;    // a face's centre (a hint of kind Face) lies in that area
  std::string reason;          // one sentence for info and the page: why it is used or not
  // The face detector's faces (source "face-model"), depth pixels, upright; they join the hints
  // for the decision only.
  std::vector<SubjectHint> faces;
};

// Judges the model's confidence map (the depth map's size, upright) with the photo's hints
// (upright, depth pixels), faces among them.
PersonFinding judge_person(GreyImage confidence, std::span<const SubjectHint> hints);

}  // namespace pxav
