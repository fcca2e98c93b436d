// Point clouds as binary little-endian PLY: float x, y, z and uchar red, green, blue per vertex,
// no faces. The variant every viewer reads (three.js PLYLoader, MeshLab, CloudCompare, Blender).
// Returns bytes so it runs in wasm too; writing them to disk is the caller's business.
#pragma once

#include <cstdint>
#include <vector>

#include "avatar/avatar.h"
#include "geometry/point_set.h"

namespace pxav {

// Valid points only (see valid_points.h); colours from PointSet::rgb, or white when it is absent.
std::vector<uint8_t> encode_ply(const PointSet& points);
// One vertex per cell, as avatar_points() places it.
std::vector<uint8_t> encode_ply(const Avatar& avatar);

}  // namespace pxav
