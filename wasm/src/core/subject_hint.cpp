#include "core/subject_hint.h"

#include <algorithm>
#include <cmath>

namespace pxav {

const char* subject_hint_kind_name(SubjectHint::Kind kind) {
  return kind == SubjectHint::Kind::Face ? "face" : "focus";
}

int primary_subject_hint(std::span<const SubjectHint> hints) {
  // Rank: 2 = face, 1 = focus area, 0 = focus point; ties go to the larger area, then the first.
  const auto rank = [](const SubjectHint& h) {
    return h.kind == SubjectHint::Kind::Face ? 2 : (h.width > 0 && h.height > 0 ? 1 : 0);
  };
  int best = -1;
  for (int i = 0; i < static_cast<int>(hints.size()); ++i) {
    if (best < 0) {
      best = i;
      continue;
    }
    const SubjectHint &h = hints[i], &b = hints[best];
    if (rank(h) > rank(b) || (rank(h) == rank(b) && h.width * h.height > b.width * b.height)) best = i;
  }
  return best;
}

namespace {

bool same_shape(double w0, double h0, double w1, double h1) { return std::abs((w0 / h0) / (w1 / h1) - 1) <= 0.02; }

}  // namespace

std::vector<SubjectHint> place_subject_hints(std::span<const StatedHint> stated, int stored_width, int stored_height,
                                             int depth_width, int depth_height) {
  std::vector<SubjectHint> out;
  if (stored_width <= 0 || stored_height <= 0 || depth_width <= 0 || depth_height <= 0) return out;
  for (const StatedHint& s : stated) {
    SubjectHint h = s.hint;
    const bool finite = std::isfinite(h.x) && std::isfinite(h.y) && std::isfinite(h.width) && std::isfinite(h.height);
    if (!finite || h.x < 0 || h.x > 1 || h.y < 0 || h.y > 1 || h.width < 0 || h.height < 0) continue;
    if (h.focus_distance && !std::isfinite(*h.focus_distance)) h.focus_distance.reset();
    if (s.frame_width > 0 && s.frame_height > 0 &&
        !same_shape(s.frame_width, s.frame_height, stored_width, stored_height)) {
      if (!same_shape(s.frame_height, s.frame_width, stored_width, stored_height)) continue;
      // A quarter clockwise: (u, v) on the stated frame is (1 - v, u) on the stored one.
      h = SubjectHint{h.kind, h.source, 1 - h.y, h.x, h.height, h.width, h.focus_distance};
    }
    // The box's edges on the grid, clipped to it.
    const double l = std::max(0.0, h.x - h.width / 2) * depth_width;
    const double r = std::min(1.0, h.x + h.width / 2) * depth_width;
    const double t = std::max(0.0, h.y - h.height / 2) * depth_height;
    const double b = std::min(1.0, h.y + h.height / 2) * depth_height;
    const bool point = h.width == 0 && h.height == 0;
    if (!point && !(r > l && b > t)) continue;
    h.x = (l + r) / 2;
    h.y = (t + b) / 2;
    h.width = r - l;
    h.height = b - t;
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace pxav
