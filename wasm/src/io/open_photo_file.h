// Opens a depth photo from files on disk, whatever its kind: an HEIC file on its own, or a colour
// image (PNG or PPM) with a depth image beside it (PNG or PGM, 8/16-bit) and the text parameters
// that say what its numbers mean. This is the one place the native tools choose a reader; a new
// input kind adds a reader module and one entry here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/heic/heic_reader.h"
#include "io/decoded_image.h"

namespace pxav {

struct PhotoFiles {
  std::string photo;         // HEIC, or the colour image of a pair
  std::string depth;         // empty for HEIC; the depth image of a pair
  std::string depth_params;  // rgbd_reader.h keys, e.g. "encoding=scaled-z scale=0.0002 fx=525"
  HeicOptions heic;
};

Result<DepthPhoto> open_photo_files(const PhotoFiles& files);

// Decodes a PNG/PGM/PPM by its signature.
Result<DecodedImage> read_image_file_bytes(const std::vector<uint8_t>& bytes, const std::string& name);

}  // namespace pxav
