#include "avatar/subject_cut.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "avatar/colour_mixture.h"
#include "avatar/foreground.h"
#include "avatar/grid_min_cut.h"
#include "avatar/support_planes.h"
#include "core/stable_math.h"

namespace pxav {
namespace {

// The cut runs on square cells, about this many in all: the subject's shape needs no more, the
// edge is refined at full size afterwards, and the max-flow's time grows with the count.
constexpr double kCells = 14'000;
constexpr int kRounds = 2;  // learn, cut; learn again from the cut, cut again; ...
constexpr double kUnitsPerNat = 64;
// GrabCut's smoothness weight (Rother et al. use 50 with their colour term).
constexpr double kSmoothness = 50;
constexpr int kDepthBins = 32;
// Energy terms in nats (the colour and depth terms are -ln of probabilities).
constexpr double kSupportCost = 2.5;  // a cell on a floor, table or side wall, labelled subject
constexpr double kNoDepthCost = 2.0;  // a cell without depth, labelled subject
constexpr double kFaceCost = 12.0;    // a cell inside a face the camera found, labelled background
constexpr double kFocusCost = 3.0;    // a cell inside the focus area, labelled background
constexpr double kPersonCost = 4.0;   // a cell of the person mask, labelled background (and the reverse)
// A hint's region grows over cells at its depth or nearer, down to this much behind it (in the
// normalised inverse depth, 0 = far, 1 = near).
constexpr double kHintDepthBand = 0.12;
// A cell seeds the subject when it stands this far in front of its row (see row_relief).
constexpr double kSeedRelief = 0.10;

struct Cells {
  int width = 0, height = 0, size = 1;      // size: depth pixels per cell side
  std::vector<float> near;                  // normalised inverse depth, 1 = nearest, NaN = no depth
  std::vector<uint8_t> rgb;                 // mean colour per cell, empty without colour
  std::vector<uint8_t> person;              // 1 = person (mask given), empty without
  double inverse_lo = 0, inverse_span = 1;  // near = (1/z - inverse_lo) / inverse_span, before clamping
};

int cell_size_of(const DepthMap& depth) {
  // The nearest whole side to sqrt(pixels / kCells), found by integer steps (no sqrt whose
  // rounding might differ between builds).
  const double share = static_cast<double>(depth.width) * depth.height / kCells;
  int size = 1;
  while ((size + 0.5) * (size + 0.5) < share) ++size;
  return size;
}

// Inverse depth (of the mean depth) and mean colour per cell; a cell needs depth in at least half
// of its pixels.
Cells reduce(const SubjectCutInputs& in) {
  const DepthMap& depth = *in.depth;
  Cells c;
  c.size = cell_size_of(depth);
  c.width = (depth.width + c.size - 1) / c.size;
  c.height = (depth.height + c.size - 1) / c.size;
  const size_t n = static_cast<size_t>(c.width) * c.height;
  std::vector<double> inverse(n, 0);  // summed depth first, its mean inverted below
  std::vector<uint32_t> valid(n, 0), count(n, 0), rgb_sum(in.colour ? n * 3 : 0, 0), person(in.person_mask ? n : 0, 0);
  for (int cy = 0; cy < c.height; ++cy)
    for (int cx = 0; cx < c.width; ++cx)
      count[static_cast<size_t>(cy) * c.width + cx] = static_cast<uint32_t>(
          std::min(c.size, depth.width - cx * c.size) * std::min(c.size, depth.height - cy * c.size));
  // A row of cells at a time: each pixel column summed down the cells' rows (independent sums,
  // several columns at once), then each cell sums its columns. Summing pixel by pixel into a
  // cell would make every addition wait on the one before. The depth sums are of floats in
  // doubles, exact for any depths a photo holds, so the order of adding does not matter.
  // Locals: the stores below could alias depth's or c's fields.
  const int width = depth.width, size = c.size, cells_across = c.width;
  std::vector<double> column_z(width);
  std::vector<uint32_t> column_valid(width), column_rgb(in.colour ? static_cast<size_t>(width) * 3 : 0),
      column_person(in.person_mask ? width : 0);
  for (int cy = 0; cy < c.height; ++cy) {
    std::fill(column_z.begin(), column_z.end(), 0.0);
    std::fill(column_valid.begin(), column_valid.end(), 0);
    std::fill(column_rgb.begin(), column_rgb.end(), 0);
    std::fill(column_person.begin(), column_person.end(), 0);
    double* z = column_z.data();
    uint32_t* ok = column_valid.data();
    for (int y = cy * size; y < std::min(depth.height, (cy + 1) * size); ++y) {
      const float* src = &depth.z[static_cast<size_t>(y) * width];
      for (int x = 0; x < width; ++x) {
        // is_valid_depth's test on the bits, and the bits cleared where invalid: no branch.
        uint32_t bits;
        std::memcpy(&bits, &src[x], sizeof bits);
        const uint32_t valid = bits - 1u < 0x7f7fffffu;
        ok[x] += valid;
        bits &= 0u - valid;
        float value;
        std::memcpy(&value, &bits, sizeof value);
        z[x] += value;
      }
      if (in.colour) {
        const uint8_t* rgb = &in.colour->pixels[static_cast<size_t>(y) * width * 3];
        uint32_t* out = column_rgb.data();
        for (int x = 0; x < width * 3; ++x) out[x] += rgb[x];
      }
      if (in.person_mask) {
        const uint8_t* m = &in.person_mask->pixels[static_cast<size_t>(y) * width];
        uint32_t* out = column_person.data();
        for (int x = 0; x < width; ++x) out[x] += m[x] >= 128;
      }
    }
    const size_t row = static_cast<size_t>(cy) * cells_across;
    for (int cx = 0; cx < cells_across; ++cx) {
      const int x0 = cx * size, x1 = std::min(width, x0 + size);
      double sum = 0;
      uint32_t valid_here = 0;
      for (int x = x0; x < x1; ++x) sum += z[x], valid_here += ok[x];
      inverse[row + cx] = sum;
      valid[row + cx] = valid_here;
      if (in.colour) {
        uint32_t r = 0, g = 0, b = 0;
        const uint32_t* sums = column_rgb.data();
        for (int x = x0; x < x1; ++x) r += sums[x * 3], g += sums[x * 3 + 1], b += sums[x * 3 + 2];
        uint32_t* o = &rgb_sum[(row + cx) * 3];
        o[0] = r, o[1] = g, o[2] = b;
      }
      if (in.person_mask) {
        uint32_t set = 0;
        for (int x = x0; x < x1; ++x) set += column_person[x];
        person[row + cx] = set;
      }
    }
  }
  c.near.assign(n, std::numeric_limits<float>::quiet_NaN());
  std::vector<float> sorted;
  for (size_t i = 0; i < n; ++i)
    if (valid[i] * 2 >= count[i]) {
      c.near[i] = static_cast<float>(valid[i] / inverse[i]);  // the inverse of the mean depth
      sorted.push_back(c.near[i]);
    }
  if (!sorted.empty()) {
    // Normalised between the 1st and 99th percentiles: metric and relative depth alike, and a
    // few stray samples cannot squeeze the scene.
    const size_t lo_rank = sorted.size() / 100, hi_rank = sorted.size() - 1 - sorted.size() / 100;
    std::nth_element(sorted.begin(), sorted.begin() + lo_rank, sorted.end());
    const double lo = sorted[lo_rank];
    std::nth_element(sorted.begin() + lo_rank, sorted.begin() + hi_rank, sorted.end());
    const double hi = sorted[hi_rank];
    const double span = hi > lo ? hi - lo : 1.0;
    c.inverse_lo = lo, c.inverse_span = span;
    for (float& v : c.near)
      if (!std::isnan(v)) v = static_cast<float>(std::clamp((v - lo) / span, 0.0, 1.0));
  }
  if (in.colour) {
    c.rgb.resize(n * 3);
    for (size_t i = 0; i < n * 3; ++i) c.rgb[i] = static_cast<uint8_t>((rgb_sum[i] + count[i / 3] / 2) / count[i / 3]);
  }
  if (in.person_mask) {
    c.person.resize(n);
    for (size_t i = 0; i < n; ++i) c.person[i] = person[i] * 2 >= count[i];
  }
  return c;
}

// The primary hint's cells (a box, or a small disc around a point), clipped to the grid. A focus
// area of more than kBroadFocusShare of the frame says little about where the subject is (a
// phone that focused on "the middle"): it only picks among candidates, it seeds nothing.
constexpr double kBroadFocusShare = 0.12;
struct HintCells {
  bool present = false;
  bool face = false;
  bool broad = false;
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;  // inclusive
  int cx = 0, cy = 0;
  // Under a face, where its body would be: as wide as three faces, down to the frame's edge.
  int body_x0 = 0, body_x1 = -1, body_y0 = 0;
};

HintCells hint_cells(std::span<const SubjectHint> hints, const Cells& c) {
  HintCells h;
  const int primary = primary_subject_hint(hints);
  if (primary < 0) return h;
  const SubjectHint& s = hints[primary];
  const double cx = s.x / c.size, cy = s.y / c.size;
  if (!(cx >= 0 && cy >= 0 && cx < c.width && cy < c.height)) return h;  // outside the frame (or NaN)
  // A point marks where the camera looked; a disc of 3% of the long side stands for it.
  const double min_half = std::max(1.0, 0.03 * std::max(c.width, c.height));
  const double hw = std::max(min_half, s.width / c.size / 2), hh = std::max(min_half, s.height / c.size / 2);
  h.present = true;
  h.face = s.kind == SubjectHint::Kind::Face;
  h.cx = static_cast<int>(cx), h.cy = static_cast<int>(cy);
  h.x0 = std::max(0, static_cast<int>(cx - hw)), h.x1 = std::min(c.width - 1, static_cast<int>(cx + hw));
  h.y0 = std::max(0, static_cast<int>(cy - hh)), h.y1 = std::min(c.height - 1, static_cast<int>(cy + hh));
  h.broad = !h.face && 4 * hw * hh > kBroadFocusShare * c.width * c.height;
  if (h.face) {
    h.body_x0 = std::max(0, static_cast<int>(cx - 3 * hw)),
    h.body_x1 = std::min(c.width - 1, static_cast<int>(cx + 3 * hw));
    h.body_y0 = h.y1;
  }
  return h;
}

bool inside(const HintCells& h, int x, int y) { return h.present && x >= h.x0 && x <= h.x1 && y >= h.y0 && y <= h.y1; }
bool in_body(const HintCells& h, int x, int y) { return h.face && x >= h.body_x0 && x <= h.body_x1 && y >= h.body_y0; }

// How central a cell is: 1 at the centre, 0.5 at the middle of an edge, 0 at a corner.
double centrality(const Cells& c, int x, int y) {
  const double u = (x + 0.5) / c.width * 2 - 1, v = (y + 0.5) / c.height * 2 - 1;
  return 1 - (u * u + v * v) / 2;
}

// 8-connected components of the set cells; returns the label per cell (-1 unset) and their count.
int label_components(const std::vector<uint8_t>& set, int w, int h, std::vector<int>& label) {
  label.assign(set.size(), -1);
  int count = 0;
  std::vector<int> stack;
  for (int start = 0; start < static_cast<int>(set.size()); ++start) {
    if (!set[start] || label[start] >= 0) continue;
    label[start] = count;
    stack.push_back(start);
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      const int x = i % w, y = i / w;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const int j = ny * w + nx;
          if (set[j] && label[j] < 0) label[j] = count, stack.push_back(j);
        }
    }
    ++count;
  }
  return count;
}

