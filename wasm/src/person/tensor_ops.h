// The kernels of the person model: float32 tensors of one image in NHWC order (row by row,
// the channels of a pixel side by side), no batch. Plain loops whose innermost loop runs over
// output channels, so g++ (SSE2) and Emscripten (wasm SIMD) vectorise the same arithmetic:
// every output is summed in the same order in both builds and no step fuses a multiply into an
// add (neither target has FMA without asking), so the two builds give identical floats.
//
// Callers check shapes; the kernels trust them (person/graph_run.cpp checks every tensor of a
// model once, at load).
#pragma once

#include <cstdint>
#include <vector>

namespace pxav::tensor_ops {

struct Extent {
  int height = 0, width = 0, channels = 0;
  int64_t size() const { return int64_t{height} * width * channels; }
};

enum class Activation { None, Relu, Relu6 };

// A convolution's window: kernel size, stride, dilation and the padding before the first row
// and column (the rest of SAME padding falls after the last).
struct Window {
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;
};

// TensorFlow's SAME or VALID: the output size along one axis and the padding before it.
struct AxisPlan {
  int output = 0, pad_before = 0;
};
AxisPlan plan_axis(int input, int kernel, int stride, int dilation, bool same_padding);
// A transposed convolution's output size and the cropping before it (MediaPipe's
// Convolution2DTransposeBias: SAME gives input * stride).
AxisPlan plan_transposed_axis(int input, int kernel, int stride, bool same_padding);

// Convolution. weights: [kernel_h][kernel_w][in.channels][out.channels] (HWIO, reordered at load
// from TFLite's OHWI so the innermost loop runs along output channels), bias: [out.channels].
void conv2d(const float* input, Extent in, const float* weights, const float* bias, const Window& window,
            Activation activation, float* output, Extent out);

// Depthwise convolution with depth multiplier m: output channel c reads input channel c / m.
// weights: [kernel_h][kernel_w][out.channels] (TFLite's own order), bias: [out.channels].
void depthwise_conv2d(const float* input, Extent in, const float* weights, const float* bias, const Window& window,
                      int depth_multiplier, Activation activation, float* output, Extent out);

// Transposed convolution plus bias: input pixel (y, x) adds weights[ky][kx][o][i] * value[i] to
// output pixel (y * stride + ky - pad_top, x * stride + kx - pad_left). Weights HWOI: the
// innermost loop runs along input channels (the selfie segmenter's ends in one output channel).
void transpose_conv2d(const float* input, Extent in, const float* weights, const float* bias, const Window& window,
                      float* output, Extent out);

// Average over each window, counting only the input pixels inside the image (TensorFlow's rule).
void average_pool2d(const float* input, Extent in, const Window& window, Activation activation, float* output,
                    Extent out);

// Bilinear resize of every channel, TensorFlow's RESIZE_BILINEAR with its two flags.
void resize_bilinear(const float* input, Extent in, bool align_corners, bool half_pixel_centers, float* output,
                     Extent out);

// a + b and a * b, where b has a's size, or one value per channel (b_count == channels), or one
// value; `count` values of a.
void add(const float* a, int64_t count, const float* b, int64_t b_count, Activation activation, float* output);
void mul(const float* a, int64_t count, const float* b, int64_t b_count, Activation activation, float* output);

// In place.
void relu(float* values, int64_t count);
void hard_swish(float* values, int64_t count);  // x * relu6(x + 3) / 6
void logistic(float* values, int64_t count);    // 1 / (1 + e^-x)

// ---- added for the face detector (person/face_detector.h) --------------------------------------

// Maximum over each window; pixels outside the image take no part (TensorFlow's SAME rule).
void max_pool2d(const float* input, Extent in, const Window& window, Activation activation, float* output, Extent out);

// Zero padding of an image on each side: `before` rows, columns and channels go ahead of the
// input's, the rest of out's size after it. The face detector pads channels (its residual
// shortcuts widen the feature maps by adding zero channels).
struct Padding {
  int top = 0, left = 0, channels_before = 0;
};
void pad(const float* input, Extent in, const Padding& before, float* output, Extent out);

// Concatenation along one axis of row-major tensors: the output is `outer` runs, each the
// inputs' runs side by side (run k of input i is inner_sizes[i] values).
void concatenate(const float* const* inputs, const int64_t* inner_sizes, int count, int64_t outer, float* output);

}  // namespace pxav::tensor_ops
