// The subject cut's parts on their own: exp and log that every build rounds alike, the grid
// min-cut against every labelling of small grids and a plain max-flow on larger ones, the colour mixtures, support
// planes found in generated inverse depth, and the whole cut on degenerate depth maps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "avatar/colour_mixture.h"
#include "avatar/grid_min_cut.h"
#include "avatar/subject_cut.h"
#include "avatar/support_planes.h"
#include "core/stable_math.h"

using namespace pxav;

TEST_CASE("stable exp and log agree with the C library to a few units in the last place", "[avatar][cut-parts]") {
  for (double x = -700; x <= 700; x += 0.37) {
    INFO("x = " << x);
    CHECK(stable_exp(x) == Approx(std::exp(x)).epsilon(1e-14));
  }
  for (double x = 1e-300; x < 1e300; x *= 3.7) {
    INFO("x = " << x);
    CHECK(stable_log(x) == Approx(std::log(x)).epsilon(1e-14).margin(1e-15));
  }
  CHECK(stable_log(1.0) == 0.0);
  CHECK(stable_exp(0.0) == 1.0);
  CHECK(stable_exp(-800) == 0.0);
  CHECK(std::isinf(stable_exp(800)));
  CHECK(std::isinf(stable_log(0.0)));
  CHECK(std::isnan(stable_log(-1.0)));
  CHECK(std::isnan(stable_exp(std::numeric_limits<double>::quiet_NaN())));
}

namespace {

// The random grids' numbers: a linear congruential generator, so every run tests the same grids.
auto lcg(uint32_t seed) {
  return [state = seed](int bound) mutable {
    state = state * 1664525u + 1013904223u;
    return static_cast<int32_t>((state >> 8) % static_cast<uint32_t>(bound));
  };
}

// The energy of a labelling, as solve_grid_cut defines it.
int64_t energy(int w, int h, const std::vector<int32_t>& cs, const std::vector<int32_t>& cb, const GridPairWeights& pw,
               const std::vector<uint8_t>& labels) {
  constexpr int kDx[4] = {1, 0, 1, -1}, kDy[4] = {0, 1, 1, 1};
  int64_t e = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = static_cast<size_t>(y) * w + x;
      e += labels[i] ? cs[i] : cb[i];
      for (int k = 0; k < 4; ++k) {
        const int nx = x + kDx[k], ny = y + kDy[k];
        if (nx < 0 || nx >= w || ny >= h) continue;
        if (labels[i] != labels[static_cast<size_t>(ny) * w + nx]) e += pw[k][i];
      }
    }
  return e;
}

}  // namespace

TEST_CASE("grid min-cut: the labelling of least energy, checked against all of them", "[avatar][cut-parts]") {
  // 3x4 grids: 4096 labellings each, every one tried.
  constexpr int w = 4, h = 3, n = w * h;
  auto next = lcg(12345);
  for (int trial = 0; trial < 40; ++trial) {
    INFO("trial " << trial);
    std::vector<int32_t> cs(n), cb(n);
    GridPairWeights pw;
    for (auto& v : pw) v.resize(n);
    for (int i = 0; i < n; ++i) cs[i] = next(100), cb[i] = next(100);
    for (auto& v : pw)
      for (auto& x : v) x = next(60);
    GridCut graph = make_grid_cut(w, h, pw);
    const std::vector<uint8_t> labels = solve_grid_cut(graph, cs, cb);
    int64_t best = std::numeric_limits<int64_t>::max();
    for (int bits = 0; bits < (1 << n); ++bits) {
      std::vector<uint8_t> l(n);
      for (int i = 0; i < n; ++i) l[i] = (bits >> i) & 1;
      best = std::min(best, energy(w, h, cs, cb, pw, l));
    }
    CHECK(energy(w, h, cs, cb, pw, labels) == best);
    // The same graph solved again with other costs (the cut re-learns and cuts again).
    for (int i = 0; i < n; ++i) std::swap(cs[i], cb[i]);
    const std::vector<uint8_t> again = solve_grid_cut(graph, cs, cb);
    best = std::numeric_limits<int64_t>::max();
    for (int bits = 0; bits < (1 << n); ++bits) {
      std::vector<uint8_t> l(n);
      for (int i = 0; i < n; ++i) l[i] = (bits >> i) & 1;
      best = std::min(best, energy(w, h, cs, cb, pw, l));
    }
    CHECK(energy(w, h, cs, cb, pw, again) == best);
  }
}

