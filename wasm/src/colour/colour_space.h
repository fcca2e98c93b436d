// Colour arithmetic that gives the same bytes natively and in wasm: sRGB <-> linear light through
// fixed tables (no std::pow at run time) and OKLab with a cube root built from + - * / only.
// Cells are averaged in linear light (averaging sRGB bytes darkens edges) and palettes are
// chosen in OKLab, where straight-line distance follows perceived difference.
#pragma once

#include <array>
#include <cstdint>

namespace pxav {

using Rgb8 = std::array<uint8_t, 3>;  // sRGB red, green, blue

struct Oklab {
  double L = 0, a = 0, b = 0;
};

// Linear light in [0, 1] of one sRGB byte (IEC 61966-2-1 transfer curve).
double srgb8_to_linear(uint8_t value);
// The same 256 values as one table, for loops that convert every pixel.
const double* srgb8_to_linear_table();

// The sRGB byte nearest to a linear value, measured in sRGB (what round(encode(x) * 255) gives),
// found in a table of decision points so no pow() is involved. Clamps to 0..255.
uint8_t linear_to_srgb8(double linear);

Oklab linear_to_oklab(double r, double g, double b);
Oklab srgb8_to_oklab(const Rgb8& rgb);
// Out-of-gamut results are clamped per channel.
Rgb8 oklab_to_srgb8(const Oklab& lab);

// Inline: k-means calls it for every colour and centre in every iteration.
inline double squared_distance(const Oklab& p, const Oklab& q) {
  const double dL = p.L - q.L, da = p.a - q.a, db = p.b - q.b;
  return dL * dL + da * da + db * db;
}

// Cube root by Newton's method from an exact exponent split: the same bits on every platform,
// unlike std::cbrt whose last bit may differ between glibc and musl.
double stable_cbrt(double x);

}  // namespace pxav
