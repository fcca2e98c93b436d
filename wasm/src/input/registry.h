// Which reader opens a set of files: the one place that knows every input kind, and the one
// place that explains a file no reader takes. Shared by the native tools and the wasm module.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "input/input_file.h"
#include "input/open_options.h"
#include "input/reader.h"
#include "input/sniff.h"

namespace pxav {

std::span<const Reader> readers();

struct ChosenReader {
  const Reader* reader;
  std::vector<Sniff> sniffs;  // one per file
};

// The first reader (in registry order) that recognises one of the files. Errors: InvalidArgument
// for no file; Unsupported for a kind we know but do not read yet (JPEG depth photos);
// UnsupportedFormat naming what each file looks like. The stereo setting's layout (side-by-side,
// cross-eyed) makes a lone file without a role the views of a side-by-side image; a stereo setting
// that does not parse is the error it gives.
Result<ChosenReader> choose_reader(std::span<const InputFile> files, const OpenOptions& options);

// Whether some reader reads the settings entry `name` (Reader::settings): Done, or InvalidArgument
// naming the entries there are. The C API checks names with it, so a misspelt one is said.
Status check_reader_setting(std::string_view name);

}  // namespace pxav
