// XMP for the depth JPEG fixtures: the text (numbers, escaping, base64 of embedded files, the
// packet's wrapper) and the APP1 segments that carry it, the main packet and Adobe's Extended XMP
// with its MD5 GUID. Internal to the JPEG fixture writers in synth/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "synth/jpeg_encoder.h"

namespace pxav::jpeg_synth {

inline constexpr const char* kXmpOpen =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">";
inline constexpr const char* kXmpClose = "</rdf:RDF></x:xmpmeta>";

// A number as XMP text, every digit kept.
std::string num(double v);
std::string xml_escape(std::string_view s);
std::string base64(const std::vector<uint8_t>& b);
// The Extended XMP GUID is, as Adobe specifies, the MD5 (RFC 1321) of the extended packet, in
// uppercase hex; readers only compare the string, but real MD5 lets a test check it with hashlib.
std::string md5_hex(std::string_view data);

// The main packet's APP1 segment; TooLarge when it does not fit one.
Result<JpegSegmentToWrite> main_xmp_segment(const std::string& packet);
// The same without the size check (a packet known to be small).
JpegSegmentToWrite xmp_segment_unchecked(const std::string& packet);
// Adobe's Extended XMP: the packet in APP1 chunks, each naming the GUID, full length and its offset.
std::vector<JpegSegmentToWrite> extended_xmp_segments(const std::string& packet, const std::string& guid, size_t chunk);
// A main packet that only points at the Extended XMP with this GUID.
std::string has_extended_xmp(const std::string& guid);

}  // namespace pxav::jpeg_synth