// Keeps one component of the labels: the one holding the hint, else the one weighing most by
// centrality (a subject is rarely pushed into a corner). Empty labels stay empty.
void keep_subject_component(const Cells& c, const HintCells& hint, std::vector<uint8_t>& labels) {
  std::vector<int> label;
  const int count = label_components(labels, c.width, c.height, label);
  if (count <= 1) return;
  std::vector<double> weight(count, 0);
  std::vector<int> hint_hits(count, 0);
  for (int y = 0; y < c.height; ++y)
    for (int x = 0; x < c.width; ++x) {
      const int l = label[static_cast<size_t>(y) * c.width + x];
      if (l < 0) continue;
      weight[l] += centrality(c, x, y);
      hint_hits[l] += inside(hint, x, y);
    }
  int best = 0;
  for (int l = 1; l < count; ++l) {
    const bool better = hint_hits[l] != hint_hits[best] ? hint_hits[l] > hint_hits[best] : weight[l] > weight[best];
    if (better) best = l;
  }
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = label[i] == best;
}

// Whether a plane found in the cells' normalised inverse depth turns away from the camera by more
// than kSupportTilt: a floor, a table top, a side wall. Inverse depth is affine in normalised image
// coordinates, 1/Z = a' u + b' v + c', with (a', b', c') along the plane's normal in camera
// coordinates, so the normal needs the intrinsics and the unnormalised inverse depth. A chest or
// a face facing the camera is a plane too, and the subject's own.
bool turned_away(const SupportPlane& p, const Cells& c, const Intrinsics& k) {
  constexpr double kCosSupportTilt = 0.64;                      // 50 degrees
  const double image = static_cast<double>(c.height) * c.size;  // plane coordinates are in heights of the cell grid
  const double a = c.inverse_span * p.a * k.fx / image, b = c.inverse_span * p.b * k.fy / image;
  const double n = c.inverse_lo + c.inverse_span * (p.a * k.cx / image + p.b * k.cy / image + p.c);
  return std::abs(n) < kCosSupportTilt * std::sqrt(a * a + b * b + n * n);
}