namespace {

// A plain Edmonds-Karp max-flow on the same energy's graph (one terminal arc per pixel, both
// directions of every 8-neighbour pair): the flow's value and the pixels the source still reaches.
struct ReferenceCut {
  int64_t flow = 0;
  std::vector<uint8_t> reached;
};

ReferenceCut reference_cut(int w, int h, const std::vector<int32_t>& cs, const std::vector<int32_t>& cb,
                           const GridPairWeights& pw) {
  constexpr int kDx[4] = {1, 0, 1, -1}, kDy[4] = {0, 1, 1, 1};
  const int n = w * h, source = n, sink = n + 1;
  struct Arc {
    int to;
    int64_t residual;
    size_t back;
  };
  std::vector<std::vector<Arc>> arcs(n + 2);
  const auto add = [&](int a, int b, int64_t ab, int64_t ba) {
    arcs[a].push_back({b, ab, arcs[b].size()});
    arcs[b].push_back({a, ba, arcs[a].size() - 1});
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int i = y * w + x;
      const int64_t d = static_cast<int64_t>(cb[i]) - cs[i];
      if (d > 0) add(source, i, d, 0);
      if (d < 0) add(i, sink, -d, 0);
      for (int k = 0; k < 4; ++k) {
        const int nx = x + kDx[k], ny = y + kDy[k];
        if (nx < 0 || nx >= w || ny >= h) continue;
        add(i, ny * w + nx, pw[k][i], pw[k][i]);
      }
    }
  ReferenceCut out;
  for (;;) {
    std::vector<std::pair<int, size_t>> from(n + 2, {-1, 0});
    std::vector<int> queue{source};
    from[source] = {source, 0};
    for (size_t q = 0; q < queue.size() && from[sink].first < 0; ++q)
      for (size_t a = 0; a < arcs[queue[q]].size(); ++a) {
        const Arc& arc = arcs[queue[q]][a];
        if (arc.residual > 0 && from[arc.to].first < 0) from[arc.to] = {queue[q], a}, queue.push_back(arc.to);
      }
    if (from[sink].first < 0) {
      out.reached.assign(n, 0);
      for (int i = 0; i < n; ++i) out.reached[i] = from[i].first >= 0;
      return out;
    }
    int64_t push = std::numeric_limits<int64_t>::max();
    for (int v = sink; v != source; v = from[v].first)
      push = std::min(push, arcs[from[v].first][from[v].second].residual);
    for (int v = sink; v != source; v = from[v].first) {
      Arc& arc = arcs[from[v].first][from[v].second];
      arc.residual -= push;
      arcs[v][arc.back].residual += push;
    }
    out.flow += push;
  }
}

}  // namespace

TEST_CASE("grid min-cut: larger grids give the maximum flow's cut, the least subject among equals",
          "[avatar][cut-parts]") {
  // A blob that prefers the subject in a field that prefers the background, noisy, with weak and
  // strong pairs: trees that grow, meet and lose branches. Energy = the costs' minimum + the flow.
  auto next = lcg(987654321);
  for (int trial = 0; trial < 30; ++trial) {
    INFO("trial " << trial);
    const int w = 8 + next(30), h = 5 + next(25), n = w * h;
    std::vector<int32_t> cs(n), cb(n);
    GridPairWeights pw;
    for (auto& v : pw) v.resize(n);
    const int cx = next(w), cy = next(h), r = 2 + next(8);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const int i = y * w + x;
        const bool inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
        cs[i] = next(inside ? 40 : 100), cb[i] = next(inside ? 100 : 40);
        if (next(4) == 0) cb[i] = cs[i];  // ties: the cut must still be the least subject
      }
    for (auto& v : pw)
      for (auto& x : v) x = next(4) == 0 ? 0 : next(trial % 2 ? 80 : 20);
    GridCut graph = make_grid_cut(w, h, pw);
    // Solved, then solved again with other costs on the same graph (which keeps the first flow).
    for (int solve = 0; solve < 2; ++solve) {
      INFO("solve " << solve);
      if (solve == 1)
        for (int i = 0; i < n; ++i) cs[i] = (cs[i] + next(60)) % 100, cb[i] = (cb[i] + next(40)) % 100;
      const std::vector<uint8_t> labels = solve_grid_cut(graph, cs, cb);
      const ReferenceCut reference = reference_cut(w, h, cs, cb, pw);
      int64_t floor = 0;
      for (int i = 0; i < n; ++i) floor += std::min(cs[i], cb[i]);
      CHECK(energy(w, h, cs, cb, pw, labels) == floor + reference.flow);
      CHECK(labels == reference.reached);
    }
  }
}

