// Plain image buffers passed between pipeline stages. Row-major, top row first, no padding.
// They own their pixels (std::vector) so a stage can hand its output on by move.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace pxav {

// sRGB colour, 3 bytes a pixel.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // size width*height*3

  bool empty() const { return width <= 0 || height <= 0; }
  const uint8_t* at(int x, int y) const { return &pixels[(static_cast<size_t>(y) * width + x) * 3]; }
};

// One byte a pixel: masks and mattes (0 = background, 255 = subject).
struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // size width*height

  bool empty() const { return width <= 0 || height <= 0; }
  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// Metric planar depth: z[i] is the distance in metres along the optical axis (not along the
// ray), NaN where the sensor had no valid sample.
struct DepthMap {
  int width = 0;
  int height = 0;
  std::vector<float> z;  // size width*height

  bool empty() const { return width <= 0 || height <= 0; }
  float at(int x, int y) const { return z[static_cast<size_t>(y) * width + x]; }
};

// A usable depth sample: finite and above zero (denormals included), the same set as
// std::isfinite(z) && z > 0. Positive finite floats are the bit patterns 1..0x7f7fffff; the
// wrap-around of 0 - 1 puts zero, negative numbers, infinities and NaN above the limit, so the
// test is one compare (the foreground and the grid ask it for every pixel).
inline bool is_valid_depth(float z) {
  uint32_t u;
  std::memcpy(&u, &z, sizeof u);  // std::bit_cast is missing from Emscripten 3.1.6's libc++
  return u - 1u < 0x7f7fffffu;
}

}  // namespace pxav