// The cells of floors, tables and side walls: planes turned away from the camera that reach
// back into the far quarter of the scene's inverse depth, as a floor does where it meets the
// wall behind. A chest seen from below is turned away as much, but ends at the chin.
std::vector<uint8_t> support_cells(const Cells& c, const Intrinsics& camera) {
  constexpr double far = 0.25;
  std::vector<uint8_t> support(c.near.size(), 0);
  for (const SupportPlane& p : find_support_planes(c.near, c.width, c.height, 2)) {
    if (!turned_away(p, c, camera)) continue;
    // The plane's largest connected piece: a plane also crosses other surfaces in thin bands.
    std::vector<uint8_t> cells(c.near.size(), 0);
    for (int y = 0; y < c.height; ++y)
      for (int x = 0; x < c.width; ++x) {
        const size_t i = static_cast<size_t>(y) * c.width + x;
        cells[i] = !std::isnan(c.near[i]) && on_plane(p, x, y, c.height, c.near[i]);
      }
    std::vector<int> label;
    const int pieces = label_components(cells, c.width, c.height, label);
    if (pieces == 0) continue;
    std::vector<size_t> size(pieces, 0), far_size(pieces, 0);
    for (size_t i = 0; i < cells.size(); ++i)
      if (label[i] >= 0) ++size[label[i]], far_size[label[i]] += c.near[i] < far;
    const int largest = static_cast<int>(std::max_element(size.begin(), size.end()) - size.begin());
    if (far_size[largest] * 20 < size[largest]) continue;  // less than 5% of it in the far part
    for (size_t i = 0; i < cells.size(); ++i) support[i] |= label[i] == largest;
  }
  return support;
}

