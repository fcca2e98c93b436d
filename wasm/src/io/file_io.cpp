#include "io/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace pxav {
namespace {

Error io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorCode::Io, what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return io_error("cannot open", path);
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  for (;;) {
    const size_t got = std::fread(chunk, 1, sizeof chunk, f);
    bytes.insert(bytes.end(), chunk, chunk + got);
    if (bytes.size() > kMaxInputFileBytes) {
      std::fclose(f);
      return make_error(ErrorCode::TooLarge, "'" + path + "' is larger than 1 GiB");
    }
    if (got < sizeof chunk) break;
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return io_error("cannot read", path);
  return bytes;
}

Status write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string temporary = path + ".partial";
  std::FILE* f = std::fopen(temporary.c_str(), "wb");
  if (f == nullptr) return io_error("cannot create", temporary);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    Error e = io_error("cannot write", temporary);
    std::remove(temporary.c_str());
    return e;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    Error e = io_error("cannot rename the finished file to", path);
    std::remove(temporary.c_str());
    return e;
  }
  return Done{};
}

}  // namespace pxav
