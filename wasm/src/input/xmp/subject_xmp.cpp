#include "input/xmp/subject_xmp.h"

#include <optional>
#include <string>

namespace pxav {
namespace {

std::optional<double> fraction(const XmlElement& node, std::string_view ns, std::string_view name) {
  const auto v = xmp_number(xmp_value(node, ns, name));
  if (!v || *v < 0 || *v > 1) return std::nullopt;
  return v;
}

void add_regions(const XmlElement& description, std::vector<StatedHint>& out) {
  const XmlElement* regions = xmp_struct(description, kMwgRegionsNs, "Regions");
  if (!regions) return;
  double frame_w = 0, frame_h = 0;
  if (const XmlElement* dim = xmp_struct(*regions, kMwgRegionsNs, "AppliedToDimensions")) {
    const auto w = xmp_number(xmp_value(*dim, kStDimensionsNs, "w"));
    const auto h = xmp_number(xmp_value(*dim, kStDimensionsNs, "h"));
    if (w && h && *w > 0 && *h > 0 && *w < 1e6 && *h < 1e6) {
      frame_w = *w;
      frame_h = *h;
    }
  }
  for (const XmlElement* region : xmp_items(*regions, kMwgRegionsNs, "RegionList")) {
    const std::string type = xmp_value(*region, kMwgRegionsNs, "Type").value_or("");
    if (type != "Focus" && type != "Face") continue;
    const XmlElement* area = xmp_struct(*region, kMwgRegionsNs, "Area");
    if (!area) continue;
    if (xmp_value(*area, kStAreaNs, "unit").value_or("normalized") != "normalized") continue;
    const auto x = fraction(*area, kStAreaNs, "x"), y = fraction(*area, kStAreaNs, "y");
    // A point has no w and h (MWG: "a point if w and h are missing").
    const bool point = !xmp_has(*area, kStAreaNs, "w") && !xmp_has(*area, kStAreaNs, "h");
    const std::optional<double> w = point ? 0.0 : fraction(*area, kStAreaNs, "w");
    const std::optional<double> h = point ? 0.0 : fraction(*area, kStAreaNs, "h");
    if (!x || !y || !w || !h) continue;
    StatedHint s;
    s.hint.kind = type == "Face" ? SubjectHint::Kind::Face : SubjectHint::Kind::Focus;
    s.hint.source = "xmp-regions";
    s.hint.x = *x;
    s.hint.y = *y;
    s.hint.width = *w;
    s.hint.height = *h;
    s.frame_width = frame_w;
    s.frame_height = frame_h;
    out.push_back(std::move(s));
  }
}

}  // namespace

std::vector<StatedHint> xmp_subject_hints(const std::vector<const XmlElement*>& descriptions) {
  std::vector<StatedHint> out;
  for (const XmlElement* d : descriptions) add_regions(*d, out);
  const auto x = xmp_value(descriptions, kGFocusNs, "FocalPointX");
  const auto y = xmp_value(descriptions, kGFocusNs, "FocalPointY");
  if (x && y) {
    const auto fx = xmp_number(x), fy = xmp_number(y);
    if (fx && fy && *fx >= 0 && *fx <= 1 && *fy >= 0 && *fy <= 1) {
      StatedHint s;
      s.hint.kind = SubjectHint::Kind::Focus;
      s.hint.source = "gfocus";
      s.hint.x = *fx;
      s.hint.y = *fy;
      if (auto d = xmp_number(xmp_value(descriptions, kGFocusNs, "FocalDistance")); d && *d > 0)
        s.hint.focus_distance = d;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace pxav
