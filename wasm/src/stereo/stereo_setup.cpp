#include "stereo/stereo_setup.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/key_values.h"

namespace pxav {
namespace {

Error bad(const std::string& what) { return make_error(ErrorCode::InvalidArgument, what); }

// layout=...: how the views come (stereo_setup.h).
Status parse_layout(const std::string& value, StereoCalibration& c) {
  if (value == "side-by-side")
    c.layout = StereoLayout::SideBySide;
  else if (value == "cross-eyed")
    c.layout = StereoLayout::CrossEyed;
  else if (value == "two-views")
    c.layout = StereoLayout::TwoViews;
  else
    return make_error(ErrorCode::InvalidArgument,
                      "stereo setting layout must be side-by-side (left view on the left), cross-eyed (left view "
                      "on the right) or two-views, got '" +
                          value + "'");
  return Done{};
}

// Exactly n finite numbers separated by blanks or any of `separators`. Split by hand and read
// by parse_number (strtod, C locale): an istringstream here would pull the iostream and locale
// machinery into the wasm module for three short lists.
bool parse_numbers(std::string_view text, std::string_view separators, double* out, int n) {
  int count = 0;
  size_t at = 0;
  const auto is_gap = [&](char c) {
    return std::string_view(" \t\n\r\v\f").find(c) != std::string_view::npos ||
           separators.find(c) != std::string_view::npos;
  };
  while (at < text.size()) {
    while (at < text.size() && is_gap(text[at])) ++at;
    if (at == text.size()) break;
    size_t end = at;
    while (end < text.size() && !is_gap(text[end])) ++end;
    if (count == n) return false;  // more than n
    const auto v = parse_number(text.substr(at, end - at));
    if (!v) return false;
    out[count++] = *v;
    at = end;
  }
  return count == n;
}

// Middlebury's "[f 0 cx; 0 f cy; 0 0 1]".
bool parse_matrix(std::string_view text, double m[9]) { return parse_numbers(text, "[];", m, 9); }

Result<StereoCalibration> parse_calib_txt(std::string_view text) {
  StereoCalibration c;
  double cam0[9] = {}, cam1[9] = {};
  bool has0 = false, has1 = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) return bad("calib.txt: line without '=': " + line);
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "cam0" || key == "cam1") {
      if (!parse_matrix(value, key == "cam0" ? cam0 : cam1)) return bad("calib.txt: " + key + " is not a 3x3 matrix");
      (key == "cam0" ? has0 : has1) = true;
      continue;
    }
    if (key == "layout") {
      if (auto ok = parse_layout(value, c); !ok) return ok.error();
      continue;
    }
    const auto v = parse_number(value);
    if (!v) return bad("calib.txt: " + key + " is not a number: " + value);
    if (key == "doffs")
      c.doffs = *v;
    else if (key == "baseline") {
      if (*v <= 0) return bad("calib.txt: the baseline must be a positive distance in millimetres");
      c.baseline_m = *v / 1000;  // Middlebury gives millimetres
    } else if (key == "ndisp")
      c.num_disparities = static_cast<int>(*v);
    else if (key == "vmin")
      c.min_disparity = static_cast<int>(std::floor(*v));
    // width, height, isint, vmax, dyavg, dymax: nothing the matcher needs
  }
  if (!has0) return bad("calib.txt: cam0 (the left camera's matrix) is missing");
  c.focal_px = cam0[0];
  c.cx = cam0[2];
  c.cy = cam0[5];
  if (has1 && c.doffs == 0) c.doffs = cam1[2] - cam0[2];
  // ndisp counts from zero in Middlebury's files; vmin only narrows the search when it saves work.
  if (c.num_disparities > 0 && c.min_disparity > 0) c.num_disparities -= c.min_disparity;
  return c;
}

// "a,b,c": exactly n finite numbers.
bool parse_list(std::string_view text, double* out, int n) { return parse_numbers(text, ",", out, n); }

}  // namespace

