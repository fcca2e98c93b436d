#include "avatar/foreground.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "avatar/depth_ranks.h"
#include "avatar/mask_words.h"
#include "avatar/subject_cut.h"

namespace pxav {
namespace {

std::string metres(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f m", value);
  return text;
}

// Two nearest-rank percentiles (lo_p <= hi_p in [0, 1]) of the samples counted in counts.
std::pair<double, double> percentiles(const DepthSamples& samples, const DepthCounts& counts, double lo_p,
                                      double hi_p) {
  const auto [low, high] =
      depth_ranks(samples, counts, percentile_rank(lo_p, counts.count), percentile_rank(hi_p, counts.count));
  return {low, high};
}

// scale = kForegroundHistogramBins / (hi - lo), computed once: a multiplication per sample
// instead of a division.
int bin_of(double z, double lo, double scale) {
  const double t = (z - lo) * scale;
  if (!(t > 0)) return 0;
  return std::min(static_cast<int>(t), kForegroundHistogramBins - 1);
}

double bin_upper_edge(int bin, double lo, double hi) { return lo + (hi - lo) * (bin + 1) / kForegroundHistogramBins; }

bool empty_mask(const GreyImage& mask) {
  const uint8_t* p = mask.pixels.data();
  const size_t n = mask.pixels.size();
  size_t i = 0;
  while (i + 8 <= n && all_zero_8(p + i)) i += 8;
  return std::none_of(p + i, p + n, [](uint8_t v) { return v != 0; });
}

// A row's first and last set pixel, scanned from both ends 8 unset pixels (one 64-bit zero) at
// a time; false for a row without any.
bool row_extent(const uint8_t* row, int w, int& first, int& last) {
  first = 0;
  while (first + 8 <= w && all_zero_8(row + first)) first += 8;
  while (first < w && row[first] == 0) ++first;
  if (first == w) return false;
  last = w - 1;
  while (last - 7 > first && all_zero_8(row + last - 7)) last -= 8;
  while (row[last] == 0) --last;
  return true;
}

}  // namespace

int otsu_split(std::span<const uint32_t> histogram, int first, int last) {
  // Sums of counts and of count * bin are integers well inside double's exact range, so every
  // build computes the same variances and picks the same bin.
  double total = 0, total_moment = 0;
  for (int i = first; i <= last; ++i) {
    total += histogram[i];
    total_moment += static_cast<double>(histogram[i]) * i;
  }
  double best = -1;
  int best_first = first, best_last = first;
  double w0 = 0, m0 = 0;
  for (int t = first; t < last; ++t) {
    w0 += histogram[t];
    m0 += static_cast<double>(histogram[t]) * t;
    const double w1 = total - w0;
    if (w0 == 0 || w1 == 0) continue;
    const double mean_gap = m0 / w0 - (total_moment - m0) / w1;
    const double between = w0 * w1 * mean_gap * mean_gap;
    if (between > best) {
      best = between;
      best_first = best_last = t;
    } else if (between == best) {
      best_last = t;
    }
  }
  return best_first + (best_last - best_first) / 2;
}

void drop_flying_pixels(const DepthMap& depth, double relative_jump, GreyImage& mask) {
  const int w = depth.width, h = depth.height;
  // Only the mask's box is tested, so only it and a pixel around it are copied: a copy framed
  // by one pixel, invalid samples as NaN. Every comparison with NaN is false, so "behind a
  // valid neighbour" needs neither a validity test nor an edge test per neighbour.
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y) {
    int first = 0, last = 0;
    if (!row_extent(&mask.pixels[static_cast<size_t>(y) * w], w, first, last)) continue;
    x0 = std::min(x0, first), x1 = std::max(x1, last);
    y0 = std::min(y0, y), y1 = y;
  }
  if (x1 < 0) return;  // an empty mask: nothing to drop
  // The copy spans columns x0 - 1 .. x1 + 1 and rows y0 - 1 .. y1 + 1: pz(x, y) is pixel (x, y).
  const int pw = x1 - x0 + 3, ph = y1 - y0 + 3;
  std::vector<float> z(static_cast<size_t>(pw) * ph, std::numeric_limits<float>::quiet_NaN());
  const auto pz = [&](int x, int y) { return &z[static_cast<size_t>(y - y0 + 1) * pw + (x - x0 + 1)]; };
  for (int y = std::max(0, y0 - 1); y <= std::min(h - 1, y1 + 1); ++y) {
    const float* src = &depth.z[static_cast<size_t>(y) * w];
    float* dst = pz(x0 - 1, y);  // dst[x - x0 + 1] is pixel (x, y)
    for (int x = std::max(0, x0 - 1); x <= std::min(w - 1, x1 + 1); ++x)
      dst[x - x0 + 1] = is_valid_depth(src[x]) ? src[x] : std::numeric_limits<float>::quiet_NaN();
  }
  const int first_row = y0, last_row = y1;
  // int, not bool: the eight tests below are joined with | on purpose, all evaluated, no branches.
  const auto behind = [relative_jump](float zc, float zn) -> int { return zc - zn > relative_jump * zn; };
  // In place: a pixel's test reads the depths and its own mask value only, never a neighbour's.
  for (int y = first_row; y <= last_row; ++y) {
    const float* row = pz(x0, y);  // row[k] is pixel (x0 + k, y), from k = -1 to x1 - x0 + 1
    const float* up = row - pw;
    const float* down = row + pw;
    uint8_t* out = &mask.pixels[static_cast<size_t>(y) * w + x0];  // out[k] too
    for (int x = 0; x <= x1 - x0; ++x) {
      if (out[x] == 0) {
        // Most of a row is outside the subject: 8 unset pixels are one 64-bit zero.
        if (x + 8 <= x1 - x0 + 1 && all_zero_8(out + x)) x += 7;
        continue;
      }
      const float c = row[x];
      // All eight neighbours: with a 4-neighbourhood a diagonal background pixel at a corner of
      // the silhouette would survive and join subject and background into one 8-connected region.
      const bool flying = behind(c, up[x - 1]) | behind(c, up[x]) | behind(c, up[x + 1]) | behind(c, row[x - 1]) |
                          behind(c, row[x + 1]) | behind(c, down[x - 1]) | behind(c, down[x]) | behind(c, down[x + 1]);
      if (flying) out[x] = 0;
    }
  }
}

