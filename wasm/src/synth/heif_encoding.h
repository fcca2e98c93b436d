// libheif's writing side as the fixture writers use it: images to fill, the HEVC encoder (x265),
// raw property boxes on items, the orientation an irot stands for, and the finished file's bytes.
// Errors are Internal: a fixture that cannot be written is a bug or a broken libheif build.
// Native only (x265 is not in the wasm build).
#pragma once

#include <libheif/heif.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "input/heic/libheif_handles.h"

namespace pxav::heif_encoding {

struct EncoderRelease {
  void operator()(heif_encoder* e) const { heif_encoder_release(e); }
};
struct OptionsRelease {
  void operator()(heif_encoding_options* o) const { heif_encoding_options_free(o); }
};
using Encoder = std::unique_ptr<heif_encoder, EncoderRelease>;
using Options = std::unique_ptr<heif_encoding_options, OptionsRelease>;

Error fail(const heif_error& e, const char* what);

// An 8-bit image with one plane: grey (Y) or interleaved RGB.
Result<libheif::Image> make_image(int width, int height, bool grey);

// Nearest-neighbour enlargement of `colour` by `scale` into the image, from (x0, y0) of the
// enlarged picture (a tile's origin).
void fill_colour(heif_image* image, const RgbImage& colour, int scale, int x0, int y0);

// The orientation libheif writes for a picture stored turned `ccw` degrees anticlockwise.
heif_orientation orientation_for(int ccw);

// libheif's HEVC encoder (x265), lossless or at quality 90, quiet.
Result<Encoder> hevc_encoder(heif_context* ctx, bool lossless);

// A property box of the given type and body on an item.
Status add_property(heif_context* ctx, heif_item_id item, uint32_t type, const std::vector<uint8_t>& body,
                    bool essential, const char* what);

Result<std::vector<uint8_t>> file_bytes(heif_context* ctx);

}  // namespace pxav::heif_encoding