// The near class of the normalised inverse depth (Otsu over the cells that are not support).
double near_threshold(const Cells& c, const std::vector<uint8_t>& support) {
  std::vector<uint32_t> histogram(64, 0);
  for (size_t i = 0; i < c.near.size(); ++i)
    if (!std::isnan(c.near[i]) && !support[i]) ++histogram[std::min(63, static_cast<int>(c.near[i] * 64))];
  return (otsu_split(histogram, 0, 63) + 1) / 64.0;
}

// The seed split into smooth surfaces (4-neighbours whose inverse depths differ by at most
// kSurfaceStep); the main one (holding the hint, else weighing most by centrality) stays with
// every surface nearer than it on average (a hand held out); surfaces behind it go (a chair back
// behind the shoulders, a wall beside the head, which stand out of their rows as the person does).
void keep_main_surface_and_what_is_in_front(const Cells& c, const HintCells& hint, std::vector<uint8_t>& labels) {
  constexpr float kSurfaceStep = 0.035f;
  const int w = c.width, h = c.height;
  std::vector<int> surface(labels.size(), -1);
  std::vector<double> weight, near_sum, count;
  std::vector<int> hint_hits, stack;
  for (int start = 0; start < static_cast<int>(labels.size()); ++start) {
    if (!labels[start] || surface[start] >= 0 || std::isnan(c.near[start])) continue;
    const int id = static_cast<int>(weight.size());
    weight.push_back(0), near_sum.push_back(0), count.push_back(0), hint_hits.push_back(0);
    surface[start] = id;
    stack.assign(1, start);
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      const int x = i % w, y = i / w;
      weight[id] += centrality(c, x, y), near_sum[id] += c.near[i], count[id] += 1, hint_hits[id] += inside(hint, x, y);
      const int next[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (const auto& [nx, ny] : next) {
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const int j = ny * w + nx;
        if (labels[j] && surface[j] < 0 && !std::isnan(c.near[j]) && std::abs(c.near[j] - c.near[i]) <= kSurfaceStep)
          surface[j] = id, stack.push_back(j);
      }
    }
  }
  if (weight.size() <= 1) return;
  int main = 0;
  for (int s = 1; s < static_cast<int>(weight.size()); ++s) {
    const bool better = hint_hits[s] != hint_hits[main] ? hint_hits[s] > hint_hits[main] : weight[s] > weight[main];
    if (better) main = s;
  }
  const double main_near = near_sum[main] / count[main];
  for (size_t i = 0; i < labels.size(); ++i)
    labels[i] = surface[i] >= 0 && (surface[i] == main || near_sum[surface[i]] / count[surface[i]] > main_near);
  keep_subject_component(c, hint, labels);
}

