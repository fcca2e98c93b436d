#include "stereo/disparity_filter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "stereo/lanes.h"

namespace pxav {

namespace {

// Labels whose parent is never greater than themselves: joining two trees hangs the larger root
// under the smaller, so one pass in increasing order resolves every label to its root.
int32_t root_of(std::vector<int32_t>& parent, int32_t l) {
  while (parent[l] != l) l = parent[l] = parent[parent[l]];  // path halving
  return l;
}

int32_t join(std::vector<int32_t>& parent, int32_t a, int32_t b) {
  a = root_of(parent, a), b = root_of(parent, b);
  if (a < b) std::swap(a, b);
  parent[a] = b;
  return b;
}

}  // namespace

// The regions come from one pass of union-find in memory order: each pixel joins its left and
// upper neighbours, the labels are resolved to roots, and a last pass drops the pixels of small
// roots. It finds the same regions as a flood fill without a stack or a list per region, which
// counted for most of the filter's time (notably in wasm).
void remove_speckles(DisparityMap& map, int max_size, float max_step) {
  const int w = map.width, h = map.height;
  if (max_size <= 0 || map.empty()) return;
  std::vector<int32_t> label(static_cast<size_t>(w) * h, 0);  // 0: no disparity
  std::vector<int32_t> parent{0}, size{0};
  const float* d = map.d.data();
  const auto joins = [&](size_t i, size_t j) { return label[j] != 0 && std::fabs(d[j] - d[i]) <= max_step; };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      if (!has_disparity(d[i])) continue;
      const int32_t left = x > 0 && joins(i, i - 1) ? label[i - 1] : 0;
      const int32_t up = y > 0 && joins(i, i - w) ? label[i - w] : 0;
      int32_t l = left ? left : up;
      if (left && up && left != up) l = join(parent, left, up);
      if (!l) {
        l = static_cast<int32_t>(parent.size());
        parent.push_back(l);
        size.push_back(0);
      }
      label[i] = l;
      ++size[l];
    }
  for (size_t l = 1; l < parent.size(); ++l) {
    parent[l] = parent[parent[l]];
    if (parent[l] != static_cast<int32_t>(l)) size[parent[l]] += size[l];
  }
  for (size_t i = 0; i < label.size(); ++i)
    if (label[i] && size[parent[label[i]]] <= max_size) map.d[i] = std::numeric_limits<float>::quiet_NaN();
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

namespace {

using F32x4 = float __attribute__((vector_size(16)));
using I32x4 = int32_t __attribute__((vector_size(16)));

// Beside a hole: the median of the matched neighbours, when they are most of the nine (5 to 8
// of them: an insertion sort of so few beats a selection algorithm).
void median_beside_hole(const float* const rows[3], int x, float* out) {
  if (!has_disparity(rows[1][x])) return;
  std::array<float, 9> v;
  int n = 0;
  for (int dy = 0; dy < 3; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      const float s = rows[dy][x + dx];
      if (!has_disparity(s)) continue;
      int i = n++;
      for (; i > 0 && v[i - 1] > s; --i) v[i] = v[i - 1];
      v[i] = s;
    }
  if (n >= 5) out[x] = v[n / 2];
}

F32x4 load4(const float* p) {
  F32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Paeth's 19-exchange median-of-9 network on four pixels at once (min/max only: the same
// numbers natively and in wasm). Lanes with a NaN among their nine give nonsense; callers
// only keep lanes whose nine are all matched.
F32x4 median9(std::array<F32x4, 9>& v) {
  auto sort2 = [&](int a, int b) {
    const F32x4 lo = v[a] < v[b] ? v[a] : v[b], hi = v[a] < v[b] ? v[b] : v[a];
    v[a] = lo;
    v[b] = hi;
  };
  sort2(1, 2), sort2(4, 5), sort2(7, 8), sort2(0, 1), sort2(3, 4), sort2(6, 7), sort2(1, 2), sort2(4, 5);
  sort2(7, 8), sort2(0, 3), sort2(5, 8), sort2(4, 7), sort2(3, 6), sort2(1, 4), sort2(2, 5), sort2(4, 7);
  sort2(4, 2), sort2(6, 4), sort2(4, 2);
  return v[4];
}

// Row y of the 3x3 median, from the rows of `in` around it. A function a row: PXAV_ROW_FUNCTION.
PXAV_ROW_FUNCTION void median_row(const std::vector<float>& in, int w, int y, float* out) {
  const float* rows[3] = {&in[static_cast<size_t>(y - 1) * w], &in[static_cast<size_t>(y) * w],
                          &in[static_cast<size_t>(y + 1) * w]};
  int x = 1;
  for (; x + 4 < w; x += 4) {
    std::array<F32x4, 9> v;
    I32x4 matched = I32x4{} - 1;
    for (int dy = 0, n = 0; dy < 3; ++dy)
      for (int dx = -1; dx <= 1; ++dx, ++n) {
        v[n] = load4(rows[dy] + x + dx);
        matched &= v[n] == v[n];  // false for NaN
      }
    const F32x4 m = median9(v);
    for (int i = 0; i < 4; ++i)
      if (matched[i])
        out[x + i] = m[i];
      else
        median_beside_hole(rows, x + i, out);
  }
  for (; x + 1 < w; ++x) median_beside_hole(rows, x, out);
}

}  // namespace

void median_3x3(DisparityMap& map) {
  const int w = map.width, h = map.height;
  if (w < 3 || h < 3) return;
  const std::vector<float> in = map.d;
  for (int y = 1; y + 1 < h; ++y) median_row(in, w, y, &map.d[static_cast<size_t>(y) * w]);
}

}  // namespace pxav
