// The one pixel-count check every decoder and reader makes before taking memory: a header's
// width and height against a limit in megapixels, with one sentence for the person.
#pragma once

#include <string>

#include "core/result.h"

namespace pxav {

// TooLarge, saying "<prefix>the <what> is WxH (N megapixels, above the limit of M)"; prefix names
// the file.
Status within_limit(int width, int height, double max_megapixels, const std::string& prefix, const char* what);

}  // namespace pxav
