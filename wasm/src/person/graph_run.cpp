#include "person/graph_run.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

namespace pxav {
namespace {

using tensor_ops::Extent;
using tflite::OpKind;

std::string shape_text(const std::vector<int>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(shape[i]);
  }
  s += ']';
  return s;
}

// Computed tensors are images: [1, height, width, channels].
Result<Extent> image_extent(const tflite::Tensor& t) {
  if (t.shape.size() != 4 || t.shape[0] != 1 || t.shape[1] < 1 || t.shape[2] < 1 || t.shape[3] < 1)
    return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + t.name + "' has shape " + shape_text(t.shape) +
                                                  "; we run [1, height, width, channels] tensors");
  const Extent e{t.shape[1], t.shape[2], t.shape[3]};
  if (e.size() > kMaxTensorValues)
    return make_error(ErrorCode::TooLarge,
                      "the TFLite tensor '" + t.name + "' " + shape_text(t.shape) + " is larger than we run");
  return e;
}

tensor_ops::Activation activation_of(tflite::Activation a) {
  switch (a) {
    case tflite::Activation::Relu: return tensor_ops::Activation::Relu;
    case tflite::Activation::Relu6: return tensor_ops::Activation::Relu6;
    default: return tensor_ops::Activation::None;
  }
}

Error mismatch(const tflite::Operator& op, const tflite::Tensor& t, const std::string& what) {
  return make_error(ErrorCode::Unsupported, std::string("a TFLite ") + tflite::op_kind_name(op.kind) + "'s " + what +
                                                " ('" + t.name + "', " + shape_text(t.shape) +
                                                ") is not what the operator needs");
}

// OHWI -> HWIO: the kernels' innermost loop runs along output channels.
std::vector<float> to_hwio(const std::vector<float>& ohwi, int o_count, int h_count, int w_count, int i_count) {
  std::vector<float> hwio(ohwi.size());
  for (int o = 0; o < o_count; ++o)
    for (int h = 0; h < h_count; ++h)
      for (int w = 0; w < w_count; ++w)
        for (int i = 0; i < i_count; ++i)
          hwio[((static_cast<size_t>(h) * w_count + w) * i_count + i) * o_count + o] =
              ohwi[((static_cast<size_t>(o) * h_count + h) * w_count + w) * i_count + i];
  return hwio;
}

// OHWI -> HWOI: the transposed convolution's innermost loop runs along input channels.
std::vector<float> to_hwoi(const std::vector<float>& ohwi, int o_count, int h_count, int w_count, int i_count) {
  std::vector<float> hwoi(ohwi.size());
  for (int o = 0; o < o_count; ++o)
    for (int h = 0; h < h_count; ++h)
      for (int w = 0; w < w_count; ++w)
        for (int i = 0; i < i_count; ++i)
          hwoi[((static_cast<size_t>(h) * w_count + w) * o_count + o) * i_count + i] =
              ohwi[((static_cast<size_t>(o) * h_count + h) * w_count + w) * i_count + i];
  return hwoi;
}

// RESHAPE's and CONCATENATION's tensors may be of rank 2 to 4, a batch of one: [1, n, c] is kept
// as n x 1 x c and [1, c] as 1 x 1 x c, the values in the same row-major order.
Result<Extent> value_extent(const tflite::Tensor& t) {
  const auto& s = t.shape;
  if (s.size() == 4) return image_extent(t);
  if ((s.size() != 2 && s.size() != 3) || s[0] != 1 || s[1] < 1 || s.back() < 1)
    return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + t.name + "' has shape " + shape_text(t.shape) +
                                                  "; we run tensors of rank 2 to 4 with a batch of one");
  const Extent e = s.size() == 3 ? Extent{s[1], 1, s[2]} : Extent{1, 1, s[1]};
  if (e.size() > kMaxTensorValues)
    return make_error(ErrorCode::TooLarge,
                      "the TFLite tensor '" + t.name + "' " + shape_text(t.shape) + " is larger than we run");
  return e;
}