// How far each cell stands in front of its row: its normalised inverse depth minus the median of
// the row's ends (its outer sixths), NaN without depth. A subject is rarely as wide as the
// frame, so the row's ends show what it stands on or in front of: the floor, the lawn, the wall.
std::vector<float> row_relief(const Cells& c) {
  std::vector<float> relief(c.near.size(), std::numeric_limits<float>::quiet_NaN());
  std::vector<float> ends;
  const int end = std::max(1, c.width / 6);
  for (int y = 0; y < c.height; ++y) {
    ends.clear();
    const float* values = &c.near[static_cast<size_t>(y) * c.width];
    for (int x = 0; x < c.width; ++x)
      if ((x < end || x >= c.width - end) && !std::isnan(values[x])) ends.push_back(values[x]);
    if (ends.empty()) continue;
    std::nth_element(ends.begin(), ends.begin() + ends.size() / 2, ends.end());
    const float base = ends[ends.size() / 2];
    for (int x = 0; x < c.width; ++x) relief[static_cast<size_t>(y) * c.width + x] = values[x] - base;
  }
  return relief;
}

std::vector<uint8_t> seed_labels(const Cells& c, const HintCells& hint, const std::vector<uint8_t>& support) {
  const size_t n = c.near.size();
  std::vector<uint8_t> labels(n, 0);
  if (!c.person.empty()) {
    for (size_t i = 0; i < n; ++i) labels[i] = c.person[i] && !std::isnan(c.near[i]);
    keep_subject_component(c, hint, labels);
    if (std::find(labels.begin(), labels.end(), 1) != labels.end()) return labels;
  }
  if (hint.present && !hint.broad) {
    // The hint's depth (the median of its cells), then its region: connected cells at that
    // depth or nearer, support excluded (a face's body may lie on a plane turned away: a chest
    // seen from below).
    std::vector<float> values;
    for (int y = hint.y0; y <= hint.y1; ++y)
      for (int x = hint.x0; x <= hint.x1; ++x) {
        const float v = c.near[static_cast<size_t>(y) * c.width + x];
        if (!std::isnan(v)) values.push_back(v);
      }
    if (!values.empty()) {
      std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
      const double floor = values[values.size() / 2] - kHintDepthBand;
      std::vector<uint8_t> reach(n, 0);
      for (int y = 0; y < c.height; ++y)
        for (int x = 0; x < c.width; ++x) {
          const size_t i = static_cast<size_t>(y) * c.width + x;
          reach[i] = !std::isnan(c.near[i]) && c.near[i] >= floor && (!support[i] || in_body(hint, x, y));
        }
      std::vector<int> label;
      label_components(reach, c.width, c.height, label);
      std::vector<uint8_t> hit(n + 1, 0);
      for (int y = hint.y0; y <= hint.y1; ++y)
        for (int x = hint.x0; x <= hint.x1; ++x) {
          const int l = label[static_cast<size_t>(y) * c.width + x];
          if (l >= 0) hit[l] = 1;
        }
      for (size_t i = 0; i < n; ++i) labels[i] = label[i] >= 0 && hit[label[i]];
      if (std::find(labels.begin(), labels.end(), 1) != labels.end()) return labels;
    }
  }
  // Without a hint: what stands out in front of its own row. Along a row of the image a floor,
  // a lawn or a wall lies at one depth, and a subject standing on it is nearer than what it
  // hides; a near class alone would take the floor at the bottom.
  const std::vector<float> relief = row_relief(c);
  const double threshold = near_threshold(c, support);
  for (size_t i = 0; i < n; ++i) labels[i] = !std::isnan(c.near[i]) && relief[i] >= kSeedRelief && !support[i];
  keep_subject_component(c, hint, labels);
  keep_main_surface_and_what_is_in_front(c, hint, labels);
  if (std::find(labels.begin(), labels.end(), 1) != labels.end()) return labels;
  for (size_t i = 0; i < n; ++i) labels[i] = !std::isnan(c.near[i]) && c.near[i] >= threshold && !support[i];
  keep_subject_component(c, hint, labels);
  return labels;
}

