#include "pipeline/photo_info_json.h"

#include <cmath>
#include <cstdio>

namespace pxav {

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += c;
  }
  return out + "\"";
}

std::string photo_info_json(const DepthPhoto& p) {
  const PhotoInfo& i = p.info;
  const Intrinsics& k = p.camera;
  std::string aux = "[";
  for (size_t n = 0; n < i.auxiliary_types.size(); ++n) aux += (n ? "," : "") + json_string(i.auxiliary_types[n]);
  aux += "]";
  return std::string("{") +
         "\"container\":" + json_string(i.container) +
         ",\"photo\":{\"width\":" + std::to_string(i.photo_width) + ",\"height\":" + std::to_string(i.photo_height) +
         ",\"tiles\":[" + std::to_string(i.tiles_x) + "," + std::to_string(i.tiles_y) + "]" +
         ",\"thumbnail\":" + (i.has_thumbnail ? "true" : "false") + "}" +
         ",\"depth\":{\"present\":true,\"width\":" + std::to_string(p.depth.width) +
         ",\"height\":" + std::to_string(p.depth.height) + ",\"bitDepth\":" + std::to_string(p.depth.bit_depth) +
         ",\"representation\":" + json_string(depth_kind_name(p.encoding.kind)) +
         ",\"min\":" + json_number(p.encoding.lo) + ",\"max\":" + json_number(p.encoding.hi) +
         ",\"radial\":" + (p.encoding.radial ? "true" : "false") +
         ",\"source\":" + json_string(p.encoding.source) + "}" +
         ",\"intrinsics\":{\"fx\":" + json_number(k.fx) + ",\"fy\":" + json_number(k.fy) + ",\"cx\":" + json_number(k.cx) +
         ",\"cy\":" + json_number(k.cy) + ",\"width\":" + std::to_string(k.width) + ",\"height\":" +
         std::to_string(k.height) + ",\"assumed\":" + (k.assumed ? "true" : "false") +
         ",\"source\":" + json_string(k.source) + "}" +
         ",\"portraitMatte\":" + (p.portrait_matte ? "true" : "false") +
         ",\"auxiliaryTypes\":" + aux +
         ",\"colourSource\":" + json_string(i.colour_source) + "}";
}

}  // namespace pxav
