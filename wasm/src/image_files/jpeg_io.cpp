#include "image_files/jpeg_io.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

// jpeglib.h needs size_t and FILE declared first.
#include <jerror.h>
#include <jpeglib.h>

#include "core/pixel_limit.h"

namespace pxav {
namespace {

// A progressive JPEG can hold any number of scans, each a pass over the whole image: past this
// many the file is a denial of service, not a photo (encoders write about 10).
constexpr int kMaxScans = 100;

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

// One decoder with its error manager. Held on the heap by the function that calls setjmp, so
// nothing with a destructor lives between setjmp and libjpeg's longjmp.
struct Decoder {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  jpeg_progress_mgr progress{};
  bool created = false;
  ~Decoder() {
    if (created) jpeg_destroy_decompress(&cinfo);
  }
};

[[noreturn]] void on_error(j_common_ptr c) {
  auto* e = reinterpret_cast<ErrorManager*>(c->err);
  (*c->err->format_message)(c, e->message);
  std::longjmp(e->jump, 1);
}

// Warnings that mean pixels are missing end the decoding; the rest (extraneous bytes between
// markers, which some cameras write) are harmless.
void on_message(j_common_ptr c, int level) {
  if (level >= 0) return;
  const int code = c->err->msg_code;
  if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC) on_error(c);
}

void on_progress(j_common_ptr c) {
  if (!c->is_decompressor) return;
  auto* d = reinterpret_cast<j_decompress_ptr>(c);
  if (d->input_scan_number > kMaxScans) {
    auto* e = reinterpret_cast<ErrorManager*>(c->err);
    std::snprintf(e->message, sizeof e->message, "the JPEG has more than %d scans", kMaxScans);
    std::longjmp(e->jump, 1);
  }
}

bool is_jpeg(std::span<const uint8_t> b) { return b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF; }

Error failed(const Decoder& d) {
  return make_error(ErrorCode::Corrupt, std::string("the JPEG image is damaged or truncated: ") + d.err.message);
}

// Sets up the decoder on the bytes; call inside the setjmp scope.
void begin(Decoder& d, std::span<const uint8_t> bytes) {
  d.cinfo.err = jpeg_std_error(&d.err.pub);
  d.err.pub.error_exit = on_error;
  d.err.pub.emit_message = on_message;
  jpeg_create_decompress(&d.cinfo);
  d.created = true;
  d.progress.progress_monitor = on_progress;
  d.cinfo.progress = &d.progress;
  jpeg_mem_src(&d.cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&d.cinfo, TRUE);
}

Status check_header(const jpeg_decompress_struct& c, const JpegLimits& limits) {
  if (auto s = within_limit(static_cast<int>(c.image_width), static_cast<int>(c.image_height), limits.max_megapixels,
                            "", "JPEG image");
      !s)
    return s;
  if (c.num_components != 1 && c.num_components != 3)
    return make_error(ErrorCode::Unsupported, "the JPEG image has " + std::to_string(c.num_components) +
                                                  " colour components (CMYK?): only grey and colour JPEGs are read");
  return Done{};
}

// Raw planes (raw_data_out) by iMCU rows into the sums. libjpeg scales chroma up by IDCT where
// it can, so at reduced scales the chroma planes usually have the luma's size; otherwise they are
// half as wide (and high). Within the setjmp scope of the caller, which owns the buffers: libjpeg's
// longjmp must not skip a destructor here.
Status accumulate_raw(jpeg_decompress_struct& c, ColourAccumulator& acc, std::vector<uint8_t>& buffer,
                      std::vector<JSAMPROW>& rows) {
  const int lines = c.max_v_samp_factor * c.min_DCT_scaled_size;  // luma rows per iMCU row
  const jpeg_component_info* comp = c.comp_info;
  const int luma_w = static_cast<int>(comp[0].downsampled_width);
  YcbcrPlanes planes;
  if (c.num_components == 3) {
    const int cw = static_cast<int>(comp[1].downsampled_width), ch = static_cast<int>(comp[1].downsampled_height);
    const int lh = static_cast<int>(comp[0].downsampled_height);
    const auto shift = [](int full, int part) { return part == full ? 0 : part == (full + 1) / 2 ? 1 : -1; };
    planes.shift_x = shift(luma_w, cw);
    planes.shift_y = shift(lh, ch);
    if (planes.shift_x < 0 || planes.shift_y < 0 || comp[2].downsampled_width != comp[1].downsampled_width ||
        comp[2].downsampled_height != comp[1].downsampled_height)
      return make_error(ErrorCode::Unsupported, "the JPEG's chroma subsampling is not one pixel-avatar reads");
  }
  // Each component's rows for one iMCU row, each row padded to whole DCT blocks.
  JSAMPARRAY planes_rows[3] = {};
  size_t strides[3] = {}, offsets[3] = {}, total = 0;
  int component_rows[3] = {};
  for (int i = 0; i < c.num_components; ++i) {
    strides[i] = static_cast<size_t>(comp[i].width_in_blocks) * comp[i].DCT_scaled_size;
    component_rows[i] = comp[i].v_samp_factor * comp[i].DCT_scaled_size;
    offsets[i] = total;
    total += strides[i] * component_rows[i];
  }
  buffer.resize(total);
  rows.resize(static_cast<size_t>(component_rows[0] + component_rows[1] + component_rows[2]));
  size_t r = 0;
  for (int i = 0; i < c.num_components; ++i) {
    planes_rows[i] = &rows[r];
    for (int k = 0; k < component_rows[i]; ++k) rows[r++] = &buffer[offsets[i] + strides[i] * k];
  }
  YcbcrToRgb matrix;
  make_ycbcr_to_rgb(6, true, matrix);  // JFIF: BT.601, full range
  planes.y = buffer.data() + offsets[0];
  planes.y_stride = static_cast<int>(strides[0]);
  if (c.num_components == 3) {
    planes.cb = buffer.data() + offsets[1];
    planes.cr = buffer.data() + offsets[2];
    planes.c_stride = static_cast<int>(strides[1]);
  } else {
    planes.cb = planes.cr = nullptr;
  }
  while (c.output_scanline < c.output_height) {
    const int top = static_cast<int>(c.output_scanline);
    if (jpeg_read_raw_data(&c, planes_rows, static_cast<JDIMENSION>(lines)) == 0) break;
    accumulate_ycbcr(acc, planes, matrix, 0, top, luma_w, lines);
  }
  return Done{};
}

}  // namespace