// CONCATENATION: the runs and each input's values per run, from the declared shapes.
Status prepare_concatenation(const tflite::Graph& g, const tflite::Operator& op, GraphStep& step) {
  const std::vector<int>& out_shape = g.tensors[step.output].shape;
  const int rank = static_cast<int>(out_shape.size());
  const int axis = op.axis < 0 ? op.axis + rank : op.axis;
  if (axis < 1 || axis >= rank)
    return make_error(ErrorCode::Unsupported,
                      "a TFLite CONCATENATION joins along axis " + std::to_string(op.axis) + ", which we do not run");
  if (op.activation != tflite::Activation::None)
    return make_error(ErrorCode::Unsupported, "a TFLite CONCATENATION fuses an activation, which we do not run");
  int64_t along = 0;
  for (int t : op.inputs) {
    if (t < 0) return make_error(ErrorCode::Corrupt, "a TFLite CONCATENATION leaves out an input");
    const tflite::Tensor& in = g.tensors[t];
    if (in.shape.size() != out_shape.size()) return mismatch(op, in, "input");
    for (int d = 0; d < rank; ++d)
      if (d != axis && in.shape[d] != out_shape[d]) return mismatch(op, in, "input");
    int64_t inner = 1;
    for (int d = axis; d < rank; ++d) inner *= in.shape[d];
    along += in.shape[axis];
    step.sources.push_back(t);
    step.source_inner.push_back(inner);
  }
  if (along != out_shape[axis]) return mismatch(op, g.tensors[step.output], "output");
  step.outer = 1;
  for (int d = 0; d < axis; ++d) step.outer *= out_shape[d];
  return Done{};
}

// PAD: constant int32 paddings [rank][2], none on the batch, none negative.
Status prepare_pad(const tflite::Graph& g, const tflite::Operator& op, GraphStep& step) {
  if (op.inputs.size() < 2 || op.inputs[1] < 0 || g.tensors[op.inputs[1]].integers.size() != 8)
    return make_error(ErrorCode::Unsupported, "a TFLite PAD has no constant paddings for a 4-D tensor");
  const auto& p = g.tensors[op.inputs[1]].integers;
  for (int v : p)
    if (v < 0 || v > (1 << 16)) return make_error(ErrorCode::Unsupported, "a TFLite PAD has a padding out of range");
  if (p[0] != 0 || p[1] != 0) return make_error(ErrorCode::Unsupported, "a TFLite PAD pads the batch");
  if (step.out.height != step.in.height + p[2] + p[3] || step.out.width != step.in.width + p[4] + p[5] ||
      step.out.channels != step.in.channels + p[6] + p[7])
    return mismatch(op, g.tensors[step.output], "output");
  step.padding = tensor_ops::Padding{p[2], p[4], p[6]};
  return Done{};
}

bool valid_step(int v) { return v >= 1 && v <= 1024; }

