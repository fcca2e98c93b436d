// What every part of the HEIC reader asks libheif for: its errors as ours, a single-channel item
// (depth, matte) decoded as stored, an item's orientation properties and an item's XMP. Internal
// to input/heic/.
#pragma once

#include <libheif/heif.h>

#include <string>

#include "core/image.h"
#include "core/result.h"
#include "geometry/orientation.h"
#include "input/heic/libheif_handles.h"

namespace pxav::heic {

Error from_heif(const heif_error& e, const char* what);

// Pixels as megapixels with one decimal, for messages.
std::string mp(double pixels);

// The item's XMP packet (a 'mime' metadata block of type application/rdf+xml), empty if none.
std::string xmp_of(const heif_image_handle* h);

// Decodes a single-channel image (depth, matte) as stored: upright() turns it with the photo.
Result<libheif::Image> decode_grey(const heif_image_handle* h, const char* what);

// The 8-bit grey plane of a decoded single-channel image.
GreyImage grey_from(const heif_image* img);

// The item's irot/imir/clap properties in file order, as plain steps.
Orientation item_orientation(const heif_context* ctx, heif_item_id id, int width, int height);

}  // namespace pxav::heic