TEST_CASE("colour mixtures: each side's colours cost less under its own mixture", "[avatar][cut-parts]") {
  // Reds and oranges on one side, blues and greys on the other, with some noise.
  std::vector<uint8_t> rgb;
  std::vector<uint32_t> warm, cool;
  for (int i = 0; i < 400; ++i) {
    const int noise = (i * 37) % 9 - 4;
    const bool is_warm = i % 2 == 0;
    const uint8_t c[3] = {static_cast<uint8_t>(is_warm ? 200 + noise : 60 + noise),
                          static_cast<uint8_t>(is_warm ? (i % 4 ? 60 : 140) + noise : 90 + noise),
                          static_cast<uint8_t>(is_warm ? 40 + noise : (i % 3 ? 180 : 120) + noise)};
    rgb.insert(rgb.end(), c, c + 3);
    (is_warm ? warm : cool).push_back(static_cast<uint32_t>(i));
  }
  ColourMixture w = fit_colour_mixture(rgb.data(), warm, {}), c = fit_colour_mixture(rgb.data(), cool, {});
  REQUIRE(!w.components.empty());
  REQUIRE(!c.components.empty());
  double weight = 0;
  for (const auto& k : w.components) weight += k.weight;
  CHECK(weight == Approx(1.0));
  // Re-fitted from the previous mixture (GrabCut's step), the result is as good.
  w = fit_colour_mixture(rgb.data(), warm, w);
  c = fit_colour_mixture(rgb.data(), cool, c);
  for (uint32_t i : warm) CHECK(colour_cost(w, &rgb[i * 3]) < colour_cost(c, &rgb[i * 3]));
  for (uint32_t i : cool) CHECK(colour_cost(c, &rgb[i * 3]) < colour_cost(w, &rgb[i * 3]));
  // An empty side costs the same for every colour and never wins.
  const ColourMixture none = fit_colour_mixture(rgb.data(), {}, {});
  CHECK(none.components.empty());
  CHECK(colour_cost(none, &rgb[0]) > colour_cost(w, &rgb[0]));
}

TEST_CASE("support planes: a floor is found, a subject facing the camera is not part of it", "[avatar][cut-parts]") {
  // Normalised inverse depth on a 120x90 grid: a floor rising towards the bottom over the lower
  // half, a back wall above it, and a box facing the camera standing on the floor.
  constexpr int w = 120, h = 90;
  std::vector<float> near(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double v = (y + 0.5) / h;
      float value = v > 0.5 ? static_cast<float>(0.2 + 1.5 * (v - 0.5)) : 0.2f;  // floor below, wall above
      if (x >= 50 && x < 70 && y >= 20 && y < 70) value = 0.6f;                  // the box
      near[static_cast<size_t>(y) * w + x] = value;
    }
  near[5] = std::numeric_limits<float>::quiet_NaN();  // no depth there
  const std::vector<SupportPlane> planes = find_support_planes(near, w, h, 2);
  REQUIRE(planes.size() == 1);
  const SupportPlane& floor = planes[0];
  CHECK(floor.a == Approx(0).margin(0.01));
  CHECK(floor.b == Approx(1.5).epsilon(0.01));  // per image height (a few wall samples at the seam fit too)
  CHECK(on_plane(floor, 10, 80, h, near[80 * w + 10]));
  CHECK_FALSE(on_plane(floor, 60, 40, h, near[40 * w + 60]));  // the box
  CHECK_FALSE(on_plane(floor, 10, 10, h, near[10 * w + 10]));  // the wall

  // A scene of fronto-parallel planes only has no support plane.
  std::vector<float> flat(near.size(), 0.3f);
  for (int y = 20; y < 70; ++y)
    for (int x = 50; x < 70; ++x) flat[static_cast<size_t>(y) * w + x] = 0.8f;
  CHECK(find_support_planes(flat, w, h, 2).empty());
}

TEST_CASE("subject cut: degenerate depth maps give a mask or a clear error, never a crash", "[avatar][cut-parts]") {
  const auto cut = [](int w, int h, auto depth_at) {
    DepthMap d{w, h, std::vector<float>(static_cast<size_t>(w) * h)};
    RgbImage c{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 3, 128)};
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) d.z[static_cast<size_t>(y) * w + x] = depth_at(x, y);
    return cut_subject(SubjectCutInputs{&d, nullptr, &c, nullptr, {}});
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const auto& [w, h] : {std::pair{1, 1}, std::pair{2, 1}, std::pair{1, 7}, std::pair{3, 3}}) {
    INFO(w << "x" << h);
    auto flat = cut(w, h, [](int, int) { return 1.0f; });
    REQUIRE(flat.ok());
    CHECK(flat->mask.pixels.size() == static_cast<size_t>(w) * h);
  }
  auto none = cut(40, 30, [&](int, int) { return nan; });
  REQUIRE(none.ok());
  CHECK(std::all_of(none->mask.pixels.begin(), none->mask.pixels.end(), [](uint8_t v) { return v == 0; }));
  auto one = cut(40, 30, [&](int x, int y) { return x == 5 && y == 5 ? 0.5f : nan; });
  REQUIRE(one.ok());
  auto extremes = cut(64, 48, [](int x, int) { return x % 2 ? 1e-30f : 1e30f; });
  REQUIRE(extremes.ok());
  // A box in front of a flat wall: the box is the subject.
  auto box = cut(64, 48, [](int x, int y) { return x > 20 && x < 44 && y > 10 && y < 40 ? 0.5f : 2.0f; });
  REQUIRE(box.ok());
  CHECK(box->mask.at(32, 25) == 255);
  CHECK(box->mask.at(2, 2) == 0);
  // Sizes that disagree are an error, not a crash.
  DepthMap d{8, 8, std::vector<float>(64, 1.0f)};
  RgbImage small{4, 4, std::vector<uint8_t>(48, 0)};
  auto mismatch = cut_subject(SubjectCutInputs{&d, nullptr, &small, nullptr, {}});
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().message.find("colour") != std::string::npos);
}
