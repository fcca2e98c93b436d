// Masks read eight pixels at a time: most of a mask's rows lie outside the subject, so the scans
// that look for set pixels (the subject's box, an empty mask, a row's extent) skip unset runs as
// one 64-bit zero instead of pixel by pixel.
#pragma once

#include <cstdint>
#include <cstring>

namespace pxav {

// True when the 8 mask pixels from p on are all unset (p need not be aligned).
inline bool all_zero_8(const uint8_t* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word == 0;
}

}  // namespace pxav
