// Gaussian mixtures of colours, as GrabCut learns them (Rother, Kolmogorov and Blake, 2004): a
// few full-covariance components per side of the cut, fitted to the pixels the current cut
// gives that side, and re-fitted after every cut. Deterministic: a fixed start from quantiles of
// brightness, plain arithmetic, core/stable_math for exp and log.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pxav {

constexpr int kColourComponents = 5;

struct ColourComponent {
  double weight = 0;                // share of the side's pixels
  std::array<double, 3> mean{};     // 8-bit RGB
  std::array<double, 9> inverse{};  // the covariance's inverse, row-major
  double log_scale = 0;             // ln(weight) - ln(det(2 pi covariance)) / 2
};

struct ColourMixture {
  std::vector<ColourComponent> components;  // empty: the side has no pixel
};

// Fits a mixture to the colours (3 bytes each) of the pixels whose index is listed. previous,
// when it has components, gives the start: each pixel goes to its most likely component (the
// GrabCut step), else k-means from brightness quantiles does. likeliest, when given, holds
// each pixel's most likely component of previous by pixel index (as colour_cost found it), so
// it is not searched for again.
ColourMixture fit_colour_mixture(const uint8_t* rgb, const std::vector<uint32_t>& pixels, const ColourMixture& previous,
                                 const uint8_t* likeliest = nullptr);

// -ln of the likeliest component's weighted density at colour (GrabCut's data term); a large
// constant for an empty mixture. component, when given, receives the likeliest's index.
double colour_cost(const ColourMixture& mixture, const uint8_t* colour, uint8_t* component = nullptr);

// colour_cost of n colours (3 bytes each) at once, with each one's likeliest component: the same
// numbers, computed a component at a time.
void colour_costs(const ColourMixture& mixture, const uint8_t* rgb, size_t n, double* cost, uint8_t* component);

}  // namespace pxav
