#include "person/tflite_model.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "flatbuffers/flatbuffers.h"

namespace pxav::tflite {
namespace {

namespace fb = flatbuffers;

// A table's field n sits in vtable slot 4 + 2n (the FlatBuffers layout). The field numbers below
// are those of TensorFlow Lite's published schema (tensorflow/lite/schema/schema.fbs); a union
// field takes two numbers, its type byte first.
constexpr fb::voffset_t slot(int n) { return static_cast<fb::voffset_t>(4 + 2 * n); }

// Any table of the schema, read by field number. The reader below knows which field holds what.
struct Node : private fb::Table {
  template <class T>
  T scalar(int n, T fallback) const {
    return GetField<T>(slot(n), fallback);
  }
  template <class T>
  const fb::Vector<T>* vector(int n) const {
    return GetPointer<const fb::Vector<T>*>(slot(n));
  }
  const fb::Vector<fb::Offset<Node>>* tables(int n) const { return vector<fb::Offset<Node>>(n); }
  const fb::String* string(int n) const { return GetPointer<const fb::String*>(slot(n)); }
  const Node* table(int n) const { return GetPointer<const Node*>(slot(n)); }

  bool start(fb::Verifier& v) const { return VerifyTableStart(v); }
  template <class T>
  bool has_scalar(fb::Verifier& v, int n) const {
    return VerifyField<T>(v, slot(n), sizeof(T));
  }
  template <class T>
  bool has_vector(fb::Verifier& v, int n) const {
    return VerifyOffset(v, slot(n)) && v.VerifyVector(vector<T>(n));
  }
  bool has_string(fb::Verifier& v, int n) const { return VerifyOffset(v, slot(n)) && v.VerifyString(string(n)); }
  template <class Check>
  bool has_table(fb::Verifier& v, int n, Check check) const {
    return VerifyOffset(v, slot(n)) && (table(n) == nullptr || check(v, *table(n)));
  }
  template <class Check>
  bool has_tables(fb::Verifier& v, int n, Check check) const {
    if (!has_vector<fb::Offset<Node>>(v, n)) return false;
    if (const auto* list = tables(n)) {
      for (fb::uoffset_t i = 0; i < list->size(); ++i)
        if (!check(v, *list->Get(i))) return false;
    }
    return true;
  }
};

// ---- the schema subset: field numbers ------------------------------------------------------------
namespace model {
enum { version = 0, operator_codes = 1, subgraphs = 2, description = 3, buffers = 4 };
}
namespace opcode {
enum { deprecated_builtin_code = 0, custom_code = 1, version = 2, builtin_code = 3 };
}
namespace subgraph {
enum { tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4 };
}
namespace tensor {
enum { shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, is_variable = 5, sparsity = 6 };
}
namespace quantization {
enum { min = 0, max = 1, scale = 2, zero_point = 3 };
}
namespace op {
enum { opcode_index = 0, inputs = 1, outputs = 2, builtin_options_type = 3, builtin_options = 4, custom_options = 5 };
}
namespace buffer {
enum { data = 0, offset = 1, size = 2 };
}

// BuiltinOperator values.
enum Builtin : int32_t {
  kAdd = 0,
  kAveragePool2d = 1,
  kConcatenation = 2,
  kConv2d = 3,
  kDepthwiseConv2d = 4,
  kDequantize = 6,
  kLogistic = 14,
  kMaxPool2d = 17,
  kMul = 18,
  kRelu = 19,
  kRelu6 = 21,
  kReshape = 22,
  kResizeBilinear = 23,
  kCustom = 32,
  kMean = 40,
  kHardSwish = 117,
  kPad = 34,
};
// BuiltinOptions union members we read, and their fields.
enum OptionsType : uint8_t {
  kConv2dOptions = 1,
  kDepthwiseConv2dOptions = 2,
  kPool2dOptions = 5,
  kConcatenationOptions = 10,
  kAddOptions = 11,
  kResizeBilinearOptions = 15,
  kMulOptions = 21,
  kReducerOptions = 27,
};
namespace conv_options {
enum { padding = 0, stride_w = 1, stride_h = 2, activation = 3, dilation_w = 4, dilation_h = 5 };
}
namespace depthwise_options {
enum { padding = 0, stride_w = 1, stride_h = 2, depth_multiplier = 3, activation = 4, dilation_w = 5, dilation_h = 6 };
}
namespace pool_options {
enum { padding = 0, stride_w = 1, stride_h = 2, filter_w = 3, filter_h = 4, activation = 5 };
}
namespace concat_options {
enum { axis = 0, activation = 1 };
}
namespace add_options {
enum { activation = 0 };
}  // namespace add_options
namespace resize_options {
enum { align_corners = 2, half_pixel_centers = 3 };
}
namespace reducer_options {
enum { keep_dims = 0 };
}
// TensorType values.
enum Type : int8_t { kFloat32 = 0, kFloat16 = 1, kInt32 = 2 };

const char* builtin_name(int32_t code) {
  switch (code) {
    case kAdd: return "ADD";
    case kAveragePool2d: return "AVERAGE_POOL_2D";
    case kConcatenation: return "CONCATENATION";
    case kConv2d: return "CONV_2D";
    case kDepthwiseConv2d: return "DEPTHWISE_CONV_2D";
    case 5: return "DEPTH_TO_SPACE";
    case kDequantize: return "DEQUANTIZE";
    case 9: return "FULLY_CONNECTED";
    case kLogistic: return "LOGISTIC";
    case 16: return "LSTM";
    case kMaxPool2d: return "MAX_POOL_2D";
    case kMul: return "MUL";
    case kRelu: return "RELU";
    case kRelu6: return "RELU6";
    case kReshape: return "RESHAPE";
    case kResizeBilinear: return "RESIZE_BILINEAR";
    case 25: return "SOFTMAX";
    case 28: return "TANH";
    case kCustom: return "CUSTOM";
    case 34: return "PAD";
    case 39: return "TRANSPOSE";
    case kMean: return "MEAN";
    case 41: return "SUB";
    case 42: return "DIV";
    case 67: return "TRANSPOSE_CONV";
    case 97: return "RESIZE_NEAREST_NEIGHBOR";
    case 114: return "QUANTIZE";
    case kHardSwish: return "HARD_SWISH";
    default: return nullptr;
  }
}

const char* type_name(int8_t type) {
  static const char* const names[] = {"FLOAT32", "FLOAT16", "INT32",     "UINT8", "INT64",  "STRING",
                                      "BOOL",    "INT16",   "COMPLEX64", "INT8",  "FLOAT64"};
  return type >= 0 && type < 11 ? names[type] : "an unknown type";
}

// ---- verification: every field the reader touches, before it touches any ---------------------
// The options tables we read, field by field with each field's size (1: int8 or bool, 4: int32).
bool verify_options(fb::Verifier& v, const Node& t, uint8_t type) {
  static const std::vector<int> none;
  static const std::vector<int> conv = {1, 4, 4, 1, 4, 4}, depthwise = {1, 4, 4, 4, 1, 4, 4}, pool = {1, 4, 4, 4, 4, 1},
                                concat = {4, 1}, add = {1, 1}, mul = {1}, resize = {4, 4, 1, 1}, reducer = {1};
  const std::vector<int>& sizes = type == kConv2dOptions            ? conv
                                  : type == kDepthwiseConv2dOptions ? depthwise
                                  : type == kPool2dOptions          ? pool
                                  : type == kConcatenationOptions   ? concat
                                  : type == kAddOptions             ? add
                                  : type == kMulOptions             ? mul
                                  : type == kResizeBilinearOptions  ? resize
                                  : type == kReducerOptions         ? reducer
                                                                    : none;
  if (!t.start(v)) return false;
  for (size_t n = 0; n < sizes.size(); ++n)
    if (!(sizes[n] == 1 ? t.has_scalar<int8_t>(v, static_cast<int>(n)) : t.has_scalar<int32_t>(v, static_cast<int>(n))))
      return false;
  return v.EndTable();
}

bool verify_operator(fb::Verifier& v, const Node& t) {
  if (!(t.start(v) && t.has_scalar<uint8_t>(v, op::builtin_options_type))) return false;
  const uint8_t type = t.scalar<uint8_t>(op::builtin_options_type, 0);
  const auto options = [type](fb::Verifier& v, const Node& o) { return verify_options(v, o, type); };
  return t.has_scalar<uint32_t>(v, op::opcode_index) && t.has_vector<int32_t>(v, op::inputs) &&
         t.has_vector<int32_t>(v, op::outputs) && t.has_table(v, op::builtin_options, options) &&
         t.has_vector<uint8_t>(v, op::custom_options) && v.EndTable();
}

bool verify_quantization(fb::Verifier& v, const Node& t) {
  return t.start(v) && t.has_vector<float>(v, quantization::scale) && v.EndTable();
}

bool verify_tensor(fb::Verifier& v, const Node& t) {
  const auto any_table = [](fb::Verifier& v, const Node& n) { return n.start(v) && v.EndTable(); };
  return t.start(v) && t.has_vector<int32_t>(v, tensor::shape) && t.has_scalar<int8_t>(v, tensor::type) &&
         t.has_scalar<uint32_t>(v, tensor::buffer) && t.has_string(v, tensor::name) &&
         t.has_table(v, tensor::quantization, verify_quantization) && t.has_table(v, tensor::sparsity, any_table) &&
         v.EndTable();
}

bool verify_subgraph(fb::Verifier& v, const Node& t) {
  return t.start(v) && t.has_tables(v, subgraph::tensors, verify_tensor) &&
         t.has_vector<int32_t>(v, subgraph::inputs) && t.has_vector<int32_t>(v, subgraph::outputs) &&
         t.has_tables(v, subgraph::operators, verify_operator) && t.has_string(v, subgraph::name) && v.EndTable();
}

bool verify_opcode(fb::Verifier& v, const Node& t) {
  return t.start(v) && t.has_scalar<int8_t>(v, opcode::deprecated_builtin_code) &&
         t.has_string(v, opcode::custom_code) && t.has_scalar<int32_t>(v, opcode::builtin_code) && v.EndTable();
}

bool verify_buffer(fb::Verifier& v, const Node& t) {
  return t.start(v) && t.has_vector<uint8_t>(v, buffer::data) && t.has_scalar<uint64_t>(v, buffer::offset) &&
         v.EndTable();
}

bool verify_model(fb::Verifier& v, const Node& t) {
  return t.start(v) && t.has_scalar<uint32_t>(v, model::version) &&
         t.has_tables(v, model::operator_codes, verify_opcode) && t.has_tables(v, model::subgraphs, verify_subgraph) &&
         t.has_string(v, model::description) && t.has_tables(v, model::buffers, verify_buffer) && v.EndTable();
}

// ---- reading ---------------------------------------------------------------------------------------
float half_to_float(uint16_t h) {
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  float value;
  if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    value = mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else {
    value = std::ldexp(static_cast<float>(mantissa + 1024), exponent - 25);
  }
  return (h & 0x8000) ? -value : value;
}

std::vector<int> ints(const fb::Vector<int32_t>* list) {
  std::vector<int> out;
  if (list) out.assign(list->begin(), list->end());
  return out;
}

std::string text(const fb::String* s) { return s ? s->str() : std::string(); }

// The tensor's stored data in float32 (or int32), checked against its shape.
Status read_constant(int8_t type, const fb::Vector<uint8_t>& data, Tensor& out) {
  const int64_t count = out.element_count();
  const size_t size = type == kFloat16 ? 2 : 4;
  if (count < 0 || static_cast<uint64_t>(count) * size != data.size())
    return make_error(ErrorCode::Corrupt, "the TFLite tensor '" + out.name + "' holds " + std::to_string(data.size()) +
                                              " bytes, which does not match its shape");
  out.constant = true;
  const uint8_t* bytes = data.data();
  if (type == kInt32) {
    out.integers.resize(count);
    std::memcpy(out.integers.data(), bytes, count * 4);
    return Done{};
  }
  out.values.resize(count);
  if (type == kFloat32) {
    std::memcpy(out.values.data(), bytes, count * 4);
  } else {
    for (int64_t i = 0; i < count; ++i) {
      uint16_t h;
      std::memcpy(&h, bytes + 2 * i, 2);
      out.values[i] = half_to_float(h);
    }
  }
  for (float f : out.values)
    if (!std::isfinite(f))
      return make_error(ErrorCode::Corrupt, "the TFLite tensor '" + out.name + "' holds a value that is not finite");
  return Done{};
}

Status read_options(const Node& node, int32_t builtin, Operator& o) {
  const Node* opts = node.table(op::builtin_options);
  const uint8_t opts_type = node.scalar<uint8_t>(op::builtin_options_type, 0);
  const auto activation = [&](int field) -> Status {
    const int8_t a = opts->scalar<int8_t>(field, 0);
    if (a == 0)
      o.activation = Activation::None;
    else if (a == 1)
      o.activation = Activation::Relu;
    else if (a == 3)
      o.activation = Activation::Relu6;
    else
      return make_error(ErrorCode::Unsupported, "the TFLite model fuses an activation (" + std::to_string(a) +
                                                    ") we do not run into a " + op_kind_name(o.kind));
    return Done{};
  };
  const auto expect = [&](uint8_t wanted) { return opts != nullptr && opts_type == wanted; };
  switch (builtin) {
    case kConv2d:
      if (!expect(kConv2dOptions)) break;
      o.same_padding = opts->scalar<int8_t>(conv_options::padding, 0) == 0;
      o.stride_w = opts->scalar<int32_t>(conv_options::stride_w, 0);
      o.stride_h = opts->scalar<int32_t>(conv_options::stride_h, 0);
      o.dilation_w = opts->scalar<int32_t>(conv_options::dilation_w, 1);
      o.dilation_h = opts->scalar<int32_t>(conv_options::dilation_h, 1);
      return activation(conv_options::activation);
    case kDepthwiseConv2d:
      if (!expect(kDepthwiseConv2dOptions)) break;
      o.same_padding = opts->scalar<int8_t>(depthwise_options::padding, 0) == 0;
      o.stride_w = opts->scalar<int32_t>(depthwise_options::stride_w, 0);
      o.stride_h = opts->scalar<int32_t>(depthwise_options::stride_h, 0);
      o.depth_multiplier = opts->scalar<int32_t>(depthwise_options::depth_multiplier, 0);
      o.dilation_w = opts->scalar<int32_t>(depthwise_options::dilation_w, 1);
      o.dilation_h = opts->scalar<int32_t>(depthwise_options::dilation_h, 1);
      return activation(depthwise_options::activation);
    case kAveragePool2d:
    case kMaxPool2d:
      if (!expect(kPool2dOptions)) break;
      o.same_padding = opts->scalar<int8_t>(pool_options::padding, 0) == 0;
      o.stride_w = opts->scalar<int32_t>(pool_options::stride_w, 0);
      o.stride_h = opts->scalar<int32_t>(pool_options::stride_h, 0);
      o.filter_w = opts->scalar<int32_t>(pool_options::filter_w, 0);
      o.filter_h = opts->scalar<int32_t>(pool_options::filter_h, 0);
      return activation(pool_options::activation);
    case kAdd:
    case kMul:
      if (opts == nullptr || (opts_type != kAddOptions && opts_type != kMulOptions)) return Done{};
      return activation(add_options::activation);
    case kConcatenation:
      if (!expect(kConcatenationOptions)) break;
      o.axis = opts->scalar<int32_t>(concat_options::axis, 0);
      return activation(concat_options::activation);
    case kResizeBilinear:
      if (opts == nullptr || opts_type != kResizeBilinearOptions) return Done{};
      o.align_corners = opts->scalar<uint8_t>(resize_options::align_corners, 0) != 0;
      o.half_pixel_centers = opts->scalar<uint8_t>(resize_options::half_pixel_centers, 0) != 0;
      return Done{};
    default: return Done{};
  }
  return make_error(ErrorCode::Corrupt, std::string("a TFLite ") + op_kind_name(o.kind) + " has no options");
}

// Convolution2DTransposeBias keeps its parameters as three little-endian int32 in custom_options:
// padding (1 SAME, 2 VALID: TfLitePadding), stride width, stride height.
Status read_transpose_options(const fb::Vector<uint8_t>* custom, Operator& o) {
  if (custom == nullptr || custom->size() < 12)
    return make_error(ErrorCode::Corrupt, "a Convolution2DTransposeBias has no padding and strides in its options");
  int32_t v[3];
  std::memcpy(v, custom->data(), sizeof v);
  if (v[0] != 1 && v[0] != 2)
    return make_error(ErrorCode::Unsupported,
                      "a Convolution2DTransposeBias has padding " + std::to_string(v[0]) + " (neither SAME nor VALID)");
  o.same_padding = v[0] == 1;
  o.stride_w = v[1];
  o.stride_h = v[2];
  return Done{};
}

}  // namespace

const char* op_kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::Conv2d: return "CONV_2D";
    case OpKind::DepthwiseConv2d: return "DEPTHWISE_CONV_2D";
    case OpKind::TransposeConvBias: return "Convolution2DTransposeBias";
    case OpKind::Add: return "ADD";
    case OpKind::Mul: return "MUL";
    case OpKind::HardSwish: return "HARD_SWISH";
    case OpKind::Relu: return "RELU";
    case OpKind::Logistic: return "LOGISTIC";
    case OpKind::AveragePool2d: return "AVERAGE_POOL_2D";
    case OpKind::ResizeBilinear: return "RESIZE_BILINEAR";
    case OpKind::MaxPool2d: return "MAX_POOL_2D";
    case OpKind::Pad: return "PAD";
    case OpKind::Reshape: return "RESHAPE";
    case OpKind::Concatenation: return "CONCATENATION";
  }
  return "?";
}

