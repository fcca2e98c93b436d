#include "synth/tflite_writer.h"

#include <algorithm>

#include "flatbuffers/flatbuffers.h"

namespace pxav::tflite_synth {
namespace {

constexpr flatbuffers::voffset_t slot(int n) { return static_cast<flatbuffers::voffset_t>(4 + 2 * n); }

}  // namespace

std::vector<uint8_t> build_tflite(const ModelSpec& m) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<void>> codes, tensors, ops, buffers;
  for (const CodeSpec& c : m.codes) {
    const auto custom = c.custom.empty() ? 0 : b.CreateString(c.custom).o;
    const auto start = b.StartTable();
    b.AddElement<int8_t>(slot(0), static_cast<int8_t>(std::min(c.builtin, 127)), 0);
    if (custom) b.AddOffset(slot(1), flatbuffers::Offset<flatbuffers::String>(custom));
    b.AddElement<int32_t>(slot(3), c.builtin, 0);
    codes.push_back(flatbuffers::Offset<void>(b.EndTable(start)));
  }
  for (const TensorSpec& t : m.tensors) {
    const auto shape = b.CreateVector(t.shape);
    const auto name = b.CreateString(t.name);
    const auto start = b.StartTable();
    b.AddOffset(slot(0), shape);
    b.AddElement<int8_t>(slot(1), t.type, 0);
    b.AddElement<uint32_t>(slot(2), t.buffer, 0);
    b.AddOffset(slot(3), name);
    tensors.push_back(flatbuffers::Offset<void>(b.EndTable(start)));
  }
  for (const OpSpec& o : m.ops) {
    flatbuffers::uoffset_t options = 0;
    if (o.options_type) {
      const auto start = b.StartTable();
      for (const auto& [field, value] : o.options) b.AddElement<int32_t>(slot(field), value, -1);
      options = b.EndTable(start);
    }
    const auto inputs = b.CreateVector(o.inputs);
    const auto outputs = b.CreateVector(o.outputs);
    const auto custom = o.custom.empty() ? 0 : b.CreateVector(o.custom).o;
    const auto start = b.StartTable();
    b.AddElement<uint32_t>(slot(0), o.opcode, 0);
    b.AddOffset(slot(1), inputs);
    b.AddOffset(slot(2), outputs);
    b.AddElement<uint8_t>(slot(3), o.options_type, 0);
    if (options) b.AddOffset(slot(4), flatbuffers::Offset<void>(options));
    if (custom) b.AddOffset(slot(5), flatbuffers::Offset<flatbuffers::Vector<uint8_t>>(custom));
    ops.push_back(flatbuffers::Offset<void>(b.EndTable(start)));
  }
  for (const auto& data : m.buffers) {
    const auto bytes = data.empty() ? 0 : b.CreateVector(data).o;
    const auto start = b.StartTable();
    if (bytes) b.AddOffset(slot(0), flatbuffers::Offset<flatbuffers::Vector<uint8_t>>(bytes));
    buffers.push_back(flatbuffers::Offset<void>(b.EndTable(start)));
  }
  const auto tensor_list = b.CreateVector(tensors);
  const auto in = b.CreateVector(m.inputs);
  const auto out = b.CreateVector(m.outputs);
  const auto op_list = b.CreateVector(ops);
  const auto sg_start = b.StartTable();
  b.AddOffset(slot(0), tensor_list);
  b.AddOffset(slot(1), in);
  b.AddOffset(slot(2), out);
  b.AddOffset(slot(3), op_list);
  const auto subgraph = flatbuffers::Offset<void>(b.EndTable(sg_start));
  const auto code_list = b.CreateVector(codes);
  const auto subgraphs = b.CreateVector(&subgraph, 1);
  const auto buffer_list = b.CreateVector(buffers);
  const auto description = b.CreateString("a test model");
  const auto start = b.StartTable();
  b.AddElement<uint32_t>(slot(0), 3, 0);
  b.AddOffset(slot(1), code_list);
  b.AddOffset(slot(2), subgraphs);
  b.AddOffset(slot(3), description);
  b.AddOffset(slot(4), buffer_list);
  b.Finish(flatbuffers::Offset<void>(b.EndTable(start)), "TFL3");
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

ModelSpec tiny_segmenter(bool half_weights) {
  ModelSpec m;
  m.codes = {{3, ""}, {14, ""}};  // CONV_2D, LOGISTIC
  m.tensors = {{{1, 4, 4, 3}, 0, 0, "input"},
               {{1, 1, 1, 3}, 0, 1, "weights"},
               {{1}, 0, 2, "bias"},
               {{1, 4, 4, 1}, 0, 0, "logit"},
               {{1, 4, 4, 1}, 0, 0, "confidence"}};
  m.buffers.push_back(tflite_bytes(std::vector<float>{0.5f, -1.0f, 2.0f}));
  m.buffers.push_back(tflite_bytes(std::vector<float>{0.25f}));
  // Conv2DOptions: strides 1 (fields 1 and 2); padding (field 0) left at its default, SAME.
  OpSpec conv{0, {0, 1, 2}, {3}, 1, {{1, 1}, {2, 1}}, {}};
  m.ops = {conv, OpSpec{1, {3}, {4}, 0, {}, {}}};
  m.inputs = {0};
  m.outputs = {4};
  if (half_weights) {
    // 0.5, -1, 2 as IEEE half: 0x3800, 0xBC00, 0x4000.
    m.codes.push_back({6, ""});  // DEQUANTIZE
    m.tensors[1].type = 1;
    m.buffers[1] = tflite_bytes(std::vector<uint16_t>{0x3800, 0xBC00, 0x4000});
    m.tensors.push_back({{1, 1, 1, 3}, 0, 0, "weights_dequantize"});
    m.ops[0].inputs[1] = 5;
    m.ops.insert(m.ops.begin(), OpSpec{2, {1}, {5}, 0, {}, {}});
  }
  return m;
}

}  // namespace pxav::tflite_synth
