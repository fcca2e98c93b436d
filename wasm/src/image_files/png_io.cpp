#include "image_files/png_io.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>

namespace pxav {
namespace {

// libpng reports errors by longjmp. The rule that keeps that safe in C++: a function that calls
// setjmp holds only trivially destructible locals, and every std::vector lives in a caller's
// frame, which longjmp never unwinds. Hence the small "phase" functions below, each with its own
// setjmp, returning false when libpng gave up (the message is then in Context::message).
struct Context {
  const uint8_t* data = nullptr;  // the PNG bytes
  size_t size = 0;
  size_t position = 0;
  char message[256] = "";
};

void on_error(png_structp png, png_const_charp message) {
  auto* context = static_cast<Context*>(png_get_error_ptr(png));
  std::snprintf(context->message, sizeof context->message, "%s", message);
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}  // warnings (odd but readable chunks) are not errors

void read_from_memory(png_structp png, png_bytep destination, size_t length) {
  auto* context = static_cast<Context*>(png_get_io_ptr(png));
  if (length > context->size - context->position) png_error(png, "unexpected end of data (truncated file)");
  std::memcpy(destination, context->data + context->position, length);
  context->position += length;
}

struct Layout {
  png_uint_32 width, height;
  int channels, bit_depth;
  size_t row_bytes;
};

bool read_layout(png_structp png, png_infop info, Layout* layout) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_info(png, info);
  const int colour_type = png_get_color_type(png, info);
  if (colour_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (colour_type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  layout->width = png_get_image_width(png, info);
  layout->height = png_get_image_height(png, info);
  layout->channels = png_get_channels(png, info);
  layout->bit_depth = png_get_bit_depth(png, info);
  layout->row_bytes = png_get_rowbytes(png, info);
  return true;
}

bool read_rows(png_structp png, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  return true;
}

}  // namespace

Result<DecodedPng> read_png(const uint8_t* data, size_t size) {
  if (data == nullptr || size < 8 || png_sig_cmp(data, 0, 8) != 0) {
    return make_error(ErrorCode::UnsupportedFormat, "png: not a PNG file (bad signature)");
  }
  Context context;
  context.data = data;
  context.size = size;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, on_error, on_warning);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return make_error(ErrorCode::Internal, "png: libpng could not start a reader");
  }
  png_set_read_fn(png, &context, read_from_memory);
  png_set_user_limits(png, 1u << 20, 1u << 20);  // dimensions; the pixel count is checked below
  png_set_chunk_malloc_max(png, 64u << 20);      // ancillary chunks (ICC, text) stay small

  Layout layout{};
  if (!read_layout(png, info, &layout)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return make_error(ErrorCode::Corrupt, std::string("png: ") + context.message);
  }
  const uint64_t pixels = static_cast<uint64_t>(layout.width) * layout.height;
  if (pixels > kMaxPngPixels) {
    png_destroy_read_struct(&png, &info, nullptr);
    return make_error(ErrorCode::TooLarge, "png: " + std::to_string(layout.width) + "x" +
                                               std::to_string(layout.height) +
                                               " pixels is more than this reader accepts");
  }
  if ((layout.bit_depth != 8 && layout.bit_depth != 16) || layout.channels < 1 || layout.channels > 4 ||
      layout.row_bytes != static_cast<size_t>(layout.width) * layout.channels * (layout.bit_depth / 8)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return make_error(ErrorCode::Unsupported, "png: unexpected sample layout after expansion");
  }

  std::vector<uint8_t> raw(layout.row_bytes * layout.height);
  std::vector<png_bytep> rows(layout.height);
  for (png_uint_32 y = 0; y < layout.height; ++y) rows[y] = raw.data() + y * layout.row_bytes;
  const bool ok = read_rows(png, rows.data());
  png_destroy_read_struct(&png, &info, nullptr);
  if (!ok) return make_error(ErrorCode::Corrupt, std::string("png: ") + context.message);

  DecodedPng image;
  image.width = static_cast<int>(layout.width);
  image.height = static_cast<int>(layout.height);
  image.channels = layout.channels;
  image.bit_depth = layout.bit_depth;
  image.max_value = layout.bit_depth == 16 ? 65535 : 255;
  const size_t samples = static_cast<size_t>(pixels) * layout.channels;
  image.samples.resize(samples);
  if (layout.bit_depth == 16) {
    for (size_t i = 0; i < samples; ++i)
      image.samples[i] = static_cast<uint16_t>(raw[2 * i] << 8 | raw[2 * i + 1]);  // PNG is big-endian
  } else {
    for (size_t i = 0; i < samples; ++i) image.samples[i] = raw[i];
  }
  return image;
}

Result<DecodedPng> read_png(const std::vector<uint8_t>& bytes) { return read_png(bytes.data(), bytes.size()); }

}  // namespace pxav
