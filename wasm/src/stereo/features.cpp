#include "stereo/features.h"

#include <algorithm>
#include <cstdlib>

#include "stereo/lanes.h"

namespace pxav {
namespace {

constexpr int kGridX = 16, kGridY = 12;  // cells that share the features out
constexpr int kPatch = 13;               // descriptor pairs lie within this radius
// Harris' corner measure with k = 1/25 on 5x5 sums of Sobel products (gradients / 4); below this
// a "corner" has the contrast of a few grey levels (an ideal corner of 6 levels gives about 3e7),
// which is noise in a JPEG.
constexpr int64_t kMinResponse = 30000000;

// The descriptor's 256 pixel pairs: a fixed pseudo-random pattern, denser near the centre (the
// sum of two uniform offsets), the same in every build.
struct Pattern {
  std::array<std::array<int8_t, 4>, 256> pairs;
};

Pattern make_pattern() {
  Pattern p{};
  uint32_t state = 0x2545f491u;
  auto next = [&state]() {
    state = state * 1664525u + 1013904223u;
    return static_cast<int>((state >> 16) % (kPatch + 1));
  };
  for (auto& pair : p.pairs)
    for (auto& v : pair) v = static_cast<int8_t>(next() + next() - kPatch);
  return p;
}

// 5x5 box sums (of grey or of gradient products), computed by rows then columns.
template <class T, class In>
std::vector<T> box5(const std::vector<In>& in, int w, int h) {
  std::vector<T> rows(in.size()), out(in.size());
  for (int y = 0; y < h; ++y)
    for (int x = 2; x < w - 2; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      rows[i] = static_cast<T>(in[i - 2]) + in[i - 1] + in[i] + in[i + 1] + in[i + 2];
    }
  for (int y = 2; y < h - 2; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      out[i] = rows[i - 2 * w] + rows[i - w] + rows[i] + rows[i + w] + rows[i + 2 * w];
    }
  return out;
}

PXAV_ROW_FUNCTION void sobel_row(const GreyImage& g, int y, int32_t* xx, int32_t* yy, int32_t* xy) {
  const int w = g.width;
  const uint8_t* a = &g.pixels[static_cast<size_t>(y - 1) * w];
  const uint8_t* b = a + w;
  const uint8_t* c = b + w;
  for (int x = 1; x < w - 1; ++x) {
    const int gx = (a[x + 1] - a[x - 1]) + 2 * (b[x + 1] - b[x - 1]) + (c[x + 1] - c[x - 1]);
    const int gy = (c[x - 1] - a[x - 1]) + 2 * (c[x] - a[x]) + (c[x + 1] - a[x + 1]);
    // Divided by 4 so 5x5 sums of products stay within 32 bits.
    const int sx = gx / 4, sy = gy / 4;
    xx[x] = sx * sx;
    yy[x] = sy * sy;
    xy[x] = sx * sy;
  }
}

}  // namespace

std::vector<Feature> detect_features(const GreyImage& g, int max_features) {
  const int w = g.width, h = g.height;
  std::vector<Feature> out;
  if (w < 2 * kFeatureBorder + 8 || h < 2 * kFeatureBorder + 8 || max_features <= 0) return out;
  const size_t n = static_cast<size_t>(w) * h;
  std::vector<int32_t> xx(n), yy(n), xy(n);
  for (int y = 1; y < h - 1; ++y) {
    const size_t row = static_cast<size_t>(y) * w;
    sobel_row(g, y, &xx[row], &yy[row], &xy[row]);
  }
  const auto sxx = box5<int64_t>(xx, w, h), syy = box5<int64_t>(yy, w, h), sxy = box5<int64_t>(xy, w, h);
  std::vector<int64_t> response(n, 0);
  for (int y = kFeatureBorder - 2; y < h - kFeatureBorder + 2; ++y)
    for (int x = kFeatureBorder - 2; x < w - kFeatureBorder + 2; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      const int64_t det = sxx[i] * syy[i] - sxy[i] * sxy[i], trace = sxx[i] + syy[i];
      response[i] = 25 * det - trace * trace;
    }
  // Local maxima over 5x5 (ties go to the first in raster order), kept per grid cell.
  struct Candidate {
    int64_t r;
    int x, y;
  };
  std::vector<std::vector<Candidate>> cells(kGridX * kGridY);
  for (int y = kFeatureBorder; y < h - kFeatureBorder; ++y)
    for (int x = kFeatureBorder; x < w - kFeatureBorder; ++x) {
      const int64_t r = response[static_cast<size_t>(y) * w + x];
      if (r < kMinResponse) continue;
      bool peak = true;
      for (int dy = -2; dy <= 2 && peak; ++dy)
        for (int dx = -2; dx <= 2 && peak; ++dx) {
          if (!dx && !dy) continue;
          const int64_t o = response[static_cast<size_t>(y + dy) * w + x + dx];
          peak = (dy < 0 || (dy == 0 && dx < 0)) ? o < r : o <= r;
        }
      if (!peak) continue;
      cells[static_cast<size_t>(y * kGridY / h) * kGridX + x * kGridX / w].push_back({r, x, y});
    }
  const int per_cell = std::max(1, max_features / (kGridX * kGridY));
  std::vector<Candidate> kept;
  for (auto& cell : cells) {
    std::sort(cell.begin(), cell.end(), [](const Candidate& a, const Candidate& b) {
      return a.r != b.r ? a.r > b.r : (a.y != b.y ? a.y < b.y : a.x < b.x);
    });
    for (int k = 0; k < per_cell && k < static_cast<int>(cell.size()); ++k)
      kept.push_back(cell[static_cast<size_t>(k)]);
  }

  // Descriptors on the 5x5 box-smoothed view (sums, so no rounding).
  std::vector<uint16_t> grey(g.pixels.begin(), g.pixels.end());
  const auto smooth = box5<uint16_t>(grey, w, h);
  static_assert(kPatch + 2 <= kFeatureBorder);
  const Pattern pattern = make_pattern();
  out.reserve(kept.size());
  for (const Candidate& c : kept) {
    Feature f;
    f.x = c.x;
    f.y = c.y;
    for (int b = 0; b < 256; ++b) {
      const auto& p = pattern.pairs[static_cast<size_t>(b)];
      const uint16_t v1 = smooth[static_cast<size_t>(c.y + p[1]) * w + c.x + p[0]];
      const uint16_t v2 = smooth[static_cast<size_t>(c.y + p[3]) * w + c.x + p[2]];
      if (v1 < v2) f.bits[static_cast<size_t>(b / 64)] |= uint64_t{1} << (b % 64);
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace pxav