// Smoothness weights between neighbouring cells: cheap to cut where colour or depth changes
// (GrabCut's contrast term, with depth as a second contrast), dear across flat regions.
GridPairWeights pair_weights(const Cells& c) {
  constexpr int kDx[4] = {1, 0, 1, -1}, kDy[4] = {0, 1, 1, 1};
  const size_t n = c.near.size();
  const auto colour_step = [&](size_t i, size_t j) {
    double s = 0;
    for (int k = 0; k < 3; ++k) {
      const double d = static_cast<double>(c.rgb[i * 3 + k]) - c.rgb[j * 3 + k];
      s += d * d;
    }
    return s;
  };
  const auto depth_step = [&](size_t i, size_t j) {
    const float a = c.near[i], b = c.near[j];
    return std::isnan(a) || std::isnan(b) ? 0.0 : std::abs(static_cast<double>(a) - b);
  };
  // Calls visit(k, i, j) for every pair of neighbouring cells, k as GridPairWeights orders them.
  const auto for_each_pair = [&](auto&& visit) {
    for (int y = 0; y < c.height; ++y)
      for (int x = 0; x < c.width; ++x)
        for (int k = 0; k < 4; ++k) {
          const int nx = x + kDx[k], ny = y + kDy[k];
          if (nx < 0 || nx >= c.width || ny >= c.height) continue;
          visit(k, static_cast<size_t>(y) * c.width + x, static_cast<size_t>(ny) * c.width + nx);
        }
  };
  // beta and gamma from the image's own mean steps (GrabCut's beta = 1 / (2 <|dc|^2>)).
  double colour_sum = 0, depth_sum = 0, pairs = 0;
  for_each_pair([&](int, size_t i, size_t j) {
    if (!c.rgb.empty()) colour_sum += colour_step(i, j);
    depth_sum += depth_step(i, j);
    pairs += 1;
  });
  const double beta = colour_sum > 0 ? pairs / (2 * colour_sum) : 0;
  const double gamma = depth_sum > 0 ? pairs / (2 * depth_sum) : 0;
  // exp(-contrast) for every pair, 4 per cell: stable_exp (a Taylor series of 18 divisions) took
  // a tenth of the quantisation. Instead exp(-a/64) exp(-b/4096) from two tables made here with
  // stable_exp, times exp(-r) for the rest r < 1/4096 by its Taylor polynomial to r^3 (the next
  // term is below 2e-16): plain IEEE products and sums, so every build computes the same
  // weights. Past kZero the weight rounds to 0 on any pair (3200 e^-9 < 0.5).
  constexpr double kZero = 9;
  constexpr int kCoarse = 64, kFine = 64;  // steps of 1/64, and of 1/4096 within one
  std::vector<double> coarse(static_cast<size_t>(kZero) * kCoarse + 1), fine(kFine);
  for (size_t k = 0; k < coarse.size(); ++k) coarse[k] = stable_exp(-static_cast<double>(k) / kCoarse);
  for (size_t k = 0; k < fine.size(); ++k) fine[k] = stable_exp(-static_cast<double>(k) / (kCoarse * kFine));
  const auto exp_minus = [&](double x) {
    // x >= 0: the conversion truncates as floor would, without calling it.
    const int k = static_cast<int>(x * (kCoarse * kFine));
    const double r = x - k / static_cast<double>(kCoarse * kFine);
    const double tail = 1 - r * (1 - r * (1.0 / 2 - r * (1.0 / 6)));
    return coarse[k / kFine] * fine[k % kFine] * tail;
  };
  // The weight per unit of exp(-contrast), for the straight and the diagonal pairs.
  const double scale[4] = {kSmoothness * kUnitsPerNat, kSmoothness * kUnitsPerNat,
                           kSmoothness * kUnitsPerNat / 1.41421356237309505,
                           kSmoothness * kUnitsPerNat / 1.41421356237309505};
  GridPairWeights w;
  for (auto& v : w) v.assign(n, 0);
  for_each_pair([&](int k, size_t i, size_t j) {
    const double contrast = (c.rgb.empty() ? 0.0 : beta * colour_step(i, j)) + gamma * depth_step(i, j);
    if (!(contrast < kZero)) return;
    // The weight is at least 0: rounding half up is lround.
    w[k][i] = static_cast<int32_t>(exp_minus(contrast) * scale[k] + 0.5);
  });
  return w;
}

