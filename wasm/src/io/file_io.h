// Whole-file reads and writes for the native tools (the wasm build never touches a file system).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace pxav {

// Refuses files larger than this: no depth photo comes near it, and it keeps a typo
// (a disk image instead of a photo) from eating the machine's memory.
constexpr uint64_t kMaxInputFileBytes = 1ull << 30;

// Error Io naming the path and the system's reason; TooLarge above kMaxInputFileBytes.
Result<std::vector<uint8_t>> read_file(const std::string& path);

// Writes through a temporary file beside the target and renames it into place, so a failed write
// never leaves a half-written file under the real name. Error Io naming the path and the reason.
Status write_file(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace pxav
