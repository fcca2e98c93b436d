#include "person/letterbox.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "stereo/lanes.h"  // PXAV_ROW_FUNCTION

namespace pxav {
namespace {

// The source pixels each output pixel reads along an axis, and their weights (summing to 1):
// output i reads `count[i]` pixels from `first[i]`, weights from weights[offset[i]].
struct Taps {
  std::vector<int> first, count, offset;
  std::vector<float> weights;
};

// Output pixels 0..out-1 cover source pixels [start, start + length).
Taps axis_taps(int start, int length, int out) {
  Taps taps;
  const double scale = static_cast<double>(length) / out;
  for (int i = 0; i < out; ++i) {
    taps.offset.push_back(static_cast<int>(taps.weights.size()));
    if (scale > 1.0) {
      // Area: the share of each source pixel inside [i * scale, (i + 1) * scale).
      const double a = i * scale, b = (i + 1) * scale;
      const int lo = static_cast<int>(std::floor(a)), hi = std::min(static_cast<int>(std::ceil(b)), length);
      taps.first.push_back(start + lo);
      taps.count.push_back(hi - lo);
      for (int s = lo; s < hi; ++s) {
        const double overlap = std::min<double>(s + 1, b) - std::max<double>(s, a);
        taps.weights.push_back(static_cast<float>(overlap / scale));
      }
    } else {
      // Bilinear between the two nearest pixel centres, clamped at the edges.
      const double at = std::clamp((i + 0.5) * scale - 0.5, 0.0, static_cast<double>(length - 1));
      const int lo = std::min(static_cast<int>(std::floor(at)), length - 1);
      const float f = static_cast<float>(at - lo);
      taps.first.push_back(start + lo);
      taps.count.push_back(lo + 1 < length ? 2 : 1);
      taps.weights.push_back(1.0f - f);
      if (lo + 1 < length) taps.weights.push_back(f);
    }
  }
  return taps;
}

// One row across, then rows blended down: a function a row, so the wasm build's first photo runs
// them optimised from the second row on (stereo/lanes.h says why).
// The taps' arrays are read through plain pointers: through the vectors, every store to dst
// (a float, as the weights are) made the compiler load their data pointers again.
template <int Channels>
PXAV_ROW_FUNCTION void resample_across(const float* src, const Taps& xs, int out_width, float* dst) {
  const int *first = xs.first.data(), *count = xs.count.data(), *offset = xs.offset.data();
  const float* weights = xs.weights.data();
  for (int x = 0; x < out_width; ++x) {
    float sum[Channels] = {};
    const float* w = weights + offset[x];
    const float* s = src + static_cast<size_t>(first[x]) * Channels;
    const int taps = count[x];
    for (int k = 0; k < taps; ++k)
      for (int c = 0; c < Channels; ++c) sum[c] += s[k * Channels + c] * w[k];
    for (int c = 0; c < Channels; ++c) dst[x * Channels + c] = sum[c];
  }
}

PXAV_ROW_FUNCTION void blend_rows(const float* rows, size_t row, const float* weights, int count, float* dst) {
  std::fill(dst, dst + row, 0.0f);
  for (int k = 0; k < count; ++k) {
    const float* s = rows + k * row;
    const float w = weights[k];
    for (size_t i = 0; i < row; ++i) dst[i] += s[i] * w;
  }
}

// Resamples the rectangle (left, top, width, height) of a plane of `Channels` values a pixel
// (source_width wide) to out_width x out_height: rows first, then columns.
template <int Channels>
std::vector<float> resample(const float* source, int source_width, const Letterbox& rect, int out_width,
                            int out_height) {
  const Taps xs = axis_taps(rect.left, rect.width, out_width);
  const Taps ys = axis_taps(rect.top, rect.height, out_height);
  const size_t row = static_cast<size_t>(out_width) * Channels;
  std::vector<float> across(static_cast<size_t>(rect.height) * row);
  for (int y = 0; y < rect.height; ++y)
    resample_across<Channels>(source + static_cast<size_t>(rect.top + y) * source_width * Channels, xs, out_width,
                              across.data() + y * row);
  std::vector<float> out(static_cast<size_t>(out_height) * row);
  for (int y = 0; y < out_height; ++y)
    blend_rows(across.data() + static_cast<size_t>(ys.first[y] - rect.top) * row, row, ys.weights.data() + ys.offset[y],
               ys.count[y], out.data() + y * row);
  return out;
}

// Confidence 0..1 to 0..255, rounded, NaN to 0: four at a time in vector lanes (the wasm build
// left the scalar loop scalar), the same bytes as the scalar rule that ends the row.
using F32x4 = float __attribute__((vector_size(16)));
using I32x4 = int32_t __attribute__((vector_size(16)));
using U8x4 = uint8_t __attribute__((vector_size(4)));

void quantise_row(const float* values, size_t count, uint8_t* out) {
  const F32x4 scale = {255.0f, 255.0f, 255.0f, 255.0f}, half = {0.5f, 0.5f, 0.5f, 0.5f}, zero = {};
  size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    F32x4 v;
    std::memcpy(&v, values + i, sizeof v);
    v = v * scale + half;
    // Vector casts reinterpret the bits: v where v > 0 (false for NaN), else +0; 255 where that is
    // 255 or more; then truncated.
    const F32x4 kept = (F32x4)((I32x4)v & (v > zero));
    const I32x4 full = kept >= scale;
    const F32x4 clamped = (F32x4)(((I32x4)kept & ~full) | ((I32x4)scale & full));
    const U8x4 bytes = __builtin_convertvector(__builtin_convertvector(clamped, I32x4), U8x4);
    std::memcpy(out + i, &bytes, sizeof bytes);
  }
  for (; i < count; ++i) {
    const float v = values[i] * 255.0f + 0.5f;
    out[i] = v >= 255.0f ? 255 : v > 0.0f ? static_cast<uint8_t>(v) : 0;  // NaN -> 0
  }
}

}  // namespace

