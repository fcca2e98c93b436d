#include "stereo/disparity_filter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace pxav {

void remove_speckles(DisparityMap& map, int max_size, float max_step) {
  const int w = map.width, h = map.height;
  if (max_size <= 0 || map.empty()) return;
  const size_t n = static_cast<size_t>(w) * h;
  std::vector<int32_t> label(n, 0);  // 0 = not yet visited
  std::vector<int32_t> stack, region;
  int32_t next = 0;
  for (size_t start = 0; start < n; ++start) {
    if (label[start] || !has_disparity(map.d[start])) continue;
    label[start] = ++next;
    stack.assign(1, static_cast<int32_t>(start));
    region.clear();
    // Grow until the region is known to be large; a large region needs no list of its pixels.
    while (!stack.empty()) {
      const int32_t i = stack.back();
      stack.pop_back();
      if (static_cast<int>(region.size()) <= max_size) region.push_back(i);
      const int x = i % w, y = i / w;
      const float v = map.d[i];
      const int32_t nbs[4] = {x > 0 ? i - 1 : -1, x + 1 < w ? i + 1 : -1, y > 0 ? i - w : -1, y + 1 < h ? i + w : -1};
      for (int32_t j : nbs)
        if (j >= 0 && !label[j] && has_disparity(map.d[j]) && std::fabs(map.d[j] - v) <= max_step) {
          label[j] = next;
          stack.push_back(j);
        }
    }
    if (static_cast<int>(region.size()) <= max_size)
      for (int32_t i : region) map.d[i] = std::numeric_limits<float>::quiet_NaN();
  }
}

void fill_from_background(DisparityMap& map) {
  const int w = map.width, h = map.height;
  std::vector<char> row_has(h, 0);
  for (int y = 0; y < h; ++y) {
    float* row = &map.d[static_cast<size_t>(y) * w];
    int x = 0;
    float before = std::numeric_limits<float>::quiet_NaN();
    while (x < w) {
      if (has_disparity(row[x])) {
        before = row[x++];
        row_has[y] = 1;
        continue;
      }
      int end = x;
      while (end < w && !has_disparity(row[end])) ++end;
      const float after = end < w ? row[end] : std::numeric_limits<float>::quiet_NaN();
      const float fill = !has_disparity(before) ? after : !has_disparity(after) ? before : std::min(before, after);
      std::fill(row + x, row + end, fill);
      x = end;
    }
  }
  // Rows without a single match take the nearest row above or below that had one.
  for (int y = 0; y < h; ++y) {
    if (row_has[y]) continue;
    int src = -1;
    for (int r = 1; r < h && src < 0; ++r) {
      if (y - r >= 0 && row_has[y - r])
        src = y - r;
      else if (y + r < h && row_has[y + r])
        src = y + r;
    }
    if (src < 0) return;  // no match anywhere: the map stays empty
    std::copy_n(&map.d[static_cast<size_t>(src) * w], w, &map.d[static_cast<size_t>(y) * w]);
  }
}

void median_3x3(DisparityMap& map) {
  const int w = map.width, h = map.height;
  if (w < 3 || h < 3) return;
  const std::vector<float> in = map.d;
  for (int y = 1; y + 1 < h; ++y)
    for (int x = 1; x + 1 < w; ++x) {
      if (!has_disparity(in[static_cast<size_t>(y) * w + x])) continue;
      std::array<float, 9> v;
      int n = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const float s = in[static_cast<size_t>(y + dy) * w + x + dx];
          if (has_disparity(s)) v[n++] = s;
        }
      if (n < 9) {
        // Beside a hole: the median of the matched neighbours, when they are most of them.
        if (n < 5) continue;
        std::nth_element(v.begin(), v.begin() + n / 2, v.begin() + n);
        map.d[static_cast<size_t>(y) * w + x] = v[n / 2];
        continue;
      }
      // Paeth's 19-exchange median network: branch-free min/max.
      auto sort2 = [&](int a, int b) {
        const float lo = std::min(v[a], v[b]), hi = std::max(v[a], v[b]);
        v[a] = lo;
        v[b] = hi;
      };
      sort2(1, 2), sort2(4, 5), sort2(7, 8), sort2(0, 1), sort2(3, 4), sort2(6, 7), sort2(1, 2), sort2(4, 5);
      sort2(7, 8), sort2(0, 3), sort2(5, 8), sort2(4, 7), sort2(3, 6), sort2(1, 4), sort2(2, 5), sort2(4, 7);
      sort2(4, 2), sort2(6, 4), sort2(4, 2);
      map.d[static_cast<size_t>(y) * w + x] = v[4];
    }
}

}  // namespace pxav
