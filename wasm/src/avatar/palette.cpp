#include "avatar/palette.h"

#include <algorithm>
#include <limits>
#include <string>

namespace pxav {
namespace {

constexpr Rgb8 rgb(uint32_t hex) {
  return {static_cast<uint8_t>(hex >> 16), static_cast<uint8_t>(hex >> 8), static_cast<uint8_t>(hex)};
}

struct NamedPalette {
  std::string_view name;
  std::vector<Rgb8> colours;
};

std::vector<NamedPalette> fixed_palettes() {
  return {
      {"pico8",
       {rgb(0x000000), rgb(0x1d2b53), rgb(0x7e2553), rgb(0x008751), rgb(0xab5236), rgb(0x5f574f), rgb(0xc2c3c7),
        rgb(0xfff1e8), rgb(0xff004d), rgb(0xffa300), rgb(0xffec27), rgb(0x00e436), rgb(0x29adff), rgb(0x83769c),
        rgb(0xff77a8), rgb(0xffccaa)}},
      {"gameboy", {rgb(0x0f380f), rgb(0x306230), rgb(0x8bac0f), rgb(0x9bbc0f)}},
      {"cga",
       {rgb(0x000000), rgb(0x0000aa), rgb(0x00aa00), rgb(0x00aaaa), rgb(0xaa0000), rgb(0xaa00aa), rgb(0xaa5500),
        rgb(0xaaaaaa), rgb(0x555555), rgb(0x5555ff), rgb(0x55ff55), rgb(0x55ffff), rgb(0xff5555), rgb(0xff55ff),
        rgb(0xffff55), rgb(0xffffff)}},
  };
}

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform.
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1), exact
};

// Dark to light by integer Rec. 709 luma, ties by the bytes: a stable, readable order.
void sort_dark_to_light(std::vector<Rgb8>& palette) {
  const auto luma = [](const Rgb8& c) { return 2126 * c[0] + 7152 * c[1] + 722 * c[2]; };
  std::sort(palette.begin(), palette.end(), [&](const Rgb8& a, const Rgb8& b) {
    const int la = luma(a), lb = luma(b);
    return la != lb ? la < lb : a < b;
  });
}

size_t nearest(const Oklab& p, const std::vector<Oklab>& centres, double* distance = nullptr) {
  size_t best = 0;
  double best_d = std::numeric_limits<double>::infinity();
  for (size_t c = 0; c < centres.size(); ++c) {
    const double d = squared_distance(p, centres[c]);
    if (d < best_d) best_d = d, best = c;  // strict: ties go to the lower index
  }
  if (distance != nullptr) *distance = best_d;
  return best;
}

// Weighted pick: index i with probability weight[i] / sum. Returns weights.size() if all are 0.
size_t pick_weighted(const std::vector<double>& weights, SplitMix64& rng) {
  double total = 0;
  for (double w : weights) total += w;
  if (!(total > 0)) return weights.size();
  const double target = rng.uniform() * total;
  double running = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    if (target < running && weights[i] > 0) return i;
  }
  for (size_t i = weights.size(); i-- > 0;) {  // rounding left target at the very end
    if (weights[i] > 0) return i;
  }
  return weights.size();
}

}  // namespace

std::vector<std::string_view> palette_names() {
  std::vector<std::string_view> names;
  for (const NamedPalette& p : fixed_palettes()) names.push_back(p.name);
  return names;
}

Result<std::vector<Rgb8>> named_palette(std::string_view name) {
  std::string known;
  for (NamedPalette& p : fixed_palettes()) {
    if (p.name == name) return std::move(p.colours);
    known += (known.empty() ? "" : ", ") + std::string(p.name);
  }
  return make_error(ErrorCode::InvalidArgument,
                    "unknown palette name '" + std::string(name) + "' (known: " + known + ")");
}

