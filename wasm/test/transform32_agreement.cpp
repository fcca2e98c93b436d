// The project's wasm 32x32 inverse transform (third_party/patches/libde265-wasm-transform32.patch)
// against libde265's own SSE version compiled to wasm SIMD, on random blocks of the kinds photos
// and bitstreams produce: dense, sparse, low-frequency only, small, and extreme values that
// saturate. Built as a node program of the wasm build; wasm/test/transform32.test.mjs runs it.
// Prints "N blocks, D differ" and exits non-zero if any output byte differs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

// libde265 internals (x86/sse-dct.h), linked from the same static library the module uses.
void ff_hevc_transform_32x32_add_8_sse4(uint8_t* dst, const int16_t* coeffs, ptrdiff_t stride);
void ff_hevc_transform_32x32_add_8_wasm(uint8_t* dst, const int16_t* coeffs, ptrdiff_t stride);

namespace {

uint32_t next(uint32_t& s) {  // xorshift32: the same blocks on every run
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return s;
}

int coefficient(uint32_t& s, int kind, int row, int column) {
  const auto in = [&](int lo, int hi) { return lo + static_cast<int>(next(s) % static_cast<uint32_t>(hi - lo + 1)); };
  switch (kind) {
    case 0: return in(-32768, 32767);                                                // dense, saturating
    case 1: return next(s) % 8 == 0 ? in(-1000, 1000) : 0;                           // sparse
    case 2: return row < 4 && column < 4 ? in(-300, 300) : 0;                        // low frequencies
    case 3: return in(-64, 64);                                                      // small, dense
    default: return row + column == 0 || next(s) % 64 == 0 ? in(-32768, 32767) : 0;  // extremes
  }
}

}  // namespace

int main() {
  constexpr int kBlocks = 40000, kStride = 48;
  alignas(16) int16_t coeffs[32 * 32];
  uint8_t expected[kStride * 34], actual[kStride * 34];
  uint32_t seed = 20261201;
  int differ = 0;
  for (int b = 0; b < kBlocks; ++b) {
    for (int i = 0; i < 32 * 32; ++i) coeffs[i] = static_cast<int16_t>(coefficient(seed, b % 5, i / 32, i % 32));
    for (size_t i = 0; i < sizeof expected; ++i) expected[i] = actual[i] = static_cast<uint8_t>(next(seed));
    // One row and some columns of margin around the block: neither may touch them.
    ff_hevc_transform_32x32_add_8_sse4(expected + kStride + 8, coeffs, kStride);
    ff_hevc_transform_32x32_add_8_wasm(actual + kStride + 8, coeffs, kStride);
    if (std::memcmp(expected, actual, sizeof expected) != 0 && differ++ < 5)
      std::printf("block %d (kind %d) differs\n", b, b % 5);
  }
  std::printf("%d blocks, %d differ\n", kBlocks, differ);
  return differ == 0 ? 0 : 1;
}
