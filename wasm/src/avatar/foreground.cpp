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

bool all_zero_8(const uint8_t* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word == 0;
}

bool empty_mask(const GreyImage& mask) {
  return std::none_of(mask.pixels.begin(), mask.pixels.end(), [](uint8_t v) { return v != 0; });
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
  // A copy framed by one pixel, invalid samples as NaN: every comparison with NaN is false, so
  // "behind a valid neighbour" needs neither a validity test nor an edge test per neighbour.
  const int pw = w + 2;
  // Only the rows that hold mask pixels are tested, so only they and their neighbours are
  // copied; the frame's other rows stay NaN and are never read.
  int first_row = 0, last_row = h - 1;
  const auto row_set = [&](int y) {
    const uint8_t* row = &mask.pixels[static_cast<size_t>(y) * w];
    return std::any_of(row, row + w, [](uint8_t v) { return v != 0; });
  };
  while (first_row < h && !row_set(first_row)) ++first_row;
  if (first_row == h) return;  // an empty mask: nothing to drop
  while (!row_set(last_row)) --last_row;
  std::vector<float> z(static_cast<size_t>(pw) * (h + 2), std::numeric_limits<float>::quiet_NaN());
  for (int y = std::max(0, first_row - 1); y <= std::min(h - 1, last_row + 1); ++y) {
    const float* src = &depth.z[static_cast<size_t>(y) * w];
    float* dst = &z[static_cast<size_t>(y + 1) * pw + 1];
    for (int x = 0; x < w; ++x) dst[x] = is_valid_depth(src[x]) ? src[x] : std::numeric_limits<float>::quiet_NaN();
  }
  // int, not bool: the eight tests below are joined with | on purpose, all evaluated, no branches.
  const auto behind = [relative_jump](float zc, float zn) -> int { return zc - zn > relative_jump * zn; };
  // In place: a pixel's test reads the depths and its own mask value only, never a neighbour's.
  for (int y = first_row; y <= last_row; ++y) {
    const float* up = &z[static_cast<size_t>(y) * pw + 1];
    const float* row = up + pw;
    const float* down = row + pw;
    uint8_t* out = &mask.pixels[static_cast<size_t>(y) * w];
    for (int x = 0; x < w; ++x) {
      if (out[x] == 0) continue;
      const float c = row[x];
      // All eight neighbours: with a 4-neighbourhood a diagonal background pixel at a corner of
      // the silhouette would survive and join subject and background into one 8-connected region.
      const bool flying = behind(c, up[x - 1]) | behind(c, up[x]) | behind(c, up[x + 1]) | behind(c, row[x - 1]) |
                          behind(c, row[x + 1]) | behind(c, down[x - 1]) | behind(c, down[x]) | behind(c, down[x + 1]);
      if (flying) out[x] = 0;
    }
  }
}

void keep_largest_component(GreyImage& mask) {
  const int w = mask.width, h = mask.height;
  // Labels runs of set pixels, not pixels: a subject of 200k pixels is a few thousand runs. Runs
  // of neighbouring rows that touch, diagonally included, are joined with union-find; one
  // sequential pass finds the runs and one writes the result.
  struct Run {
    int y, begin, end;  // [begin, end) on row y
    uint32_t parent;
  };
  std::vector<Run> runs;
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
  const auto root = [&](uint32_t i) {
    while (runs[i].parent != i) i = runs[i].parent = runs[runs[i].parent].parent;  // path halving
    return i;
  };
  for (int y = 1; y < h; ++y) {
    // Two sorted lists of runs, walked together: a run above touches this one when their
    // column ranges overlap after widening by one pixel (the diagonal neighbours).
    size_t a = row_first[y - 1];
    for (size_t b = row_first[y]; b < row_first[y + 1]; ++b) {
      while (a < row_first[y] && runs[a].end < runs[b].begin) ++a;
      for (size_t k = a; k < row_first[y] && runs[k].begin <= runs[b].end; ++k) {
        const uint32_t ra = root(static_cast<uint32_t>(k)), rb = root(static_cast<uint32_t>(b));
        if (ra != rb) runs[std::max(ra, rb)].parent = std::min(ra, rb);  // the earlier run stays root
      }
    }
  }
  // The largest region; on a tie the one whose first pixel comes first in raster order, which is
  // the region whose root (its earliest run) has the lower index.
  std::vector<size_t> size(runs.size(), 0);
  for (uint32_t i = 0; i < runs.size(); ++i) size[root(i)] += static_cast<size_t>(runs[i].end - runs[i].begin);
  uint32_t best = 0;
  for (uint32_t i = 0; i < runs.size(); ++i) {
    if (size[i] > size[best]) best = i;
  }
  std::fill(mask.pixels.begin(), mask.pixels.end(), 0);
  for (uint32_t i = 0; i < runs.size(); ++i) {
    if (root(i) != best) continue;
    uint8_t* row = &mask.pixels[static_cast<size_t>(runs[i].y) * w];
    std::fill(row + runs[i].begin, row + runs[i].end, 255);
  }
}

