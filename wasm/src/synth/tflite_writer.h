// Small TensorFlow Lite files written by the schema's field numbers, for tests and the fuzzer's
// seeds: the person model reader's own fixtures (models of a few operators whose output can be
// computed by hand, and damaged variants of them). Native only, with the other fixture writers.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace pxav::tflite_synth {

struct TensorSpec {
  std::vector<int> shape;
  int8_t type = 0;  // 0 FLOAT32, 1 FLOAT16, 2 INT32
  uint32_t buffer = 0;
  std::string name;
};
struct OpSpec {
  uint32_t opcode = 0;
  std::vector<int> inputs, outputs;
  uint8_t options_type = 0;                      // BuiltinOptions: 1 Conv2DOptions
  std::vector<std::pair<int, int32_t>> options;  // field number, int32 value (strides)
  std::vector<uint8_t> custom;
};
struct CodeSpec {
  int32_t builtin = 0;
  std::string custom;
};
struct ModelSpec {
  std::vector<CodeSpec> codes;
  std::vector<TensorSpec> tensors;
  std::vector<OpSpec> ops;
  std::vector<int> inputs, outputs;
  std::vector<std::vector<uint8_t>> buffers = {{}};  // buffer 0: empty, by convention
};

std::vector<uint8_t> build_tflite(const ModelSpec& model);

// The bytes of a vector of numbers, as a buffer holds them (little-endian, as TFLite stores).
template <class T>
std::vector<uint8_t> tflite_bytes(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// A 4x4 RGB input, a 1x1 convolution to one channel (weights 0.5, -1, 2, bias 0.25), LOGISTIC:
// the smallest person segmenter. With float16 weights, a DEQUANTIZE widens them first, as in
// MediaPipe's model.
ModelSpec tiny_segmenter(bool half_weights = false);

}  // namespace pxav::tflite_synth
