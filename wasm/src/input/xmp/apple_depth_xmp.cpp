#include "input/xmp/apple_depth_xmp.h"

#include <charconv>
#include <cstdlib>
#include <vector>

namespace pxav {
namespace {

std::optional<double> to_double(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
  std::string s(text);  // strtod needs a terminator; the C locale is the default in both builds
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  return v;
}

// XMP writers put a simple property either in an element, <ns:Name>value</ns:Name>, or in an
// attribute, ns:Name="value". Apple uses elements; other tools rewrite them as attributes.
std::optional<std::string_view> property(std::string_view xmp, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  if (auto at = xmp.find(open); at != std::string_view::npos) {
    const size_t begin = at + open.size();
    const std::string close = "</" + std::string(name) + ">";
    const size_t end = xmp.find(close, begin);
    if (end == std::string_view::npos) return std::nullopt;
    return xmp.substr(begin, end - begin);
  }
  const std::string attr = std::string(name) + "=\"";
  if (auto at = xmp.find(attr); at != std::string_view::npos) {
    const size_t begin = at + attr.size();
    const size_t end = xmp.find('"', begin);
    if (end == std::string_view::npos) return std::nullopt;
    return xmp.substr(begin, end - begin);
  }
  return std::nullopt;
}

std::vector<double> sequence(std::string_view body) {
  std::vector<double> out;
  size_t at = 0;
  while ((at = body.find("<rdf:li>", at)) != std::string_view::npos) {
    at += 8;
    const size_t end = body.find("</rdf:li>", at);
    if (end == std::string_view::npos) break;
    if (auto v = to_double(body.substr(at, end - at))) out.push_back(*v);
    at = end;
  }
  return out;
}

}  // namespace

AppleDepthXmp parse_apple_depth_xmp(std::string_view xmp) {
  AppleDepthXmp out;
  if (auto v = property(xmp, "apdi:FloatMinValue")) out.float_min = to_double(*v);
  if (auto v = property(xmp, "apdi:FloatMaxValue")) out.float_max = to_double(*v);
  if (auto v = property(xmp, "apdi:AuxiliaryImageType")) out.auxiliary_image_type = std::string(*v);

  auto matrix = property(xmp, "depthData:IntrinsicMatrix");
  auto ref_w = property(xmp, "depthData:IntrinsicMatrixReferenceWidth");
  auto ref_h = property(xmp, "depthData:IntrinsicMatrixReferenceHeight");
  if (matrix && ref_w && ref_h) {
    const std::vector<double> m = sequence(*matrix);
    const auto w = to_double(*ref_w), h = to_double(*ref_h);
    // Column-major 3x3: m[0] = fx, m[4] = fy, m[6] = cx, m[7] = cy.
    if (m.size() == 9 && w && h && *w > 0 && *h > 0 && m[0] > 0 && m[4] > 0) {
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
  }
  return out;
}

}  // namespace pxav