Result<JpegHeader> read_jpeg_header(std::span<const uint8_t> bytes) {
  if (!is_jpeg(bytes)) return make_error(ErrorCode::UnsupportedFormat, "not a JPEG image");
  auto d = std::make_unique<Decoder>();
  if (setjmp(d->err.jump)) return failed(*d);
  begin(*d, bytes);
  return JpegHeader{static_cast<int>(d->cinfo.image_width), static_cast<int>(d->cinfo.image_height),
                    d->cinfo.num_components, jpeg_has_multiple_scans(&d->cinfo) != 0};
}

Result<DecodedImage> read_jpeg(std::span<const uint8_t> bytes, const JpegLimits& limits) {
  if (!is_jpeg(bytes)) return make_error(ErrorCode::UnsupportedFormat, "not a JPEG image");
  auto d = std::make_unique<Decoder>();
  auto out = std::make_unique<DecodedImage>();
  // Heap-held: objects changed after setjmp are not reliable after longjmp unless volatile.
  auto row_holder = std::make_unique<std::vector<uint8_t>>();
  std::vector<uint8_t>& row = *row_holder;
  if (setjmp(d->err.jump)) return failed(*d);
  begin(*d, bytes);
  jpeg_decompress_struct& c = d->cinfo;
  if (auto s = check_header(c, limits); !s) return s.error();
  c.out_color_space = c.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  c.dct_method = JDCT_ISLOW;
  jpeg_start_decompress(&c);
  out->width = static_cast<int>(c.output_width);
  out->height = static_cast<int>(c.output_height);
  out->channels = c.output_components;
  out->bit_depth = 8;
  out->max_value = 255;
  out->samples.resize(static_cast<size_t>(out->width) * out->height * out->channels);
  row.resize(static_cast<size_t>(out->width) * out->channels);
  while (c.output_scanline < c.output_height) {
    uint16_t* dst = &out->samples[static_cast<size_t>(c.output_scanline) * row.size()];
    JSAMPROW rows[1] = {row.data()};
    if (jpeg_read_scanlines(&c, rows, 1) != 1) break;
    for (size_t i = 0; i < row.size(); ++i) dst[i] = row[i];
  }
  jpeg_finish_decompress(&c);
  return std::move(*out);
}

