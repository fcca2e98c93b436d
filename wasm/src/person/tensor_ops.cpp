#include "person/tensor_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "stereo/lanes.h"  // PXAV_ROW_FUNCTION

namespace pxav::tensor_ops {
namespace {

inline float activate(float v, Activation a) {
  if (a == Activation::None) return v;
  v = v < 0.0f ? 0.0f : v;
  return a == Activation::Relu6 && v > 6.0f ? 6.0f : v;
}

void activate_all(float* values, int64_t count, Activation a) {
  if (a == Activation::None) return;
  for (int64_t i = 0; i < count; ++i) values[i] = activate(values[i], a);
}

// out[p][o] = bias[o] + sum over k of patches[p][k] * weights[k][o], k in ascending order.
// Blocks of 4 pixels by 8 outputs keep 32 sums in vector registers while the weights stream by
// once per block; every path adds the terms of an output in the same order. The lanes are GCC's
// vector type: SSE2 natively, wasm SIMD in the wasm build (as stereo/lanes.h).
using F32x4 = float __attribute__((vector_size(16)));
constexpr int kPixelBlock = 4, kOutputBlock = 8;

inline F32x4 load4(const float* p) {
  F32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, F32x4 v) { std::memcpy(p, &v, sizeof v); }

template <int Pixels>
inline void gemm_block(const float* patches, int k_len, const float* weights, int outs, const float* bias, float* out) {
  F32x4 lo[Pixels], hi[Pixels];
  for (int r = 0; r < Pixels; ++r) {
    lo[r] = load4(bias);
    hi[r] = load4(bias + 4);
  }
  const float* rows[Pixels];
  for (int r = 0; r < Pixels; ++r) rows[r] = patches + static_cast<int64_t>(r) * k_len;
  for (int k = 0; k < k_len; ++k) {
    const float* w = weights + static_cast<int64_t>(k) * outs;
    const F32x4 w_lo = load4(w), w_hi = load4(w + 4);
    for (int r = 0; r < Pixels; ++r) {
      const float x = rows[r][k];
      const F32x4 a = {x, x, x, x};
      lo[r] += a * w_lo;
      hi[r] += a * w_hi;
    }
  }
  for (int r = 0; r < Pixels; ++r) {
    store4(out + static_cast<int64_t>(r) * outs, lo[r]);
    store4(out + static_cast<int64_t>(r) * outs + 4, hi[r]);
  }
}

inline void gemm_single(const float* patch, int k_len, const float* weights, int outs, float bias, float* out) {
  float acc = bias;
  for (int k = 0; k < k_len; ++k) acc += patch[k] * weights[static_cast<int64_t>(k) * outs];
  *out = acc;
}

void gemm(const float* patches, int pixels, int k_len, const float* weights, const float* bias, int outs, float* out) {
  const int full_outs = outs / kOutputBlock * kOutputBlock;
  int p = 0;
  for (; p + kPixelBlock <= pixels; p += kPixelBlock) {
    const float* in = patches + static_cast<int64_t>(p) * k_len;
    float* o = out + static_cast<int64_t>(p) * outs;
    for (int j = 0; j < full_outs; j += kOutputBlock)
      gemm_block<kPixelBlock>(in, k_len, weights + j, outs, bias + j, o + j);
    for (int j = full_outs; j < outs; ++j)
      for (int r = 0; r < kPixelBlock; ++r)
        gemm_single(in + static_cast<int64_t>(r) * k_len, k_len, weights + j, outs, bias[j],
                    o + static_cast<int64_t>(r) * outs + j);
  }
  for (; p < pixels; ++p) {
    const float* in = patches + static_cast<int64_t>(p) * k_len;
    float* o = out + static_cast<int64_t>(p) * outs;
    for (int j = 0; j < full_outs; j += kOutputBlock) gemm_block<1>(in, k_len, weights + j, outs, bias + j, o + j);
    for (int j = full_outs; j < outs; ++j) gemm_single(in, k_len, weights + j, outs, bias[j], o + j);
  }
}

// Clang turns a loop that copies or zeroes floats into memcpy or memset, which the wasm build
// makes memory.copy and memory.fill: V8 runs those as calls into its runtime, slow for the few
// bytes of a pixel's channels (3 in the models' first convolutions, where they ran per window
// tap). Functions marked so keep such loops as loads and stores.
#if defined(__clang__)
#define PXAV_NO_MEMCPY_LOOPS __attribute__((no_builtin("memcpy", "memset")))
#else
#define PXAV_NO_MEMCPY_LOOPS
#endif

// The patches of output pixels ox0 .. ox0 + count - 1 of row oy, one after the other.
PXAV_ROW_FUNCTION PXAV_NO_MEMCPY_LOOPS void gather_patches(const float* input, Extent in, const Window& w, int oy,
                                                           int ox0, int count, float* patch) {
  const int channels = in.channels;
  for (int ox = ox0; ox < ox0 + count; ++ox) {
    for (int ky = 0; ky < w.kernel_h; ++ky) {
      const int iy = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
      for (int kx = 0; kx < w.kernel_w; ++kx) {
        const int ix = ox * w.stride_w - w.pad_left + kx * w.dilation_w;
        if (iy < 0 || iy >= in.height || ix < 0 || ix >= in.width) {
          for (int c = 0; c < channels; ++c) patch[c] = 0.0f;
        } else {
          const float* src = input + (static_cast<int64_t>(iy) * in.width + ix) * channels;
          for (int c = 0; c < channels; ++c) patch[c] = src[c];
        }
        patch += channels;
      }
    }
  }
}

}  // namespace

AxisPlan plan_axis(int input, int kernel, int stride, int dilation, bool same_padding) {
  const int reach = (kernel - 1) * dilation + 1;
  if (same_padding) {
    const int output = (input + stride - 1) / stride;
    const int total = std::max((output - 1) * stride + reach - input, 0);
    return {output, total / 2};
  }
  return {input >= reach ? (input - reach) / stride + 1 : 0, 0};
}

AxisPlan plan_transposed_axis(int input, int kernel, int stride, bool same_padding) {
  if (same_padding) {
    const int output = input * stride;
    const int total = std::max((input - 1) * stride + kernel - output, 0);
    return {output, total / 2};
  }
  return {(input - 1) * stride + kernel, 0};
}

void conv2d(const float* input, Extent in, const float* weights, const float* bias, const Window& w,
            Activation activation, float* output, Extent out) {
  const int k_len = w.kernel_h * w.kernel_w * in.channels;
  const bool pointwise = w.kernel_h == 1 && w.kernel_w == 1 && w.stride_h == 1 && w.stride_w == 1 && w.pad_top == 0 &&
                         w.pad_left == 0 && in.height == out.height && in.width == out.width;
  if (pointwise) {
    // A 1x1 convolution reads each input pixel as its own patch.
    gemm(input, out.height * out.width, k_len, weights, bias, out.channels, output);
  } else {
    // Up to 64 output pixels' patches side by side (im2col), zero where the window leaves the
    // image: the buffer stays small whatever the kernel, and the sums are those of one pass.
    constexpr int kChunk = 64;
    std::vector<float> patches(static_cast<size_t>(std::min(out.width, kChunk)) * k_len);
    for (int oy = 0; oy < out.height; ++oy) {
      for (int ox0 = 0; ox0 < out.width; ox0 += kChunk) {
        const int count = std::min(kChunk, out.width - ox0);
        gather_patches(input, in, w, oy, ox0, count, patches.data());
        gemm(patches.data(), count, k_len, weights, bias, out.channels,
             output + (static_cast<int64_t>(oy) * out.width + ox0) * out.channels);
      }
    }
  }
  activate_all(output, out.size(), activation);
}

namespace {

// The window taps k in [first, last) that land inside 0..size-1 from `origin` in steps of `step`.
inline void clip_taps(int origin, int step, int taps, int size, int& first, int& last) {
  first = 0;
  while (first < taps && origin + first * step < 0) ++first;
  last = taps;
  while (last > first && origin + (last - 1) * step >= size) --last;
}

// Output pixels ox_begin .. ox_end - 1 of row oy whose whole window lies inside the image, for a
// K x K kernel of multiplier 1: the taps unrolled and each 4-channel group's weights loaded once
// for the row. Every output adds its terms in the order the general path does (bias, then the
// taps row by row), so the two paths give the same floats.
template <int K>
void depthwise_interior(const float* input, Extent in, const float* weights, const float* bias, const Window& w,
                        float* output, Extent out, int oy, int ox_begin, int ox_end) {
  const int channels = out.channels;
  const int64_t row_stride = static_cast<int64_t>(in.width) * in.channels * w.dilation_h;
  const int64_t tap_stride = static_cast<int64_t>(in.channels) * w.dilation_w;
  const int64_t pixel_stride = static_cast<int64_t>(in.channels) * w.stride_w;
  const float* top =
      input +
      (static_cast<int64_t>(oy * w.stride_h - w.pad_top) * in.width + ox_begin * w.stride_w - w.pad_left) * in.channels;
  float* o = output + (static_cast<int64_t>(oy) * out.width + ox_begin) * channels;
  const int vector_channels = channels / 4 * 4;
  for (int c = 0; c < vector_channels; c += 4) {
    F32x4 wk[K * K];
    for (int t = 0; t < K * K; ++t) wk[t] = load4(weights + static_cast<int64_t>(t) * channels + c);
    const F32x4 b = load4(bias + c);
    const float* src = top + c;
    float* dst = o + c;
    for (int ox = ox_begin; ox < ox_end; ++ox, src += pixel_stride, dst += channels) {
      F32x4 acc = b;
      for (int ky = 0; ky < K; ++ky)
        for (int kx = 0; kx < K; ++kx) acc += load4(src + ky * row_stride + kx * tap_stride) * wk[ky * K + kx];
      store4(dst, acc);
    }
  }
  for (int c = vector_channels; c < channels; ++c) {
    const float* src = top + c;
    float* dst = o + c;
    for (int ox = ox_begin; ox < ox_end; ++ox, src += pixel_stride, dst += channels) {
      float acc = bias[c];
      for (int ky = 0; ky < K; ++ky)
        for (int kx = 0; kx < K; ++kx)
          acc += src[ky * row_stride + kx * tap_stride] * weights[(ky * K + kx) * channels + c];
      *dst = acc;
    }
  }
}

PXAV_ROW_FUNCTION void depthwise_row(const float* input, Extent in, const float* weights, const float* bias,
                                     const Window& w, int depth_multiplier, Activation activation, float* output,
                                     Extent out, int oy) {
  const int channels = out.channels;
  // Channels four at a time in a vector register (multiplier 1, as in the selfie segmenter), the
  // rest one by one; either way an output's terms are added in the same order: bias, then the
  // window's taps inside the image row by row.
  const int vector_channels = depth_multiplier == 1 ? channels / 4 * 4 : 0;
  const int y0 = oy * w.stride_h - w.pad_top;
  int row_ky0, row_ky1;
  clip_taps(y0, w.dilation_h, w.kernel_h, in.height, row_ky0, row_ky1);
  const int64_t row_stride = static_cast<int64_t>(in.width) * in.channels * w.dilation_h;
  const int64_t tap_stride = static_cast<int64_t>(in.channels) * w.dilation_w;
  // The pixels whose window lies wholly inside the image take the unrolled path (3x3 and 5x5, the
  // models' kernels), the rest the clipped one.
  int inner_begin = out.width, inner_end = out.width;
  if (depth_multiplier == 1 && w.kernel_h == w.kernel_w && (w.kernel_h == 3 || w.kernel_h == 5) && row_ky0 == 0 &&
      row_ky1 == w.kernel_h) {
    const int reach = (w.kernel_w - 1) * w.dilation_w;
    inner_begin = std::min(out.width, (w.pad_left + w.stride_w - 1) / w.stride_w);
    const int last = in.width - 1 - reach + w.pad_left;  // the last window's left edge, padded
    inner_end = last < 0 ? inner_begin : std::max(inner_begin, std::min(out.width, last / w.stride_w + 1));
    if (w.kernel_h == 3)
      depthwise_interior<3>(input, in, weights, bias, w, output, out, oy, inner_begin, inner_end);
    else
      depthwise_interior<5>(input, in, weights, bias, w, output, out, oy, inner_begin, inner_end);
    if (activation != Activation::None)
      for (float *o = output + (static_cast<int64_t>(oy) * out.width + inner_begin) * channels,
                 *end = output + (static_cast<int64_t>(oy) * out.width + inner_end) * channels;
           o < end; ++o)
        *o = activate(*o, activation);
  }
  for (int ox = 0; ox < out.width; ++ox) {
    if (ox == inner_begin) ox = inner_end;
    if (ox >= out.width) break;
    const int x0 = ox * w.stride_w - w.pad_left;
    int kx0, kx1, ky0 = row_ky0, ky1 = row_ky1;
    clip_taps(x0, w.dilation_w, w.kernel_w, in.width, kx0, kx1);
    if (ky0 >= ky1 || kx0 >= kx1) kx0 = kx1 = ky0 = ky1 = 0;  // the window misses the image: bias alone
    // The window's first tap inside the image, and its weights.
    const float* first =
        input + (static_cast<int64_t>(y0 + ky0 * w.dilation_h) * in.width + x0 + kx0 * w.dilation_w) * in.channels;
    const float* first_weights = weights + static_cast<int64_t>(ky0 * w.kernel_w + kx0) * channels;
    const int64_t weight_row = static_cast<int64_t>(w.kernel_w) * channels;
    float* o = output + (static_cast<int64_t>(oy) * out.width + ox) * channels;
    for (int c = 0; c < vector_channels; c += 4) {
      F32x4 acc = load4(bias + c);
      for (int ky = ky0; ky < ky1; ++ky) {
        const float* src = first + (ky - ky0) * row_stride + c;
        const float* wk = first_weights + (ky - ky0) * weight_row + c;
        for (int kx = kx0; kx < kx1; ++kx)
          acc += load4(src + (kx - kx0) * tap_stride) * load4(wk + (kx - kx0) * channels);
      }
      store4(o + c, acc);
    }
    for (int c = vector_channels; c < channels; ++c) {
      float acc = bias[c];
      for (int ky = ky0; ky < ky1; ++ky) {
        const float* src = first + (ky - ky0) * row_stride + c / depth_multiplier;
        const float* wk = first_weights + (ky - ky0) * weight_row + c;
        for (int kx = kx0; kx < kx1; ++kx) acc += src[(kx - kx0) * tap_stride] * wk[(kx - kx0) * channels];
      }
      o[c] = acc;
    }
    for (int c = 0; c < channels; ++c) o[c] = activate(o[c], activation);
  }
}

// Input row iy's contributions (input pixels in order, so every output sums its terms in one
// fixed order). When the kernel is no wider than the stride (the selfie segmenter's 2x2 at 2), no
// two input pixels of a row reach the same output, so four of them go side by side in a vector,
// each lane summing its own output's terms in the scalar order.
PXAV_ROW_FUNCTION void transpose_row(const float* input, Extent in, const float* weights, const Window& w,
                                     float* output, Extent out, int iy) {
  constexpr int kMaxLaneChannels = 64;
  int ix = 0;
  if (w.kernel_w <= w.stride_w && in.channels <= kMaxLaneChannels) {
    F32x4 lanes[kMaxLaneChannels];
    for (; ix + 4 <= in.width; ix += 4) {
      const float* src = input + (static_cast<int64_t>(iy) * in.width + ix) * in.channels;
      for (int i = 0; i < in.channels; ++i)
        lanes[i] = F32x4{src[i], src[in.channels + i], src[2 * in.channels + i], src[3 * in.channels + i]};
      for (int ky = 0; ky < w.kernel_h; ++ky) {
        const int oy = iy * w.stride_h + ky - w.pad_top;
        if (oy < 0 || oy >= out.height) continue;
        for (int kx = 0; kx < w.kernel_w; ++kx) {
          const int ox = ix * w.stride_w + kx - w.pad_left;  // the first lane's; the others stride_w apart
          const float* wk = weights + static_cast<int64_t>(ky * w.kernel_w + kx) * out.channels * in.channels;
          if (ox < 0 || ox + 3 * w.stride_w >= out.width) {
            for (int lane = 0; lane < 4; ++lane) {
              const int x = ox + lane * w.stride_w;
              if (x < 0 || x >= out.width) continue;
              float* o = output + (static_cast<int64_t>(oy) * out.width + x) * out.channels;
              for (int c = 0; c < out.channels; ++c) {
                const float* wc = wk + static_cast<int64_t>(c) * in.channels;
                float acc = o[c];
                for (int i = 0; i < in.channels; ++i) acc += lanes[i][lane] * wc[i];
                o[c] = acc;
              }
            }
            continue;
          }
          float* o = output + (static_cast<int64_t>(oy) * out.width + ox) * out.channels;
          const int64_t lane_step = static_cast<int64_t>(w.stride_w) * out.channels;
          for (int c = 0; c < out.channels; ++c) {
            const float* wc = wk + static_cast<int64_t>(c) * in.channels;
            F32x4 acc = {o[c], o[lane_step + c], o[2 * lane_step + c], o[3 * lane_step + c]};
            for (int i = 0; i < in.channels; ++i) {
              const float v = wc[i];
              acc += lanes[i] * F32x4{v, v, v, v};
            }
            o[c] = acc[0];
            o[lane_step + c] = acc[1];
            o[2 * lane_step + c] = acc[2];
            o[3 * lane_step + c] = acc[3];
          }
        }
      }
    }
  }
  for (; ix < in.width; ++ix) {
    const float* src = input + (static_cast<int64_t>(iy) * in.width + ix) * in.channels;
    for (int ky = 0; ky < w.kernel_h; ++ky) {
      const int oy = iy * w.stride_h + ky - w.pad_top;
      if (oy < 0 || oy >= out.height) continue;
      for (int kx = 0; kx < w.kernel_w; ++kx) {
        const int ox = ix * w.stride_w + kx - w.pad_left;
        if (ox < 0 || ox >= out.width) continue;
        float* o = output + (static_cast<int64_t>(oy) * out.width + ox) * out.channels;
        const float* wk = weights + static_cast<int64_t>(ky * w.kernel_w + kx) * out.channels * in.channels;
        for (int c = 0; c < out.channels; ++c) {
          const float* wc = wk + static_cast<int64_t>(c) * in.channels;
          float acc = o[c];
          for (int i = 0; i < in.channels; ++i) acc += src[i] * wc[i];
          o[c] = acc;
        }
      }
    }
  }
}

// Every output pixel starts at the bias (a loop, not a copy per pixel: gather_patches says why).
PXAV_NO_MEMCPY_LOOPS void fill_bias(const float* bias, int64_t pixels, int channels, float* output) {
  if (channels == 1) {
    std::fill(output, output + pixels, bias[0]);
    return;
  }
  for (int64_t p = 0; p < pixels; ++p, output += channels)
    for (int c = 0; c < channels; ++c) output[c] = bias[c];
}

}  // namespace

void depthwise_conv2d(const float* input, Extent in, const float* weights, const float* bias, const Window& w,
                      int depth_multiplier, Activation activation, float* output, Extent out) {
  for (int oy = 0; oy < out.height; ++oy)
    depthwise_row(input, in, weights, bias, w, depth_multiplier, activation, output, out, oy);
}

void transpose_conv2d(const float* input, Extent in, const float* weights, const float* bias, const Window& w,
                      float* output, Extent out) {
  fill_bias(bias, int64_t{out.height} * out.width, out.channels, output);
  for (int iy = 0; iy < in.height; ++iy) transpose_row(input, in, weights, w, output, out, iy);
}

void average_pool2d(const float* input, Extent in, const Window& w, Activation activation, float* output, Extent out) {
  std::vector<float> sum(in.channels);
  for (int oy = 0; oy < out.height; ++oy) {
    for (int ox = 0; ox < out.width; ++ox) {
      std::fill(sum.begin(), sum.end(), 0.0f);
      int count = 0;
      for (int ky = 0; ky < w.kernel_h; ++ky) {
        const int iy = oy * w.stride_h - w.pad_top + ky;
        if (iy < 0 || iy >= in.height) continue;
        for (int kx = 0; kx < w.kernel_w; ++kx) {
          const int ix = ox * w.stride_w - w.pad_left + kx;
          if (ix < 0 || ix >= in.width) continue;
          const float* src = input + (static_cast<int64_t>(iy) * in.width + ix) * in.channels;
          for (int c = 0; c < in.channels; ++c) sum[c] += src[c];
          ++count;
        }
      }
      float* o = output + (static_cast<int64_t>(oy) * out.width + ox) * out.channels;
      const float n = static_cast<float>(std::max(count, 1));
      for (int c = 0; c < out.channels; ++c) o[c] = activate(sum[c] / n, activation);
    }
  }
}

void resize_bilinear(const float* input, Extent in, bool align_corners, bool half_pixel_centers, float* output,
                     Extent out) {
  const auto scale = [&](int from, int to) {
    return align_corners && to > 1 ? static_cast<float>(from - 1) / static_cast<float>(to - 1)
                                   : static_cast<float>(from) / static_cast<float>(to);
  };
  struct Tap {
    int lo, hi;
    float t;
  };
  const auto taps = [&](int from, int to) {
    std::vector<Tap> result(to);
    const float s = scale(from, to);
    for (int i = 0; i < to; ++i) {
      const float at = half_pixel_centers ? (static_cast<float>(i) + 0.5f) * s - 0.5f : static_cast<float>(i) * s;
      const float floor_at = std::floor(at);
      result[i].lo = std::clamp(static_cast<int>(floor_at), 0, from - 1);
      result[i].hi = std::clamp(static_cast<int>(std::ceil(at)), 0, from - 1);
      result[i].t = at - floor_at;
    }
    return result;
  };
  const std::vector<Tap> ys = taps(in.height, out.height), xs = taps(in.width, out.width);
  const int c_count = in.channels;
  for (int oy = 0; oy < out.height; ++oy) {
    const Tap y = ys[oy];
    const float* top = input + static_cast<int64_t>(y.lo) * in.width * c_count;
    const float* bottom = input + static_cast<int64_t>(y.hi) * in.width * c_count;
    for (int ox = 0; ox < out.width; ++ox) {
      const Tap x = xs[ox];
      const float* tl = top + static_cast<int64_t>(x.lo) * c_count;
      const float* tr = top + static_cast<int64_t>(x.hi) * c_count;
      const float* bl = bottom + static_cast<int64_t>(x.lo) * c_count;
      const float* br = bottom + static_cast<int64_t>(x.hi) * c_count;
      const float w_tl = (1.0f - x.t) * (1.0f - y.t), w_tr = x.t * (1.0f - y.t);
      const float w_bl = (1.0f - x.t) * y.t, w_br = x.t * y.t;
      float* o = output + (static_cast<int64_t>(oy) * out.width + ox) * c_count;
      for (int c = 0; c < c_count; ++c) o[c] = tl[c] * w_tl + tr[c] * w_tr + bl[c] * w_bl + br[c] * w_br;
    }
  }
}

namespace {

// a op b element by element, or with b one value per channel (b_count values repeating), or one
// value. Four lanes at a time in explicit vectors: the step often runs in place (output == a),
// which clang's vectoriser refuses (its overlap check fails), so the wasm build ran it scalar.
template <typename Op>
void element_wise(const float* a, int64_t count, const float* b, int64_t b_count, float* output, Op op) {
  const int64_t vector_end = count / 4 * 4;
  if (b_count == count) {
    for (int64_t i = 0; i < vector_end; i += 4) store4(output + i, op(load4(a + i), load4(b + i)));
    for (int64_t i = vector_end; i < count; ++i) output[i] = op(a[i], b[i]);
  } else if (b_count == 1) {
    const float v = b[0];
    const F32x4 vb = {v, v, v, v};
    for (int64_t i = 0; i < vector_end; i += 4) store4(output + i, op(load4(a + i), vb));
    for (int64_t i = vector_end; i < count; ++i) output[i] = op(a[i], v);
  } else if (b_count % 4 == 0) {
    for (int64_t i = 0; i < count; i += b_count)
      for (int64_t c = 0; c < b_count; c += 4) store4(output + i + c, op(load4(a + i + c), load4(b + c)));
  } else {
    for (int64_t i = 0; i < count; i += b_count)
      for (int64_t c = 0; c < b_count; ++c) output[i + c] = op(a[i + c], b[c]);
  }
}

}  // namespace

void add(const float* a, int64_t count, const float* b, int64_t b_count, Activation activation, float* output) {
  element_wise(a, count, b, b_count, output, [](auto x, auto y) { return x + y; });
  activate_all(output, count, activation);
}

void mul(const float* a, int64_t count, const float* b, int64_t b_count, Activation activation, float* output) {
  element_wise(a, count, b, b_count, output, [](auto x, auto y) { return x * y; });
  activate_all(output, count, activation);
}

void relu(float* values, int64_t count) {
  for (int64_t i = 0; i < count; ++i) values[i] = values[i] < 0.0f ? 0.0f : values[i];
}

void hard_swish(float* values, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    const float x = values[i];
    const float gate = std::min(std::max(x + 3.0f, 0.0f), 6.0f);
    values[i] = x * gate / 6.0f;
  }
}

