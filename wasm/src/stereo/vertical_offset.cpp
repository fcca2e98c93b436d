#include "stereo/vertical_offset.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <vector>

namespace pxav {
namespace {

constexpr int kRadius = 4;  // 9x9 patches
constexpr int kGrid = 8;    // patches on an 8x8 grid at most: the median of a few dozen votes is plenty

int patch_sad(const GreyImage& a, int ax, int ay, const GreyImage& b, int bx, int by) {
  int sum = 0;
  for (int dy = -kRadius; dy <= kRadius; ++dy) {
    const uint8_t* pa = &a.pixels[static_cast<size_t>(ay + dy) * a.width + ax - kRadius];
    const uint8_t* pb = &b.pixels[static_cast<size_t>(by + dy) * b.width + bx - kRadius];
    for (int i = 0; i <= 2 * kRadius; ++i) sum += std::abs(pa[i] - pb[i]);
  }
  return sum;
}

// Enough texture in both directions that a vertical shift changes the match.
bool textured(const GreyImage& g, int x, int y) {
  int gx = 0, gy = 0;
  for (int dy = -kRadius; dy < kRadius; ++dy)
    for (int dx = -kRadius; dx < kRadius; ++dx) {
      const size_t i = static_cast<size_t>(y + dy) * g.width + x + dx;
      gx += std::abs(g.pixels[i + 1] - g.pixels[i]);
      gy += std::abs(g.pixels[i + g.width] - g.pixels[i]);
    }
  const int n = (2 * kRadius) * (2 * kRadius);
  return gx >= 4 * n && gy >= 4 * n;
}

}  // namespace

VerticalOffset estimate_vertical_offset(const GreyImage& left, const GreyImage& right, int min_disparity,
                                        int num_disparities, int max_shift) {
  VerticalOffset out;
  const int w = left.width, h = left.height;
  const int margin = kRadius + max_shift + 1;
  if (w != right.width || h != right.height || w < 2 * margin + 1 || h < 2 * margin + 1) return out;
  // Disparities searched in steps of one, shifts in steps of one row; the winner's shift votes.
  std::vector<int> votes;
  for (int gy = 0; gy < kGrid; ++gy)
    for (int gx = 0; gx < kGrid; ++gx) {
      const int x = margin + (w - 2 * margin) * (2 * gx + 1) / (2 * kGrid);
      const int y = margin + (h - 2 * margin) * (2 * gy + 1) / (2 * kGrid);
      if (!textured(left, x, y)) continue;
      int best = std::numeric_limits<int>::max(), second = best, best_shift = 0;
      for (int shift = -max_shift; shift <= max_shift; ++shift) {
        int here = std::numeric_limits<int>::max();
        for (int d = min_disparity; d < min_disparity + num_disparities; ++d) {
          const int xr = x - d;
          if (xr - kRadius < 0 || xr + kRadius >= w) continue;
          here = std::min(here, patch_sad(left, x, y, right, xr, y + shift));
        }
        if (here < best) {
          second = best;
          best = here;
          best_shift = shift;
        } else {
          second = std::min(second, here);
        }
      }
      // Only clear winners vote: a patch that matches about as well at any shift says nothing.
      if (best < std::numeric_limits<int>::max() && second > best + best / 4) votes.push_back(best_shift);
    }
  out.patches = static_cast<int>(votes.size());
  if (votes.empty()) return out;
  std::nth_element(votes.begin(), votes.begin() + votes.size() / 2, votes.end());
  out.pixels = votes[votes.size() / 2];
  return out;
}

}  // namespace pxav
