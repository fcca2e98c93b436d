// Eight 16-bit lanes (and four 32-bit ones) as a GCC/Clang vector type: the one piece of SIMD in the stereo matcher.
// g++ turns these operations into SSE2 natively and Emscripten's clang into wasm SIMD
// (-msimd128), from the same source and with the same integer results, so the native and the
// wasm matcher produce identical costs and therefore identical disparity maps.
#pragma once

#include <cstdint>
#include <cstring>

namespace pxav::lanes {

using I16x8 = int16_t __attribute__((vector_size(16)));
inline constexpr int kWidth = 8;
inline constexpr I16x8 kIndex = {0, 1, 2, 3, 4, 5, 6, 7};

inline I16x8 load(const int16_t* p) {
  I16x8 v;
  std::memcpy(&v, p, sizeof v);  // unaligned: the matcher reads at d - 1 and d + 1
  return v;
}
inline void store(int16_t* p, I16x8 v) { std::memcpy(p, &v, sizeof v); }
using I32x4 = int32_t __attribute__((vector_size(16)));

inline I32x4 load(const int32_t* p) {
  I32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(int32_t* p, I32x4 v) { std::memcpy(p, &v, sizeof v); }
inline I32x4 min(I32x4 a, I32x4 b) { return a < b ? a : b; }
// Eight 32-bit values that fit in 16 bits, as one vector.
inline I16x8 narrow(I32x4 lo, I32x4 hi) {
  using I32x8 = int32_t __attribute__((vector_size(32)));
  I32x8 both;
  std::memcpy(&both, &lo, sizeof lo);
  std::memcpy(reinterpret_cast<char*>(&both) + sizeof lo, &hi, sizeof hi);
  return __builtin_convertvector(both, I16x8);
}
inline I32x4 low_half(I16x8 v) { return I32x4{v[0], v[1], v[2], v[3]}; }
inline I32x4 high_half(I16x8 v) { return I32x4{v[4], v[5], v[6], v[7]}; }

inline I16x8 splat(int16_t s) { return I16x8{} + s; }
inline I16x8 min(I16x8 a, I16x8 b) { return a < b ? a : b; }
// {before[7], v[0..6]} and {v[1..7], after[0]}: the vector of the disparities one below and one
// above v's, given the vectors before and after it.
#if defined(__clang__)
inline I16x8 shift_in_before(I16x8 before, I16x8 v) {
  return __builtin_shufflevector(before, v, 7, 8, 9, 10, 11, 12, 13, 14);
}
inline I16x8 shift_in_after(I16x8 v, I16x8 after) { return __builtin_shufflevector(v, after, 1, 2, 3, 4, 5, 6, 7, 8); }
#else
inline I16x8 shift_in_before(I16x8 before, I16x8 v) {
  return __builtin_shuffle(before, v, I16x8{7, 8, 9, 10, 11, 12, 13, 14});
}
inline I16x8 shift_in_after(I16x8 v, I16x8 after) { return __builtin_shuffle(v, after, I16x8{1, 2, 3, 4, 5, 6, 7, 8}); }
#endif
// The least lane, by halving: three shuffles and three minimums instead of seven extractions.
inline int16_t horizontal_min(I16x8 v) {
#if defined(__clang__)
  v = min(v, __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3));
  v = min(v, __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5));
  v = min(v, __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6));
#else
  v = min(v, __builtin_shuffle(v, I16x8{4, 5, 6, 7, 0, 1, 2, 3}));
  v = min(v, __builtin_shuffle(v, I16x8{2, 3, 0, 1, 6, 7, 4, 5}));
  v = min(v, __builtin_shuffle(v, I16x8{1, 0, 3, 2, 5, 4, 7, 6}));
#endif
  return v[0];
}

}  // namespace pxav::lanes
