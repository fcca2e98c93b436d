#include "person/face_detector.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>

#include "person/letterbox.h"
#include "person/person_decision.h"
#include "person/tflite_model.h"

namespace pxav {
namespace {

// BlazeFace short range as MediaPipe's face detection graph states it: SSD anchors over feature
// maps of strides 8, 16, 16, 16 (layers of one stride share a map: 16 x 16 cells of 2 anchors,
// 8 x 8 cells of 6), every anchor of unit size centred on its cell; the box values are offsets
// in input pixels (scale 128 for a 128-pixel input), centre x and y first, then width and height.
constexpr int kStrides[] = {8, 16, 16, 16};
constexpr int kAnchorsPerLayer = 2;  // aspect ratio 1 and the interpolated scale, same size when fixed
constexpr float kScoreClip = 100.0f;
// The head squares find_faces looks at, as shares of the person area's smaller side: the whole
// width, a full-body photo's head and shoulders (its face scores 0.95 there; in a square of half
// that width 0.66, and no face measured scored higher in it than elsewhere).
constexpr double kHeadShares[] = {1.0};

std::vector<FaceAnchor> ssd_anchors(int input_width, int input_height) {
  std::vector<FaceAnchor> anchors;
  const int layers = static_cast<int>(std::size(kStrides));
  for (int first = 0; first < layers;) {
    int last = first;
    while (last + 1 < layers && kStrides[last + 1] == kStrides[first]) ++last;
    const int stride = kStrides[first];
    const int per_cell = (last - first + 1) * kAnchorsPerLayer;
    const int rows = (input_height + stride - 1) / stride, cols = (input_width + stride - 1) / stride;
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < cols; ++x)
        for (int k = 0; k < per_cell; ++k)
          anchors.push_back({(x + 0.5f) / static_cast<float>(cols), (y + 0.5f) / static_cast<float>(rows)});
    first = last + 1;
  }
  return anchors;
}

RgbImage crop(const RgbImage& colour, const FaceRegion& r) {
  RgbImage out;
  out.width = r.width;
  out.height = r.height;
  out.pixels.resize(static_cast<size_t>(r.width) * r.height * 3);
  for (int y = 0; y < r.height; ++y)
    std::copy_n(colour.at(r.x, r.y + y), static_cast<size_t>(r.width) * 3,
                out.pixels.data() + static_cast<size_t>(y) * r.width * 3);
  return out;
}

double iou(const FaceBox& a, const FaceBox& b) {
  const double w = std::min(a.x + a.width / 2, b.x + b.width / 2) - std::max(a.x - a.width / 2, b.x - b.width / 2);
  const double h = std::min(a.y + a.height / 2, b.y + b.height / 2) - std::max(a.y - a.height / 2, b.y - b.height / 2);
  if (w <= 0 || h <= 0) return 0;
  const double both = w * h, either = a.width * a.height + b.width * b.height - both;
  return either > 0 ? both / either : 0;
}

bool usable(const FaceModel& model, const RgbImage& colour) {
  return model.input_width > 0 && model.input_height > 0 && !model.graph.steps.empty() && !colour.empty() &&
         colour.pixels.size() == static_cast<size_t>(colour.width) * colour.height * 3;
}

}  // namespace

