// A TensorFlow Lite model file read into plain structs: the tensors (shapes; constant data as
// float32), the operators in execution order with the options we use, the graph's inputs and
// outputs. Only what a float graph of convolutions needs is read (the subset of TensorFlow Lite's
// schema this reader knows is in tflite_model.cpp, by the schema's published field numbers).
// Constant float16 tensors and the DEQUANTIZE operators that widen them are resolved here, once:
// the graph that comes back has float32 constants and no DEQUANTIZE.
//
// The buffer is checked with flatbuffers::Verifier before anything is read. Errors:
// UnsupportedFormat (no TFLite identifier), Corrupt (fails verification or references out of
// range), Unsupported (an operator, a tensor type or an option we do not run, named).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace pxav::tflite {

enum class OpKind {
  Conv2d,
  DepthwiseConv2d,
  TransposeConvBias,  // MediaPipe's custom Convolution2DTransposeBias
  Add,
  Mul,
  HardSwish,
  Relu,
  Logistic,
  AveragePool2d,
  ResizeBilinear,
  // the face detector's
  MaxPool2d,
  Pad,
  Reshape,
  Concatenation,
};

const char* op_kind_name(OpKind kind);

enum class Activation { None, Relu, Relu6 };

struct Tensor {
  std::vector<int> shape;         // as stored: NHWC for images, OHWI for convolution weights
  std::vector<float> values;      // constant data as float32; empty for activations
  std::vector<int32_t> integers;  // constant int32 data (axes, sizes); empty otherwise
  bool constant = false;
  std::string name;

  int64_t element_count() const;
};

struct Operator {
  OpKind kind = OpKind::Add;
  std::vector<int> inputs, outputs;  // tensor indices; -1 = optional input left out
  bool same_padding = false;         // SAME (TensorFlow's), else VALID
  int stride_w = 1, stride_h = 1;
  int dilation_w = 1, dilation_h = 1;
  int filter_w = 0, filter_h = 0;  // pooling windows
  int depth_multiplier = 1;
  Activation activation = Activation::None;
  bool align_corners = false, half_pixel_centers = false;  // RESIZE_BILINEAR
  int axis = 0;                                            // CONCATENATION, as stored (may be negative)
};

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<Operator> operators;  // in execution order
  std::vector<int> inputs, outputs;
  std::string description;
};

Result<Graph> read_tflite(std::span<const uint8_t> bytes);

}  // namespace pxav::tflite
