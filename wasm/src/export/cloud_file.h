// One choice of point-cloud file format, shared by the CLI (chosen from the output's name) and
// the wasm API (chosen by the page), so both write the same bytes for the same request.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "export/pcd.h"
#include "export/ply.h"

namespace pxav {

enum class CloudFormat { Ply, PcdBinary, PcdAscii };

// "ply", "pcd" (binary) or "pcd-ascii".
std::optional<CloudFormat> cloud_format_named(std::string_view name);

// T is a PointSet (every valid pixel) or an Avatar (one point per cell).
template <class T>
std::vector<uint8_t> encode_cloud(const T& cloud, CloudFormat format) {
  switch (format) {
    case CloudFormat::Ply: return encode_ply(cloud);
    case CloudFormat::PcdBinary: return encode_pcd(cloud, PcdEncoding::Binary);
    case CloudFormat::PcdAscii: return encode_pcd(cloud, PcdEncoding::Ascii);
  }
  return {};
}

}  // namespace pxav
