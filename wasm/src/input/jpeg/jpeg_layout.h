// The marker structure of one JPEG image, without decoding it: its APPn segments (where EXIF,
// XMP, Extended XMP and the MPF index live), the frame size, and where the image ends. Depth
// JPEGs are several images in one file: Apple's MPF points at the others by offset, Dynamic
// Depth appends them after the primary's end of image, so finding that end exactly matters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pxav {

struct JpegSegment {
  uint8_t marker = 0;                // 0xE0..0xEF for APP0..APP15, 0xFE comment, ...
  size_t offset = 0;                 // of the 0xFF marker byte, from the start of the image
  std::span<const uint8_t> payload;  // after the two length bytes
};

struct JpegLayout {
  std::vector<JpegSegment> segments;  // every marker segment before the first scan, in order
  int width = 0, height = 0, components = 0;
  size_t end = 0;  // one past the EOI marker, from the start of the image
};

// `bytes` starts at the image's SOI; bytes after its EOI are left alone. Errors: UnsupportedFormat
// (no SOI), Corrupt (a segment runs past the end, no frame header, no end of image).
Result<JpegLayout> read_jpeg_layout(std::span<const uint8_t> bytes);

// The payloads of APPn segments (marker 0xE0 + n) that start with `signature`, signature removed.
std::vector<std::span<const uint8_t>> app_payloads(const JpegLayout& layout, int n, std::string_view signature);

// The main XMP packet (APP1 "http://ns.adobe.com/xap/1.0/"), empty if none.
std::string_view main_xmp(const JpegLayout& layout);

}  // namespace pxav
