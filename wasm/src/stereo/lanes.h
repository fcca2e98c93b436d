// Sixteen 8-bit, eight 16-bit and four 32-bit lanes as GCC/Clang vector types: the one piece of SIMD in the stereo
// matcher. g++ turns these operations into SSE2 natively and Emscripten's clang into wasm SIMD
// (-msimd128), from the same source and with the same integer results, so the native and the
// wasm matcher produce identical costs and therefore identical disparity maps.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

// Loops over a whole image keep their body in a function of its own, called once a row: V8 runs
// wasm first as baseline code and switches a function to optimised code only at its next call,
// so an image's loop inside one call (as inlining would make it) runs the page's first photo
// unoptimised from start to end. (The wasm link caps Binaryen's inlining of functions with one
// caller for the same reason: CMakeLists.txt.)
#define PXAV_ROW_FUNCTION __attribute__((noinline))

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
// The low and high four lanes widened to 32 bits (wasm has instructions for it; clang builds
// lane-by-lane code from the element-wise form).
inline I32x4 low_half(I16x8 v) {
#if defined(__wasm_simd128__)
  return (I32x4)wasm_i32x4_extend_low_i16x8((v128_t)v);
#else
  return I32x4{v[0], v[1], v[2], v[3]};
#endif
}
inline I32x4 high_half(I16x8 v) {
#if defined(__wasm_simd128__)
  return (I32x4)wasm_i32x4_extend_high_i16x8((v128_t)v);
#else
  return I32x4{v[4], v[5], v[6], v[7]};
#endif
}

