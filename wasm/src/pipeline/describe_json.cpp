#include "pipeline/describe_json.h"

#include "core/json.h"

namespace pxav {

std::string photo_info_json(const DepthPhoto& p) {
  const PhotoInfo& i = p.info;
  const Intrinsics& k = p.camera;
  std::string details = "{";
  for (size_t n = 0; n < i.details.size(); ++n)
    details += (n ? "," : "") + json_string(i.details[n].first) + ":" + i.details[n].second;
  details += "}";
  return std::string("{") + "\"container\":" + json_string(i.container) +
         ",\"photo\":{\"width\":" + std::to_string(i.photo_width) + ",\"height\":" + std::to_string(i.photo_height) +
         "}" + ",\"depth\":{\"present\":true,\"width\":" + std::to_string(p.depth.width) +
         ",\"height\":" + std::to_string(p.depth.height) + ",\"bitDepth\":" + std::to_string(p.depth.bit_depth) +
         ",\"representation\":" + json_string(depth_kind_name(p.encoding.kind)) +
         ",\"min\":" + json_number(p.encoding.lo) + ",\"max\":" + json_number(p.encoding.hi) +
         ",\"radial\":" + (p.encoding.radial ? "true" : "false") +
         ",\"units\":" + (p.encoding.relative ? "\"relative\"" : "\"metres\"") +
         ",\"source\":" + json_string(p.encoding.source) + "}" + ",\"intrinsics\":{\"fx\":" + json_number(k.fx) +
         ",\"fy\":" + json_number(k.fy) + ",\"cx\":" + json_number(k.cx) + ",\"cy\":" + json_number(k.cy) +
         ",\"width\":" + std::to_string(k.width) + ",\"height\":" + std::to_string(k.height) +
         ",\"assumed\":" + (k.assumed ? "true" : "false") + ",\"source\":" + json_string(k.source) + "}" +
         ",\"portraitMatte\":" + (p.portrait_matte ? "true" : "false") +
         ",\"colourSource\":" + json_string(i.colour_source) +
         ",\"colourParts\":" + std::to_string(p.colour_parts.count) + "," + json_string(i.container) + ":" + details +
         "}";
}

std::string foreground_json(const Foreground& f) {
  std::string hist = "[";
  for (size_t i = 0; i < f.histogram.size(); ++i) hist += (i ? "," : "") + std::to_string(f.histogram[i]);
  hist += "]";
  return "{\"source\":" + json_string(f.source) + ",\"near\":" + json_number(f.near_m) +
         ",\"far\":" + json_number(f.far_m) + ",\"threshold\":" + json_number(f.threshold_m) +
         ",\"histogramLow\":" + json_number(f.hist_lo_m) + ",\"histogramHigh\":" + json_number(f.hist_hi_m) +
         ",\"histogram\":" + hist + "}";
}

}  // namespace pxav