int64_t Tensor::element_count() const {
  int64_t n = 1;
  for (int d : shape) {
    if (d < 0 || d > (1 << 24)) return -1;
    n *= d;
    if (n > (int64_t{1} << 31)) return -1;
  }
  return n;
}

Result<Graph> read_tflite(std::span<const uint8_t> bytes) {
  if (bytes.size() < 8 || std::memcmp(bytes.data() + 4, "TFL3", 4) != 0)
    return make_error(ErrorCode::UnsupportedFormat, "the model is not a TensorFlow Lite file (no TFL3 identifier)");
  if (bytes.size() >= (size_t{1} << 31))
    return make_error(ErrorCode::TooLarge, "the TensorFlow Lite file is 2 GB or larger");
  // FlatBuffers reads scalars in place: an aligned copy keeps every read aligned whatever the caller passed.
  std::vector<uint64_t> aligned((bytes.size() + 7) / 8);
  std::memcpy(aligned.data(), bytes.data(), bytes.size());
  const auto* base = reinterpret_cast<const uint8_t*>(aligned.data());

  fb::Verifier::Options limits;
  limits.max_depth = 16;
  limits.max_tables = 200000;
  fb::Verifier verifier(base, bytes.size(), limits);
  const auto root_offset = fb::ReadScalar<fb::uoffset_t>(base);
  if (root_offset < 8 || root_offset > bytes.size() - 4 || root_offset % 4 != 0)
    return make_error(ErrorCode::Corrupt, "the TensorFlow Lite file's root table lies outside the file");
  const Node& root = *reinterpret_cast<const Node*>(base + root_offset);
  if (!verify_model(verifier, root))
    return make_error(ErrorCode::Corrupt, "the TensorFlow Lite file is damaged (FlatBuffer verification failed)");

  const auto* subgraphs = root.tables(model::subgraphs);
  if (subgraphs == nullptr || subgraphs->size() != 1)
    return make_error(ErrorCode::Unsupported, "the TFLite model has " +
                                                  std::to_string(subgraphs ? subgraphs->size() : 0) +
                                                  " subgraphs; we run models of exactly one");
  const Node& sg = *subgraphs->Get(0);
  const auto* codes = root.tables(model::operator_codes);
  const auto* buffers = root.tables(model::buffers);
  const auto* tensors = sg.tables(subgraph::tensors);
  const auto* operators = sg.tables(subgraph::operators);
  if (tensors == nullptr || operators == nullptr || codes == nullptr)
    return make_error(ErrorCode::Corrupt, "the TFLite model has no tensors or no operators");

  Graph graph;
  graph.description = text(root.string(model::description));
  graph.inputs = ints(sg.vector<int32_t>(subgraph::inputs));
  graph.outputs = ints(sg.vector<int32_t>(subgraph::outputs));
  const int tensor_count = static_cast<int>(tensors->size());
  std::vector<int8_t> types(tensor_count);
  graph.tensors.resize(tensor_count);
  for (int i = 0; i < tensor_count; ++i) {
    const Node& t = *tensors->Get(i);
    Tensor& out = graph.tensors[i];
    out.name = text(t.string(tensor::name));
    out.shape = ints(t.vector<int32_t>(tensor::shape));
    if (out.element_count() < 0)
      return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + out.name + "' has a dynamic or huge shape");
    types[i] = t.scalar<int8_t>(tensor::type, kFloat32);
    if (types[i] != kFloat32 && types[i] != kFloat16 && types[i] != kInt32)
      return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + out.name + "' is of type " +
                                                    type_name(types[i]) + "; we run float32 and float16 models");
    if (t.table(tensor::sparsity) != nullptr)
      return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + out.name + "' is sparse");
    if (const Node* q = t.table(tensor::quantization);
        q && q->vector<float>(quantization::scale) && q->vector<float>(quantization::scale)->size() > 0)
      return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + out.name + "' is quantised");
    const uint32_t b = t.scalar<uint32_t>(tensor::buffer, 0);
    if (b == 0) continue;
    if (buffers == nullptr || b >= buffers->size())
      return make_error(ErrorCode::Corrupt, "the TFLite tensor '" + out.name + "' names a buffer that does not exist");
    const Node& buf = *buffers->Get(b);
    if (buf.scalar<uint64_t>(buffer::offset, 0) != 0)
      return make_error(ErrorCode::Unsupported, "the TFLite model keeps its data outside the FlatBuffer");
    const auto* data = buf.vector<uint8_t>(buffer::data);
    if (data == nullptr || data->size() == 0) continue;
    if (auto s = read_constant(types[i], *data, out); !s) return s.error();
  }
  const auto valid_tensor = [&](int i) { return i >= 0 && i < tensor_count; };
  for (int i : graph.inputs)
    if (!valid_tensor(i)) return make_error(ErrorCode::Corrupt, "the TFLite model's input is not one of its tensors");
  for (int i : graph.outputs)
    if (!valid_tensor(i)) return make_error(ErrorCode::Corrupt, "the TFLite model's output is not one of its tensors");

  for (fb::uoffset_t k = 0; k < operators->size(); ++k) {
    const Node& node = *operators->Get(k);
    const uint32_t code_index = node.scalar<uint32_t>(op::opcode_index, 0);
    if (code_index >= codes->size())
      return make_error(ErrorCode::Corrupt, "a TFLite operator names an operator code that does not exist");
    const Node& code = *codes->Get(code_index);
    const int32_t builtin = std::max<int32_t>(code.scalar<int8_t>(opcode::deprecated_builtin_code, 0),
                                              code.scalar<int32_t>(opcode::builtin_code, 0));
    Operator o;
    o.inputs = ints(node.vector<int32_t>(op::inputs));
    o.outputs = ints(node.vector<int32_t>(op::outputs));
    for (int i : o.inputs)
      if (i != -1 && !valid_tensor(i))
        return make_error(ErrorCode::Corrupt, "a TFLite operator reads a tensor that does not exist");
    for (int i : o.outputs)
      if (!valid_tensor(i))
        return make_error(ErrorCode::Corrupt, "a TFLite operator writes a tensor that does not exist");
    if (o.outputs.size() != 1 || o.inputs.empty() || o.inputs[0] < 0)
      return make_error(ErrorCode::Unsupported, "a TFLite operator has other than one output or no first input");
    switch (builtin) {
      case kConv2d: o.kind = OpKind::Conv2d; break;
      case kDepthwiseConv2d: o.kind = OpKind::DepthwiseConv2d; break;
      case kAdd: o.kind = OpKind::Add; break;
      case kMul: o.kind = OpKind::Mul; break;
      case kHardSwish: o.kind = OpKind::HardSwish; break;
      case kRelu: o.kind = OpKind::Relu; break;
      case kLogistic: o.kind = OpKind::Logistic; break;
      case kAveragePool2d: o.kind = OpKind::AveragePool2d; break;
      case kResizeBilinear: o.kind = OpKind::ResizeBilinear; break;
      case kMaxPool2d: o.kind = OpKind::MaxPool2d; break;
      case kPad: o.kind = OpKind::Pad; break;
      case kReshape: o.kind = OpKind::Reshape; break;
      case kConcatenation: o.kind = OpKind::Concatenation; break;
      case kDequantize: {
        // Widened once here: the output becomes a float32 constant and the operator goes.
        Tensor& from = graph.tensors[o.inputs[0]];
        Tensor& to = graph.tensors[o.outputs[0]];
        if (!from.constant || from.values.empty())
          return make_error(ErrorCode::Unsupported, "the TFLite model dequantises a computed tensor ('" + from.name +
                                                        "'); we run only constant float16 weights");
        if (from.shape != to.shape)
          return make_error(ErrorCode::Corrupt, "a TFLite DEQUANTIZE changes its tensor's shape");
        to.values = from.values;
        to.constant = true;
        continue;
      }
      case kCustom: {
        const std::string name = text(code.string(opcode::custom_code));
        if (name != "Convolution2DTransposeBias")
          return make_error(ErrorCode::Unsupported,
                            "the TFLite model uses the custom operator '" + name + "', which we do not run");
        o.kind = OpKind::TransposeConvBias;
        if (auto s = read_transpose_options(node.vector<uint8_t>(op::custom_options), o); !s) return s.error();
        break;
      }
      default: {
        const char* name = builtin_name(builtin);
        return make_error(ErrorCode::Unsupported, std::string("the TFLite model uses the operator ") +
                                                      (name ? name : "number " + std::to_string(builtin)) +
                                                      ", which we do not run");
      }
    }
    if (o.kind != OpKind::TransposeConvBias)
      if (auto s = read_options(node, builtin, o); !s) return s.error();
    for (int i : o.inputs)
      if (i >= 0 && types[i] == kInt32 && !graph.tensors[i].constant)
        return make_error(ErrorCode::Unsupported,
                          "a TFLite " + std::string(op_kind_name(o.kind)) + " reads a computed int32 tensor");
    graph.operators.push_back(std::move(o));
  }
  for (int i = 0; i < tensor_count; ++i)
    if (types[i] == kFloat16 && !graph.tensors[i].constant)
      return make_error(ErrorCode::Unsupported, "the TFLite tensor '" + graph.tensors[i].name +
                                                    "' is a computed float16 tensor; we run float32 activations");
  return graph;
}

}  // namespace pxav::tflite