Letterbox fit_letterbox(int image_width, int image_height, int model_width, int model_height) {
  const double scale =
      std::min(static_cast<double>(model_width) / image_width, static_cast<double>(model_height) / image_height);
  Letterbox box;
  box.width = std::clamp(static_cast<int>(std::lround(image_width * scale)), 1, model_width);
  box.height = std::clamp(static_cast<int>(std::lround(image_height * scale)), 1, model_height);
  box.left = (model_width - box.width) / 2;
  box.top = (model_height - box.height) / 2;
  return box;
}

std::vector<float> letterbox_input(const RgbImage& colour, const Letterbox& box, int model_width, int model_height) {
  // Row by row from the 8-bit pixels: a 48 MP photo never exists as floats.
  const Taps xs = axis_taps(0, colour.width, box.width);
  const Taps ys = axis_taps(0, colour.height, box.height);
  const size_t row = static_cast<size_t>(box.width) * 3;
  std::vector<float> source_row(static_cast<size_t>(colour.width) * 3);
  std::vector<float> across(static_cast<size_t>(colour.height) * row);
#if defined(__wasm__)
  // Each byte's value / 255 looked up: the same floats as dividing. Measured on the full-body
  // photo's 576 x 768 colour: dividing 1.05 ms in node (vector or not), the table 0.74 ms; natively
  // g++'s vectorised division takes 0.31 ms and the table 0.68 ms, so only the wasm build looks up.
  float unit[256];
  for (int v = 0; v < 256; ++v) unit[v] = static_cast<float>(v) / 255.0f;
  const auto to_unit = [&](uint8_t v) { return unit[v]; };
#else
  const auto to_unit = [](uint8_t v) { return v / 255.0f; };
#endif
  for (int y = 0; y < colour.height; ++y) {
    const uint8_t* src = colour.pixels.data() + static_cast<size_t>(y) * colour.width * 3;
    for (size_t i = 0; i < source_row.size(); ++i) source_row[i] = to_unit(src[i]);
    resample_across<3>(source_row.data(), xs, box.width, across.data() + y * row);
  }
  std::vector<float> input(static_cast<size_t>(model_width) * model_height * 3, 0.0f);
  for (int y = 0; y < box.height; ++y)
    blend_rows(across.data() + static_cast<size_t>(ys.first[y]) * row, row, ys.weights.data() + ys.offset[y],
               ys.count[y], input.data() + (static_cast<size_t>(box.top + y) * model_width + box.left) * 3);
  return input;
}

GreyImage unletterbox_mask(const std::vector<float>& confidence, int model_width, int model_height,
                           const Letterbox& box, int out_width, int out_height) {
  (void)model_height;
  const std::vector<float> scaled = resample<1>(confidence.data(), model_width, box, out_width, out_height);
  GreyImage mask;
  mask.width = out_width;
  mask.height = out_height;
  mask.pixels.resize(scaled.size());
  quantise_row(scaled.data(), scaled.size(), mask.pixels.data());
  return mask;
}

}  // namespace pxav
