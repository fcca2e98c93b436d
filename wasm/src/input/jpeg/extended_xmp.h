// Adobe's Extended XMP: a packet too large for one 64 KB APP1 segment, split into chunks that
// each carry the packet's GUID (named by the main packet's xmpNote:HasExtendedXMP), its full
// length and the chunk's offset. Google's depth formats put whole images in it (GDepth:Data,
// GImage:Data) and Dynamic Depth its Device tree. Reassembled by offset, never by segment order;
// every byte must be covered exactly once, with one agreed total length.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "input/jpeg/jpeg_layout.h"
#include "input/xmp/xmp_tree.h"

namespace pxav {

// The GUID named in the main XMP's xmpNote:HasExtendedXMP (the parsed packet), "" if none.
std::string extended_xmp_guid(const XmlElement& main_xmp);

// Errors (Corrupt): no chunk for the GUID, chunks that disagree on the length, overlap with other
// bytes, leave a gap, or run past the length (a chunk of another GUID is named when one is seen).
// TooLarge above max_bytes.
Result<std::string> read_extended_xmp(const JpegLayout& layout, std::string_view guid, size_t max_bytes);

}  // namespace pxav
