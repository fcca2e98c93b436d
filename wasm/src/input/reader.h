// The one interface every input kind implements. A reader is a plain struct of functions: it
// says whether a file is its main file, opens its files (checking that the companions it needs
// are there) into a DepthPhoto, and, when its photos are tiled, decodes shares of the colour so
// several workers can split the work. input/registry.cpp lists the readers; adding an input kind
// is a folder under input/ that defines one Reader, and one line there.
//
// A reader whose files hold two views and no depth (a stereo pair, a HEIF stereo file) hands back
// the views (DepthPhoto::views), which the pipeline matches into depth (stereo/views_to_depth.h);
// DepthPhoto stays what every later stage reads.
#pragma once

#include <span>

#include "colour/downsample.h"
#include "core/result.h"
#include "input/depth_photo.h"
#include "input/input_file.h"
#include "input/open_options.h"
#include "input/sniff.h"

namespace pxav {

struct Reader {
  const char* name;  // as in PhotoInfo::container and the info JSON: "heic", "rgbd"

  // The OpenOptions::settings entry this reader reads ("depth", "stereo"; several readers may
  // share one), or nullptr: the names the C API and the CLI accept (input/registry.h).
  const char* settings;

  // Whether this file (sniffed) is one this reader opens as its main file.
  bool (*recognises)(const Sniff& file);

  // Opens all the files given (sniffs[i] describes files[i]). Errors: MissingCompanion when a file
  // the reader needs is not among them, saying which; InvalidArgument for files that do not belong.
  Result<DepthPhoto> (*open)(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options);

  // Readers with tiles: the colour tiles whose row-major index i has i % parts == part, summed
  // onto the width x height grid of DepthPhoto::colour_parts. Null for readers without parts.
  Result<ColourAccumulator> (*decode_colour_part)(std::span<const InputFile> files, const OpenOptions& options,
                                                  int width, int height, int part, int parts);
};

}  // namespace pxav