// Convolutions of all three kinds: weights, bias, window and output size.
Status prepare_convolution(const tflite::Graph& g, const tflite::Operator& op, GraphStep& step) {
  if (op.inputs.size() < 2 || op.inputs[1] < 0 || !g.tensors[op.inputs[1]].constant)
    return make_error(ErrorCode::Unsupported,
                      std::string("a TFLite ") + tflite::op_kind_name(op.kind) + " has no constant weights");
  const tflite::Tensor& w = g.tensors[op.inputs[1]];
  if (w.shape.size() != 4 || w.values.empty()) return mismatch(op, w, "weights");
  const int kh = w.shape[1], kw = w.shape[2];
  if (!valid_step(op.stride_h) || !valid_step(op.stride_w) || !valid_step(op.dilation_h) ||
      !valid_step(op.dilation_w) || !valid_step(kh) || !valid_step(kw))
    return make_error(ErrorCode::Unsupported, std::string("a TFLite ") + tflite::op_kind_name(op.kind) +
                                                  " has a stride, dilation or kernel size out of range");
  int outs = 0;
  if (op.kind == OpKind::DepthwiseConv2d) {
    outs = w.shape[3];
    if (w.shape[0] != 1 || outs % step.in.channels != 0) return mismatch(op, w, "weights");
    step.depth_multiplier = outs / step.in.channels;
    step.weights = w.values;  // [1][kh][kw][out]: already the kernel's order
  } else {
    outs = w.shape[0];
    if (w.shape[3] != step.in.channels) return mismatch(op, w, "weights");
    step.weights = op.kind == OpKind::TransposeConvBias ? to_hwoi(w.values, outs, kh, kw, w.shape[3])
                                                        : to_hwio(w.values, outs, kh, kw, w.shape[3]);
  }
  step.bias.assign(outs, 0.0f);
  if (op.inputs.size() >= 3 && op.inputs[2] >= 0) {
    const tflite::Tensor& b = g.tensors[op.inputs[2]];
    if (!b.constant || static_cast<int>(b.values.size()) != outs) return mismatch(op, b, "bias");
    step.bias = b.values;
  }
  tensor_ops::Window& win = step.window;
  win.kernel_h = kh;
  win.kernel_w = kw;
  win.stride_h = op.stride_h;
  win.stride_w = op.stride_w;
  tensor_ops::AxisPlan rows, cols;
  if (op.kind == OpKind::TransposeConvBias) {
    rows = tensor_ops::plan_transposed_axis(step.in.height, kh, op.stride_h, op.same_padding);
    cols = tensor_ops::plan_transposed_axis(step.in.width, kw, op.stride_w, op.same_padding);
  } else {
    win.dilation_h = op.dilation_h;
    win.dilation_w = op.dilation_w;
    rows = tensor_ops::plan_axis(step.in.height, kh, op.stride_h, op.dilation_h, op.same_padding);
    cols = tensor_ops::plan_axis(step.in.width, kw, op.stride_w, op.dilation_w, op.same_padding);
  }
  win.pad_top = rows.pad_before;
  win.pad_left = cols.pad_before;
  if (step.out.height != rows.output || step.out.width != cols.output || step.out.channels != outs)
    return mismatch(op, g.tensors[op.outputs[0]], "output");
  return Done{};
}

}  // namespace

