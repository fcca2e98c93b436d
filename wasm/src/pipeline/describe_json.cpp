#include "pipeline/describe_json.h"

#include "core/json.h"

namespace pxav {

namespace {

std::string subject_hints_json(const std::vector<SubjectHint>& hints) {
  const int used = primary_subject_hint(hints);
  std::string out = "[";
  for (size_t n = 0; n < hints.size(); ++n) {
    const SubjectHint& h = hints[n];
    out += std::string(n ? "," : "") + "{\"kind\":" + json_string(subject_hint_kind_name(h.kind)) +
           ",\"source\":" + json_string(h.source) + ",\"x\":" + json_number(h.x) + ",\"y\":" + json_number(h.y) +
           ",\"width\":" + json_number(h.width) + ",\"height\":" + json_number(h.height) +
           ",\"focusDistance\":" + (h.focus_distance ? json_number(*h.focus_distance) : "null") +
           ",\"used\":" + (static_cast<int>(n) == used ? "true" : "false") + "}";
  }
  return out + "]";
}

// The face detector's faces, as the hints are written.
std::string faces_json(const std::vector<SubjectHint>& faces) {
  std::string out = "[";
  for (size_t n = 0; n < faces.size(); ++n) {
    const SubjectHint& h = faces[n];
    out += std::string(n ? "," : "") + "{\"kind\":" + json_string(subject_hint_kind_name(h.kind)) +
           ",\"source\":" + json_string(h.source) + ",\"x\":" + json_number(h.x) + ",\"y\":" + json_number(h.y) +
           ",\"width\":" + json_number(h.width) + ",\"height\":" + json_number(h.height) + "}";
  }
  return out + "]";
}

using Facts = std::vector<std::pair<std::string, std::string>>;

// Key and JSON value pairs as one object, `first` then `then`.
std::string section(const Facts& first, const Facts& then) {
  std::string out = "{";
  for (const Facts* facts : {&first, &then})
    for (const auto& [key, value] : *facts)
      out.append(out.size() > 1 ? "," : "").append(json_string(key)).append(":").append(value);
  return out + "}";
}

}  // namespace

std::string photo_info_json(const DepthPhoto& p, std::string_view subject) {
  const PhotoInfo& i = p.info;
  const Intrinsics& k = p.camera;
  // Each stage its own section: the reader's under its container's name, the stereo stage's under
  // "stereo" (one section, the reader's facts first, when the reader is a stereo one).
  const bool one_section = i.container == "stereo";
  std::string sections = "," + json_string(i.container) + ":" + section(i.details, one_section ? i.stereo : Facts{});
  if (!one_section && !i.stereo.empty()) sections += ",\"stereo\":" + section(i.stereo, {});
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
         ",\"colourParts\":" + std::to_string(p.colour_parts.count) +
         ",\"subjectHints\":" + subject_hints_json(p.subject_hints) +
         (subject.empty() ? "" : ",\"subject\":" + std::string(subject)) + sections + "}";
}

std::string person_json(const PersonFinding* p) {
  if (!p) return "null";
  return std::string("{\"found\":") + (p->found ? "true" : "false") + ",\"areaShare\":" + json_number(p->area_share) +
         ",\"meanConfidence\":" + json_number(p->mean_confidence) +
         ",\"faceInside\":" + (p->face_inside ? "true" : "false") + ",\"faces\":" + faces_json(p->faces) +
         ",\"reason\":" + json_string(p->reason) + "}";
}

std::string subject_json(const Foreground* f, const PersonFinding* person, const Error* error) {
  std::string out = "{\"source\":" + (f ? json_string(f->source) : std::string("null"));
  if (error) out += ",\"error\":" + json_string(error->message);
  return out + ",\"person\":" + person_json(person) + "}";
}

std::string foreground_json(const Foreground& f, const PersonFinding* person) {
  std::string hist = "[";
  for (size_t i = 0; i < f.histogram.size(); ++i) hist += (i ? "," : "") + std::to_string(f.histogram[i]);
  hist += "]";
  return "{\"source\":" + json_string(f.source) + ",\"near\":" + json_number(f.near_m) +
         ",\"far\":" + json_number(f.far_m) + ",\"threshold\":" + json_number(f.threshold_m) +
         ",\"histogramLow\":" + json_number(f.hist_lo_m) + ",\"histogramHigh\":" + json_number(f.hist_hi_m) +
         ",\"histogram\":" + hist + ",\"person\":" + person_json(person) + "}";
}

std::string error_json(const Error& e) {
  const ErrorFields& f = e.fields;
  std::string fields;
  const auto add = [&](const char* key, const std::string& value) {
    if (!fields.empty()) fields += ',';
    fields.append(json_string(key)).append(":").append(value);
  };
  if (!f.missing.empty()) add("missing", json_string(f.missing));
  if (!f.ambiguous.empty()) add("ambiguous", json_string(f.ambiguous));
  if (!f.files.empty()) {
    std::string list = "[";
    for (const std::string& file : f.files) list.append(list.size() > 1 ? "," : "").append(json_string(file));
    add("files", list + "]");
  }
  if (!f.check.empty()) add("check", json_string(f.check));
  std::string out = "{\"code\":";
  out.append(json_string(error_code_name(e.code))).append(",\"message\":").append(json_string(e.message));
  return out.append(",\"fields\":{").append(fields).append("}}");
}

}  // namespace pxav