void logistic(float* values, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    // e^-x as 2^t = 2^n * 2^f (n whole, |f| <= 1/2): 2^f by its Taylor series to f^6 (relative error
    // below 2e-7), 2^n by building the float's exponent. Only +, * and exact steps, so every
    // build rounds alike (the C libraries' exp do not).
    float t = -values[i] * 1.44269504f;
    if (!(t > -126.0f)) t = -126.0f;  // NaN too
    if (t > 126.0f) t = 126.0f;
    const float n = std::floor(t + 0.5f);
    const float f = t - n;
    const float p =
        1.0f + f * (0.693147181f +
                    f * (0.240226507f +
                         f * (0.0555041087f + f * (0.00961812911f + f * (0.00133335581f + f * 0.000154035304f)))));
    const uint32_t bits = static_cast<uint32_t>(static_cast<int>(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    values[i] = 1.0f / (1.0f + p * scale);
  }
}

// ---- added for the face detector -------------------------------------------------------------------

void max_pool2d(const float* input, Extent in, const Window& w, Activation activation, float* output, Extent out) {
  std::vector<float> best(in.channels);
  for (int oy = 0; oy < out.height; ++oy) {
    for (int ox = 0; ox < out.width; ++ox) {
      bool any = false;
      for (int ky = 0; ky < w.kernel_h; ++ky) {
        const int iy = oy * w.stride_h - w.pad_top + ky;
        if (iy < 0 || iy >= in.height) continue;
        for (int kx = 0; kx < w.kernel_w; ++kx) {
          const int ix = ox * w.stride_w - w.pad_left + kx;
          if (ix < 0 || ix >= in.width) continue;
          const float* src = input + (static_cast<int64_t>(iy) * in.width + ix) * in.channels;
          if (!any)
            std::copy_n(src, in.channels, best.begin());
          else
            for (int c = 0; c < in.channels; ++c) best[c] = std::max(best[c], src[c]);
          any = true;
        }
      }
      if (!any) std::fill(best.begin(), best.end(), 0.0f);  // a window wholly in the padding
      float* o = output + (static_cast<int64_t>(oy) * out.width + ox) * out.channels;
      for (int c = 0; c < out.channels; ++c) o[c] = activate(best[c], activation);
    }
  }
}

void pad(const float* input, Extent in, const Padding& before, float* output, Extent out) {
  std::fill(output, output + out.size(), 0.0f);
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      const float* src = input + (static_cast<int64_t>(y) * in.width + x) * in.channels;
      float* dst = output + (static_cast<int64_t>(y + before.top) * out.width + x + before.left) * out.channels +
                   before.channels_before;
      std::copy_n(src, in.channels, dst);
    }
}

void concatenate(const float* const* inputs, const int64_t* inner_sizes, int count, int64_t outer, float* output) {
  for (int64_t k = 0; k < outer; ++k)
    for (int i = 0; i < count; ++i) output = std::copy_n(inputs[i] + k * inner_sizes[i], inner_sizes[i], output);
}

}  // namespace pxav::tensor_ops
