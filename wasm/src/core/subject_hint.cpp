#include "core/subject_hint.h"

namespace pxav {

const char* subject_hint_kind_name(SubjectHint::Kind kind) { return kind == SubjectHint::Kind::Face ? "face" : "focus"; }

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

}  // namespace pxav
