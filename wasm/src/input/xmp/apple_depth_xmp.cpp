#include "input/xmp/apple_depth_xmp.h"

#include <vector>

#include "input/xmp/xmp_tree.h"

namespace pxav {

AppleDepthXmp parse_apple_depth_xmp(std::string_view xmp) {
  AppleDepthXmp out;
  auto tree = parse_xml(xmp);
  if (!tree) return out;
  const std::vector<const XmlElement*> d = xmp_descriptions(*tree);
  const auto number = [&](std::string_view ns, std::string_view name) { return xmp_number(xmp_value(d, ns, name)); };
  out.float_min = number(kApplePixelDataInfoNs, "FloatMinValue");
  out.float_max = number(kApplePixelDataInfoNs, "FloatMaxValue");
  out.int_min = number(kApplePixelDataInfoNs, "IntMinValue");
  out.int_max = number(kApplePixelDataInfoNs, "IntMaxValue");
  out.auxiliary_image_type = xmp_value(d, kApplePixelDataInfoNs, "AuxiliaryImageType").value_or("");
  out.has_depth_data = uses_namespace(*tree, kAppleDepthDataNs);
  if (uses_namespace(*tree, kApplePortraitMatteNs))
    out.matte = "portrait-effects";
  else if (uses_namespace(*tree, kAppleSegmentationMatteNs))
    out.matte = "semantic-segmentation";

  const auto w = number(kAppleDepthDataNs, "IntrinsicMatrixReferenceWidth");
  const auto h = number(kAppleDepthDataNs, "IntrinsicMatrixReferenceHeight");
  std::vector<double> m;
  for (const XmlElement* desc : d) {
    for (const std::string& v : xmp_item_values(*desc, kAppleDepthDataNs, "IntrinsicMatrix"))
      if (auto x = xmp_number(v)) m.push_back(*x);
    if (!m.empty()) break;
  }
  // Column-major 3x3: m[0] = fx, m[4] = fy, m[6] = cx, m[7] = cy.
  if (m.size() == 9 && w && h && *w >= 1 && *h >= 1 && *w <= 1e6 && *h <= 1e6 && m[0] > 0 && m[4] > 0) {
    Intrinsics k;
    k.fx = m[0];
    k.fy = m[4];
    k.cx = m[6];
    k.cy = m[7];
    k.width = static_cast<int>(*w);
    k.height = static_cast<int>(*h);
    k.source = "apple-xmp";
    out.intrinsics = k;
  }
  return out;
}

}  // namespace pxav