Result<StereoCalibration> parse_stereo_setup(std::string_view text) {
  Result<StereoCalibration> parsed = text.find("cam0=") != std::string_view::npos ? parse_calib_txt(text) : [&] {
    auto kv = parse_key_values(text);
    if (!kv) return Result<StereoCalibration>(kv.error());
    StereoCalibration c;
    int full_parts = 0;
    for (const auto& [key, value] : *kv) {
      if (key == "left" || key == "right") {
        double m[6];
        if (!parse_list(value, m, 6))
          return Result<StereoCalibration>(bad("stereo setting " + key + " must be fx,fy,cx,cy,k1,k2 (six numbers)"));
        if (m[0] <= 0 || m[1] <= 0)
          return Result<StereoCalibration>(bad("stereo setting " + key + ": the focal lengths must be positive"));
        (key == "left" ? c.left_camera : c.right_camera) = {m[0], m[1], m[2], m[3], m[4], m[5]};
        full_parts |= key == "left" ? 1 : 2;
        continue;
      }
      if (key == "rotation") {
        if (!parse_list(value, c.rotation, 9))
          return Result<StereoCalibration>(bad("stereo setting rotation must be nine numbers (row-major)"));
        full_parts |= 4;
        continue;
      }
      if (key == "translation") {
        if (!parse_list(value, c.translation, 3))
          return Result<StereoCalibration>(bad("stereo setting translation must be three numbers (metres)"));
        full_parts |= 8;
        continue;
      }
      if (key == "layout") {
        if (auto ok = parse_layout(value, c); !ok) return Result<StereoCalibration>(ok.error());
        continue;
      }
      const auto v = parse_number(value);
      if (!v) return Result<StereoCalibration>(bad("stereo setting " + key + " must be a number, got '" + value + "'"));
      if (key == "f")
        c.focal_px = *v;
      else if (key == "baseline") {
        if (*v <= 0) return Result<StereoCalibration>(bad("the baseline must be a positive distance in metres"));
        c.baseline_m = *v;
      } else if (key == "doffs")
        c.doffs = *v;
      else if (key == "cx")
        c.cx = *v;
      else if (key == "cy")
        c.cy = *v;
      else if (key == "disparities")
        c.num_disparities = static_cast<int>(*v);
      else if (key == "min-disparity")
        c.min_disparity = static_cast<int>(*v);
      else if (key == "scale")
        c.scale = static_cast<int>(*v);
      else
        return Result<StereoCalibration>(
            bad("unknown stereo setting '" + key +
                "' (use f, baseline, doffs, cx, cy, disparities, min-disparity, scale, layout; left, right, "
                "rotation, translation)"));
    }
    if (full_parts != 0) {
      if (full_parts != 15)
        return Result<StereoCalibration>(
            bad("a full calibration needs left, right, rotation and translation together"));
      if (c.focal_px != 0 || c.baseline_m != 0)
        return Result<StereoCalibration>(bad("give f and baseline or a full calibration, not both"));
      const double* t = c.translation;
      c.baseline_m = std::sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
      if (!(c.baseline_m > 0)) return Result<StereoCalibration>(bad("the translation must not be zero"));
      c.full = true;
      c.focal_px = c.left_camera.fy;  // the rectified views' focal length (stereo/calibrated_rectify.h)
    }
    return Result<StereoCalibration>(c);
  }();
  if (!parsed) return parsed;
  const StereoCalibration& c = *parsed;
  if (c.focal_px < 0) return bad("the focal length f must be positive (pixels)");
  // A focal length alone is a camera without a baseline: calibrated rectification, relative depth.
  if (c.baseline_m > 0 && !(c.focal_px > 0))
    return bad("metric depth from stereo needs the focal length f with the baseline (f alone gives relative depth)");
  if (c.num_disparities < 0) return bad("disparities must be a positive number of pixels");
  if (c.scale != 0 && c.scale != 1 && c.scale != 2 && c.scale != 4 && c.scale != 8)
    return bad("scale must be 1, 2, 4 or 8 (match at 1/scale of the size)");
  return parsed;
}

}  // namespace pxav
