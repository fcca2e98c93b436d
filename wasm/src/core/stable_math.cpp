#include "core/stable_math.h"

#include <cmath>
#include <limits>

namespace pxav {
namespace {
constexpr double kLn2 = 0.69314718055994530942;
// ln 2 in two parts (Cody and Waite): k * kLn2High is exact for |k| < 2^11, so the reduced
// argument keeps its precision even for large k.
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
}  // namespace

double stable_exp(double x) {
  if (x != x) return x;
  if (x < -745) return 0;
  if (x > 709) return std::numeric_limits<double>::infinity();
  // x = k ln2 + r with |r| <= ln2 / 2; e^r by its Taylor series (|r|^18 / 18! < 1e-19).
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = (x - k * kLn2High) - k * kLn2Low;
  double term = 1, sum = 1;
  for (int i = 1; i <= 18; ++i) {
    term *= r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));  // exact scaling by 2^k
}

double stable_log(double x) {
  if (!(x >= 0)) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // exact: x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172: the odd series converges fast.
  const double s = (m - 1) / (m + 1), s2 = s * s;
  double power = s, sum = 0;
  for (int i = 1; i <= 31; i += 2) {
    sum += power / i;
    power *= s2;
  }
  return 2 * sum + (e * kLn2High + e * kLn2Low);
}

}  // namespace pxav
