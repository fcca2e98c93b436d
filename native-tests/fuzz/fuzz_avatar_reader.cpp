// libFuzzer target for the avatar file reader: any bytes must give an avatar or an error, never a
// crash; and whatever reads must write back to bytes that read to the same avatar.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "format/avatar_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto avatar = pxav::read_avatar_file(data, size);
  if (!avatar.ok()) return 0;
  const auto bytes = pxav::write_avatar_file(*avatar);
  if (bytes.empty()) std::abort();  // the reader accepted an avatar the writer refuses
  const auto again = pxav::read_avatar_file(bytes.data(), bytes.size());
  if (!again.ok() || !(*again == *avatar)) std::abort();
  return 0;
}
