#include "person/person_decision.h"

#include <cstdint>
#include <cstdio>

namespace pxav {
namespace {

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100);
  return text;
}

}  // namespace

PersonFinding judge_person(GreyImage confidence, std::span<const SubjectHint> hints) {
  PersonFinding f;
  const size_t n = confidence.pixels.size();
  uint64_t area = 0, sum = 0;
  for (uint8_t c : confidence.pixels)
    if (c >= kPersonLevel) area += 1, sum += c;
  if (n > 0) f.area_share = static_cast<double>(area) / static_cast<double>(n);
  if (area > 0) f.mean_confidence = static_cast<double>(sum) / (255.0 * static_cast<double>(area));
  for (const SubjectHint& h : hints) {
    if (h.kind != SubjectHint::Kind::Face) continue;
    const int x = static_cast<int>(h.x), y = static_cast<int>(h.y);
    if (x >= 0 && y >= 0 && x < confidence.width && y < confidence.height && confidence.at(x, y) >= kPersonLevel)
      f.face_inside = true;
  }
  const bool large = f.area_share >= kPersonMinShare, sure = f.mean_confidence >= kPersonMinConfidence;
  f.found = large && sure && f.face_inside;
  const std::string seen = percent(f.area_share) + " of the frame at " + percent(f.mean_confidence) +
                           " mean confidence" + (f.face_inside ? ", a face inside" : "");
  if (f.found)
    f.reason = "the person model sees a person (" + seen + ")";
  else if (area == 0)
    f.reason = "the person model sees no person";
  else if (!f.face_inside)
    f.reason = "the person model sees a shape (" + seen + ") but no face: not taken for a person";
  else
    f.reason = "the person model sees no clear person (" + seen + "; a person needs " + percent(kPersonMinShare) +
               " at " + percent(kPersonMinConfidence) + ")";
  f.confidence = std::move(confidence);
  return f;
}

}  // namespace pxav
