#include "synth/jpeg_encoder.h"

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

// jpeglib.h needs size_t and FILE declared first.
#include <jerror.h>
#include <jpeglib.h>

#include "synth/exif_writer.h"
#include "synth/jpeg_bytes.h"

namespace pxav {
namespace {

using namespace jpeg_synth;

// libjpeg reports errors by longjmp. As in png_io.cpp, the function that calls setjmp holds only
// trivially destructible locals; the encoder and its output live on the heap, owned by the caller.
struct Destination {
  jpeg_destination_mgr pub;  // first, so libjpeg's pointer is ours
  std::vector<uint8_t>* out = nullptr;
  JOCTET buffer[16384];
};

void dest_init(j_compress_ptr c) {
  auto* d = reinterpret_cast<Destination*>(c->dest);
  d->pub.next_output_byte = d->buffer;
  d->pub.free_in_buffer = sizeof d->buffer;
}
boolean dest_empty(j_compress_ptr c) {
  auto* d = reinterpret_cast<Destination*>(c->dest);
  d->out->insert(d->out->end(), d->buffer, d->buffer + sizeof d->buffer);
  dest_init(c);
  return TRUE;
}
void dest_term(j_compress_ptr c) {
  auto* d = reinterpret_cast<Destination*>(c->dest);
  d->out->insert(d->out->end(), d->buffer, d->buffer + (sizeof d->buffer - d->pub.free_in_buffer));
}

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void on_error(j_common_ptr c) {
  auto* e = reinterpret_cast<ErrorManager*>(c->err);
  (*c->err->format_message)(c, e->message);
  std::longjmp(e->jump, 1);
}
void on_message(j_common_ptr, int) {}

struct Encoder {
  jpeg_compress_struct cinfo{};
  ErrorManager err{};
  Destination dest{};
  std::vector<uint8_t> out;
  bool created = false;
  ~Encoder() {
    if (created) jpeg_destroy_compress(&cinfo);
  }
};

struct Frame {
  const uint8_t* pixels;
  int width, height, components, quality;
  int restart_interval;  // MCUs between restart markers, 0 = none
  bool jfif;
  const std::vector<JpegSegmentToWrite>* segments;
};

bool compress(Encoder* e, const Frame* f) {
  if (setjmp(e->err.jump)) return false;
  jpeg_create_compress(&e->cinfo);
  e->created = true;
  jpeg_compress_struct& c = e->cinfo;
  e->dest.pub.init_destination = dest_init;
  e->dest.pub.empty_output_buffer = dest_empty;
  e->dest.pub.term_destination = dest_term;
  c.dest = &e->dest.pub;
  c.image_width = static_cast<JDIMENSION>(f->width);
  c.image_height = static_cast<JDIMENSION>(f->height);
  c.input_components = f->components;
  c.in_color_space = f->components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, f->quality, TRUE);
  c.dct_method = JDCT_ISLOW;
  c.write_JFIF_header = f->jfif ? TRUE : FALSE;
  c.restart_interval = static_cast<unsigned>(f->restart_interval);
  if (f->components == 3) {  // 4:2:0, as cameras write
    c.comp_info[0].h_samp_factor = c.comp_info[0].v_samp_factor = 2;
    for (int i = 1; i < 3; ++i) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  }
  jpeg_start_compress(&c, TRUE);  // writes SOI (and JFIF): our segments follow
  for (const JpegSegmentToWrite& s : *f->segments)
    jpeg_write_marker(&c, s.marker, s.payload.data(), static_cast<unsigned>(s.payload.size()));
  const size_t stride = static_cast<size_t>(f->width) * f->components;
  while (c.next_scanline < c.image_height) {
    JSAMPROW row[1] = {const_cast<JSAMPLE*>(f->pixels + c.next_scanline * stride)};
    jpeg_write_scanlines(&c, row, 1);
  }
  jpeg_finish_compress(&c);
  return true;
}

// EXIF with only the orientation tag: "Exif\0\0" and the TIFF block.
std::vector<uint8_t> exif_payload(int orientation) {
  std::vector<uint8_t> p;
  append(p, std::string_view("Exif\0\0", 6));
  append(p, exif_tiff_block(orientation));
  return p;
}

Result<std::vector<uint8_t>> encode_jpeg(const std::vector<uint8_t>& pixels, int width, int height, int components,
                                         int quality, int exif_orientation,
                                         const std::vector<JpegSegmentToWrite>& extra, int restart_interval) {
  if (restart_interval < 0 || restart_interval > 65535)
    return invalid("restart interval " + std::to_string(restart_interval) + " is not in 0..65535");
  if (width <= 0 || height <= 0 || pixels.size() != static_cast<size_t>(width) * height * components)
    return invalid("the image is empty or its pixel buffer has the wrong size");
  if (width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) return invalid("the image is too large for JPEG");
  if (quality < 1 || quality > 100) return invalid("quality " + std::to_string(quality) + " is not in 1..100");
  if (exif_orientation < 0 || exif_orientation > 8)
    return invalid("EXIF orientation " + std::to_string(exif_orientation) + " is not in 0..8");
  for (const JpegSegmentToWrite& s : extra) {
    if (!((s.marker >= 0xE0 && s.marker <= 0xEF) || s.marker == 0xFE))
      return invalid("segment marker " + std::to_string(s.marker) + " is neither APPn nor COM");
    if (s.payload.size() > kMaxSegmentPayload)
      return invalid("a segment payload of " + std::to_string(s.payload.size()) + " bytes does not fit");
  }
  std::vector<JpegSegmentToWrite> segments;
  if (exif_orientation != 0) segments.push_back({0xE1, exif_payload(exif_orientation)});
  segments.insert(segments.end(), extra.begin(), extra.end());

  auto e = std::make_unique<Encoder>();
  e->cinfo.err = jpeg_std_error(&e->err.pub);
  e->err.pub.error_exit = on_error;
  e->err.pub.emit_message = on_message;
  e->dest.out = &e->out;
  // EXIF wants to be the first segment, so no JFIF beside it (phones write none).
  const Frame frame{pixels.data(),         width,    height, components, quality, restart_interval,
                    exif_orientation == 0, &segments};
  if (!compress(e.get(), &frame))
    return make_error(ErrorCode::Internal, std::string("jpeg writer: libjpeg failed: ") + e->err.message);
  return std::move(e->out);
}

}  // namespace

