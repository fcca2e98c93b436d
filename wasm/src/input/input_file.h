// One file handed to the pipeline, as the CLI read it from disk or the page got it from a file
// picker: its bytes, its name (for messages, and a hint of its role: "..._depth.png"), and a role
// when the person stated one (the CLI's --depth). Readers decide what the files are.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace pxav {

struct InputFile {
  std::string name;
  std::span<const uint8_t> bytes;  // not owned: the caller keeps them alive while the pipeline runs
  std::string role;                // "" (the reader decides) or "depth"
};

}  // namespace pxav
