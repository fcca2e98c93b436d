// exp and log from +, -, *, / and exact exponent scaling only. The C libraries of the two builds
// (glibc natively, musl in Emscripten) round std::exp and std::log differently in the last bit,
// and the subject cut compares sums of such terms: with these, every build computes the same
// doubles and so cuts the same pixels.
#pragma once

namespace pxav {

// e^x to within a few units in the last place; 0 below -745, +inf above 709.
double stable_exp(double x);
// ln(x) to within a few units in the last place; -inf for 0, NaN below 0 or for NaN.
double stable_log(double x);

}  // namespace pxav