// Sixteen 8-bit lanes: the paths' running costs, which stay below 255 (sgm.cpp says why), so a
// register holds twice as many disparities as with 16 bits.
using U8x16 = uint8_t __attribute__((vector_size(16)));
inline constexpr int kWidth8 = 16;
inline U8x16 load(const uint8_t* p) {
  U8x16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(uint8_t* p, U8x16 v) { std::memcpy(p, &v, sizeof v); }
inline U8x16 splat8(uint8_t s) { return U8x16{} + s; }
inline U8x16 min(U8x16 a, U8x16 b) { return a < b ? a : b; }
// a + b, stopping at 255 (SSE's paddusb written portably; wasm has the instruction).
inline U8x16 add_saturated(U8x16 a, U8x16 b) {
#if defined(__wasm_simd128__)
  return (U8x16)wasm_u8x16_add_sat((v128_t)a, (v128_t)b);
#else
  return a + min(b, U8x16{} + 255 - a);
#endif
}

// a - b, stopping at 0 (psubusb; wasm's own instruction). Comparisons of unsigned bytes have no
// instruction in SSE or on V8's x64 code, so "a > b" is better written as a - b > 0 with this.
inline U8x16 sub_saturated(U8x16 a, U8x16 b) {
#if defined(__wasm_simd128__)
  return (U8x16)wasm_u8x16_sub_sat((v128_t)a, (v128_t)b);
#else
  return a - min(a, b);
#endif
}
// |a - b| for unsigned bytes.
inline U8x16 abs_difference(U8x16 a, U8x16 b) { return sub_saturated(a, b) | sub_saturated(b, a); }

// Sixteen 32-bit values that fit in 8 bits, as one vector.
inline U8x16 narrow(I32x4 a, I32x4 b, I32x4 c, I32x4 d) {
#if defined(__wasm_simd128__)
  const v128_t ab = wasm_u16x8_narrow_i32x4((v128_t)a, (v128_t)b), cd = wasm_u16x8_narrow_i32x4((v128_t)c, (v128_t)d);
  return (U8x16)wasm_u8x16_narrow_i16x8(ab, cd);
#else
  using I32x16 = int32_t __attribute__((vector_size(64)));
  I32x16 all;
  const I32x4 parts[4] = {a, b, c, d};
  std::memcpy(&all, parts, sizeof all);
  return __builtin_convertvector(all, U8x16);
#endif
}

inline I16x8 splat(int16_t s) { return I16x8{} + s; }
inline I16x8 min(I16x8 a, I16x8 b) { return a < b ? a : b; }
#if defined(__clang__)
#define PXAV_SHUFFLE2(a, b, ...) __builtin_shufflevector(a, b, __VA_ARGS__)
#define PXAV_SHUFFLE1(a, ...) __builtin_shufflevector(a, a, __VA_ARGS__)
#else
#define PXAV_SHUFFLE2(a, b, ...) __builtin_shuffle(a, b, decltype(a){__VA_ARGS__})
#define PXAV_SHUFFLE1(a, ...) __builtin_shuffle(a, decltype(a){__VA_ARGS__})
#endif
inline U8x16 shift_in_before(U8x16 before, U8x16 v) {
  return PXAV_SHUFFLE2(before, v, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
}
inline U8x16 shift_in_after(U8x16 v, U8x16 after) {
  return PXAV_SHUFFLE2(v, after, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
}
// The least lane of each of four vectors at once: folding them together takes eight shuffles
// and five minimums where four separate reductions take sixteen and sixteen.
inline void horizontal_min4(U8x16 a, U8x16 b, U8x16 c, U8x16 d, uint8_t out[4]) {
  const U8x16 ab = min(PXAV_SHUFFLE2(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
                       PXAV_SHUFFLE2(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
  const U8x16 cd = min(PXAV_SHUFFLE2(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
                       PXAV_SHUFFLE2(c, d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
  // Lanes 0-3 now hold a's candidates, 4-7 b's, 8-11 c's, 12-15 d's.
  U8x16 v = min(PXAV_SHUFFLE2(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
                PXAV_SHUFFLE2(ab, cd, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31));
  // The last two folds within each 32-bit lane by shifting it (byte 0 meets byte 2, then byte 1):
  // shifts are single instructions on both targets, where these byte shuffles are table lookups.
  using U32x4 = uint32_t __attribute__((vector_size(16)));
  v = min(v, (U8x16)((U32x4)v >> 16));
  v = min(v, (U8x16)((U32x4)v >> 8));
  out[0] = v[0];
  out[1] = v[4];
  out[2] = v[8];
  out[3] = v[12];
}

// The low and high eight lanes as 16-bit numbers (natively: interleaved with zero bytes, which
// is little-endian widening; wasm has the instructions, which V8 compiles better than a shuffle).
inline I16x8 widen_low(U8x16 v) {
#if defined(__wasm_simd128__)
  return (I16x8)wasm_u16x8_extend_low_u8x16((v128_t)v);
#else
  I16x8 out;
  const U8x16 w = PXAV_SHUFFLE2(v, U8x16{}, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  std::memcpy(&out, &w, sizeof out);
  return out;
#endif
}
inline I16x8 widen_high(U8x16 v) {
#if defined(__wasm_simd128__)
  return (I16x8)wasm_u16x8_extend_high_u8x16((v128_t)v);
#else
  I16x8 out;
  const U8x16 w = PXAV_SHUFFLE2(v, U8x16{}, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  std::memcpy(&out, &w, sizeof out);
  return out;
#endif
}

// Whether any lane of a comparison's result is true (one instruction in wasm; natively the two
// halves or'ed, which g++ keeps in registers).
inline bool any(I16x8 mask) {
#if defined(__wasm_simd128__)
  return wasm_v128_any_true((v128_t)mask);
#else
  uint64_t half[2];
  std::memcpy(half, &mask, sizeof half);
  return (half[0] | half[1]) != 0;
#endif
}

inline I32x4 splat32(int32_t s) { return I32x4{} + s; }
// The least lane, by halving: two shuffles and two minimums instead of three extractions.
inline int32_t horizontal_min(I32x4 v) {
  v = min(v, PXAV_SHUFFLE1(v, 2, 3, 0, 1));
  v = min(v, PXAV_SHUFFLE1(v, 1, 0, 3, 2));
  return v[0];
}

}  // namespace pxav::lanes