namespace {

// The mask's runs of set pixels, joined into 8-connected regions with union-find: a subject of
// 200k pixels is a few thousand runs. One sequential pass finds the runs.
struct MaskRuns {
  struct Run {
    int y, begin, end;  // [begin, end) on row y
    uint32_t parent;
  };
  std::vector<Run> runs;  // in raster order
  uint32_t root(uint32_t i) {
    while (runs[i].parent != i) i = runs[i].parent = runs[runs[i].parent].parent;  // path halving
    return i;
  }
};

MaskRuns connected_runs(const GreyImage& mask) {
  const int w = mask.width, h = mask.height;
  MaskRuns r;
  auto& runs = r.runs;
  std::vector<size_t> row_first(static_cast<size_t>(h) + 1, 0);  // runs of row y: [row_first[y], row_first[y + 1])
  for (int y = 0; y < h; ++y) {
    row_first[y] = runs.size();
    const uint8_t* row = &mask.pixels[static_cast<size_t>(y) * w];
    for (int x = 0; x < w;) {
      if (row[x] == 0) {
        // Most of a row is outside the subject: 8 unset pixels are one 64-bit zero.
        x += x + 8 <= w && all_zero_8(row + x) ? 8 : 1;
        continue;
      }
      const int begin = x;
      while (x < w && row[x] != 0) ++x;
      runs.push_back({y, begin, x, static_cast<uint32_t>(runs.size())});
    }
  }
  row_first[h] = runs.size();
  for (int y = 1; y < h; ++y) {
    // Two sorted lists of runs, walked together: a run above touches this one when their
    // column ranges overlap after widening by one pixel (the diagonal neighbours).
    size_t a = row_first[y - 1];
    for (size_t b = row_first[y]; b < row_first[y + 1]; ++b) {
      while (a < row_first[y] && runs[a].end < runs[b].begin) ++a;
      for (size_t k = a; k < row_first[y] && runs[k].begin <= runs[b].end; ++k) {
        const uint32_t ra = r.root(static_cast<uint32_t>(k)), rb = r.root(static_cast<uint32_t>(b));
        if (ra != rb) runs[std::max(ra, rb)].parent = std::min(ra, rb);  // the earlier run stays root
      }
    }
  }
  return r;
}

// The largest region's root; on a tie the region whose first pixel comes first in raster order,
// which is the region whose root (its earliest run) has the lower index. size: pixels per root.
uint32_t largest_region(MaskRuns& r, std::vector<size_t>& size) {
  size.assign(r.runs.size(), 0);
  for (uint32_t i = 0; i < r.runs.size(); ++i) size[r.root(i)] += static_cast<size_t>(r.runs[i].end - r.runs[i].begin);
  uint32_t best = 0;
  for (uint32_t i = 0; i < r.runs.size(); ++i)
    if (size[i] > size[best]) best = i;
  return best;
}

// The mask set exactly on the runs whose region's root is marked in keep.
void write_runs(MaskRuns& r, const std::vector<uint8_t>& keep, GreyImage& mask) {
  std::fill(mask.pixels.begin(), mask.pixels.end(), 0);
  for (uint32_t i = 0; i < r.runs.size(); ++i) {
    if (!keep[r.root(i)]) continue;
    uint8_t* row = &mask.pixels[static_cast<size_t>(r.runs[i].y) * mask.width];
    std::fill(row + r.runs[i].begin, row + r.runs[i].end, 255);
  }
}

}  // namespace

