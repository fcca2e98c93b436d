// Test helpers: where the shared real-world data lives, and reading it; the model files set-up
// fetched. Real files are never copied into the repository; a test that needs one skips with a
// message when it is absent.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace pxav::test {

// Opens files held in memory through the pipeline, as the CLI and the page do.
inline Result<MetricPhoto> open_bytes(const std::vector<uint8_t>& bytes, const OpenOptions& options = {},
                                      const std::string& name = "photo.heic") {
  const InputFile files[] = {{name, bytes, ""}};
  return open_photo(files, options);
}

// The opened photo alone (upright, depth as stored), for tests of what the readers found.
inline Result<DepthPhoto> open_upright(const std::vector<uint8_t>& bytes, const OpenOptions& options = {},
                                       const std::string& name = "photo.heic") {
  auto opened = open_bytes(bytes, options, name);
  if (!opened) return opened.error();
  return std::move(opened->photo);
}

// A fact the info reports, as its JSON value ("" when absent): the reader's own (details) or the
// stereo stage's (info's "stereo" section).
inline std::string info_fact(const DepthPhoto& photo, const std::string& key) {
  for (const auto* facts : {&photo.info.details, &photo.info.stereo})
    for (const auto& [k, v] : *facts)
      if (k == key) return v;
  return "";
}

// ../shared/data beside the repository, or $PXAV_SHARED_DATA.
inline std::filesystem::path shared_data() {
  if (const char* env = std::getenv("PXAV_SHARED_DATA")) return env;
  return std::filesystem::path("..") / "shared" / "data";
}

inline std::optional<std::vector<uint8_t>> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline std::optional<std::vector<uint8_t>> read_shared(const std::string& relative) {
  return read_bytes(shared_data() / relative);
}

// ctest counts a test that exits with this code as skipped (SKIP_RETURN_CODE in CMakeLists.txt):
// a test whose shared file is absent shows as skipped in the summary, not as passed.
constexpr int kSkipExitCode = 77;
void mark_skipped();  // main.cpp: the process exits with kSkipExitCode once the run is over

}  // namespace pxav::test

// Skips the current test case with a visible reason when a shared file is missing.
#define PXAV_REQUIRE_SHARED(var, relative)                                             \
  auto var##_opt = ::pxav::test::read_shared(relative);                                \
  if (!var##_opt) {                                                                    \
    WARN("SKIPPED: " << relative << " not found under " << ::pxav::test::shared_data() \
                     << " (the shared test data is absent)");                          \
    ::pxav::test::mark_skipped();                                                      \
    return;                                                                            \
  }                                                                                    \
  const std::vector<uint8_t>& var = *var##_opt

// Skips the current test case with a visible reason when a model file is missing: path is where
// third_party/fetch-models.sh installs it (PXAV_PERSON_MODEL_PATH, PXAV_FACE_MODEL_PATH).
#define PXAV_REQUIRE_MODEL(var, path)                                                                 \
  auto var##_bytes = ::pxav::test::read_bytes(path);                                                  \
  if (!var##_bytes) {                                                                                 \
    WARN("SKIPPED: the model " << path << " is absent (run make deps: third_party/fetch-models.sh)"); \
    ::pxav::test::mark_skipped();                                                                     \
    return;                                                                                           \
  }                                                                                                   \
  const std::vector<uint8_t>& var = *var##_bytes