Result<RunnableGraph> prepare_graph(const tflite::Graph& g) {
  if (g.inputs.size() != 1 || g.outputs.empty() || g.outputs.size() > 8)
    return make_error(ErrorCode::Unsupported, "the TFLite model has " + std::to_string(g.inputs.size()) +
                                                  " inputs and " + std::to_string(g.outputs.size()) +
                                                  " outputs; we run one input and one to eight outputs");
  const int count = static_cast<int>(g.tensors.size());
  RunnableGraph run;
  run.extents.resize(count);
  run.constants.resize(count);
  run.last_use.assign(count, -1);
  run.input = g.inputs[0];
  run.output = g.outputs[0];
  run.outputs = g.outputs;
  if (g.tensors[run.input].constant) return make_error(ErrorCode::Corrupt, "the TFLite model's input is a constant");
  std::vector<bool> ready(count, false);
  auto input_extent = image_extent(g.tensors[run.input]);
  if (!input_extent) return input_extent.error();
  run.extents[run.input] = *input_extent;
  ready[run.input] = true;

  for (const tflite::Operator& op : g.operators) {
    GraphStep step;
    step.kind = op.kind;
    step.input = op.inputs[0];
    step.output = op.outputs[0];
    step.activation = activation_of(op.activation);
    const tflite::Tensor& out_tensor = g.tensors[step.output];
    if (ready[step.output] || out_tensor.constant)
      return make_error(ErrorCode::Corrupt,
                        "a TFLite operator writes the tensor '" + out_tensor.name + "', which is already set");
    const bool any_rank = op.kind == OpKind::Reshape || op.kind == OpKind::Concatenation;
    auto out_extent = any_rank ? value_extent(out_tensor) : image_extent(out_tensor);
    if (!out_extent) return out_extent.error();
    step.out = *out_extent;

    if (op.kind == OpKind::Concatenation) {
      for (int t : op.inputs)
        if (t < 0 || g.tensors[t].constant || !ready[t])
          return make_error(ErrorCode::Unsupported,
                            "a TFLite CONCATENATION reads a constant or a tensor no operator "
                            "computed before it");
      if (auto s = prepare_concatenation(g, op, step); !s) return s.error();
      step.in = run.extents[step.input];
      for (int t : step.sources) run.last_use[t] = static_cast<int>(run.steps.size());
    } else if (op.kind == OpKind::Add || op.kind == OpKind::Mul) {
      // The full-size operand first; the other may be a constant, a per-channel or a single value.
      if (op.inputs.size() != 2 || op.inputs[1] < 0)
        return make_error(ErrorCode::Corrupt,
                          std::string("a TFLite ") + tflite::op_kind_name(op.kind) + " has other than two inputs");
      int a = op.inputs[0], b = op.inputs[1];
      const auto values = [&](int t) { return g.tensors[t].element_count(); };
      if (values(a) < values(b)) std::swap(a, b);
      for (int t : {a, b})
        if (!g.tensors[t].constant && !ready[t])
          return make_error(ErrorCode::Corrupt, "a TFLite operator reads the tensor '" + g.tensors[t].name +
                                                    "' before any operator computes it");
      if (g.tensors[a].constant || values(a) != step.out.size()) return mismatch(op, g.tensors[a], "first input");
      const int64_t nb = values(b);
      if (nb != step.out.size() && nb != step.out.channels && nb != 1)
        return mismatch(op, g.tensors[b], "second input");
      if (!g.tensors[b].constant && run.extents[b].size() != nb) return mismatch(op, g.tensors[b], "second input");
      step.input = a;
      step.second = b;
      step.second_count = nb;
      step.in = step.out;
      if (g.tensors[b].constant) {
        if (g.tensors[b].values.empty()) return mismatch(op, g.tensors[b], "second input");
        run.constants[b] = g.tensors[b].values;
      } else {
        run.last_use[b] = static_cast<int>(run.steps.size());
      }
    } else {
      const tflite::Tensor& in_tensor = g.tensors[step.input];
      if (in_tensor.constant || !ready[step.input])
        return make_error(ErrorCode::Corrupt, "a TFLite operator reads the tensor '" + in_tensor.name +
                                                  "' before any operator computes it");
      step.in = run.extents[step.input];
      switch (op.kind) {
        case OpKind::Conv2d:
        case OpKind::DepthwiseConv2d:
        case OpKind::TransposeConvBias:
          if (auto s = prepare_convolution(g, op, step); !s) return s.error();
          break;
        case OpKind::AveragePool2d:
        case OpKind::MaxPool2d: {
          if (!valid_step(op.filter_h) || !valid_step(op.filter_w) || !valid_step(op.stride_h) ||
              !valid_step(op.stride_w))
            return make_error(ErrorCode::Unsupported, std::string("a TFLite ") + tflite::op_kind_name(op.kind) +
                                                          " has a window or stride out of range");
          step.window.kernel_h = op.filter_h;
          step.window.kernel_w = op.filter_w;
          step.window.stride_h = op.stride_h;
          step.window.stride_w = op.stride_w;
          const auto rows = tensor_ops::plan_axis(step.in.height, op.filter_h, op.stride_h, 1, op.same_padding);
          const auto cols = tensor_ops::plan_axis(step.in.width, op.filter_w, op.stride_w, 1, op.same_padding);
          step.window.pad_top = rows.pad_before;
          step.window.pad_left = cols.pad_before;
          if (step.out.height != rows.output || step.out.width != cols.output || step.out.channels != step.in.channels)
            return mismatch(op, out_tensor, "output");
          break;
        }
        case OpKind::ResizeBilinear: {
          if (op.inputs.size() < 2 || op.inputs[1] < 0 || g.tensors[op.inputs[1]].integers.size() != 2)
            return make_error(ErrorCode::Unsupported, "a TFLite RESIZE_BILINEAR has no constant output size");
          const auto& size = g.tensors[op.inputs[1]].integers;
          if (size[0] != step.out.height || size[1] != step.out.width || step.out.channels != step.in.channels)
            return mismatch(op, out_tensor, "output");
          step.align_corners = op.align_corners;
          step.half_pixel_centers = op.half_pixel_centers;
          break;
        }
        case OpKind::Relu:
        case OpKind::HardSwish:
        case OpKind::Logistic:
        case OpKind::Reshape:
          if (step.out.size() != step.in.size()) return mismatch(op, out_tensor, "output");
          break;
        case OpKind::Pad:
          if (auto s = prepare_pad(g, op, step); !s) return s.error();
          break;
        default: break;
      }
    }
    run.last_use[step.input] = static_cast<int>(run.steps.size());
    // Work: multiply-adds of the convolutions, one per value for the rest.
    int64_t work = step.out.size();
    if (op.kind == OpKind::Conv2d)
      work = step.out.size() * step.window.kernel_h * step.window.kernel_w * step.in.channels;
    else if (op.kind == OpKind::DepthwiseConv2d || op.kind == OpKind::AveragePool2d || op.kind == OpKind::MaxPool2d)
      work = step.out.size() * step.window.kernel_h * step.window.kernel_w;
    else if (op.kind == OpKind::TransposeConvBias)
      work = step.in.size() * step.window.kernel_h * step.window.kernel_w * step.out.channels;
    run.multiply_adds += work;
    if (run.multiply_adds > kMaxMultiplyAdds)
      return make_error(ErrorCode::TooLarge, "the TFLite model needs more work a run than we allow");
    run.extents[step.output] = step.out;
    ready[step.output] = true;
    run.steps.push_back(std::move(step));
  }
  for (int t : run.outputs)
    if (!ready[t] || t == run.input)
      return make_error(ErrorCode::Corrupt,
                        "no TFLite operator computes the model's output '" + g.tensors[t].name + "'");
  return run;
}