void keep_largest_component(GreyImage& mask) {
  MaskRuns r = connected_runs(mask);
  if (r.runs.empty()) return;
  std::vector<size_t> size;
  std::vector<uint8_t> keep(r.runs.size(), 0);
  keep[largest_region(r, size)] = 1;
  write_runs(r, keep, mask);
}

void refine_edges_by_colour(const DepthMap& depth, const RgbImage& colour, int band, GreyImage& mask,
                            const OneSidedColour* one_sided) {
  const int w = mask.width, h = mask.height;
  if (band <= 0 || w < 2 || h < 2) return;
  band = std::min(band, kMaxColourBand);
  const uint8_t* m = mask.pixels.data();
  // Everything happens within the mask's box, widened by the reach of the colour sums.
  const int block = 2 * band, reach = 3 * block;
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y) {
    int first = 0, last = 0;
    if (!row_extent(m + static_cast<size_t>(y) * w, w, first, last)) continue;
    x0 = std::min(x0, first), x1 = std::max(x1, last);
    y0 = std::min(y0, y), y1 = y;
  }
  if (x1 < 0) return;
  x0 = std::max(0, x0 - reach), y0 = std::max(0, y0 - reach);
  x1 = std::min(w - 1, x1 + reach), y1 = std::min(h - 1, y1 + reach);
  const int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
  // The box's rows padded to whole 8-byte words, which the band is computed in; the padding
  // stays 0.
  const int rs = (rw + 7) / 8 * 8;
  const auto at = [&](int x, int y) { return static_cast<size_t>(y) * w + x; };  // image index
  const auto local = [&](int x, int y) { return static_cast<size_t>(y - y0) * rs + (x - x0); };

  // The band: pixels within Chebyshev distance band of a pixel whose 4-neighbour differs. Along
  // rows first: each edge pixel marks [x - band, x + band] (edges are few, a row mostly equal to
  // its neighbours, tested 8 pixels at a time); then along columns, by running counts.
  std::vector<uint8_t> near_edge(static_cast<size_t>(rs) * rh, 0), in_band(near_edge.size(), 0);
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full, kHigh = 0x8080808080808080ull;
  const auto load = [](const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  for (int y = y0; y <= y1; ++y) {
    // A neighbour outside the image is the pixel itself, which never differs: the same as not
    // comparing. The columns then need no test, except at the image's left and right edge.
    const uint8_t* row = m + at(0, y);
    const uint8_t* up = y > 0 ? row - w : row;
    const uint8_t* down = y + 1 < h ? row + w : row;
    uint8_t* out = &near_edge[local(x0, y)] - x0;  // out[x] is the pixel at column x
    int covered = x0 - 1;                          // out is set up to here
    const auto mark = [&](int x) {
      const int a = std::max({x0, x - band, covered + 1}), b = std::min(x1, x + band);
      if (a <= b) std::memset(out + a, 1, static_cast<size_t>(b - a + 1)), covered = b;
    };
    const auto differs = [&](int x, int left, int right) {
      return (row[left] != row[x]) | (row[right] != row[x]) | (up[x] != row[x]) | (down[x] != row[x]);
    };
    const int inner0 = std::max(x0, 1), inner1 = std::min(x1, w - 2);
    for (int x = x0; x < inner0; ++x)
      if (differs(x, x, std::min(x + 1, w - 1))) mark(x);
    int x = inner0;
    for (; x + 7 <= inner1; x += 8) {
      const uint64_t c = load(row + x);
      const uint64_t diff =
          (c ^ load(row + x - 1)) | (c ^ load(row + x + 1)) | (c ^ load(up + x)) | (c ^ load(down + x));
      // A high bit for every byte that is not 0 (no carry crosses a byte).
      for (uint64_t set = (((diff & kLow7) + kLow7) | diff) & kHigh; set != 0; set &= set - 1)
        mark(x + __builtin_ctzll(set) / 8);
    }
    for (; x <= inner1; ++x)
      if (differs(x, x - 1, x + 1)) mark(x);
    for (x = std::max(inner1 + 1, x0); x <= x1; ++x)
      if (differs(x, std::max(x - 1, 0), x)) mark(x);
  }
  // Colour sums of the pixels outside the band, per side, in blocks of 2 * band pixels; a band
  // pixel compares itself with the 3x3 blocks around its own.
  const int bw = (rw + block - 1) / block, bh = (rh + block - 1) / block;
  // Each column's block, divided once per column rather than once per pixel.
  std::vector<int> block_of(static_cast<size_t>(rw));
  for (int x = 0; x < rw; ++x) block_of[x] = x / block;
  std::vector<uint8_t> band_block(static_cast<size_t>(bw) * bh, 0);  // holds a band pixel

  // Along columns: a byte per column counts the rows within band that are near an edge, 8
  // columns to a word (a count is at most 2 band + 1 <= 127, so no carry crosses a byte).
  const size_t words = static_cast<size_t>(rs) / 8;
  std::vector<uint64_t> column(words, 0);
  const auto near_words = [&](int y) { return &near_edge[static_cast<size_t>(y) * rs]; };
  for (int y = 0; y < std::min(band, rh); ++y)
    for (size_t k = 0; k < words; ++k) column[k] += load(near_words(y) + k * 8);
  for (int y = 0; y < rh; ++y) {
    if (y + band < rh)
      for (size_t k = 0; k < words; ++k) column[k] += load(near_words(y + band) + k * 8);
    if (y - band - 1 >= 0)
      for (size_t k = 0; k < words; ++k) column[k] -= load(near_words(y - band - 1) + k * 8);
    uint8_t* band_row = &in_band[static_cast<size_t>(y) * rs];
    uint8_t* blocks = &band_block[static_cast<size_t>(y / block) * bw];
    for (size_t k = 0; k < words; ++k) {
      const uint64_t set = (column[k] + kLow7) & kHigh;
      const uint64_t ones = set >> 7;
      std::memcpy(band_row + k * 8, &ones, sizeof ones);
      for (uint64_t b = set; b != 0; b &= b - 1) blocks[block_of[k * 8 + __builtin_ctzll(b) / 8]] = 1;
    }
  }
  // Only the blocks around a band pixel's block are ever read: the band is a thin line through
  // the box, so most blocks need no sum at all.
  std::vector<uint8_t> read_block(band_block.size(), 0);
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx) {
      if (!band_block[static_cast<size_t>(by) * bw + bx]) continue;
      for (int v = std::max(0, by - 1); v <= std::min(bh - 1, by + 1); ++v)
        for (int u = std::max(0, bx - 1); u <= std::min(bw - 1, bx + 1); ++u)
          read_block[static_cast<size_t>(v) * bw + u] = 1;
    }
  struct Sums {
    uint32_t rgb[3] = {0, 0, 0};
    uint32_t count = 0;
  };
  std::vector<Sums> sums(static_cast<size_t>(bw) * bh * 2);
  // Calls visit(x) for the pixels of image row y in the blocks that wanted marks.
  const auto for_blocks_of_row = [&](int y, const std::vector<uint8_t>& wanted, auto&& visit) {
    const uint8_t* blocks = &wanted[static_cast<size_t>((y - y0) / block) * bw];
    for (int bx = 0; bx < bw; ++bx) {
      if (!blocks[bx]) continue;
      for (int x = x0 + bx * block; x <= std::min(x1, x0 + bx * block + block - 1); ++x) visit(x);
    }
  };
  for (int y = y0; y <= y1; ++y) {
    Sums* row = &sums[static_cast<size_t>((y - y0) / block) * bw * 2];
    for_blocks_of_row(y, read_block, [&](int x) {
      if (in_band[local(x, y)]) return;
      const size_t i = at(x, y);
      Sums& s = row[block_of[x - x0] * 2 + (m[i] ? 1 : 0)];
      const uint8_t* c = &colour.pixels[i * 3];
      s.rgb[0] += c[0], s.rgb[1] += c[1], s.rgb[2] += c[2];
      s.count += 1;
    });
  }
  // Each band block's 3x3 neighbourhood summed once, for all the band pixels in it.
  std::vector<Sums> around(sums.size());
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx)
      for (int side = 0; side < 2 && band_block[static_cast<size_t>(by) * bw + bx]; ++side) {
        Sums& a = around[(static_cast<size_t>(by) * bw + bx) * 2 + side];
        for (int v = std::max(0, by - 1); v <= std::min(bh - 1, by + 1); ++v)
          for (int u = std::max(0, bx - 1); u <= std::min(bw - 1, bx + 1); ++u) {
            const Sums& s = sums[(static_cast<size_t>(v) * bw + u) * 2 + side];
            for (int k = 0; k < 3; ++k) a.rgb[k] += s.rgb[k];
            a.count += s.count;
          }
      }
  std::vector<std::pair<size_t, uint8_t>> changes;
  for (int y = y0; y <= y1; ++y)
    for_blocks_of_row(y, band_block, [&](int x) {
      if (!in_band[local(x, y)]) return;
      const size_t i = at(x, y);
      const Sums* a = &around[(static_cast<size_t>((y - y0) / block) * bw + block_of[x - x0]) * 2];
      const int64_t sum[2][3] = {{a[0].rgb[0], a[0].rgb[1], a[0].rgb[2]}, {a[1].rgb[0], a[1].rgb[1], a[1].rgb[2]}};
      const int64_t count[2] = {a[0].count, a[1].count};
      const uint8_t* c = &colour.pixels[i * 3];
      if (count[0] == 0 || count[1] == 0) {
        // No colour of one side nearby (a part narrower than the band, or a gap between two).
        // A pixel the flying pixels took (its depth mixes both sides) goes by the colour models.
        if (one_sided == nullptr || one_sided->before_flying->pixels[i] == m[i]) return;
        const bool subject = colour_cost(*one_sided->subject, c) < colour_cost(*one_sided->background, c);
        const uint8_t value = subject && is_valid_depth(depth.z[i]) ? 255 : 0;
        if (value != m[i]) changes.push_back({i, value});
        return;
      }
      // |c - mean_s|^2 compared exactly: each side scaled by its count, then cross-multiplied.
      double d[2];
      for (int side = 0; side < 2; ++side) {
        int64_t total = 0;
        for (int k = 0; k < 3; ++k) {
          const int64_t diff = c[k] * count[side] - sum[side][k];
          total += diff * diff;
        }
        d[side] = static_cast<double>(total);
      }
      // d0 / count0^2 against d1 / count1^2. The products round in doubles beyond 2^53, but
      // IEEE rounding is exact and the same in every build.
      const bool subject =
          d[1] * static_cast<double>(count[0] * count[0]) < d[0] * static_cast<double>(count[1] * count[1]);
      const uint8_t value = subject && is_valid_depth(depth.z[i]) ? 255 : 0;
      if (value != m[i]) changes.push_back({i, value});
    });
  // Every decision read the mask as it was; the changes land together.
  for (const auto& [i, value] : changes) mask.pixels[i] = value;
}

