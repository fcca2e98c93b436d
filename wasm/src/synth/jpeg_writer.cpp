#include "synth/jpeg_writer.h"

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

// jpeglib.h needs size_t and FILE declared first.
#include <jerror.h>
#include <jpeglib.h>

#include "core/camera.h"
#include "depth/depth_encoding.h"
#include "geometry/orientation.h"
#include "image_files/png_io.h"
#include "synth/heic_writer.h"

namespace pxav {
namespace {

constexpr std::string_view kXmpSignature{"http://ns.adobe.com/xap/1.0/\0", 29};
constexpr std::string_view kExtendedXmpSignature{"http://ns.adobe.com/xmp/extension/\0", 35};
constexpr size_t kMaxSegmentPayload = 65533;  // 65535 minus the two length bytes
// Signature, GUID, full length and offset before each chunk's bytes.
constexpr size_t kMaxExtendedChunk = kMaxSegmentPayload - kExtendedXmpSignature.size() - 32 - 8;

Error invalid(const std::string& message) { return make_error(ErrorCode::InvalidArgument, "jpeg writer: " + message); }

// ---- bytes and text -----------------------------------------------------------------------------

void put_be16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void put_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}
void patch_be32(std::vector<uint8_t>& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
void append(std::vector<uint8_t>& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }
void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& b) { out.insert(out.end(), b.begin(), b.end()); }

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string base64(const std::vector<uint8_t>& b) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((b.size() + 2) / 3 * 4);
  for (size_t i = 0; i < b.size(); i += 3) {
    const uint32_t n = b[i] << 16 | (i + 1 < b.size() ? b[i + 1] << 8 : 0) | (i + 2 < b.size() ? b[i + 2] : 0);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += i + 1 < b.size() ? kAlphabet[n >> 6 & 63] : '=';
    out += i + 2 < b.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// The Extended XMP GUID is, as Adobe specifies, the MD5 (RFC 1321) of the extended packet, in
// uppercase hex; readers only compare the string, but real MD5 lets a test check it with hashlib.
std::string md5_hex(std::string_view data) {
  static constexpr uint32_t kK[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static constexpr int kShift[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
  std::vector<uint8_t> m(data.begin(), data.end());
  m.push_back(0x80);
  while (m.size() % 64 != 56) m.push_back(0);
  const uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) m.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  for (size_t block = 0; block < m.size(); block += 64) {
    uint32_t w[16];
    for (int i = 0; i < 16; ++i) {
      const uint8_t* p = &m[block + 4 * i];
      w[i] = p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      uint32_t f = 0;
      int g = 0;
      switch (i / 16) {
        case 0: f = (b & c) | (~b & d), g = i; break;
        case 1: f = (d & b) | (~d & c), g = (5 * i + 1) % 16; break;
        case 2: f = b ^ c ^ d, g = (3 * i + 5) % 16; break;
        default: f = c ^ (b | ~d), g = (7 * i) % 16; break;
      }
      f += a + kK[i] + w[g];
      a = d;
      d = c;
      c = b;
      const int s = kShift[(i / 16) * 4 + i % 4];
      b += f << s | f >> (32 - s);
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
  }
  std::string out;
  char buf[3];
  for (uint32_t word : h)
    for (int i = 0; i < 4; ++i) {
      std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned>(word >> (8 * i) & 0xFF));
      out += buf;
    }
  return out;
}

// ---- JPEG encoding ------------------------------------------------------------------------------

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

// EXIF with only the orientation tag: "Exif\0\0", a big-endian TIFF header and IFD0 of one entry.
std::vector<uint8_t> exif_payload(int orientation) {
  std::vector<uint8_t> p;
  append(p, std::string_view("Exif\0\0", 6));
  append(p, std::string_view("MM\0*", 4));
  put_be32(p, 8);
  put_be16(p, 1);
  put_be16(p, 0x0112);
  put_be16(p, 3);  // SHORT
  put_be32(p, 1);
  put_be16(p, static_cast<uint32_t>(orientation));
  put_be16(p, 0);
  put_be32(p, 0);  // no next IFD
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

// Offset of the payload of the first segment with this marker and payload prefix, 0 if none.
size_t find_segment(const std::vector<uint8_t>& jpeg, uint8_t marker, std::string_view prefix) {
  size_t i = 2;
  while (i + 4 <= jpeg.size() && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA) {
    const size_t length = jpeg[i + 2] << 8 | jpeg[i + 3];
    const size_t payload = i + 4;
    if (jpeg[i + 1] == marker && payload + prefix.size() <= jpeg.size() &&
        std::memcmp(&jpeg[payload], prefix.data(), prefix.size()) == 0)
      return payload;
    i += 2 + length;
  }
  return 0;
}

// ---- pictures -----------------------------------------------------------------------------------

RgbImage enlarge(const RgbImage& c, int scale) {
  RgbImage out{c.width * scale, c.height * scale, {}};
  out.pixels.resize(static_cast<size_t>(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const uint8_t* s = c.at(x / scale, y / scale);
      std::copy(s, s + 3, &out.pixels[(static_cast<size_t>(y) * out.width + x) * 3]);
    }
  return out;
}

// Lens Blur's primary is the refocused picture: a 9x9 box blur (edges clamped) stands in for it,
// enough to make it differ from GImage:Data so a reader taking the wrong one is caught.
RgbImage box_blur(const RgbImage& in) {
  constexpr int kRadius = 4;
  RgbImage tmp = in, out = in;
  const int w = in.width, h = in.height;
  auto idx = [w](int x, int y) { return (static_cast<size_t>(y) * w + x) * 3; };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int ch = 0; ch < 3; ++ch) {
        int sum = 0;
        for (int d = -kRadius; d <= kRadius; ++d) sum += in.pixels[idx(std::clamp(x + d, 0, w - 1), y) + ch];
        tmp.pixels[idx(x, y) + ch] = static_cast<uint8_t>((sum + kRadius) / (2 * kRadius + 1));
      }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int ch = 0; ch < 3; ++ch) {
        int sum = 0;
        for (int d = -kRadius; d <= kRadius; ++d) sum += tmp.pixels[idx(x, std::clamp(y + d, 0, h - 1)) + ch];
        out.pixels[idx(x, y) + ch] = static_cast<uint8_t>((sum + kRadius) / (2 * kRadius + 1));
      }
  return out;
}

// What Dynamic Depth's OpticRay stores: the distance to the point, along the ray through the pixel centre.
double ray_distance(const Intrinsics& k, int x, int y, double z) {
  const double rx = (x + 0.5 - k.cx) / k.fx, ry = (y + 0.5 - k.cy) / k.fy;
  return z * std::sqrt(rx * rx + ry * ry + 1.0);
}

double stored_measure(const SyntheticScene& s, const Intrinsics& k, int x, int y, bool optic_ray) {
  const double z = s.depth.at(x, y);
  return optic_ray ? ray_distance(k, x, y, z) : z;
}

// Google's samples: n scaled to full scale; invalid depth stores 0.
std::vector<uint16_t> google_samples(const SyntheticScene& s, const JpegWriteOptions& o, const JpegDepthRange& r,
                                     int full_scale) {
  const Intrinsics k = rescale(s.camera, s.depth.width, s.depth.height);
  const bool ray = o.optic_ray && o.layout == JpegDepthLayout::DynamicDepth;  // GDepth has no measure type
  std::vector<uint16_t> v(s.depth.z.size(), 0);
  for (int y = 0; y < s.depth.height; ++y)
    for (int x = 0; x < s.depth.width; ++x) {
      if (!is_valid_depth(s.depth.at(x, y))) continue;
      const double n = range_normalised(stored_measure(s, k, x, y, ray), o.range_inverse, r.near_m, r.far_m);
      v[static_cast<size_t>(y) * s.depth.width + x] = static_cast<uint16_t>(std::lround(n * full_scale));
    }
  return v;
}

GreyImage grey_of(int w, int h, const std::vector<uint16_t>& v) {
  GreyImage g{w, h, std::vector<uint8_t>(v.begin(), v.end())};
  return g;
}

// Lens Blur's depth PNG: RGBA with the value in R = G = B.
Result<std::vector<uint8_t>> png_rgba_equal(int w, int h, const std::vector<uint16_t>& v) {
  std::vector<uint8_t> rgba;
  rgba.reserve(v.size() * 4);
  for (uint16_t s : v)
    rgba.insert(rgba.end(), {static_cast<uint8_t>(s), static_cast<uint8_t>(s), static_cast<uint8_t>(s), 255});
  return encode_png_rgba(w, h, rgba);
}

GreyImage confidence_map(int w, int h) {
  GreyImage g{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h, 255)};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < std::min(4, w); ++x) g.pixels[static_cast<size_t>(y) * w + x] = 0;
  return g;
}

// ---- XMP ----------------------------------------------------------------------------------------

constexpr const char* kXmpOpen =
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">";
constexpr const char* kXmpClose = "</rdf:RDF></x:xmpmeta>";

Result<JpegSegmentToWrite> main_xmp_segment(const std::string& packet) {
  if (packet.size() + kXmpSignature.size() > kMaxSegmentPayload)
    return make_error(ErrorCode::TooLarge, "jpeg writer: the main XMP packet (" + std::to_string(packet.size()) +
                                               " bytes) does not fit one segment");
  JpegSegmentToWrite s{0xE1, {}};
  append(s.payload, kXmpSignature);
  append(s.payload, packet);
  return s;
}

// Adobe's Extended XMP: the packet in APP1 chunks, each naming the GUID, full length and its offset.
std::vector<JpegSegmentToWrite> extended_xmp_segments(const std::string& packet, const std::string& guid,
                                                      size_t chunk) {
  chunk = std::min(chunk, kMaxExtendedChunk);
  std::vector<JpegSegmentToWrite> out;
  for (size_t at = 0; at < packet.size(); at += chunk) {
    JpegSegmentToWrite s{0xE1, {}};
    append(s.payload, kExtendedXmpSignature);
    append(s.payload, guid);
    put_be32(s.payload, static_cast<uint32_t>(packet.size()));
    put_be32(s.payload, static_cast<uint32_t>(at));
    append(s.payload, std::string_view(packet).substr(at, chunk));
    out.push_back(std::move(s));
  }
  return out;
}

std::string apple_depth_xmp(const JpegDepthRange& r, const Intrinsics& k, bool intrinsics) {
  std::string x = kXmpOpen;
  x += "<rdf:Description rdf:about=\"\" xmlns:depthData=\"http://ns.apple.com/depthData/1.0/\" "
       "xmlns:apdi=\"http://ns.apple.com/pixeldatainfo/1.0/\">";
  if (intrinsics) {
    x += "<depthData:IntrinsicMatrix><rdf:Seq><rdf:li>" + num(k.fx) +
         "</rdf:li><rdf:li>0</rdf:li><rdf:li>0</rdf:li><rdf:li>0</rdf:li><rdf:li>" + num(k.fy) +
         "</rdf:li><rdf:li>0</rdf:li><rdf:li>" + num(k.cx) + "</rdf:li><rdf:li>" + num(k.cy) +
         "</rdf:li><rdf:li>1</rdf:li></rdf:Seq></depthData:IntrinsicMatrix>";
    x += "<depthData:IntrinsicMatrixReferenceWidth>" + std::to_string(k.width) +
         "</depthData:IntrinsicMatrixReferenceWidth><depthData:IntrinsicMatrixReferenceHeight>" +
         std::to_string(k.height) + "</depthData:IntrinsicMatrixReferenceHeight>";
  }
  x += "<depthData:Accuracy>relative</depthData:Accuracy><apdi:IntMinValue>0</apdi:IntMinValue>"
       "<apdi:IntMaxValue>255</apdi:IntMaxValue><apdi:FloatMinValue>" +
       num(r.disparity_lo) + "</apdi:FloatMinValue><apdi:FloatMaxValue>" + num(r.disparity_hi) +
       "</apdi:FloatMaxValue><apdi:AuxiliaryImageType>disparity</apdi:AuxiliaryImageType>";
  x += "</rdf:Description>";
  return x + kXmpClose;
}

std::string apple_matte_xmp(bool claims_depth) {
  std::string x = kXmpOpen;
  x += "<rdf:Description rdf:about=\"\" xmlns:PortraitEffectsMatte=\"http://ns.apple.com/portraitEffectsMatte/1.0/\" "
       "xmlns:apdi=\"http://ns.apple.com/pixeldatainfo/1.0/\">"
       "<PortraitEffectsMatte:PortraitEffectsMatteVersion>65536</PortraitEffectsMatte:PortraitEffectsMatteVersion>"
       "<apdi:AuxiliaryImageType>";
  x += claims_depth ? "depth" : "portraitEffectsMatte";
  x += "</apdi:AuxiliaryImageType></rdf:Description>";
  return x + kXmpClose;
}

JpegSegmentToWrite xmp_segment_unchecked(const std::string& packet) {
  JpegSegmentToWrite s{0xE1, {}};
  append(s.payload, kXmpSignature);
  append(s.payload, packet);
  return s;
}

std::string has_extended_xmp(const std::string& guid) {
  return std::string(kXmpOpen) +
         "<rdf:Description rdf:about=\"\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" xmpNote:HasExtendedXMP=\"" +
         guid + "\"/>" + kXmpClose;
}

// ---- the three layouts --------------------------------------------------------------------------

// MPF index (CIPA DC-007) of n images, numbers left 0 to be patched once every image is encoded.
constexpr size_t kMpfEntriesAt = 50;  // TIFF header 8, IFD count 2, three entries 36, next IFD 4
std::vector<uint8_t> mpf_placeholder(uint32_t n) {
  std::vector<uint8_t> p;
  append(p, std::string_view("MPF\0", 4));
  append(p, std::string_view("MM\0*", 4));
  put_be32(p, 8);
  put_be16(p, 3);
  put_be16(p, 0xB000);  // MPFVersion
  put_be16(p, 7);
  put_be32(p, 4);
  append(p, "0100");
  put_be16(p, 0xB001);  // NumberOfImages
  put_be16(p, 4);
  put_be32(p, 1);
  put_be32(p, n);
  put_be16(p, 0xB002);  // MPEntry
  put_be16(p, 7);
  put_be32(p, 16 * n);
  put_be32(p, kMpfEntriesAt);
  put_be32(p, 0);
  p.resize(p.size() + 16 * n, 0);
  return p;
}

Result<std::vector<uint8_t>> write_apple_mpf(const SyntheticScene& s, const JpegWriteOptions& o,
                                             const JpegDepthRange& r, const RgbImage& colour) {
  DepthEncoding enc;
  enc.kind = DepthKind::Disparity;
  enc.lo = r.disparity_lo;
  enc.hi = r.disparity_hi;
  GreyImage codes{s.depth.width, s.depth.height, std::vector<uint8_t>(s.depth.z.size(), 0)};
  for (size_t i = 0; i < codes.pixels.size(); ++i)
    if (is_valid_depth(s.depth.z[i])) codes.pixels[i] = encode_depth_sample(s.depth.z[i], enc);
  // Apple calibrates for the photo as stored, not for the depth map.
  const Intrinsics k = rescale(s.camera, colour.width, colour.height);
  auto depth = encode_jpeg_grey(codes, 100, 0, {xmp_segment_unchecked(apple_depth_xmp(r, k, o.write_intrinsics))});
  if (!depth) return depth.error();

  std::vector<const std::vector<uint8_t>*> images;
  Result<std::vector<uint8_t>> matte = std::vector<uint8_t>{};
  if (o.matte) {
    matte = encode_jpeg_grey(s.subject, 100, 0, {xmp_segment_unchecked(apple_matte_xmp(o.matte_claims_depth))});
    if (!matte) return matte.error();
    if (o.matte_before_depth) images.push_back(&*matte);
  }
  images.push_back(&*depth);
  if (o.matte && !o.matte_before_depth) images.push_back(&*matte);

  const uint32_t n = static_cast<uint32_t>(images.size() + 1);
  auto primary =
      encode_jpeg_rgb(colour, o.quality, o.exif_orientation, {{0xE2, mpf_placeholder(n)}}, o.restart_interval);
  if (!primary) return primary.error();
  std::vector<uint8_t> file = std::move(*primary);
  const size_t mpf = find_segment(file, 0xE2, std::string_view("MPF\0", 4));
  if (mpf == 0) return make_error(ErrorCode::Internal, "jpeg writer: the MPF segment went missing");
  const size_t tiff = mpf + 4;  // MPF offsets count from the TIFF header
  const size_t primary_size = file.size();
  auto entry = [&](uint32_t i, uint32_t attribute, size_t size, size_t offset) {
    const size_t at = tiff + kMpfEntriesAt + 16 * i;
    patch_be32(file, at, attribute);
    patch_be32(file, at + 4, static_cast<uint32_t>(size));
    patch_be32(file, at + 8, static_cast<uint32_t>(offset));
    // The two dependent-image entry numbers stay 0.
  };
  entry(0, 0x030000, primary_size, 0);
  for (uint32_t i = 0; i < images.size(); ++i) {
    entry(i + 1, 0, images[i]->size(), file.size() - tiff);
    append(file, *images[i]);
  }
  return file;
}

Result<std::vector<uint8_t>> write_gdepth(const SyntheticScene& s, const JpegWriteOptions& o, const JpegDepthRange& r,
                                          const RgbImage& colour) {
  const int w = s.depth.width, h = s.depth.height;
  const std::vector<uint16_t> v = google_samples(s, o, r, o.depth_16bit ? 65535 : 255);
  auto depth_png = o.depth_16bit ? encode_png_grey16(w, h, v) : png_rgba_equal(w, h, v);
  if (!depth_png) return depth_png.error();

  std::string ext = kXmpOpen;
  ext +=
      "<rdf:Description rdf:about=\"\" xmlns:GDepth=\"http://ns.google.com/photos/1.0/depthmap/\" "
      "xmlns:GImage=\"http://ns.google.com/photos/1.0/image/\" GDepth:Data=\"" +
      base64(*depth_png) + "\"";
  if (o.confidence) {
    auto conf = encode_png_grey(confidence_map(w, h));
    if (!conf) return conf.error();
    ext += " GDepth:ConfidenceMime=\"image/png\" GDepth:Confidence=\"" + base64(*conf) + "\"";
  }
  if (o.gimage) {
    auto original = encode_jpeg_rgb(colour, o.quality);
    if (!original) return original.error();
    ext += " GImage:Data=\"" + base64(*original) + "\"";
  }
  ext += "/>";
  ext += kXmpClose;
  const std::string guid = md5_hex(ext);

  std::string main = kXmpOpen;
  main +=
      "<rdf:Description rdf:about=\"\" xmlns:GDepth=\"http://ns.google.com/photos/1.0/depthmap/\" "
      "xmlns:GImage=\"http://ns.google.com/photos/1.0/image/\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" "
      "GDepth:Format=\"";
  main += o.range_inverse ? "RangeInverse" : "RangeLinear";
  main += "\" GDepth:Near=\"" + num(r.near_m) + "\" GDepth:Far=\"" + num(r.far_m) + "\" GDepth:Mime=\"image/png\"";
  if (!o.units.empty()) main += " GDepth:Units=\"" + xml_escape(o.units) + "\"";
  if (o.gimage) main += " GImage:Mime=\"image/jpeg\"";
  main += " xmpNote:HasExtendedXMP=\"" + guid + "\"/>";
  main += kXmpClose;

  auto main_segment = main_xmp_segment(main);
  if (!main_segment) return main_segment.error();
  std::vector<JpegSegmentToWrite> segments = {std::move(*main_segment)};
  for (auto& chunk : extended_xmp_segments(ext, guid, o.extended_chunk)) segments.push_back(std::move(chunk));
  return encode_jpeg_rgb(o.gimage ? box_blur(colour) : colour, o.quality, o.exif_orientation, segments,
                         o.restart_interval);
}

struct DdItem {
  std::string mime, uri;
  std::vector<uint8_t> bytes;  // padding included
};

std::string dynamic_depth_description(const JpegWriteOptions& o, const JpegDepthRange& r, const Intrinsics& k,
                                      const std::vector<DdItem>& items) {
  std::string x =
      "<rdf:Description rdf:about=\"\" xmlns:Device=\"http://ns.google.com/photos/dd/1.0/device/\" "
      "xmlns:Container=\"http://ns.google.com/photos/dd/1.0/container/\" "
      "xmlns:Item=\"http://ns.google.com/photos/dd/1.0/item/\" "
      "xmlns:Profile=\"http://ns.google.com/photos/dd/1.0/profile/\" "
      "xmlns:Camera=\"http://ns.google.com/photos/dd/1.0/camera/\" "
      "xmlns:Image=\"http://ns.google.com/photos/dd/1.0/image/\" "
      "xmlns:DepthMap=\"http://ns.google.com/photos/dd/1.0/depthmap/\" "
      "xmlns:ImagingModel=\"http://ns.google.com/photos/dd/1.0/imagingmodel/\">";
  // List items without rdf:parseType, one struct element each, as Pixel phones write them.
  x += "<Device:Container rdf:parseType=\"Resource\"><Container:Directory><rdf:Seq>";
  x += "<rdf:li><Container:Item Item:Mime=\"image/jpeg\" Item:Length=\"0\" Item:DataURI=\"primary_image\"/></rdf:li>";
  for (const DdItem& item : items)
    x += "<rdf:li><Container:Item Item:Mime=\"" + item.mime + "\" Item:Length=\"" + std::to_string(item.bytes.size()) +
         "\" Item:Padding=\"" + std::to_string(o.item_padding) + "\" Item:DataURI=\"" + item.uri + "\"/></rdf:li>";
  x += "</rdf:Seq></Container:Directory></Device:Container>";
  x += "<Device:Profiles><rdf:Seq><rdf:li><Device:Profile Profile:Type=\"DepthPhoto\"><Profile:CameraIndices>"
       "<rdf:Seq><rdf:li>0</rdf:li></rdf:Seq></Profile:CameraIndices></Device:Profile></rdf:li></rdf:Seq>"
       "</Device:Profiles>";
  x += "<Device:Cameras><rdf:Seq><rdf:li><Device:Camera Camera:Trait=\"Physical\">"
       "<Camera:Image Image:ItemSemantic=\"Primary\" Image:ItemURI=\"primary_image\"/>";
  x += "<Camera:DepthMap DepthMap:ItemSemantic=\"Depth\" DepthMap:Format=\"";
  x += o.range_inverse ? "RangeInverse" : "RangeLinear";
  x += "\" DepthMap:Units=\"Meters\" DepthMap:Near=\"" + num(r.near_m) + "\" DepthMap:Far=\"" + num(r.far_m) +
       "\" DepthMap:MeasureType=\"";
  x += o.optic_ray ? "OpticRay" : "OpticalAxis";
  x += "\" DepthMap:DepthURI=\"android/depthmap\"";
  if (o.confidence) x += " DepthMap:ConfidenceURI=\"android/confidencemap\"";
  x += "/>";
  x += "<Camera:ImagingModel ImagingModel:FocalLengthX=\"" + num(k.fx) + "\" ImagingModel:FocalLengthY=\"" + num(k.fy) +
       "\" ImagingModel:PrincipalPointX=\"" + num(k.cx) + "\" ImagingModel:PrincipalPointY=\"" + num(k.cy) +
       "\" ImagingModel:ImageWidth=\"" + std::to_string(k.width) + "\" ImagingModel:ImageHeight=\"" +
       std::to_string(k.height) + "\" ImagingModel:PixelAspectRatio=\"1\" ImagingModel:Skew=\"0\"/>";
  x += "</Device:Camera></rdf:li></rdf:Seq></Device:Cameras></rdf:Description>";
  return x;
}

// A depth item with an EXIF tag of its own is stored so that, each turned upright by its own tag,
// item and photo show the same view (as a phone writes them). With the photo's tag that is the
// scene's pixels as they are; with another, the pixels are turned upright by the photo's tag and
// back by the inverse of the item's.
GreyImage depth_item_pixels(GreyImage g, const JpegWriteOptions& o) {
  static constexpr int kInverse[9] = {1, 1, 2, 3, 4, 5, 8, 7, 6};  // EXIF 6 and 8 undo each other
  const int photo = std::max(1, o.exif_orientation), item = o.depth_item_exif_orientation;
  if (item == photo) return g;
  return apply(from_exif_orientation(kInverse[item]), apply(from_exif_orientation(photo), std::move(g)));
}

Result<std::vector<uint8_t>> write_dynamic_depth(const SyntheticScene& s, const JpegWriteOptions& o,
                                                 const JpegDepthRange& r, const RgbImage& colour) {
  const int w = s.depth.width, h = s.depth.height;
  std::vector<DdItem> items;
  {
    // PNG has no EXIF: a depth item with an orientation of its own has to be a JPEG.
    const bool as_jpeg = o.depth_item_exif_orientation != 0;
    const std::vector<uint16_t> v = google_samples(s, o, r, o.depth_16bit && !as_jpeg ? 65535 : 255);
    auto depth = as_jpeg ? encode_jpeg_grey(depth_item_pixels(grey_of(w, h, v), o), 100, o.depth_item_exif_orientation)
                 : o.depth_16bit ? encode_png_grey16(w, h, v)
                                 : encode_png_grey(grey_of(w, h, v));
    if (!depth) return depth.error();
    items.push_back({as_jpeg ? "image/jpeg" : "image/png", "android/depthmap", std::move(*depth)});
  }
  if (o.confidence) {
    auto conf = encode_png_grey(confidence_map(w, h));
    if (!conf) return conf.error();
    items.push_back({"image/png", "android/confidencemap", std::move(*conf)});
  }
  for (DdItem& item : items) item.bytes.resize(item.bytes.size() + o.item_padding, 0);

  const std::string device = dynamic_depth_description(o, r, rescale(s.camera, colour.width, colour.height), items);
  std::vector<JpegSegmentToWrite> segments;
  if (o.device_in_extended_xmp) {
    const std::string ext = kXmpOpen + device + kXmpClose;
    const std::string guid = md5_hex(ext);
    auto main = main_xmp_segment(has_extended_xmp(guid));
    if (!main) return main.error();
    segments.push_back(std::move(*main));
    for (auto& chunk : extended_xmp_segments(ext, guid, o.extended_chunk)) segments.push_back(std::move(chunk));
  } else {
    auto main = main_xmp_segment(kXmpOpen + device + kXmpClose);
    if (!main) return main.error();
    segments.push_back(std::move(*main));
  }
  auto file = encode_jpeg_rgb(colour, o.quality, o.exif_orientation, segments, o.restart_interval);
  if (!file) return file.error();
  for (const DdItem& item : items) append(*file, item.bytes);
  return file;
}

Status check(const SyntheticScene& s, const JpegWriteOptions& o) {
  const DepthMap& d = s.depth;
  if (d.empty() || d.z.size() != static_cast<size_t>(d.width) * d.height) return invalid("the scene has no depth");
  if (s.colour.width != d.width || s.colour.height != d.height ||
      s.colour.pixels.size() != static_cast<size_t>(d.width) * d.height * 3)
    return invalid("the scene's colour is not the depth map's size");
  if (o.layout == JpegDepthLayout::AppleMpf && o.matte &&
      (s.subject.width != d.width || s.subject.height != d.height ||
       s.subject.pixels.size() != static_cast<size_t>(d.width) * d.height))
    return invalid("the scene's subject mask is not the depth map's size");
  if (s.camera.width <= 0 || s.camera.height <= 0 || !(s.camera.fx > 0) || !(s.camera.fy > 0))
    return invalid("the scene has no camera");
  if (o.colour_scale < 1 || o.colour_scale > 64) return invalid("colour_scale must be 1..64");
  if (o.extended_chunk == 0) return invalid("extended_chunk must be at least 1");
  if (o.depth_item_exif_orientation < 0 || o.depth_item_exif_orientation > 8)
    return invalid("depth_item_exif_orientation must be 0..8");
  if (o.item_padding > (1u << 20)) return invalid("item_padding above 1 MB");
  if (std::none_of(d.z.begin(), d.z.end(), is_valid_depth)) return invalid("the scene has no valid depth");
  const JpegDepthRange r = jpeg_depth_range(s, o);
  if (o.layout == JpegDepthLayout::AppleMpf) {
    if (!(r.disparity_lo >= 0 && r.disparity_hi > r.disparity_lo)) return invalid("the disparity range is empty");
  } else if (!(r.near_m >= 0 && r.far_m > r.near_m) || (o.range_inverse && !(r.near_m > 0))) {
    return invalid("the near/far range is empty (RangeInverse needs near > 0)");
  }
  return Done{};
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

double range_normalised(double z, bool range_inverse, double near, double far) {
  const double n = range_inverse ? far * (z - near) / (z * (far - near)) : (z - near) / (far - near);
  return std::isnan(n) ? 0.0 : std::clamp(n, 0.0, 1.0);
}

JpegDepthRange jpeg_depth_range(const SyntheticScene& s, const JpegWriteOptions& o) {
  double z_min = HUGE_VAL, z_max = 0, m_min = HUGE_VAL, m_max = 0;
  const Intrinsics k = rescale(s.camera, s.depth.width, s.depth.height);
  for (int y = 0; y < s.depth.height; ++y)
    for (int x = 0; x < s.depth.width; ++x) {
      const float z = s.depth.at(x, y);
      if (!is_valid_depth(z)) continue;
      z_min = std::min(z_min, static_cast<double>(z));
      z_max = std::max(z_max, static_cast<double>(z));
      const double m = stored_measure(s, k, x, y, o.optic_ray && o.layout == JpegDepthLayout::DynamicDepth);
      m_min = std::min(m_min, m);
      m_max = std::max(m_max, m);
    }
  JpegDepthRange r;
  if (o.near_m == 0 && o.far_m == 0) {
    r.near_m = 0.99 * m_min;
    r.far_m = 1.01 * m_max;
  } else {
    r.near_m = o.near_m;
    r.far_m = o.far_m;
  }
  if (o.disparity_lo == 0 && o.disparity_hi == 0) {
    r.disparity_lo = 1.0 / (1.01 * z_max);
    r.disparity_hi = 1.0 / (0.99 * z_min);
  } else {
    r.disparity_lo = o.disparity_lo;
    r.disparity_hi = o.disparity_hi;
  }
  return r;
}

Result<std::vector<uint8_t>> write_depth_jpeg(const SyntheticScene& scene, const JpegWriteOptions& options) {
  if (auto s = check(scene, options); !s) return s.error();
  const JpegDepthRange range = jpeg_depth_range(scene, options);
  const RgbImage colour = enlarge(scene.colour, options.colour_scale);
  switch (options.layout) {
    case JpegDepthLayout::AppleMpf: return write_apple_mpf(scene, options, range, colour);
    case JpegDepthLayout::GDepth: return write_gdepth(scene, options, range, colour);
    case JpegDepthLayout::DynamicDepth: return write_dynamic_depth(scene, options, range, colour);
  }
  return invalid("unknown layout");
}

}  // namespace pxav
