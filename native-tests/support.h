// Test helpers: where the shared real-world data lives, and reading it. Real files are never
// copied into the repository; a test that needs one skips with a message when it is absent.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace pxav::test {

// ../shared/data beside the repository, or $PXAV_SHARED_DATA.
inline std::filesystem::path shared_data() {
  if (const char* env = std::getenv("PXAV_SHARED_DATA")) return env;
  return std::filesystem::path("..") / "shared" / "data";
}

inline std::optional<std::vector<uint8_t>> read_shared(const std::string& relative) {
  const auto path = shared_data() / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace pxav::test

// Skips the current test case with a visible reason when a shared file is missing.
#define PXAV_REQUIRE_SHARED(var, relative)                                                    \
  auto var##_opt = ::pxav::test::read_shared(relative);                                      \
  if (!var##_opt) {                                                                          \
    WARN("SKIPPED: " << relative << " not found under " << ::pxav::test::shared_data()       \
                     << " (the shared test data is absent)");                                \
    return;                                                                                  \
  }                                                                                          \
  const std::vector<uint8_t>& var = *var##_opt
