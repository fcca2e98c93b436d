// A TFLite graph (person/tflite_model.h) made ready to run, and running it: every tensor's size
// worked out from the operators and checked against the sizes the file declares, weights put in
// the order the kernels read (person/tensor_ops.h), and a limit on size and work, so a model
// that passes prepare_graph runs without surprises. Errors: Unsupported (a shape or an option we
// do not run, named), Corrupt (the file contradicts itself), TooLarge (past the limits below).
// Tensors are of rank 4 with a batch of one, RESHAPE's and CONCATENATION's also of rank 2 or 3:
// [1, n, c] is kept as n x 1 x c, [1, c] as 1 x 1 x c.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "person/tensor_ops.h"
#include "person/tflite_model.h"

namespace pxav {

// Limits for any model we are handed: the selfie segmenter needs 0.3 M values for its largest
// tensor and 0.05 G multiply-adds a run.
inline constexpr int64_t kMaxTensorValues = int64_t{1} << 22;
inline constexpr int64_t kMaxMultiplyAdds = int64_t{1} << 30;

struct GraphStep {
  tflite::OpKind kind = tflite::OpKind::Add;
  int input = -1, second = -1, output = -1;  // tensor indices; second: ADD and MUL's other operand
  tensor_ops::Extent in, out;
  int64_t second_count = 0;  // values of `second`: all of in, one per channel, or one
  tensor_ops::Window window;
  tensor_ops::Activation activation = tensor_ops::Activation::None;
  int depth_multiplier = 1;
  bool align_corners = false, half_pixel_centers = false;
  std::vector<float> weights, bias;  // convolutions: weights as the kernel reads them
  tensor_ops::Padding padding;       // PAD
  // CONCATENATION: its inputs in order, the values each gives per run, and the runs.
  std::vector<int> sources;
  std::vector<int64_t> source_inner;
  int64_t outer = 1;
};

struct RunnableGraph {
  std::vector<GraphStep> steps;
  std::vector<tensor_ops::Extent> extents;    // per tensor
  std::vector<std::vector<float>> constants;  // per tensor; the constant operands of ADD and MUL
  std::vector<int> last_use;                  // per tensor: the last step that reads it
  int input = -1, output = -1;
  std::vector<int> outputs;  // every output of the model, in the file's order; outputs[0] == output
  int64_t multiply_adds = 0;
};

Result<RunnableGraph> prepare_graph(const tflite::Graph& graph);

// Runs the graph on input (graph.extents[graph.input].size() values) and returns the output's values.
std::vector<float> run_graph(const RunnableGraph& graph, std::vector<float> input);
// The same for a model of several outputs (the face detector's boxes and scores): every output's
// values, in graph.outputs' order.
std::vector<std::vector<float>> run_graph_outputs(const RunnableGraph& graph, std::vector<float> input);

}  // namespace pxav
