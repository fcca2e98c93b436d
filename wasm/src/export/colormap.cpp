#include "export/colormap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace pxav {
namespace {

// Only + and *, rounded with floor(x + 0.5): a constant expression, identical everywhere.
constexpr uint8_t to_byte(double v) {
  const double scaled = v * 255.0 + 0.5;
  if (!(scaled > 0)) return 0;
  if (scaled >= 255) return 255;
  return static_cast<uint8_t>(scaled);  // truncation of a positive value = floor
}

constexpr std::array<Rgb8, 256> make_turbo_table() {
  std::array<Rgb8, 256> table{};
  for (int i = 0; i < 256; ++i) {
    const double x = i / 255.0, x2 = x * x, x3 = x2 * x, x4 = x2 * x2, x5 = x3 * x2;
    const double r =
        0.13572138 + 4.61539260 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5;
    const double g =
        0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5;
    const double b =
        0.10667330 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5;
    table[i] = {to_byte(r), to_byte(g), to_byte(b)};
  }
  return table;
}

constexpr std::array<Rgb8, 256> kTurbo = make_turbo_table();

}  // namespace

Rgb8 turbo_index(uint8_t i) { return kTurbo[i]; }

Rgb8 turbo(double t) {
  if (!(t > 0)) return kTurbo[0];
  if (t >= 1) return kTurbo[255];
  return kTurbo[static_cast<int>(t * 255 + 0.5)];
}

RgbImage colourise_depth(const DepthMap& depth, double near_m, double far_m) {
  RgbImage out;
  out.width = depth.width;
  out.height = depth.height;
  out.pixels.assign(depth.z.size() * 3, 0);
  const double range = far_m - near_m;
  for (size_t i = 0; i < depth.z.size(); ++i) {
    const float z = depth.z[i];
    if (!is_valid_depth(z)) continue;
    const double t = range > 0 ? 1 - (z - near_m) / range : 1;
    const Rgb8 c = turbo(t);
    std::copy(c.begin(), c.end(), out.pixels.begin() + static_cast<std::ptrdiff_t>(i * 3));
  }
  return out;
}

RgbImage colourise_depth(const DepthMap& depth) {
  std::vector<float> valid;
  for (float z : depth.z) {
    if (is_valid_depth(z)) valid.push_back(z);
  }
  if (valid.empty()) return colourise_depth(depth, 1, 1);
  std::sort(valid.begin(), valid.end());
  const auto at = [&](double p) { return valid[static_cast<size_t>(std::floor(p * (valid.size() - 1) + 0.5))]; };
  return colourise_depth(depth, at(0.02), at(0.98));
}

RgbImage colourise_subject_depth(const DepthMap& depth, double near_m, double far_m, double scene_far_m) {
  RgbImage out;
  out.width = depth.width;
  out.height = depth.height;
  out.pixels.assign(depth.z.size() * 3, 0);
  const double range = far_m - near_m;
  const double cut = far_m + kSubjectViewMargin * std::max(range, 0.0);
  const double behind = scene_far_m - cut;
  for (size_t i = 0; i < depth.z.size(); ++i) {
    const float z = depth.z[i];
    if (!is_valid_depth(z)) continue;
    Rgb8 c;
    if (z <= cut) {
      // Far maps to kSubjectViewFarT, not 0: Turbo's far end is almost black, which would draw
      // the back of the subject like a hole.
      c = turbo(range > 0 ? 1 - (1 - kSubjectViewFarT) * (z - near_m) / range : 1);
    } else {
      const double t = behind > 0 ? std::min(1.0, (z - cut) / behind) : 1;
      const auto grey = static_cast<uint8_t>(std::lround(110 - 80 * t));
      c = {grey, grey, grey};
    }
    std::copy(c.begin(), c.end(), out.pixels.begin() + static_cast<std::ptrdiff_t>(i * 3));
  }
  return out;
}

}  // namespace pxav
