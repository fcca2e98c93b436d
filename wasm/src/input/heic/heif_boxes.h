// What libheif 1.19 parses but its public API does not hand out: a camera's position from the
// item's extrinsics property, the ISO 23001-17 `cmex` box or Apple's `uuid` box of the same
// layout (4363e914-...), which libheif maps onto `cmex`. A stereo pair's baseline is the distance
// between its two views' positions. A minimal walk of meta / iprp / ipco + ipma, bounds-checked
// at every step, since the bytes are untrusted.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace pxav {

struct CameraPosition {
  double x_m = 0, y_m = 0, z_m = 0;  // the file stores micrometres
};

// The position of item `item_id` (absent: no extrinsics, or extrinsics without a position).
std::optional<CameraPosition> heif_camera_position(std::span<const uint8_t> file, uint32_t item_id);

}  // namespace pxav