Result<FaceModel> read_face_model(std::span<const uint8_t> tflite_bytes) {
  auto graph = tflite::read_tflite(tflite_bytes);
  if (!graph) return graph.error();
  auto runnable = prepare_graph(*graph);
  if (!runnable) return runnable.error();
  const tensor_ops::Extent in = runnable->extents[runnable->input];
  if (in.channels != 3)
    return make_error(ErrorCode::Unsupported, "the face model's input has " + std::to_string(in.channels) +
                                                  " channels; a face detector takes RGB (3)");
  FaceModel model;
  model.input_width = in.width;
  model.input_height = in.height;
  model.anchors = ssd_anchors(in.width, in.height);
  const int boxes = static_cast<int>(model.anchors.size());
  // Outputs [1, boxes, values] are kept as boxes x 1 x values (graph_run.h).
  const auto is = [&](int k, int values) {
    const tensor_ops::Extent e = runnable->extents[runnable->outputs[k]];
    return e.height == boxes && e.width == 1 && e.channels == values;
  };
  if (runnable->outputs.size() != 2 || in.width != 128 || in.height != 128)
    return make_error(ErrorCode::Unsupported,
                      "the face model is not BlazeFace short range (a 128 x 128 input, two "
                      "outputs: boxes and scores)");
  if (is(1, 1) && runnable->extents[runnable->outputs[0]].height == boxes) {
    model.boxes_output = 0;
    model.scores_output = 1;
  } else if (is(0, 1) && runnable->extents[runnable->outputs[1]].height == boxes) {
    model.boxes_output = 1;
    model.scores_output = 0;
  } else {
    return make_error(ErrorCode::Unsupported, "the face model's outputs are not " + std::to_string(boxes) +
                                                  " boxes and " + std::to_string(boxes) + " scores");
  }
  const tensor_ops::Extent box_values = runnable->extents[runnable->outputs[model.boxes_output]];
  if (box_values.width != 1 || box_values.channels < 4)
    return make_error(ErrorCode::Unsupported, "the face model gives fewer than 4 values a box");
  model.values_per_box = box_values.channels;
  model.graph = std::move(*runnable);
  return model;
}

FaceRegion head_region(const GreyImage& mask, int colour_width, int colour_height, double share) {
  if (mask.empty() || mask.pixels.size() != static_cast<size_t>(mask.width) * mask.height || colour_width <= 0 ||
      colour_height <= 0)
    return {};
  int left = mask.width, right = -1, top = mask.height, bottom = -1;
  for (int y = 0; y < mask.height; ++y)
    for (int x = 0; x < mask.width; ++x)
      if (mask.at(x, y) >= kPersonLevel) {
        left = std::min(left, x), right = std::max(right, x);
        top = std::min(top, y), bottom = std::max(bottom, y);
      }
  if (right < 0) return {};
  // The head: the top of the area, centred on the columns its upper part covers (arms and a
  // wide stance widen the box, not the head).
  const int side = std::max(1, static_cast<int>(std::lround(std::min(right - left + 1, bottom - top + 1) * share)));
  double sum = 0, count = 0;
  for (int y = top; y < std::min(bottom + 1, top + std::max(1, side / 2)); ++y)
    for (int x = left; x <= right; ++x)
      if (mask.at(x, y) >= kPersonLevel) sum += x + 0.5, count += 1;
  const double sx = static_cast<double>(colour_width) / mask.width,
               sy = static_cast<double>(colour_height) / mask.height;
  const double centre_x = sum / count * sx;
  const int s = static_cast<int>(std::lround(side * sx));
  FaceRegion r;
  r.width = r.height = std::min({s, colour_width, colour_height});
  if (r.width < 16) return {};
  r.x = std::clamp(static_cast<int>(std::lround(centre_x - r.width / 2.0)), 0, colour_width - r.width);
  // A little above the area's top: the hair may fall below the level.
  r.y = std::clamp(static_cast<int>(std::lround(top * sy - 0.05 * r.height)), 0, colour_height - r.height);
  return r;
}

