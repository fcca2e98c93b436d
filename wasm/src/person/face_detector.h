// Faces in a photo: Google's MediaPipe BlazeFace short-range detector (a TensorFlow Lite model,
// fetched at set-up from the npm package @mediapipe/face_detection, never linked in) run by the
// person model's kernels (person/graph_run.h). The person decision (person/person_decision.h)
// needs a face inside the segmenter's confident area, and most photos carry no face the camera
// found; this gives every photo its faces.
//
// The short-range model sees faces that fill a good part of its 128 x 128 input, so besides the
// whole photo it looks at a square around the top of the person mask (the head of a full-body
// photo is small in the whole frame), and the boxes of both runs are merged.
// docs/PERSON_MODEL.md has the model, its licence and the measured figures.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "core/subject_hint.h"
#include "person/graph_run.h"

namespace pxav {

// An SSD anchor: the centre of the cell a prediction is relative to, in 0..1 of the input.
struct FaceAnchor {
  float x = 0, y = 0;
};

struct FaceModel {
  int input_width = 0, input_height = 0;
  RunnableGraph graph;
  int boxes_output = 0, scores_output = 1;  // which of graph.outputs holds what
  int values_per_box = 0;                   // 16: centre, size and six key points
  std::vector<FaceAnchor> anchors;          // one per box
};

// Reads and checks a .tflite (BlazeFace short range: input 128 x 128 x 3, outputs 896 x 16 box
// values and 896 x 1 scores). Errors: those of read_person_model, and Unsupported when the
// inputs or outputs are not those shapes.
Result<FaceModel> read_face_model(std::span<const uint8_t> tflite_bytes);

// A face in the colour's pixels (continuous: pixel (i, j) covers [i, i + 1) x [j, j + 1)).
struct FaceBox {
  double x = 0, y = 0;           // centre
  double width = 0, height = 0;  // extent
  float score = 0;               // the model's confidence, 0..1
};

// MediaPipe's threshold for a face.
constexpr float kFaceMinScore = 0.5f;

// The faces in an upright colour image. person_mask (optional, 0..255, any size, the same frame
// as the colour) adds the run on the square around the top of its area at kPersonLevel. Faces of
// both runs are merged (weighted non-maximum suppression) and come back best first. An empty
// model or image gives none.
std::vector<FaceBox> find_faces(const FaceModel& model, const RgbImage& colour, const GreyImage* person_mask,
                                float min_score = kFaceMinScore);

// The same as subject hints: kind Face, source "face-model", centre and box in the colour's pixels.
std::vector<SubjectHint> detect_faces(const FaceModel& model, const RgbImage& colour, const GreyImage* person_mask,
                                      float min_score = kFaceMinScore);

// ---- find_faces' steps, for the benchmark and the tests -------------------------------------
// A rectangle of the colour, in its pixels.
struct FaceRegion {
  int x = 0, y = 0, width = 0, height = 0;
};
// The square around the top of the mask's area (the head of a standing person), its side
// `share` of the area's smaller side, clipped to the frame and scaled to the colour's pixels;
// width 0 when the mask has no such area.
FaceRegion head_region(const GreyImage& person_mask, int colour_width, int colour_height, double share = 1.0);
// One run of the model on a region of the colour: every box scoring min_score or more, in the
// colour's pixels, not yet merged.
std::vector<FaceBox> run_face_model(const FaceModel& model, const RgbImage& colour, const FaceRegion& region,
                                    float min_score);
// Weighted non-maximum suppression: boxes overlapping the best remaining one by more than
// min_iou join it, averaged by score; the group keeps the best's score.
std::vector<FaceBox> merge_faces(std::vector<FaceBox> boxes, double min_iou = 0.3);

}  // namespace pxav
