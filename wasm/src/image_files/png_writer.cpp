// The PNG encoders of png_io.h on zlib alone. Writing a PNG is a signature, three chunks and one
// zlib stream of filtered rows (PNG specification, sections 5, 9 and 10), so libpng's writer is
// not needed for it; without it the wasm module is 8 KB (gzip) lighter. libpng still reads:
// reading is where the format's variety (palettes, interlacing, bit depths) lives.
#include <zlib.h>

#include <array>
#include <cstdlib>
#include <limits>

#include "image_files/png_io.h"

namespace pxav {
namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

void put_u32(std::vector<uint8_t>& out, uint32_t value) {
  out.insert(out.end(), {static_cast<uint8_t>(value >> 24), static_cast<uint8_t>(value >> 16),
                         static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)});
}

// Length, type, data, and the CRC of type and data.
void put_chunk(std::vector<uint8_t>& out, const char (&type)[5], const uint8_t* data, size_t size) {
  put_u32(out, static_cast<uint32_t>(size));
  const size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  if (size > 0) out.insert(out.end(), data, data + size);
  put_u32(out, static_cast<uint32_t>(crc32(0, out.data() + start, static_cast<uInt>(size + 4))));
}

int paeth(int left, int up, int up_left) {
  const int p = left + up - up_left;
  const int pa = std::abs(p - left), pb = std::abs(p - up), pc = std::abs(p - up_left);
  if (pa <= pb && pa <= pc) return left;
  return pb <= pc ? up : up_left;
}

// Appends one row filtered, its filter type byte first. The filter is chosen per row by the
// smallest sum of the filtered bytes read as signed, the heuristic the specification suggests
// (section 12.8) and libpng uses: smooth images (depth maps, gradients) compress well.
void put_filtered_row(std::vector<uint8_t>& out, const uint8_t* row, const uint8_t* previous, size_t size,
                      size_t pixel_bytes, std::array<std::vector<uint8_t>, 5>& candidates) {
  int best = 0;
  uint64_t best_sum = std::numeric_limits<uint64_t>::max();
  for (int filter = 0; filter < 5; ++filter) {
    if (previous == nullptr && (filter == 2 || filter == 4)) continue;  // Up and Paeth need a row above
    std::vector<uint8_t>& filtered = candidates[filter];
    filtered.resize(size);
    uint64_t sum = 0;
    for (size_t i = 0; i < size; ++i) {
      const int left = i >= pixel_bytes ? row[i - pixel_bytes] : 0;
      const int up = previous != nullptr ? previous[i] : 0;
      const int up_left = previous != nullptr && i >= pixel_bytes ? previous[i - pixel_bytes] : 0;
      int predicted = 0;
      switch (filter) {
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = (left + up) / 2; break;
        case 4: predicted = paeth(left, up, up_left); break;
        default: break;
      }
      const auto value = static_cast<uint8_t>(row[i] - predicted);
      filtered[i] = value;
      sum += static_cast<uint64_t>(std::abs(static_cast<int8_t>(value)));
    }
    if (sum < best_sum) best_sum = sum, best = filter;
  }
  out.push_back(static_cast<uint8_t>(best));
  out.insert(out.end(), candidates[best].begin(), candidates[best].end());
}

// `pixels` as PNG stores rows: 8-bit samples, or 16-bit ones big-endian.
Result<std::vector<uint8_t>> encode(int width, int height, int channels, int bit_depth,
                                    const std::vector<uint8_t>& pixels) {
  const size_t pixel_bytes = static_cast<size_t>(channels) * (bit_depth / 8);
  const size_t stride = static_cast<size_t>(width) * pixel_bytes;
  if (width <= 0 || height <= 0 || pixels.size() != stride * static_cast<size_t>(height)) {
    return make_error(ErrorCode::InvalidArgument, "png: the image is empty or its pixel buffer has the wrong size");
  }
  std::vector<uint8_t> rows;
  rows.reserve((stride + 1) * static_cast<size_t>(height));
  std::array<std::vector<uint8_t>, 5> candidates;
  for (int y = 0; y < height; ++y) {
    const uint8_t* row = pixels.data() + static_cast<size_t>(y) * stride;
    put_filtered_row(rows, row, y > 0 ? row - stride : nullptr, stride, pixel_bytes, candidates);
  }
  // zlib's default level, as libpng wrote.
  uLongf compressed_size = compressBound(static_cast<uLong>(rows.size()));
  std::vector<uint8_t> compressed(compressed_size);
  if (compress2(compressed.data(), &compressed_size, rows.data(), static_cast<uLong>(rows.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK) {
    return make_error(ErrorCode::Internal, "png: zlib could not compress the image");
  }
  if (compressed_size > 0x7fffffffu) {  // a chunk's length is at most 2^31 - 1
    return make_error(ErrorCode::TooLarge, "png: the image is too large for one PNG data chunk");
  }

  const uint8_t colour_type = channels == 4 ? 6 : channels == 3 ? 2 : channels == 2 ? 4 : 0;
  std::vector<uint8_t> header;
  put_u32(header, static_cast<uint32_t>(width));
  put_u32(header, static_cast<uint32_t>(height));
  // Bit depth, colour type, compression 0 (deflate), filter method 0, no interlacing.
  header.insert(header.end(), {static_cast<uint8_t>(bit_depth), colour_type, 0, 0, 0});

  std::vector<uint8_t> out(std::begin(kSignature), std::end(kSignature));
  out.reserve(out.size() + 3 * 12 + header.size() + compressed_size);
  put_chunk(out, "IHDR", header.data(), header.size());
  put_chunk(out, "IDAT", compressed.data(), compressed_size);
  put_chunk(out, "IEND", nullptr, 0);
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> encode_png_rgb(const RgbImage& image) {
  return encode(image.width, image.height, 3, 8, image.pixels);
}

Result<std::vector<uint8_t>> encode_png_grey(const GreyImage& image) {
  return encode(image.width, image.height, 1, 8, image.pixels);
}

Result<std::vector<uint8_t>> encode_png_grey16(int width, int height, const std::vector<uint16_t>& samples) {
  std::vector<uint8_t> rows;
  rows.reserve(samples.size() * 2);
  for (uint16_t v : samples) rows.insert(rows.end(), {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)});
  return encode(width, height, 1, 16, rows);
}

Result<std::vector<uint8_t>> encode_png_rgba(int width, int height, const std::vector<uint8_t>& pixels) {
  return encode(width, height, 4, 8, pixels);
}

}  // namespace pxav