std::vector<FaceBox> run_face_model(const FaceModel& model, const RgbImage& colour, const FaceRegion& region,
                                    float min_score) {
  std::vector<FaceBox> found;
  if (!usable(model, colour) || region.width <= 0 || region.height <= 0 || region.x < 0 || region.y < 0 ||
      region.x + region.width > colour.width || region.y + region.height > colour.height)
    return found;
  const bool whole = region.width == colour.width && region.height == colour.height;
  const RgbImage part = whole ? RgbImage{} : crop(colour, region);
  const RgbImage& image = whole ? colour : part;
  const Letterbox box = fit_letterbox(image.width, image.height, model.input_width, model.input_height);
  std::vector<float> input = letterbox_input(image, box, model.input_width, model.input_height);
  for (float& v : input) v = v * 2.0f - 1.0f;  // the model takes -1..1
  const std::vector<std::vector<float>> out = run_graph_outputs(model.graph, std::move(input));
  const std::vector<float>& values = out[model.boxes_output];
  const std::vector<float>& scores = out[model.scores_output];
  // Input pixels -> the region's pixels -> the colour's.
  const double to_x = static_cast<double>(region.width) / box.width,
               to_y = static_cast<double>(region.height) / box.height;
  for (size_t i = 0; i < model.anchors.size(); ++i) {
    const float logit = std::clamp(scores[i], -kScoreClip, kScoreClip);
    const float score = 1.0f / (1.0f + std::exp(-logit));
    if (!(score >= min_score)) continue;
    const float* v = values.data() + i * model.values_per_box;
    const double cx = v[0] + model.anchors[i].x * model.input_width;  // input pixels
    const double cy = v[1] + model.anchors[i].y * model.input_height;
    FaceBox f;
    f.x = region.x + (cx - box.left) * to_x;
    f.y = region.y + (cy - box.top) * to_y;
    f.width = v[2] * to_x;
    f.height = v[3] * to_y;
    f.score = score;
    if (std::isfinite(f.x) && std::isfinite(f.y) && f.width > 0 && f.height > 0) found.push_back(f);
  }
  return found;
}

std::vector<FaceBox> merge_faces(std::vector<FaceBox> boxes, double min_iou) {
  std::stable_sort(boxes.begin(), boxes.end(), [](const FaceBox& a, const FaceBox& b) { return a.score > b.score; });
  std::vector<FaceBox> merged;
  std::vector<bool> taken(boxes.size(), false);
  for (size_t i = 0; i < boxes.size(); ++i) {
    if (taken[i]) continue;
    FaceBox sum{};
    double weight = 0;
    for (size_t j = i; j < boxes.size(); ++j) {
      if (taken[j] || (j != i && iou(boxes[i], boxes[j]) <= min_iou)) continue;
      taken[j] = true;
      const double w = boxes[j].score;
      sum.x += boxes[j].x * w, sum.y += boxes[j].y * w;
      sum.width += boxes[j].width * w, sum.height += boxes[j].height * w;
      weight += w;
    }
    FaceBox f{sum.x / weight, sum.y / weight, sum.width / weight, sum.height / weight, boxes[i].score};
    merged.push_back(f);
  }
  return merged;
}

std::vector<FaceBox> find_faces(const FaceModel& model, const RgbImage& colour, const GreyImage* person_mask,
                                float min_score) {
  if (!usable(model, colour)) return {};
  std::vector<FaceBox> boxes = run_face_model(model, colour, FaceRegion{0, 0, colour.width, colour.height}, min_score);
  if (person_mask) {
    for (const double share : kHeadShares) {
      const FaceRegion head = head_region(*person_mask, colour.width, colour.height, share);
      if (head.width > 0 && !(head.width == colour.width && head.height == colour.height)) {
        std::vector<FaceBox> more = run_face_model(model, colour, head, min_score);
        boxes.insert(boxes.end(), more.begin(), more.end());
      }
    }
  }
  return merge_faces(std::move(boxes));
}

std::vector<SubjectHint> detect_faces(const FaceModel& model, const RgbImage& colour, const GreyImage* person_mask,
                                      float min_score) {
  std::vector<SubjectHint> hints;
  for (const FaceBox& f : find_faces(model, colour, person_mask, min_score)) {
    SubjectHint h;
    h.kind = SubjectHint::Kind::Face;
    h.source = "face-model";
    h.x = f.x, h.y = f.y, h.width = f.width, h.height = f.height;
    hints.push_back(std::move(h));
  }
  return hints;
}

}  // namespace pxav