Result<std::vector<uint8_t>> encode_jpeg_rgb(const RgbImage& image, int quality, int exif_orientation,
                                             const std::vector<JpegSegmentToWrite>& extra, int restart_interval) {
  return encode_jpeg(image.pixels, image.width, image.height, 3, quality, exif_orientation, extra, restart_interval);
}

Result<std::vector<uint8_t>> encode_jpeg_grey(const GreyImage& image, int quality, int exif_orientation,
                                              const std::vector<JpegSegmentToWrite>& extra) {
  return encode_jpeg(image.pixels, image.width, image.height, 1, quality, exif_orientation, extra, 0);
}

JpegSegmentToWrite exif_focal_segment(int focal_35mm, uint32_t focal_tenths_mm, uint32_t pixels_per_mm) {
  std::vector<uint8_t> b = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0};
  auto u16 = [&](uint32_t v) {
    b.push_back(static_cast<uint8_t>(v));
    b.push_back(static_cast<uint8_t>(v >> 8));
  };
  auto u32 = [&](uint32_t v) {
    u16(v & 0xFFFF);
    u16(v >> 16);
  };
  // IFD0 at 8: one entry, the Exif IFD pointer (to 26).
  u16(1);
  u16(0x8769), u16(4), u32(1), u32(26);
  u32(0);
  const bool by_35 = focal_35mm > 0;
  u16(by_35 ? 1 : 3);  // Exif IFD at 26
  if (by_35) {
    u16(0xA405), u16(3), u32(1), u16(static_cast<uint32_t>(focal_35mm)), u16(0);
    u32(0);
  } else {
    const uint32_t data = 26 + 2 + 3 * 12 + 4;
    u16(0x920A), u16(5), u32(1), u32(data);
    u16(0xA20E), u16(5), u32(1), u32(data + 8);
    u16(0xA210), u16(3), u32(1), u16(4), u16(0);  // millimetres
    u32(0);
    u32(focal_tenths_mm), u32(10);  // tenths of a millimetre
    u32(pixels_per_mm), u32(1);
  }
  return {0xE1, b};
}

}  // namespace pxav