namespace {

// Two depths on one surface: closer than kSurfaceJump of the nearer one. Plain double
// arithmetic on floats, the same in every build.
bool same_surface(float a, float b) {
  const double lo = std::min(a, b), hi = std::max(a, b);
  return hi - lo <= kSurfaceJump * lo;
}

struct Surface {
  size_t pixels = 0;
  double z_sum = 0;  // summed in raster order
};

// What two surfaces see of each other along their shared edge: pixel pairs (4-neighbours, and
// pairs two apart across one unset pixel, which flying-pixel removal leaves between them).
struct Contact {
  uint32_t pairs = 0;
  uint32_t a_in_front = 0;  // pairs where surface a (the lower id) is the nearer
  double a_behind_sum = 0;  // sum over pairs of (z_a - z_b) / min(z_a, z_b)
};

}  // namespace

void select_subject_surfaces_at_full_size(const DepthMap& depth, GreyImage& mask) {
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  // Nothing outside the mask's box is set, so every pass below runs on a copy of the box alone,
  // widened by one pixel where the image goes on so that each 3x3 neighbourhood sees what it
  // saw in the image. The box's raster order is the image's raster order of the same pixels,
  // so roots, ids and sums come out as over the whole image; a pixel beyond the box would
  // only ever be unset, no surface and no contact.
  const int image_w = mask.width, image_h = mask.height;
  int x0 = image_w, y0 = image_h, x1 = -1, y1 = -1;
  for (int y = 0; y < image_h; ++y) {
    const uint8_t* row = &mask.pixels[static_cast<size_t>(y) * image_w];
    const auto set = [](uint8_t v) { return v != 0; };
    const uint8_t* first = std::find_if(row, row + image_w, set);
    if (first == row + image_w) continue;
    const uint8_t* last =
        std::find_if(std::make_reverse_iterator(row + image_w), std::make_reverse_iterator(row), set).base() - 1;
    x0 = std::min(x0, static_cast<int>(first - row)), x1 = std::max(x1, static_cast<int>(last - row));
    y0 = std::min(y0, y), y1 = y;
  }
  if (x1 < 0) return;  // no pixel set: nothing to select
  x0 = std::max(0, x0 - 1), y0 = std::max(0, y0 - 1);
  x1 = std::min(image_w - 1, x1 + 1), y1 = std::min(image_h - 1, y1 + 1);
  const int w = x1 - x0 + 1, h = y1 - y0 + 1;
  const size_t n = static_cast<size_t>(w) * h;
  std::vector<uint8_t> box_m(n);
  std::vector<float> box_z(n);
  for (int y = 0; y < h; ++y) {
    const size_t from = static_cast<size_t>(y0 + y) * image_w + x0;
    std::copy_n(&mask.pixels[from], w, &box_m[static_cast<size_t>(y) * w]);
    std::copy_n(&depth.z[from], w, &box_z[static_cast<size_t>(y) * w]);
  }
  const uint8_t* m = box_m.data();
  const float* z = box_z.data();
  const auto unset = [&](size_t i) {
    mask.pixels[static_cast<size_t>(y0 + static_cast<int>(i / w)) * image_w + x0 + static_cast<int>(i % w)] = 0;
  };

  // Surfaces grow from interior pixels only: those whose 3x3 neighbourhood (within the mask)
  // spans at most kSurfaceJump. A soft edge, where depth ramps from the subject to what is
  // behind it in small steps, is then no bridge between the two. The 3x3 minimum and maximum
  // are separable: along rows, then along columns, with unset pixels as +inf / -inf.
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<float> row_lo(n), row_hi(n);
  // One row's depths as the minimum and the maximum see them, framed by one pixel that adds
  // nothing (+inf / -inf): then every pixel folds the same three values, left to right, with no
  // test of the row's ends. The fold starts from +inf / -inf as a loop over the neighbours
  // would, so the result is that loop's bit for bit (NaN included, which std::min skips).
  std::vector<float> as_lo(static_cast<size_t>(w) + 2, kInf), as_hi(static_cast<size_t>(w) + 2, -kInf);
  for (int y = 0; y < h; ++y) {
    const size_t r = static_cast<size_t>(y) * w;
    for (int x = 0; x < w; ++x) {
      const bool set = m[r + x] != 0;
      as_lo[x + 1] = set ? z[r + x] : kInf;
      as_hi[x + 1] = set ? z[r + x] : -kInf;
    }
    for (int x = 0; x < w; ++x) {
      row_lo[r + x] = std::min(std::min(std::min(kInf, as_lo[x]), as_lo[x + 1]), as_lo[x + 2]);
      row_hi[r + x] = std::max(std::max(std::max(-kInf, as_hi[x]), as_hi[x + 1]), as_hi[x + 2]);
    }
  }
  std::vector<uint8_t> interior(n, 0);
  for (int y = 0; y < h; ++y) {
    const size_t up = static_cast<size_t>(std::max(0, y - 1)) * w, r = static_cast<size_t>(y) * w,
                 down = static_cast<size_t>(std::min(h - 1, y + 1)) * w;
    for (int x = 0; x < w; ++x) {
      const float lo = std::min({row_lo[up + x], row_lo[r + x], row_lo[down + x]});
      const float hi = std::max({row_hi[up + x], row_hi[r + x], row_hi[down + x]});
      interior[r + x] = m[r + x] && same_surface(lo, hi);
    }
  }
  // Union-find over interior pixels; the root of a set is its first pixel in raster order.
  std::vector<uint32_t> parent(n, kNone);
  const auto find = [&](uint32_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const auto unite = [&](uint32_t a, uint32_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  };
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      if (!interior[i]) continue;
      parent[i] = static_cast<uint32_t>(i);
      if (x > 0 && interior[i - 1] && same_surface(z[i], z[i - 1]))
        unite(static_cast<uint32_t>(i - 1), static_cast<uint32_t>(i));
      if (y > 0 && interior[i - w] && same_surface(z[i], z[i - w]))
        unite(static_cast<uint32_t>(i - w), static_cast<uint32_t>(i));
    }
  }
  // Surface ids in raster order of their first pixel: a root comes before the rest of its set,
  // so its id is known when they are reached.
  std::vector<uint32_t> label(n, kNone);
  std::vector<Surface> surfaces;
  for (size_t i = 0; i < n; ++i) {
    if (!interior[i]) continue;
    const uint32_t root = find(static_cast<uint32_t>(i));
    if (root == i) {
      label[i] = static_cast<uint32_t>(surfaces.size());
      surfaces.push_back({});
    } else {
      label[i] = label[root];
    }
  }
  // The edge pixels go, two rings deep, to the neighbouring surface nearest in depth, if one is
  // near enough; each ring decided from the previous one only, so the order of the scan does
  // not matter.
  std::vector<uint32_t> edge_pixels;
  for (size_t i = 0; i < n; ++i)
    if (m[i] && !interior[i]) edge_pixels.push_back(static_cast<uint32_t>(i));
  std::vector<uint32_t> decided(edge_pixels.size());
  for (int ring = 0; ring < 2; ++ring) {
    for (size_t k = 0; k < edge_pixels.size(); ++k) {
      const uint32_t i = edge_pixels[k];
      decided[k] = label[i];
      if (label[i] != kNone) continue;
      const int x = static_cast<int>(i % w), y = static_cast<int>(i / w);
      double best_gap = kSurfaceJump;
      for (int v = std::max(0, y - 1); v <= std::min(h - 1, y + 1); ++v)
        for (int u = std::max(0, x - 1); u <= std::min(w - 1, x + 1); ++u) {
          const size_t j = static_cast<size_t>(v) * w + u;
          if (label[j] == kNone) continue;
          const double gap = std::abs(static_cast<double>(z[i]) - z[j]) / std::min(z[i], z[j]);
          if (gap <= best_gap && (decided[k] == kNone || gap < best_gap || label[j] < decided[k])) {
            best_gap = gap;
            decided[k] = label[j];
          }
        }
    }
    for (size_t k = 0; k < edge_pixels.size(); ++k) label[edge_pixels[k]] = decided[k];
  }
  // Each run of one label sums in a register, starting from and ending in its surface's sum:
  // the same additions in the same order as adding to the surface pixel by pixel.
  for (size_t i = 0; i < n;) {
    const uint32_t l = label[i];
    if (l == kNone) {
      ++i;
      continue;
    }
    double z_sum = surfaces[l].z_sum;
    const size_t begin = i;
    for (; i < n && label[i] == l; ++i) z_sum += z[i];
    surfaces[l].z_sum = z_sum;
    surfaces[l].pixels += i - begin;
  }
  if (surfaces.size() <= 1) {
    for (size_t i = 0; i < n; ++i)
      if (label[i] == kNone) unset(i);
    return;
  }

  // Contacts between surfaces, keyed by (lower id, higher id).
  std::unordered_map<uint64_t, Contact> contacts;
  const auto touch = [&](size_t i, size_t j) {
    const uint32_t a = label[i], b = label[j];
    if (a == b) return;
    const bool swap = a > b;
    const uint32_t lo = swap ? b : a, hi = swap ? a : b;
    const float z_lo = swap ? z[j] : z[i], z_hi = swap ? z[i] : z[j];
    Contact& c = contacts[(static_cast<uint64_t>(lo) << 32) | hi];
    c.pairs += 1;
    c.a_in_front += z_lo < z_hi;
    c.a_behind_sum += (static_cast<double>(z_lo) - z_hi) / std::min(z_lo, z_hi);
  };
  // Contacts are measured between interior pixels, along rows and columns, across up to
  // kContactReach edge pixels: the edge pixels' own depths are the soft ramp between the two
  // surfaces and would make every gap look small.
  constexpr int kContactReach = 6;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      if (!interior[i]) continue;
      for (int d = 1; d <= kContactReach && x + d < w; ++d) {
        if (interior[i + d]) {
          touch(i, i + d);
          break;
        }
      }
      for (int d = 1; d <= kContactReach && y + d < h; ++d) {
        const size_t j = i + static_cast<size_t>(d) * w;
        if (interior[j]) {
          touch(i, j);
          break;
        }
      }
    }
  }
  struct Edge {
    uint32_t a, b;
    Contact c;
  };
  std::vector<Edge> edges;
  edges.reserve(contacts.size());
  for (const auto& [key, c] : contacts)
    edges.push_back({static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), c});
  std::sort(edges.begin(), edges.end(),
            [](const Edge& p, const Edge& q) { return p.a != q.a ? p.a < q.a : p.b < q.b; });

  // The main surface: the largest in pixels / mean depth. Pixels alone would pick a wall close
  // behind a person over the person; pixels / z^2 (true area over distance^4) would pick the head
  // over the body it sits on, and the body, behind the neck, would then not join.
  uint32_t main = 0;
  double best = -1;
  for (uint32_t s = 0; s < surfaces.size(); ++s) {
    const double mean = surfaces[s].z_sum / static_cast<double>(surfaces[s].pixels);
    const double score = static_cast<double>(surfaces[s].pixels) / mean;
    if (score > best) best = score, main = s;
  }
  std::vector<uint8_t> in(surfaces.size(), 0);
  in[main] = 1;

  // Grow: a surface joins when, along its contact with the subject, it lies in front on most
  // pairs, or behind by less than kSurfaceJoinBehind on average.
  std::vector<uint32_t> pairs(surfaces.size()), front(surfaces.size());
  std::vector<double> behind(surfaces.size());
  for (bool grew = true; grew;) {
    grew = false;
    std::fill(pairs.begin(), pairs.end(), 0);
    std::fill(front.begin(), front.end(), 0);
    std::fill(behind.begin(), behind.end(), 0.0);
    for (const Edge& e : edges) {
      if (in[e.a] == in[e.b]) continue;
      const uint32_t other = in[e.a] ? e.b : e.a;
      pairs[other] += e.c.pairs;
      front[other] += in[e.a] ? e.c.pairs - e.c.a_in_front : e.c.a_in_front;
      behind[other] += in[e.a] ? -e.c.a_behind_sum : e.c.a_behind_sum;
    }
    for (uint32_t s = 0; s < surfaces.size(); ++s) {
      if (in[s] || pairs[s] == 0) continue;
      if (2 * front[s] > pairs[s] || behind[s] < kSurfaceJoinBehind * pairs[s]) {
        in[s] = 1;
        grew = true;
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (m[i] && (label[i] == kNone || !in[label[i]])) unset(i);
  }
}

void select_subject_surfaces(const DepthMap& depth, GreyImage& mask) {
  const int w = mask.width, h = mask.height;
  if (static_cast<size_t>(w) * h <= kSurfaceFullSizePixels) return select_subject_surfaces_at_full_size(depth, mask);
  // Every second sample of every second row (not their mean, which would soften the depth
  // edges the surfaces are cut along), then each pixel keeps the decision of a sample of its
  // 2x2 neighbourhood on its own surface.
  const int sw = (w + 1) / 2, sh = (h + 1) / 2;
  DepthMap small{sw, sh, std::vector<float>(static_cast<size_t>(sw) * sh)};
  GreyImage kept{sw, sh, std::vector<uint8_t>(static_cast<size_t>(sw) * sh)};
  for (int y = 0; y < sh; ++y)
    for (int x = 0; x < sw; ++x) {
      const size_t i = static_cast<size_t>(2 * y) * w + 2 * x, j = static_cast<size_t>(y) * sw + x;
      small.z[j] = depth.z[i];
      kept.pixels[j] = mask.pixels[i];
    }
  drop_flying_pixels(small, kFlyingPixelJump, kept);
  select_subject_surfaces_at_full_size(small, kept);
  // A pixel stays when a kept sample of its 2x2 neighbourhood lies on its surface. One like none
  // of its samples (a thin edge the sampling stepped over) goes. The surfaces only unset samples,
  // so a kept sample was a candidate too.
  for (int y = 0; y < h; ++y) {
    const int v0 = y / 2, v1 = std::min(sh - 1, (y + 1) / 2);
    uint8_t* row = &mask.pixels[static_cast<size_t>(y) * w];
    const float* zrow = &depth.z[static_cast<size_t>(y) * w];
    for (int x = 0; x < w; ++x) {
      if (!row[x]) continue;
      // Two columns and two rows of samples (one each where x or y is even, or at the end):
      // a repeated one is tested twice, which changes nothing.
      const int u0 = x / 2, u1 = std::min(sw - 1, (x + 1) / 2);
      const auto on = [&](size_t j) { return kept.pixels[j] && same_surface(zrow[x], small.z[j]); };
      const size_t r0 = static_cast<size_t>(v0) * sw, r1 = static_cast<size_t>(v1) * sw;
      if (!(on(r0 + u0) || on(r0 + u1) || on(r1 + u0) || on(r1 + u1))) row[x] = 0;
    }
  }
}

void refine_edges_by_colour(const DepthMap& depth, const RgbImage& colour, int band, GreyImage& mask) {
  const int w = mask.width, h = mask.height;
  if (band <= 0 || w < 2 || h < 2) return;
  const uint8_t* m = mask.pixels.data();
  // Everything happens within the mask's box, widened by the reach of the colour sums.
  const int block = 2 * band, reach = 3 * block;
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y) {
    const uint8_t* row = m + static_cast<size_t>(y) * w;
    const uint8_t* first = std::find_if(row, row + w, [](uint8_t v) { return v != 0; });
    if (first == row + w) continue;
    const uint8_t* last =
        std::find_if(std::make_reverse_iterator(row + w), std::make_reverse_iterator(row), [](uint8_t v) {
          return v != 0;
        }).base();
    x0 = std::min(x0, static_cast<int>(first - row)), x1 = std::max(x1, static_cast<int>(last - row) - 1);
    y0 = std::min(y0, y), y1 = y;
  }
  if (x1 < 0) return;
  x0 = std::max(0, x0 - reach), y0 = std::max(0, y0 - reach);
  x1 = std::min(w - 1, x1 + reach), y1 = std::min(h - 1, y1 + reach);
  const int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
  const auto at = [&](int x, int y) { return static_cast<size_t>(y) * w + x; };  // image index
  const auto local = [&](int x, int y) { return static_cast<size_t>(y - y0) * rw + (x - x0); };

  // The band: pixels within Chebyshev distance band of a pixel whose 4-neighbour differs, by
  // running counts of edge pixels along rows, then along columns.
  std::vector<uint8_t> edge(static_cast<size_t>(rw) * rh, 0), near_edge(edge.size(), 0), in_band(edge.size(), 0);
  for (int y = y0; y <= y1; ++y) {
    // A neighbour outside the image is the pixel itself, which never differs: the same as not
    // comparing. The columns then need no test, except at the image's left and right edge.
    const uint8_t* row = m + at(0, y);
    const uint8_t* up = y > 0 ? row - w : row;
    const uint8_t* down = y + 1 < h ? row + w : row;
    uint8_t* out = &edge[local(x0, y)] - x0;  // out[x] is the pixel at column x
    const auto differs = [&](int x, int left, int right) -> uint8_t {
      return (row[left] != row[x]) | (row[right] != row[x]) | (up[x] != row[x]) | (down[x] != row[x]);
    };
    const int inner0 = std::max(x0, 1), inner1 = std::min(x1, w - 2);
    for (int x = x0; x < inner0; ++x) out[x] = differs(x, x, std::min(x + 1, w - 1));
    for (int x = inner0; x <= inner1; ++x) out[x] = differs(x, x - 1, x + 1);
    for (int x = std::max(inner1 + 1, x0); x <= x1; ++x) out[x] = differs(x, std::max(x - 1, 0), x);
  }
  // Along rows by a prefix count: an edge lies within band of x when the count differs at the
  // two ends of [x - band, x + band].
  std::vector<int> prefix(static_cast<size_t>(rw) + 1, 0);
  for (int y = 0; y < rh; ++y) {
    const uint8_t* in = &edge[static_cast<size_t>(y) * rw];
    uint8_t* out = &near_edge[static_cast<size_t>(y) * rw];
    for (int x = 0; x < rw; ++x) prefix[x + 1] = prefix[x] + in[x];
    for (int x = 0; x < rw; ++x) out[x] = prefix[std::min(rw, x + band + 1)] != prefix[std::max(0, x - band)];
  }
  // Colour sums of the pixels outside the band, per side, in blocks of 2 * band pixels; a band
  // pixel compares itself with the 3x3 blocks around its own.
  const int bw = (rw + block - 1) / block, bh = (rh + block - 1) / block;
  // Each column's block, divided once per column rather than once per pixel.
  std::vector<int> block_of(static_cast<size_t>(rw));
  for (int x = 0; x < rw; ++x) block_of[x] = x / block;
  std::vector<uint8_t> band_block(static_cast<size_t>(bw) * bh, 0);  // holds a band pixel

  std::vector<int> column(static_cast<size_t>(rw), 0);
  for (int y = 0; y < std::min(band, rh); ++y)
    for (int x = 0; x < rw; ++x) column[x] += near_edge[static_cast<size_t>(y) * rw + x];
  for (int y = 0; y < rh; ++y) {
    if (y + band < rh)
      for (int x = 0; x < rw; ++x) column[x] += near_edge[static_cast<size_t>(y + band) * rw + x];
    if (y - band - 1 >= 0)
      for (int x = 0; x < rw; ++x) column[x] -= near_edge[static_cast<size_t>(y - band - 1) * rw + x];
    uint8_t* blocks = &band_block[static_cast<size_t>(y / block) * bw];
    for (int x = 0; x < rw; ++x) {
      const uint8_t b = column[x] != 0;
      in_band[static_cast<size_t>(y) * rw + x] = b;
      blocks[block_of[x]] |= b;
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
      if (count[0] == 0 || count[1] == 0) return;
      // |c - mean_s|^2 compared exactly: each side scaled by its count, then cross-multiplied.
      const uint8_t* c = &colour.pixels[i * 3];
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
                                   const ForegroundOptions& options) {
  auto fg = find_foreground_mask(depth, colour, matte, options);
  if (fg) update_subject_range(depth, *fg);
  return fg;
}

Result<Foreground> find_foreground_mask(const DepthMap& depth, const RgbImage* colour, const GreyImage* matte,
                                        const ForegroundOptions& options) {
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
  if (matte != nullptr &&
      (matte->width != depth.width || matte->height != depth.height || matte->pixels.size() != depth.z.size())) {
    return make_error(ErrorCode::InvalidArgument, "foreground: the matte is " + std::to_string(matte->width) + "x" +
                                                      std::to_string(matte->height) + " but the depth map is " +
                                                      std::to_string(depth.width) + "x" + std::to_string(depth.height));
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
    // Locals and raw pointers: a store through uint8_t* may alias anything, so with fg's members
    // in the loop the compiler would reload the threshold and the sizes for every pixel.
    const double near = options.near_m.value_or(0.0), far = fg.threshold_m;
    const float* z = depth.z.data();
    uint8_t* out = fg.mask.pixels.data();
    const size_t n = depth.z.size();
    // & rather than &&: all three tests on every pixel, no branch to mispredict along the cut.
    for (size_t i = 0; i < n; ++i) out[i] = is_valid_depth(z[i]) & (z[i] >= near) & (z[i] <= far) ? 255 : 0;
    // Large maps drop their flying pixels at half size, with the surfaces (select_subject_surfaces).
    if (manual || depth.z.size() <= kSurfaceFullSizePixels) drop_flying_pixels(depth, kFlyingPixelJump, fg.mask);
    if (!manual) {
      // Depth too coarse or too noisy for any interior pixel leaves no surface: then the near
      // class, as it was, is the better answer than none.
      GreyImage near_class = fg.mask;
      select_subject_surfaces(depth, fg.mask);
      if (empty_mask(fg.mask)) fg.mask = std::move(near_class);
    }
    keep_largest_component(fg.mask);
    if (!manual && colour != nullptr) {
      // The colour band works on the subject alone: specks elsewhere would grow a band of their own.
      refine_edges_by_colour(depth, *colour, colour_band_width(depth), fg.mask);
      keep_largest_component(fg.mask);
    }
    fg.source = manual ? "manual" : "depth-histogram";
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