Result<std::vector<Rgb8>> kmeans_palette(std::span<const Rgb8> colours, int k, uint64_t seed) {
  if (k < kMinPaletteSize || k > kMaxPaletteSize) {
    return make_error(ErrorCode::InvalidArgument, "palette: " + std::to_string(k) + " colours is outside " +
                                                      std::to_string(kMinPaletteSize) + ".." +
                                                      std::to_string(kMaxPaletteSize));
  }
  if (colours.empty()) return make_error(ErrorCode::InvalidArgument, "palette: no colours to choose from");

  // Cluster distinct colours with their counts as weights: far fewer points than cells.
  std::vector<Rgb8> sorted(colours.begin(), colours.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<Rgb8> distinct;
  std::vector<double> weight;
  for (const Rgb8& c : sorted) {
    if (distinct.empty() || distinct.back() != c) {
      distinct.push_back(c);
      weight.push_back(0);
    }
    weight.back() += 1;
  }
  if (distinct.size() <= static_cast<size_t>(k)) {
    sort_dark_to_light(distinct);
    return distinct;
  }

  std::vector<Oklab> points;
  points.reserve(distinct.size());
  for (const Rgb8& c : distinct) points.push_back(srgb8_to_oklab(c));

  // k-means++ seeding (Arthur & Vassilvitskii 2007): each new centre is drawn with probability
  // proportional to weight * squared distance to the nearest centre so far.
  SplitMix64 rng{seed};
  std::vector<Oklab> centres;
  centres.push_back(points[pick_weighted(weight, rng)]);
  std::vector<double> nearest_d(points.size());
  std::vector<double> draw(points.size());
  for (size_t i = 0; i < points.size(); ++i) nearest_d[i] = squared_distance(points[i], centres[0]);
  while (centres.size() < static_cast<size_t>(k)) {
    for (size_t i = 0; i < points.size(); ++i) draw[i] = weight[i] * nearest_d[i];
    const size_t pick = pick_weighted(draw, rng);
    if (pick == points.size()) break;  // every point already is a centre
    centres.push_back(points[pick]);
    for (size_t i = 0; i < points.size(); ++i)
      nearest_d[i] = std::min(nearest_d[i], squared_distance(points[i], centres.back()));
  }

  // Lloyd's iterations, weighted.
  std::vector<size_t> assignment(points.size(), centres.size());
  std::vector<double> distance(points.size());
  for (int iteration = 0; iteration < kMaxKmeansIterations; ++iteration) {
    bool changed = false;
    for (size_t i = 0; i < points.size(); ++i) {
      const size_t c = nearest(points[i], centres, &distance[i]);
      changed |= c != assignment[i];
      assignment[i] = c;
    }
    if (!changed) break;
    std::vector<Oklab> sum(centres.size());
    std::vector<double> mass(centres.size(), 0);
    for (size_t i = 0; i < points.size(); ++i) {
      Oklab& s = sum[assignment[i]];
      s.L += weight[i] * points[i].L, s.a += weight[i] * points[i].a, s.b += weight[i] * points[i].b;
      mass[assignment[i]] += weight[i];
    }
    for (size_t c = 0; c < centres.size(); ++c) {
      if (mass[c] > 0) {
        centres[c] = {sum[c].L / mass[c], sum[c].a / mass[c], sum[c].b / mass[c]};
        continue;
      }
      // An empty cluster moves to the worst-served point, which splits the loosest cluster.
      size_t worst = 0;
      for (size_t i = 1; i < points.size(); ++i) {
        if (weight[i] * distance[i] > weight[worst] * distance[worst]) worst = i;
      }
      centres[c] = points[worst];
      distance[worst] = 0;
    }
  }

  // Rounding to bytes can merge two close centres; keep each colour once.
  std::vector<Rgb8> palette;
  for (const Oklab& c : centres) palette.push_back(oklab_to_srgb8(c));
  std::sort(palette.begin(), palette.end());
  palette.erase(std::unique(palette.begin(), palette.end()), palette.end());
  sort_dark_to_light(palette);
  return palette;
}

std::vector<uint8_t> map_to_palette(std::span<const PlacedColour> colours, std::span<const Rgb8> palette, bool dither) {
  // Bayer's 4x4 threshold matrix: thresholds (value + 0.5) / 16 spread evenly over any 4x4 block.
  static constexpr int kBayer[4][4] = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
  std::vector<Oklab> lab;
  for (const Rgb8& c : palette) lab.push_back(srgb8_to_oklab(c));

  std::vector<uint8_t> out;
  out.reserve(colours.size());
  for (const PlacedColour& pc : colours) {
    const Oklab p = srgb8_to_oklab(pc.rgb);
    const size_t first = nearest(p, lab);
    size_t chosen = first;
    if (dither && lab.size() > 1) {
      // Second nearest, then where p projects on the segment first -> second (0 = at first).
      size_t second = first == 0 ? 1 : 0;
      for (size_t c = 0; c < lab.size(); ++c) {
        if (c != first && squared_distance(p, lab[c]) < squared_distance(p, lab[second])) second = c;
      }
      const Oklab& a = lab[first];
      const Oklab& b = lab[second];
      const double dL = b.L - a.L, da = b.a - a.a, db = b.b - a.b;
      const double length2 = dL * dL + da * da + db * db;
      if (length2 > 0) {
        const double t = ((p.L - a.L) * dL + (p.a - a.a) * da + (p.b - a.b) * db) / length2;
        const double threshold = (kBayer[pc.y & 3][pc.x & 3] + 0.5) / 16.0;
        if (t > threshold) chosen = second;
      }
    }
    out.push_back(static_cast<uint8_t>(chosen));
  }
  return out;
}

}  // namespace pxav
