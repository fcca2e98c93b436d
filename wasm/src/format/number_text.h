// Numbers as short text that reads back to the same value, for the options lines of an avatar
// and ASCII point clouds. printf-based rather than std::to_chars, whose floating-point overloads
// Emscripten 3.1.6's libc++ lacks; printf and strtod are exact in both glibc and musl, so the
// text is the same natively and in wasm.
#pragma once

#include <string>

namespace pxav {

// The fewest significant digits (%g style) that strtof / strtod turn back into the same value.
std::string float_text(float value);
std::string double_text(double value);

}  // namespace pxav
