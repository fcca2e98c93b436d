// Who in the photo is a person: Google's MediaPipe selfie segmenter (a TensorFlow Lite model,
// fetched at set-up from the npm package @mediapipe/selfie_segmentation, never linked in) run by
// our own kernels, natively and in wasm alike. read_person_model checks and prepares the model
// once; segment_person runs it on a photo and gives a confidence mask at the size asked for.
// docs/PERSON_MODEL.md has the model, its licence, the operators and the measured figures.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "person/face_detector.h"
#include "person/graph_run.h"
#include "person/letterbox.h"

namespace pxav {

// The graph with float32 weights, plain data.
struct PersonModel {
  int input_width = 0, input_height = 0;
  RunnableGraph graph;
  // The face detector travels with the segmenter: the decision needs a face, and most photos
  // carry none the camera found. Loaded apart (read_face_model); without it only the camera's
  // faces count.
  std::optional<FaceModel> faces;
};

// Reads and checks a .tflite (the MediaPipe selfie segmenter); errors: UnsupportedFormat (not a TFLite model),
// Corrupt (fails verification), Unsupported (an operator or tensor type we do not run: named; input/output shape not
// what we expect), TooLarge (tensors or work past graph_run.h's limits).
Result<PersonModel> read_person_model(std::span<const uint8_t> tflite_bytes);

// Runs the model on an upright colour image of any size: letterboxes it into the model's input
// (aspect kept), runs, undoes the letterbox and resizes the confidence to out_width x out_height.
// 0..255 = how sure the model is that the pixel shows a person. Errors: InvalidArgument (an empty
// model or image, an output size out of range).
Result<GreyImage> segment_person(const PersonModel& model, const RgbImage& colour, int out_width, int out_height);

// ---- segment_person's three steps, for the benchmark and the tests ------------------------------
struct PersonModelInput {
  std::vector<float> values;  // input_width x input_height x RGB in 0..1
  Letterbox box;              // where the photo sits in it
};
PersonModelInput person_model_input(const PersonModel& model, const RgbImage& colour);
// The confidence, input_width x input_height values in 0..1.
std::vector<float> run_person_model(const PersonModel& model, std::vector<float> input);
GreyImage person_mask(const PersonModel& model, const std::vector<float>& confidence, const Letterbox& box,
                      int out_width, int out_height);

}  // namespace pxav