int jpeg_scale_eighths(int width, int height, int grid_width, int grid_height) {
  for (int n = 1; n < 8; ++n)
    if ((width * static_cast<int64_t>(n) + 7) / 8 >= grid_width &&
        (height * static_cast<int64_t>(n) + 7) / 8 >= grid_height)
      return n;
  return 8;
}

Result<ColourAccumulator> accumulate_jpeg(std::span<const uint8_t> bytes, int grid_width, int grid_height,
                                          const JpegLimits& limits, int* eighths_used) {
  if (!is_jpeg(bytes)) return make_error(ErrorCode::UnsupportedFormat, "not a JPEG image");
  if (grid_width <= 0 || grid_height <= 0 || grid_width > 16384 || grid_height > 16384)
    return make_error(ErrorCode::InvalidArgument, "the colour grid must be 1..16384 pixels a side");
  auto d = std::make_unique<Decoder>();
  auto acc = std::make_unique<ColourAccumulator>();
  auto buffer_holder = std::make_unique<std::vector<uint8_t>>();
  auto row_pointers = std::make_unique<std::vector<JSAMPROW>>();
  std::vector<uint8_t>& rows_buffer = *buffer_holder;
  if (setjmp(d->err.jump)) return failed(*d);
  begin(*d, bytes);
  jpeg_decompress_struct& c = d->cinfo;
  if (auto s = check_header(c, limits); !s) return s.error();
  const int n =
      jpeg_scale_eighths(static_cast<int>(c.image_width), static_cast<int>(c.image_height), grid_width, grid_height);
  if (eighths_used) *eighths_used = n;
  c.scale_num = static_cast<unsigned>(n);
  c.scale_denom = 8;
  c.dct_method = JDCT_ISLOW;
  // YCbCr and grey photos (all cameras' JPEGs) go to the sums as the codec's own planes: no colour
  // conversion in libjpeg and no RGB copy, as for HEIC tiles. Anything else (Adobe RGB JPEGs) as RGB.
  const bool ycc = c.jpeg_color_space == JCS_YCbCr && c.num_components == 3;
  if (ycc || (c.jpeg_color_space == JCS_GRAYSCALE && c.num_components == 1)) {
    c.raw_data_out = TRUE;
    c.out_color_space = c.jpeg_color_space;
  } else {
    c.out_color_space = JCS_RGB;
  }
  jpeg_start_decompress(&c);
  const int w = static_cast<int>(c.output_width);
  *acc = make_colour_accumulator(w, static_cast<int>(c.output_height), grid_width, grid_height);
  if (c.raw_data_out) {
    if (auto s = accumulate_raw(c, *acc, rows_buffer, *row_pointers); !s) return s.error();
  } else {
    // Several rows a call: libjpeg hands back up to an iMCU row's worth at once.
    constexpr int kRows = 16;
    const size_t stride = static_cast<size_t>(w) * 3;
    rows_buffer.resize(stride * kRows);
    JSAMPROW rows[kRows];
    for (int i = 0; i < kRows; ++i) rows[i] = &rows_buffer[stride * i];
    while (c.output_scanline < c.output_height) {
      const int top = static_cast<int>(c.output_scanline);
      const int got = static_cast<int>(jpeg_read_scanlines(&c, rows, kRows));
      if (got <= 0) break;
      accumulate(*acc, rows_buffer.data(), static_cast<int>(stride), 3, 0, top, w, got);
    }
  }
  jpeg_finish_decompress(&c);
  return std::move(*acc);
}

}  // namespace pxav
