// Shrinks a large colour image to a small working size while it streams in, tile by tile, so
// the full-resolution photo never exists in memory at once (a 48 MP photo is 145 MB as RGB; its
// depth map is 768x576). Each target pixel is the box average of the source pixels that fall in
// it, taken in linear light so dark and bright areas mix as they do in reality.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/image.h"

namespace pxav {

struct ColourAccumulator {
  int source_width = 0, source_height = 0;
  int width = 0, height = 0;
  std::vector<uint32_t> sums;    // 3 linear 16-bit sums per target pixel
  std::vector<uint32_t> counts;  // source pixels seen per target pixel
  // Target column tx takes source columns [column_start[tx], column_start[tx + 1]) (about 5 for
  // a 12 MP photo): a target pixel's sums are updated once per run, not once per source pixel.
  std::vector<int> column_start;  // width + 1 entries
};

ColourAccumulator make_colour_accumulator(int source_width, int source_height, int width, int height);

// Adds a block of interleaved 8-bit pixels (3 or 4 channels, `stride` bytes a row) whose top-left
// corner sits at (left, top) in the source image. Parts outside the source image are ignored.
void accumulate(ColourAccumulator& acc, const uint8_t* pixels, int stride, int channels, int left, int top,
                int block_width, int block_height);

// YCbCr (as HEVC stores it) straight into the sums: converting while summing avoids building an
// RGB copy of every tile, which costs as much as a fifth of the whole decode.
struct YcbcrToRgb {
  // Fixed-point (16 fractional bits) contributions of each code value, full or limited range.
  std::array<int32_t, 256> y{}, cr_to_r{}, cb_to_g{}, cr_to_g{}, cb_to_b{};
  // Full range: y[v] == v << 16, so a pixel's channel is its luma code plus an integer chroma
  // offset, and the hot loop needs no luma lookup or shift.
  bool luma_is_code = false;
};

// matrix_coefficients as in ISO/IEC 23091-2 (1 BT.709, 5/6 BT.601, 9 BT.2020; 2 "unspecified" is
// taken as BT.601, as libheif does). Returns false for matrices we leave to libheif.
bool make_ycbcr_to_rgb(int matrix_coefficients, bool full_range, YcbcrToRgb& out);

struct YcbcrPlanes {
  const uint8_t* y = nullptr;
  int y_stride = 0;
  const uint8_t* cb = nullptr;  // null for monochrome
  const uint8_t* cr = nullptr;
  int c_stride = 0;
  int shift_x = 1, shift_y = 1;  // chroma subsampling: 4:2:0 is (1, 1), 4:2:2 (1, 0), 4:4:4 (0, 0)
};

void accumulate_ycbcr(ColourAccumulator& acc, const YcbcrPlanes& planes, const YcbcrToRgb& matrix, int left, int top,
                      int block_width, int block_height);

// The averaged image, width x height; target pixels that received nothing are black.
RgbImage finish(const ColourAccumulator& acc);

// Convenience for a whole image already in memory.
RgbImage downsample(const uint8_t* pixels, int stride, int channels, int width, int height, int target_width,
                    int target_height);

// sRGB <-> linear tables shared by every stage that averages colour.
uint16_t srgb_to_linear16(uint8_t v);
uint8_t linear16_to_srgb(uint32_t v);

}  // namespace pxav
