#include "person/letterbox.h"

#include <algorithm>
#include <cmath>

namespace pxav {
namespace {

// The source pixels one output pixel reads along an axis, and their weights (summing to 1).
struct Taps {
  int first = 0;
  std::vector<float> weights;
};

// Output pixels 0..out-1 cover source pixels [start, start + length).
std::vector<Taps> axis_taps(int start, int length, int out) {
  std::vector<Taps> taps(out);
  const double scale = static_cast<double>(length) / out;
  for (int i = 0; i < out; ++i) {
    Taps& t = taps[i];
    if (scale > 1.0) {
      // Area: the share of each source pixel inside [i * scale, (i + 1) * scale).
      const double a = i * scale, b = (i + 1) * scale;
      const int lo = static_cast<int>(std::floor(a)), hi = std::min(static_cast<int>(std::ceil(b)), length);
      t.first = start + lo;
      for (int s = lo; s < hi; ++s) {
        const double overlap = std::min<double>(s + 1, b) - std::max<double>(s, a);
        t.weights.push_back(static_cast<float>(overlap / scale));
      }
    } else {
      // Bilinear between the two nearest pixel centres, clamped at the edges.
      const double at = std::clamp((i + 0.5) * scale - 0.5, 0.0, static_cast<double>(length - 1));
      const int lo = std::min(static_cast<int>(std::floor(at)), length - 1);
      const float f = static_cast<float>(at - lo);
      t.first = start + lo;
      t.weights.push_back(1.0f - f);
      if (lo + 1 < length) t.weights.push_back(f);
    }
  }
  return taps;
}

// Resamples the rectangle (left, top, width, height) of a plane of `channels` values a pixel
// (source_width wide) to out_width x out_height: rows first, then columns.
std::vector<float> resample(const float* source, int source_width, int channels, const Letterbox& rect, int out_width,
                            int out_height) {
  const std::vector<Taps> xs = axis_taps(rect.left, rect.width, out_width);
  const std::vector<Taps> ys = axis_taps(rect.top, rect.height, out_height);
  const size_t row = static_cast<size_t>(out_width) * channels;
  std::vector<float> across(static_cast<size_t>(rect.height) * row, 0.0f);
  for (int y = 0; y < rect.height; ++y) {
    const float* src = source + static_cast<size_t>(rect.top + y) * source_width * channels;
    float* dst = across.data() + y * row;
    for (int x = 0; x < out_width; ++x) {
      const Taps& t = xs[x];
      for (size_t k = 0; k < t.weights.size(); ++k) {
        const float* s = src + static_cast<size_t>(t.first + k) * channels;
        for (int c = 0; c < channels; ++c) dst[x * channels + c] += s[c] * t.weights[k];
      }
    }
  }
  std::vector<float> out(static_cast<size_t>(out_height) * row, 0.0f);
  for (int y = 0; y < out_height; ++y) {
    const Taps& t = ys[y];
    float* dst = out.data() + y * row;
    for (size_t k = 0; k < t.weights.size(); ++k) {
      const float* s = across.data() + static_cast<size_t>(t.first - rect.top + k) * row;
      const float w = t.weights[k];
      for (size_t i = 0; i < row; ++i) dst[i] += s[i] * w;
    }
  }
  return out;
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
  std::vector<float> pixels(colour.pixels.size());
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = colour.pixels[i] / 255.0f;
  const std::vector<float> fitted =
      resample(pixels.data(), colour.width, 3, Letterbox{0, 0, colour.width, colour.height}, box.width, box.height);
  std::vector<float> input(static_cast<size_t>(model_width) * model_height * 3, 0.0f);
  for (int y = 0; y < box.height; ++y)
    std::copy_n(fitted.data() + static_cast<size_t>(y) * box.width * 3, box.width * 3,
                input.data() + (static_cast<size_t>(box.top + y) * model_width + box.left) * 3);
  return input;
}

GreyImage unletterbox_mask(const std::vector<float>& confidence, int model_width, int model_height,
                           const Letterbox& box, int out_width, int out_height) {
  (void)model_height;
  const std::vector<float> scaled = resample(confidence.data(), model_width, 1, box, out_width, out_height);
  GreyImage mask;
  mask.width = out_width;
  mask.height = out_height;
  mask.pixels.resize(scaled.size());
  for (size_t i = 0; i < scaled.size(); ++i) {
    const float v = scaled[i] * 255.0f + 0.5f;
    mask.pixels[i] = v >= 255.0f ? 255 : v > 0.0f ? static_cast<uint8_t>(v) : 0;  // NaN -> 0
  }
  return mask;
}

}  // namespace pxav
