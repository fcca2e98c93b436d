#include "synth/jpeg_xmp.h"

#include <algorithm>
#include <cstdio>

#include "synth/jpeg_bytes.h"

namespace pxav::jpeg_synth {
namespace {

constexpr std::string_view kXmpSignature{"http://ns.adobe.com/xap/1.0/\0", 29};
constexpr std::string_view kExtendedXmpSignature{"http://ns.adobe.com/xmp/extension/\0", 35};
// Signature, GUID, full length and offset before each chunk's bytes.
constexpr size_t kMaxExtendedChunk = kMaxSegmentPayload - kExtendedXmpSignature.size() - 32 - 8;

}  // namespace

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

}  // namespace pxav::jpeg_synth
