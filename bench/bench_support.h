// What the benchmarks built both natively and as node programs of the wasm build share: reading a
// whole file (not io/file_io: io/ is native-only, it brings libpng) and timing repeated runs.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace pxav::bench {

inline std::vector<uint8_t> read_whole(const char* path) {
  std::vector<uint8_t> bytes;
  if (FILE* f = std::fopen(path, "rb")) {
    uint8_t chunk[65536];
    for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) bytes.insert(bytes.end(), chunk, chunk + n);
    std::fclose(f);
  }
  return bytes;
}

struct Timing {
  double median = 0, fastest = 0;
};

// The median and the fastest of `runs` runs after a warm-up. On a shared machine the fastest is
// the steadier figure (other work only ever adds time); the ratios use it.
template <typename Work>
Timing time_ms(int runs, Work&& work) {
  work();
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto a = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.front()};
}

}  // namespace pxav::bench
