#include "person/person_model.h"

#include <string>
#include <utility>

#include "person/tflite_model.h"

namespace pxav {

Result<PersonModel> read_person_model(std::span<const uint8_t> tflite_bytes) {
  auto graph = tflite::read_tflite(tflite_bytes);
  if (!graph) return graph.error();
  auto runnable = prepare_graph(*graph);
  if (!runnable) return runnable.error();
  if (runnable->outputs.size() != 1)
    return make_error(ErrorCode::Unsupported, "the model has " + std::to_string(runnable->outputs.size()) +
                                                  " outputs; a person segmenter gives one confidence map");
  const tensor_ops::Extent in = runnable->extents[runnable->input];
  const tensor_ops::Extent out = runnable->extents[runnable->output];
  if (in.channels != 3)
    return make_error(ErrorCode::Unsupported, "the model's input has " + std::to_string(in.channels) +
                                                  " channels; a person segmenter takes RGB (3)");
  if (out.channels != 1 || out.height != in.height || out.width != in.width)
    return make_error(ErrorCode::Unsupported, "the model's output is " + std::to_string(out.width) + "x" +
                                                  std::to_string(out.height) + "x" + std::to_string(out.channels) +
                                                  "; a person segmenter gives one confidence per input pixel (" +
                                                  std::to_string(in.width) + "x" + std::to_string(in.height) + "x1)");
  PersonModel model;
  model.input_width = in.width;
  model.input_height = in.height;
  model.graph = std::move(*runnable);
  return model;
}

PersonModelInput person_model_input(const PersonModel& model, const RgbImage& colour) {
  PersonModelInput input;
  input.box = fit_letterbox(colour.width, colour.height, model.input_width, model.input_height);
  input.values = letterbox_input(colour, input.box, model.input_width, model.input_height);
  return input;
}

std::vector<float> run_person_model(const PersonModel& model, std::vector<float> input) {
  return run_graph(model.graph, std::move(input));
}

GreyImage person_mask(const PersonModel& model, const std::vector<float>& confidence, const Letterbox& box,
                      int out_width, int out_height) {
  return unletterbox_mask(confidence, model.input_width, model.input_height, box, out_width, out_height);
}

Result<GreyImage> segment_person(const PersonModel& model, const RgbImage& colour, int out_width, int out_height) {
  if (model.input_width <= 0 || model.input_height <= 0 || model.graph.steps.empty())
    return make_error(ErrorCode::InvalidArgument, "no person model is loaded");
  if (colour.empty() || colour.pixels.size() != static_cast<size_t>(colour.width) * colour.height * 3)
    return make_error(ErrorCode::InvalidArgument, "the photo has no colour to find a person in");
  constexpr int kMaxSide = 1 << 14;
  if (out_width <= 0 || out_height <= 0 || out_width > kMaxSide || out_height > kMaxSide)
    return make_error(ErrorCode::InvalidArgument, "the person mask's size " + std::to_string(out_width) + "x" +
                                                      std::to_string(out_height) + " is out of range");
  PersonModelInput input = person_model_input(model, colour);
  const std::vector<float> confidence = run_person_model(model, std::move(input.values));
  return person_mask(model, confidence, input.box, out_width, out_height);
}

}  // namespace pxav
