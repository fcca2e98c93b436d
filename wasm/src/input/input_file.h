// One file handed to the pipeline, as the CLI read it from disk or the page got it from a file
// picker: its bytes, its name (for messages, and a hint of its role: "..._depth.png"), and a role
// when the person stated one (the CLI's --depth and --right, the page's forms). Readers decide
// what the files are.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace pxav {

struct InputFile {
  std::string name;
  std::span<const uint8_t> bytes;  // not owned: the caller keeps them alive while the pipeline runs
  // "" (the reader decides), "depth" (a colour + depth pair's depth map), or "left" and "right"
  // (the views of a stereo pair).
  std::string role;
};

}  // namespace pxav
