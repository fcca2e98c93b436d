// Point clouds as PCD v0.7 (the Point Cloud Library's format), ASCII or binary, with fields
// x y z rgb, each a 4-byte float. rgb is packed the PCL way: the integer (r << 16 | g << 8 | b)
// whose bits are read as a float; in ASCII that float is printed, which is what three.js
// PCDLoader and pypcd expect. Returns bytes so it runs in wasm too.
#pragma once

#include <cstdint>
#include <vector>

#include "avatar/avatar.h"
#include "geometry/point_set.h"

namespace pxav {

enum class PcdEncoding { Ascii, Binary };

// rgb packed into a float as PCL does, and back.
float pack_pcd_rgb(uint8_t r, uint8_t g, uint8_t b);
uint32_t unpack_pcd_rgb(float packed);  // 0x00RRGGBB

// Valid points only (see valid_points.h), as an unorganised cloud (HEIGHT 1); colours from
// PointSet::rgb, or white when it is absent.
std::vector<uint8_t> encode_pcd(const PointSet& points, PcdEncoding encoding);
// One point per cell, as avatar_points() places it.
std::vector<uint8_t> encode_pcd(const Avatar& avatar, PcdEncoding encoding);

}  // namespace pxav
