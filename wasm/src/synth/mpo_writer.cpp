#include "synth/mpo_writer.h"

#include <cmath>
#include <cstring>

#include "synth/jpeg_writer.h"

namespace pxav {
namespace {

// Little-endian TIFF pieces.
void put16(std::vector<uint8_t>& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}
void put32(std::vector<uint8_t>& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void set32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void entry(std::vector<uint8_t>& b, uint16_t tag, uint16_t type, uint32_t count, uint32_t value) {
  put16(b, tag);
  put16(b, type);
  put32(b, count);
  put32(b, value);
}
std::vector<uint8_t> header() { return {'M', 'P', 'F', 0, 'I', 'I', 0x2A, 0, 8, 0, 0, 0}; }
constexpr uint32_t kVersion = '0' | ('1' << 8) | ('0' << 16) | ('0' << 24);

// The primary's index: version, 2 images, the entry list (filled in once sizes are known).
std::vector<uint8_t> index_payload() {
  std::vector<uint8_t> b = header();
  put16(b, 3);
  entry(b, 0xB000, 7, 4, kVersion);
  entry(b, 0xB001, 4, 1, 2);
  entry(b, 0xB002, 7, 32, 8 + 2 + 3 * 12 + 4);
  put32(b, 0);
  b.resize(b.size() + 32, 0);
  return b;
}

std::vector<uint8_t> attribute_payload(double baseline_m) {
  std::vector<uint8_t> b = header();
  const uint32_t data = 8 + 2 + 5 * 12 + 4;
  put16(b, 5);
  entry(b, 0xB000, 7, 4, kVersion);
  entry(b, 0xB101, 4, 1, 2);         // MPIndividualNum
  entry(b, 0xB204, 4, 1, 1);         // BaseViewpointNum
  entry(b, 0xB205, 10, 1, data);     // ConvergenceAngle
  entry(b, 0xB206, 5, 1, data + 8);  // BaselineLength
  put32(b, 0);
  put32(b, 0);
  put32(b, 1);
  put32(b, static_cast<uint32_t>(std::lround(baseline_m * 10000)));
  put32(b, 10000);
  return b;
}

}  // namespace

Result<std::vector<uint8_t>> write_stereo_mpo(const RgbImage& left, const RgbImage& right, double baseline_m,
                                              int quality) {
  std::vector<uint8_t> index = index_payload();
  auto first = encode_jpeg_rgb(left, quality, 1, {{0xE2, index}});
  if (!first) return first.error();
  auto second = encode_jpeg_rgb(right, quality, 1, {{0xE2, attribute_payload(baseline_m)}});
  if (!second) return second.error();
  std::vector<uint8_t> file = std::move(*first);
  // Find the index segment and fill in the entries (offsets count from its TIFF header).
  size_t at = 0;
  for (size_t i = 2; i + 8 < file.size(); ++i)
    if (file[i] == 0xFF && file[i + 1] == 0xE2 && std::memcmp(&file[i + 4], "MPF", 4) == 0) {
      at = i;
      break;
    }
  if (at == 0) return make_error(ErrorCode::Internal, "the MPF segment was not written");
  const size_t tiff = at + 8, list = tiff + 8 + 2 + 3 * 12 + 4;
  set32(file, list, 0x20020002);  // representative image, multi-frame disparity
  set32(file, list + 4, static_cast<uint32_t>(file.size()));
  set32(file, list + 8, 0);
  set32(file, list + 16, 0x00020002);
  set32(file, list + 20, static_cast<uint32_t>(second->size()));
  set32(file, list + 24, static_cast<uint32_t>(file.size() - tiff));
  file.insert(file.end(), second->begin(), second->end());
  return file;
}

}  // namespace pxav
