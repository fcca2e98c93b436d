// Reads and writes the pixel avatar file (.pxav), exactly as AVATAR_FILE_FORMAT.md describes it.
// The reader trusts nothing: every length, index and padding bit is checked, and an error says
// what is wrong and where (byte offset, or cell number), always with ErrorCode::BadAvatarFile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "avatar/avatar.h"
#include "core/result.h"

namespace pxav {

constexpr uint16_t kAvatarFileVersion = 1;
constexpr uint16_t kAvatarHeaderSize = 40;
constexpr int kMaxAvatarGrid = 1024;
constexpr int kMaxAvatarLayers = 256;
constexpr int kMaxAvatarPalette = 256;
constexpr size_t kMaxAvatarOptionsBytes = 4096;

// Whether an avatar fits the file format: grid, layer and palette limits, finite metric fields,
// cells inside the grid, sorted by (y, x) without repeats, indices below layer count and palette
// size. Error InvalidArgument naming the first problem.
Status check_avatar(const Avatar& avatar);

// The file bytes. Precondition: check_avatar(avatar) succeeds; otherwise the result is empty (an
// empty buffer is never a valid file, so the mistake cannot go unnoticed).
std::vector<uint8_t> write_avatar_file(const Avatar& avatar);

// The avatar, or Error{BadAvatarFile, "avatar file: ..."}. Reading what write_avatar_file wrote
// gives back an equal Avatar.
Result<Avatar> read_avatar_file(const uint8_t* data, size_t size);

}  // namespace pxav
