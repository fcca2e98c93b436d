// CRC-32 as in IEEE 802.3, zlib and PNG (reflected polynomial 0xEDB88320, initial and final
// value 0xFFFFFFFF): the checksum that ends an avatar file.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pxav {

// crc32(data, size) of one buffer; to checksum in pieces pass the previous result as `crc`.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

}  // namespace pxav
