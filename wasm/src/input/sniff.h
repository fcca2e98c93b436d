// What a file looks like from its first bytes, before any reader parses it: which reader to try,
// and what to tell a person whose file no reader takes ("this is a JPEG image", "a ZIP archive").
// Shared by the native tools and the wasm module, so both route and refuse files alike.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace pxav {

enum class FileKind { Empty, Heif, Jpeg, Png, Netpbm, Other };

struct Sniff {
  FileKind kind = FileKind::Other;
  // Images whose header says so cheaply (PNG's IHDR, Netpbm's magic): 1 grey, 2 grey + alpha,
  // 3 RGB (palettes too), 4 RGBA; 0 when unknown. Width and height from PNG's IHDR or JPEG's
  // frame header, else 0.
  int channels = 0;
  int width = 0, height = 0;
  std::string looks_like;  // "a PNG image (grey, 16-bit, 640x480)", "a JPEG image", "a ZIP archive"
  // Not from the bytes: the role the person gave the file (InputFile::role), which readers that
  // open a set by role (a stereo pair's "left" and "right") recognise their files by.
  std::string role;
  // A JPEG whose MPF index lists this many views of a multi-view (3D camera) file; 0 otherwise.
  int mpf_views = 0;
};

Sniff sniff(std::span<const uint8_t> bytes);

}  // namespace pxav