namespace {

struct Block {
  std::unique_ptr<float[]> data;
  int64_t capacity = 0;
};

// Tensors' memory for one run: freed tensors' blocks are handed to later ones, uninitialised (every
// kernel writes all of its output), so a run neither zero-fills nor maps fresh pages per step.
class Buffers {
 public:
  Block take(int64_t size) {
    size_t best = spare_.size();
    for (size_t i = 0; i < spare_.size(); ++i)
      if (spare_[i].capacity >= size && (best == spare_.size() || spare_[i].capacity < spare_[best].capacity)) best = i;
    if (best == spare_.size()) return Block{std::unique_ptr<float[]>(new float[std::max<int64_t>(size, 1)]), size};
    Block block = std::move(spare_[best]);
    spare_.erase(spare_.begin() + static_cast<std::ptrdiff_t>(best));
    return block;
  }
  void give(Block block) {
    if (block.data) spare_.push_back(std::move(block));
  }

 private:
  std::vector<Block> spare_;
};

// Runs every step; returns every tensor's memory, the outputs' filled (the rest handed on).
std::vector<Block> execute(const RunnableGraph& graph, std::vector<float> input) {
  const auto is_output = [&](int t) {
    return t == graph.output || std::find(graph.outputs.begin(), graph.outputs.end(), t) != graph.outputs.end();
  };
  Buffers buffers;
  std::vector<Block> values(graph.extents.size());
  values[graph.input] = buffers.take(static_cast<int64_t>(input.size()));
  std::copy(input.begin(), input.end(), values[graph.input].data.get());
  for (size_t s = 0; s < graph.steps.size(); ++s) {
    const GraphStep& step = graph.steps[s];
    const int here = static_cast<int>(s);
    const float* in = values[step.input].data.get();
    // Element-wise steps (and a reshape, which only renames) work in their input's memory when
    // nothing reads it later.
    const bool element_wise = step.kind == OpKind::Relu || step.kind == OpKind::HardSwish ||
                              step.kind == OpKind::Logistic || step.kind == OpKind::Add || step.kind == OpKind::Mul ||
                              step.kind == OpKind::Reshape;
    const bool reuse = element_wise && step.out.size() == step.in.size() && graph.last_use[step.input] == here &&
                       !is_output(step.input) && step.second != step.input;
    Block out = reuse ? std::move(values[step.input]) : buffers.take(step.out.size());
    float* o = out.data.get();
    const int64_t n = step.out.size();
    switch (step.kind) {
      case OpKind::Relu:
      case OpKind::HardSwish:
      case OpKind::Logistic:
        if (!reuse) std::copy(in, in + n, o);
        if (step.kind == OpKind::Relu)
          tensor_ops::relu(o, n);
        else if (step.kind == OpKind::HardSwish)
          tensor_ops::hard_swish(o, n);
        else
          tensor_ops::logistic(o, n);
        break;
      case OpKind::Reshape:
        if (!reuse) std::copy(in, in + n, o);
        break;
      case OpKind::Add:
      case OpKind::Mul: {
        const float* b =
            graph.constants[step.second].empty() ? values[step.second].data.get() : graph.constants[step.second].data();
        const float* a = reuse ? o : in;
        if (step.kind == OpKind::Add)
          tensor_ops::add(a, n, b, step.second_count, step.activation, o);
        else
          tensor_ops::mul(a, n, b, step.second_count, step.activation, o);
        break;
      }
      case OpKind::Conv2d:
        tensor_ops::conv2d(in, step.in, step.weights.data(), step.bias.data(), step.window, step.activation, o,
                           step.out);
        break;
      case OpKind::DepthwiseConv2d:
        tensor_ops::depthwise_conv2d(in, step.in, step.weights.data(), step.bias.data(), step.window,
                                     step.depth_multiplier, step.activation, o, step.out);
        break;
      case OpKind::TransposeConvBias:
        tensor_ops::transpose_conv2d(in, step.in, step.weights.data(), step.bias.data(), step.window, o, step.out);
        break;
      case OpKind::AveragePool2d:
        tensor_ops::average_pool2d(in, step.in, step.window, step.activation, o, step.out);
        break;
      case OpKind::ResizeBilinear:
        tensor_ops::resize_bilinear(in, step.in, step.align_corners, step.half_pixel_centers, o, step.out);
        break;
      case OpKind::MaxPool2d: tensor_ops::max_pool2d(in, step.in, step.window, step.activation, o, step.out); break;
      case OpKind::Pad: tensor_ops::pad(in, step.in, step.padding, o, step.out); break;
      case OpKind::Concatenation: {
        std::vector<const float*> parts;
        for (int t : step.sources) parts.push_back(values[t].data.get());
        tensor_ops::concatenate(parts.data(), step.source_inner.data(), static_cast<int>(parts.size()), step.outer, o);
        break;
      }
    }
    values[step.output] = std::move(out);
    // Hand on what no later step reads.
    for (int t : {step.input, step.second})
      if (t >= 0 && !is_output(t) && graph.last_use[t] == here) buffers.give(std::move(values[t]));
    for (int t : step.sources)
      if (!is_output(t) && graph.last_use[t] == here) buffers.give(std::move(values[t]));
  }
  return values;
}

std::vector<float> copy_of(const RunnableGraph& graph, const std::vector<Block>& values, int t) {
  const float* v = values[t].data.get();
  return std::vector<float>(v, v + graph.extents[t].size());
}

}  // namespace

std::vector<float> run_graph(const RunnableGraph& graph, std::vector<float> input) {
  return copy_of(graph, execute(graph, std::move(input)), graph.output);
}

std::vector<std::vector<float>> run_graph_outputs(const RunnableGraph& graph, std::vector<float> input) {
  const std::vector<Block> values = execute(graph, std::move(input));
  std::vector<std::vector<float>> outputs;
  for (int t : graph.outputs) outputs.push_back(copy_of(graph, values, t));
  return outputs;
}

}  // namespace pxav