void keep_subject_and_parts_in_front(const DepthMap& depth, GreyImage& mask) {
  MaskRuns r = connected_runs(mask);
  if (r.runs.empty()) return;
  std::vector<size_t> size;
  const uint32_t main = largest_region(r, size);
  // Each region's summed depth, from its runs (sums of floats in doubles: exact, in any order).
  std::vector<double> z(r.runs.size(), 0);
  for (uint32_t i = 0; i < r.runs.size(); ++i) {
    const float* row = &depth.z[static_cast<size_t>(r.runs[i].y) * mask.width];
    double sum = 0;
    for (int x = r.runs[i].begin; x < r.runs[i].end; ++x) sum += row[x];
    z[r.root(i)] += sum;
  }
  // The other regions are kept when large enough and nearer on average than the main one.
  const double main_n = static_cast<double>(size[main]), main_z = z[main] / main_n;
  std::vector<uint8_t> keep(r.runs.size(), 0);
  for (uint32_t i = 0; i < r.runs.size(); ++i)
    keep[i] = i == main || (size[i] > 0 && static_cast<double>(size[i]) >= kSpeckShare * main_n &&
                            z[i] / static_cast<double>(size[i]) < main_z);
  write_runs(r, keep, mask);
}

int colour_band_width(const DepthMap& depth) {
  return std::clamp((std::min(depth.width, depth.height) + 80) / 160, 2, 8);
}