// -ln of a smoothed histogram of the normalised depth of one side's cells, per bin.
std::vector<double> depth_costs(const Cells& c, const std::vector<uint8_t>& labels, uint8_t side) {
  std::vector<double> histogram(kDepthBins, 0);
  double total = 0;
  for (size_t i = 0; i < c.near.size(); ++i)
    if (labels[i] == side && !std::isnan(c.near[i])) {
      histogram[std::min(kDepthBins - 1, static_cast<int>(c.near[i] * kDepthBins))] += 1;
      total += 1;
    }
  // Spread each count over its neighbouring bins ([1 2 1] twice): depth a bin away is as likely.
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> spread(kDepthBins, 0);
    for (int b = 0; b < kDepthBins; ++b)
      spread[b] = (2 * histogram[b] + histogram[std::max(0, b - 1)] + histogram[std::min(kDepthBins - 1, b + 1)]) / 4;
    histogram = spread;
  }
  std::vector<double> cost(kDepthBins);
  for (int b = 0; b < kDepthBins; ++b) cost[b] = -stable_log((histogram[b] + 1) / (total + kDepthBins));
  return cost;
}

std::vector<uint8_t> cut_cells(const Cells& c, const HintCells& hint, const std::vector<uint8_t>& support,
                               std::vector<uint8_t> labels, ColourMixture& subject_colours,
                               ColourMixture& background_colours) {
  const size_t n = c.near.size();
  GridCut graph = make_grid_cut(c.width, c.height, pair_weights(c));
  std::vector<int32_t> cost_subject(n), cost_background(n);
  // Each cell's likeliest component of either side's mixture, found while costing the cells:
  // the next round's fit starts from them (GrabCut's assignment step) without searching again.
  std::vector<uint8_t> subject_component(n), background_component(n);
  std::vector<double> colour_subject(n), colour_background(n);
  for (int round = 0; round < kRounds; ++round) {
    std::vector<uint32_t> subject, background;
    for (size_t i = 0; i < n; ++i) (labels[i] ? subject : background).push_back(static_cast<uint32_t>(i));
    if (subject.empty()) break;
    if (!c.rgb.empty()) {
      const bool known = round > 0;
      subject_colours =
          fit_colour_mixture(c.rgb.data(), subject, subject_colours, known ? subject_component.data() : nullptr);
      background_colours = fit_colour_mixture(c.rgb.data(), background, background_colours,
                                              known ? background_component.data() : nullptr);
    }
    const std::vector<double> depth_subject = depth_costs(c, labels, 1), depth_background = depth_costs(c, labels, 0);
    if (!c.rgb.empty()) {
      colour_costs(subject_colours, c.rgb.data(), n, colour_subject.data(), subject_component.data());
      colour_costs(background_colours, c.rgb.data(), n, colour_background.data(), background_component.data());
    }
    for (int y = 0; y < c.height; ++y)
      for (int x = 0; x < c.width; ++x) {
        const size_t i = static_cast<size_t>(y) * c.width + x;
        double s = 0, b = 0;
        if (!c.rgb.empty()) {
          s += colour_subject[i];
          b += colour_background[i];
        }
        if (std::isnan(c.near[i])) {
          s += kNoDepthCost;
        } else {
          const int bin = std::min(kDepthBins - 1, static_cast<int>(c.near[i] * kDepthBins));
          s += depth_subject[bin];
          b += depth_background[bin];
        }
        if (support[i] && !in_body(hint, x, y)) s += kSupportCost;
        if (inside(hint, x, y) && !hint.broad) b += hint.face ? kFaceCost : kFocusCost;
        if (!c.person.empty()) (c.person[i] ? b : s) += kPersonCost;
        // Only the difference matters: shift both so the smaller is 0.
        const double low = std::min(s, b);
        // At least 0: rounding half up is lround, without its call.
        cost_subject[i] = static_cast<int32_t>((s - low) * kUnitsPerNat + 0.5);
        cost_background[i] = static_cast<int32_t>((b - low) * kUnitsPerNat + 0.5);
      }
    std::vector<uint8_t> next = solve_grid_cut(graph, cost_subject, cost_background);
    keep_subject_component(c, hint, next);
    if (std::find(next.begin(), next.end(), 1) == next.end()) break;  // keep the last non-empty cut
    if (next == labels) break;
    labels = std::move(next);
  }
  return labels;
}

