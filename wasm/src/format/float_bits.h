// A float's IEEE-754 bits and back, for writing binary files byte by byte. std::bit_cast would do,
// but Emscripten 3.1.6's libc++ predates it; memcpy is the portable spelling and compiles to the
// same single move.
#pragma once

#include <cstdint>
#include <cstring>

namespace pxav {

inline uint32_t float_bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

inline float float_from_bits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace pxav
