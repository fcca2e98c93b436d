#include "image_files/netpbm.h"

#include <string>

namespace pxav {
namespace {

constexpr int kMaxDimension = 1 << 16;

struct Cursor {
  const uint8_t* data;
  size_t size;
  size_t pos = 0;

  bool space(uint8_t c) const { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

  // Skips whitespace and '#' comments up to the end of their line.
  void skip_blanks() {
    while (pos < size) {
      if (space(data[pos])) {
        ++pos;
      } else if (data[pos] == '#') {
        while (pos < size && data[pos] != '\n' && data[pos] != '\r') ++pos;
      } else {
        break;
      }
    }
  }

  // A positive decimal header number, at most `limit`; -1 when malformed.
  long number(long limit) {
    skip_blanks();
    long value = 0;
    size_t digits = 0;
    while (pos < size && data[pos] >= '0' && data[pos] <= '9') {
      value = value * 10 + (data[pos++] - '0');
      if (value > limit) return -1;
      ++digits;
    }
    return digits == 0 || value == 0 ? -1 : value;
  }
};

Result<DecodedImage> read_netpbm(const uint8_t* data, size_t size, char kind, int channels) {
  const char* name = channels == 3 ? "ppm" : "pgm";
  if (data == nullptr || size < 2 || data[0] != 'P' || data[1] != kind) {
    return make_error(ErrorCode::UnsupportedFormat,
                      std::string(name) + ": not a binary " + (channels == 3 ? "PPM (P6)" : "PGM (P5)") + " file");
  }
  Cursor in{data, size, 2};
  const long width = in.number(kMaxDimension), height = in.number(kMaxDimension), maxval = in.number(65535);
  if (width < 0 || height < 0 || maxval < 0) {
    return make_error(ErrorCode::Corrupt, std::string(name) +
                                              ": malformed header (width, height and maxval must be "
                                              "positive numbers, sizes up to 65536, maxval up to 65535)");
  }
  // Exactly one whitespace byte separates the header from the samples.
  if (in.pos >= size || !in.space(data[in.pos])) {
    return make_error(ErrorCode::Corrupt,
                      std::string(name) + ": no whitespace after maxval at offset " + std::to_string(in.pos));
  }
  ++in.pos;

  DecodedImage image;
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  image.channels = channels;
  image.max_value = static_cast<int>(maxval);
  image.bit_depth = maxval > 255 ? 16 : 8;
  const size_t samples = static_cast<size_t>(width) * height * channels;
  const size_t bytes_per_sample = image.bit_depth / 8;
  if (size - in.pos < samples * bytes_per_sample) {
    return make_error(ErrorCode::Corrupt,
                      std::string(name) + ": truncated: " + std::to_string(samples * bytes_per_sample) +
                          " bytes of samples expected, " + std::to_string(size - in.pos) + " present");
  }
  image.samples.resize(samples);
  const uint8_t* p = data + in.pos;
  for (size_t i = 0; i < samples; ++i) {
    image.samples[i] = bytes_per_sample == 2 ? static_cast<uint16_t>(p[2 * i] << 8 | p[2 * i + 1]) : p[i];
  }
  return image;
}

}  // namespace

Result<DecodedImage> read_ppm(const uint8_t* data, size_t size) { return read_netpbm(data, size, '6', 3); }
Result<DecodedImage> read_pgm(const uint8_t* data, size_t size) { return read_netpbm(data, size, '5', 1); }

}  // namespace pxav