Status check(const SubjectCutInputs& in) {
  if (in.camera != nullptr && !(in.camera->fx > 0 && in.camera->fy > 0))
    return make_error(ErrorCode::InvalidArgument, "subject cut: the camera's focal length must be above 0");
  if (in.depth == nullptr || in.depth->empty() ||
      in.depth->z.size() != static_cast<size_t>(in.depth->width) * in.depth->height)
    return make_error(ErrorCode::InvalidArgument, "subject cut: the depth map is empty or its size is inconsistent");
  const auto same_size = [&](int w, int h) { return w == in.depth->width && h == in.depth->height; };
  if (in.colour && !same_size(in.colour->width, in.colour->height))
    return make_error(ErrorCode::InvalidArgument, "subject cut: the colour image must have the depth map's size");
  if (in.person_mask && !same_size(in.person_mask->width, in.person_mask->height))
    return make_error(ErrorCode::InvalidArgument, "subject cut: the person mask must have the depth map's size");
  return Done{};
}

Intrinsics camera_of(const SubjectCutInputs& in) {
  return in.camera ? *in.camera
                   : from_horizontal_fov(in.depth->width, in.depth->height, kDefaultHorizontalFovDegrees, "assumed");
}

GreyImage to_depth_size(const SubjectCutInputs& in, const Cells& c, const std::vector<uint8_t>& labels) {
  const DepthMap& depth = *in.depth;
  GreyImage mask;
  mask.width = depth.width;
  mask.height = depth.height;
  mask.pixels.resize(depth.z.size());
  const int width = depth.width, size = c.size, cells_across = c.width;  // locals: out may alias them
  for (int y = 0; y < depth.height; ++y) {
    const uint8_t* cells = &labels[static_cast<size_t>(y / c.size) * c.width];
    const float* z = &depth.z[static_cast<size_t>(y) * depth.width];
    uint8_t* out = &mask.pixels[static_cast<size_t>(y) * depth.width];
    // Whole runs of background cells stay 0; only subject cells look at their depth.
    for (int cx = 0; cx < cells_across; ++cx) {
      if (!cells[cx]) continue;
      for (int x = cx * size; x < std::min(width, (cx + 1) * size); ++x) out[x] = is_valid_depth(z[x]) ? 255 : 0;
    }
  }
  return mask;
}

}  // namespace

int subject_cut_cell_size(const DepthMap& depth) { return cell_size_of(depth); }

Result<GreyImage> subject_cut_seed(const SubjectCutInputs& in) {
  if (Status s = check(in); !s) return s.error();
  const Cells c = reduce(in);
  const HintCells hint = hint_cells(in.hints, c);
  return to_depth_size(in, c, seed_labels(c, hint, support_cells(c, camera_of(in))));
}

Result<SubjectCut> cut_subject(const SubjectCutInputs& in) {
  if (Status s = check(in); !s) return s.error();
  const Cells c = reduce(in);
  const HintCells hint = hint_cells(in.hints, c);
  const std::vector<uint8_t> support = support_cells(c, camera_of(in));
  std::vector<uint8_t> labels = seed_labels(c, hint, support);
  SubjectCut cut;
  if (std::find(labels.begin(), labels.end(), 1) != labels.end())
    labels = cut_cells(c, hint, support, labels, cut.subject_colours, cut.background_colours);
  cut.mask = to_depth_size(in, c, labels);
  return cut;
}

}  // namespace pxav
