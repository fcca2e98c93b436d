// accumulate_ycbcr has fast paths (full-range 4:2:0 row pairs, per-column sums flushed once per
// target row); they must add exactly what the textbook per-pixel conversion adds, for every
// chroma layout, range and block placement a tiled photo can produce.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

#include "colour/downsample.h"

using namespace pxav;

namespace {

struct Planes {
  int width = 0, height = 0, shift_x = 1, shift_y = 1;
  bool mono = false;
  std::vector<uint8_t> y, cb, cr;
  int chroma_width() const { return (width + (1 << shift_x) - 1) >> shift_x; }
  int chroma_height() const { return (height + (1 << shift_y) - 1) >> shift_y; }
  YcbcrPlanes view() const {
    YcbcrPlanes p;
    p.y = y.data();
    p.y_stride = width;
    if (!mono) {
      p.cb = cb.data();
      p.cr = cr.data();
      p.c_stride = chroma_width();
    }
    p.shift_x = shift_x;
    p.shift_y = shift_y;
    return p;
  }
};

Planes random_planes(std::mt19937& rng, int width, int height, int shift_x, int shift_y, bool mono) {
  Planes p;
  p.width = width;
  p.height = height;
  p.shift_x = shift_x;
  p.shift_y = shift_y;
  p.mono = mono;
  std::uniform_int_distribution<int> byte(0, 255);
  p.y.resize(static_cast<size_t>(width) * height);
  for (auto& v : p.y) v = static_cast<uint8_t>(byte(rng));
  if (!mono) {
    p.cb.resize(static_cast<size_t>(p.chroma_width()) * p.chroma_height());
    p.cr.resize(p.cb.size());
    for (auto& v : p.cb) v = static_cast<uint8_t>(byte(rng));
    for (auto& v : p.cr) v = static_cast<uint8_t>(byte(rng));
  }
  return p;
}

// The definition: each pixel converted on its own (fixed point, rounded, clamped), linearised,
// and added to the target pixel its position falls in.
void reference_accumulate(ColourAccumulator& acc, const Planes& p, const YcbcrToRgb& m, int left, int top) {
  for (int by = 0; by < p.height; ++by) {
    for (int bx = 0; bx < p.width; ++bx) {
      const int x = left + bx, y = top + by;
      if (x < 0 || y < 0 || x >= acc.source_width || y >= acc.source_height) continue;
      const int tx = static_cast<int>(static_cast<int64_t>(x) * acc.width / acc.source_width);
      const int ty = static_cast<int>(static_cast<int64_t>(y) * acc.height / acc.source_height);
      const int32_t yy = m.y[p.y[static_cast<size_t>(by) * p.width + bx]] + (1 << 15);
      int32_t to[3] = {0, 0, 0};
      if (!p.mono) {
        const size_t c = static_cast<size_t>(by >> p.shift_y) * p.chroma_width() + (bx >> p.shift_x);
        to[0] = m.cr_to_r[p.cr[c]];
        to[1] = m.cb_to_g[p.cb[c]] + m.cr_to_g[p.cr[c]];
        to[2] = m.cb_to_b[p.cb[c]];
      }
      const size_t t = static_cast<size_t>(ty) * acc.width + tx;
      for (int ch = 0; ch < 3; ++ch) {
        const int v = std::clamp((yy + to[ch]) >> 16, 0, 255);
        acc.sums[t * 3 + ch] += srgb_to_linear16(static_cast<uint8_t>(v));
      }
      acc.counts[t] += 1;
    }
  }
}

}  // namespace

TEST_CASE("accumulate_ycbcr adds exactly what per-pixel conversion adds", "[colour]") {
  std::mt19937 rng(2026);
  struct Layout {
    int shift_x, shift_y;
    bool mono;
  };
  const Layout layouts[] = {{1, 1, false}, {1, 0, false}, {0, 0, false}, {1, 1, true}};
  int cases = 0;
  for (const Layout& layout : layouts) {
    for (const bool full_range : {true, false}) {
      for (const int matrix : {1, 6, 9}) {
        YcbcrToRgb m;
        REQUIRE(make_ycbcr_to_rgb(matrix, full_range, m));
        CHECK(m.luma_is_code == full_range);
        for (int trial = 0; trial < 6; ++trial) {
          // Sources a few times larger than the target, like a photo onto its depth grid; blocks
          // at odd offsets, partly outside the source, with odd sizes.
          std::uniform_int_distribution<int> target(3, 17), scale(2, 7), offset(-9, 9), size(5, 61);
          const int tw = target(rng), th = target(rng);
          const int sw = tw * scale(rng) + offset(rng) % 3 + 3, sh = th * scale(rng) + offset(rng) % 3 + 3;
          ColourAccumulator fast = make_colour_accumulator(sw, sh, tw, th);
          ColourAccumulator slow = make_colour_accumulator(sw, sh, tw, th);
          for (int block = 0; block < 4; ++block) {
            const Planes p = random_planes(rng, size(rng), size(rng), layout.shift_x, layout.shift_y, layout.mono);
            std::uniform_int_distribution<int> left(-p.width / 2, sw - 1), top(-p.height / 2, sh - 1);
            const int l = left(rng), t = top(rng);
            accumulate_ycbcr(fast, p.view(), m, l, t, p.width, p.height);
            reference_accumulate(slow, p, m, l, t);
          }
          ++cases;
          INFO("layout " << layout.shift_x << layout.shift_y << (layout.mono ? " mono" : "") << ", full range "
                         << full_range << ", matrix " << matrix << ", " << sw << "x" << sh << " -> " << tw << "x"
                         << th);
          REQUIRE(fast.counts == slow.counts);
          REQUIRE(fast.sums == slow.sums);
        }
      }
    }
  }
  CHECK(cases == 4 * 2 * 3 * 6);
}

TEST_CASE("accumulate_ycbcr: a whole 4:2:0 tile grid sums every source pixel once", "[colour]") {
  // 4032x3024 onto 768x576 in 512x512 tiles, as pug.heic: target rows take 5 or 6 source rows,
  // so row pairs meet target-row boundaries at both parities.
  std::mt19937 rng(7);
  YcbcrToRgb m;
  REQUIRE(make_ycbcr_to_rgb(6, true, m));
  const int sw = 1008, sh = 756, tile = 128;  // a quarter of each, same ratios
  ColourAccumulator fast = make_colour_accumulator(sw, sh, 192, 144);
  ColourAccumulator slow = make_colour_accumulator(sw, sh, 192, 144);
  for (int top = 0; top < sh; top += tile) {
    for (int left = 0; left < sw; left += tile) {
      const Planes p = random_planes(rng, tile, tile, 1, 1, false);
      accumulate_ycbcr(fast, p.view(), m, left, top, tile, tile);
      reference_accumulate(slow, p, m, left, top);
    }
  }
  uint64_t seen = 0;
  for (uint32_t c : fast.counts) seen += c;
  CHECK(seen == static_cast<uint64_t>(sw) * sh);
  CHECK(fast.counts == slow.counts);
  CHECK(fast.sums == slow.sums);
}
