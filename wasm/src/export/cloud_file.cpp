#include "export/cloud_file.h"

namespace pxav {

std::optional<CloudFormat> cloud_format_named(std::string_view name) {
  if (name == "ply") return CloudFormat::Ply;
  if (name == "pcd") return CloudFormat::PcdBinary;
  if (name == "pcd-ascii") return CloudFormat::PcdAscii;
  return std::nullopt;
}

}  // namespace pxav