void update_subject_range(const DepthMap& depth, Foreground& fg) {
  const DepthSamples subject{depth.z, fg.mask.pixels.data()};
  const DepthCounts counts = count_depths(subject);
  if (counts.count == 0) return;
  std::tie(fg.near_m, fg.far_m) = percentiles(subject, counts, kSubjectNearPercentile, kSubjectFarPercentile);
}

Result<Foreground> find_foreground(const DepthMap& depth, const GreyImage* matte, const ForegroundOptions& options) {
  return find_foreground(depth, nullptr, matte, options);
}

Result<Foreground> find_foreground(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                   const ForegroundOptions& options, std::span<const SubjectHint> hints,
                                   const Intrinsics* camera, const GreyImage* person) {
  auto fg = find_foreground_mask(depth, colour, matte, options, hints, camera, person);
  if (fg) update_subject_range(depth, *fg);
  return fg;
}

Result<Foreground> find_foreground_mask(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                        const ForegroundOptions& options, std::span<const SubjectHint> hints,
                                        const Intrinsics* camera, const GreyImage* person) {
  if (depth.empty() || depth.z.size() != static_cast<size_t>(depth.width) * depth.height) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the depth map is empty or its size is inconsistent");
  }
  for (const auto& [name, value] : {std::pair{"near", options.near_m}, std::pair{"far", options.far_m}}) {
    if (value && !(std::isfinite(*value) && *value > 0)) {
      return make_error(ErrorCode::InvalidArgument,
                        std::string("foreground: ") + name + " must be a positive number of metres");
    }
  }
  if (options.near_m && options.far_m && !(*options.near_m < *options.far_m)) {
    return make_error(ErrorCode::InvalidArgument, "foreground: near (" + metres(*options.near_m) +
                                                      ") must be less than far (" + metres(*options.far_m) + ")");
  }
  if (colour != nullptr &&
      (colour->width != depth.width || colour->height != depth.height || colour->pixels.size() != depth.z.size() * 3)) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the colour image is " + std::to_string(colour->width) +
                                                      "x" + std::to_string(colour->height) + " but the depth map is " +
                                                      std::to_string(depth.width) + "x" + std::to_string(depth.height));
  }
  for (const auto& [name, mask] : {std::pair{"matte", matte}, std::pair{"person mask", person}}) {
    if (mask != nullptr &&
        (mask->width != depth.width || mask->height != depth.height || mask->pixels.size() != depth.z.size())) {
      return make_error(ErrorCode::InvalidArgument,
                        std::string("foreground: the ") + name + " is " + std::to_string(mask->width) + "x" +
                            std::to_string(mask->height) + " but the depth map is " + std::to_string(depth.width) +
                            "x" + std::to_string(depth.height));
    }
  }

  const DepthSamples all{depth.z};
  const DepthCounts all_counts = count_depths(all);
  if (all_counts.count == 0) {
    return make_error(ErrorCode::NoDepth, "foreground: the depth map has no valid sample (all NaN, zero or negative)");
  }

  Foreground fg;
  // The histogram spans the 0.5th..99.5th percentile so one stray far sample cannot squeeze the
  // whole scene into a few bins; the outliers still count, in the end bins.
  std::tie(fg.hist_lo_m, fg.hist_hi_m) = percentiles(all, all_counts, 0.005, 0.995);
  if (!(fg.hist_hi_m > fg.hist_lo_m)) fg.hist_hi_m = fg.hist_lo_m + 0.001;  // a flat scene
  fg.histogram.assign(kForegroundHistogramBins, 0);
  const double scale = kForegroundHistogramBins / (fg.hist_hi_m - fg.hist_lo_m);
  for (float z : depth.z) {
    if (is_valid_depth(z)) ++fg.histogram[bin_of(z, fg.hist_lo_m, scale)];
  }

  const bool manual = options.near_m || options.far_m;
  const int first_bin = options.near_m ? bin_of(*options.near_m, fg.hist_lo_m, scale) : 0;
  const int last_bin = options.far_m ? bin_of(*options.far_m, fg.hist_lo_m, scale) : kForegroundHistogramBins - 1;
  fg.threshold_m = options.far_m
                       ? *options.far_m
                       : bin_upper_edge(otsu_split(fg.histogram, first_bin, last_bin), fg.hist_lo_m, fg.hist_hi_m);

  fg.mask.width = depth.width;
  fg.mask.height = depth.height;
  fg.mask.pixels.assign(depth.z.size(), 0);

  if (!manual && options.use_matte && matte != nullptr) {
    for (size_t i = 0; i < depth.z.size(); ++i)
      fg.mask.pixels[i] = matte->pixels[i] >= 128 && is_valid_depth(depth.z[i]) ? 255 : 0;
    drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
    fg.source = "matte";
    // A matte that covers no valid depth (a portrait of something the matte model missed) falls
    // back to the depth histogram; source says so.
  }
  if (fg.source.empty() || empty_mask(fg.mask)) {
    if (manual) {
      // Locals and raw pointers: a store through uint8_t* may alias anything, so with fg's
      // members in the loop the compiler would reload the window and the sizes for every pixel.
      const double near = options.near_m.value_or(0.0), far = fg.threshold_m;
      const float* z = depth.z.data();
      uint8_t* out = fg.mask.pixels.data();
      const size_t n = depth.z.size();
      // & rather than &&: all three tests on every pixel, no branch to mispredict along the cut.
      for (size_t i = 0; i < n; ++i) out[i] = is_valid_depth(z[i]) & (z[i] >= near) & (z[i] <= far) ? 255 : 0;
      drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
      keep_largest_component(fg.mask);
      fg.source = "manual";
    } else {
      const GreyImage* person_mask = options.use_person ? person : nullptr;
      auto cut = cut_subject(SubjectCutInputs{&depth, camera, colour, person_mask, hints});
      if (!cut) return cut.error();
      fg.mask = std::move(cut->mask);  // one connected subject, in cells
      const GreyImage before_flying = colour != nullptr ? fg.mask : GreyImage{};
      drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
      if (colour != nullptr) {
        // The cut's edge follows its cells; the colour band moves it onto the colour edge at
        // full size. The band spans a cell at least. Where a part is narrower than the band (a
        // leg, a bottle's neck), the flying pixels took its mixed-depth edge and no colour of
        // its own side lies nearby: the cut's colour models decide those pixels.
        const int band = std::max(colour_band_width(depth), subject_cut_cell_size(depth));
        const OneSidedColour one_sided{&before_flying, &cut->subject_colours, &cut->background_colours};
        refine_edges_by_colour(depth, *colour, band, fg.mask, &one_sided);
      }
      keep_subject_and_parts_in_front(depth, fg.mask);
      fg.source = person_mask ? "person-model" : "depth";
    }
  }

  // Every mask pixel has valid depth: an empty mask is a subject without a sample.
  if (empty_mask(fg.mask)) {
    std::string window = options.near_m ? "between " + metres(*options.near_m) + " and " : "nearer than ";
    return make_error(ErrorCode::InvalidArgument, "foreground: no valid depth sample " + window +
                                                      metres(fg.threshold_m) + " (the scene spans " +
                                                      metres(fg.hist_lo_m) + " to " + metres(fg.hist_hi_m) + ")");
  }
  return fg;
}

}  // namespace pxav
