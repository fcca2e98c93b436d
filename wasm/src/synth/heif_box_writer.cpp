#include "synth/heif_box_writer.h"

#include <libheif/heif.h>

#include <cmath>
#include <string>

namespace pxav {
namespace {

// MSB-first bit writer for the SEI payload.
struct Bits {
  std::vector<uint8_t> bytes;
  int used = 8;
  void put(uint32_t value, int n) {
    for (int i = n - 1; i >= 0; --i) {
      if (used == 8) {
        bytes.push_back(0);
        used = 0;
      }
      if ((value >> i) & 1) bytes.back() |= static_cast<uint8_t>(0x80 >> used);
      ++used;
    }
  }
  void uvlc(uint32_t k) {  // exp-Golomb
    const uint32_t v = k + 1;
    int len = 0;
    while ((v >> len) > 1) ++len;
    put(0, len);
    put(v, len + 1);
  }
  // ISO 23002-3 float: sign, 7-bit exponent, mantissa length - 1, mantissa.
  void real(double v) {
    const int e = static_cast<int>(std::floor(std::log2(v)));
    const double frac = v / std::ldexp(1.0, e) - 1.0;
    const int len = 24;
    put(0, 1);
    put(static_cast<uint32_t>(e + 31), 7);
    put(len - 1, 5);
    put(static_cast<uint32_t>(std::lround(frac * (1 << len))) & ((1u << len) - 1), len);
  }
};

void put_u32(std::vector<uint8_t>& b, uint32_t v) {
  for (int sh = 24; sh >= 0; sh -= 8) b.push_back(static_cast<uint8_t>(v >> sh));
}

uint64_t get_be(const std::vector<uint8_t>& b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | b.at(at + i);
  return v;
}

void set_be(std::vector<uint8_t>& b, size_t at, int bytes, uint64_t v) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) b.at(at + i) = static_cast<uint8_t>(v);
}

// Moves every file offset in the item locations (iloc, at `at`) that points at or past `from` by
// `by` bytes: what libheif wrote after the meta box moves when the box grows.
Status move_item_locations(std::vector<uint8_t>& f, size_t at, size_t from, size_t by) {
  const int version = f.at(at + 8);
  size_t p = at + 12;
  const int offset_size = f.at(p) >> 4, length_size = f.at(p) & 15, base_size = f.at(p + 1) >> 4;
  const int index_size = version >= 1 ? f.at(p + 1) & 15 : 0;
  p += 2;
  const int id_size = version < 2 ? 2 : 4;
  const auto items = get_be(f, p, id_size);
  p += id_size;
  for (uint64_t i = 0; i < items; ++i) {
    p += id_size;
    int method = 0;
    if (version >= 1) method = static_cast<int>(get_be(f, p, 2) & 15), p += 2;
    p += 2;  // data reference index
    const size_t base_at = p;
    const uint64_t base = base_size ? get_be(f, p, base_size) : 0;
    p += base_size;
    const auto extents = get_be(f, p, 2);
    p += 2;
    if (method == 0 && base_size && base >= from) set_be(f, base_at, base_size, base + by);
    for (uint64_t e = 0; e < extents; ++e) {
      p += index_size;
      if (method == 0 && !base_size && offset_size) {
        const uint64_t off = get_be(f, p, offset_size);
        if (off >= from) set_be(f, p, offset_size, off + by);
      }
      p += offset_size + length_size;
    }
  }
  if (p > at + get_be(f, at, 4)) return make_error(ErrorCode::Internal, "writing a HEIC fixture: iloc overran its box");
  return Done{};
}

}  // namespace

std::vector<uint8_t> auxc_payload(const DepthEncoding& enc, bool with_sei) {
  const std::string urn = "urn:mpeg:hevc:2015:auxid:2";
  std::vector<uint8_t> out;
  out.reserve(64);
  out.assign(4, 0);  // full box version and flags
  out.insert(out.end(), urn.begin(), urn.end());
  out.push_back(0);
  if (!with_sei) return out;
  Bits b;
  const bool range_z = enc.kind != DepthKind::Disparity;
  b.put(range_z, 1);
  b.put(range_z, 1);
  b.put(!range_z, 1);
  b.put(!range_z, 1);
  b.uvlc(enc.kind == DepthKind::InverseZ ? 0 : enc.kind == DepthKind::Disparity ? 1 : 2);
  if (!range_z) b.uvlc(0);  // disparity_reference_view
  b.real(enc.lo);
  b.real(enc.hi);
  std::vector<uint8_t> nal = {0x4E, 0x01, 177, static_cast<uint8_t>(b.bytes.size())};
  nal.insert(nal.end(), b.bytes.begin(), b.bytes.end());
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
  };
  be32(static_cast<uint32_t>(nal.size() + 4));
  be32(static_cast<uint32_t>(nal.size()));
  out.insert(out.end(), nal.begin(), nal.end());
  return out;
}

// ISO/IEC 23008-12 'cmin': values relative to the image size in 16.16 fixed point, flags bit 0
// for a separate fy and skew, bits 8-12 the denominator shift.
std::vector<uint8_t> cmin_payload(const Intrinsics& k) {
  const uint32_t flags = (16u << 8) | 1u;
  std::vector<uint8_t> cmin = {0, static_cast<uint8_t>(flags >> 16), static_cast<uint8_t>(flags >> 8),
                               static_cast<uint8_t>(flags)};
  auto put = [&](double v) {
    const auto fixed = static_cast<uint32_t>(static_cast<int32_t>(std::lround(v * 65536.0)));
    for (int sh = 24; sh >= 0; sh -= 8) cmin.push_back(static_cast<uint8_t>(fixed >> sh));
  };
  put(k.fx / k.width);
  put(k.cx / k.width);
  put(k.cy / k.height);
  put(k.fy / k.height);
  put(0);  // skew
  return cmin;
}

std::vector<uint8_t> cmex_payload(double x_m) {
  std::vector<uint8_t> cmex = {0, 0, 0, 7};  // version 0; flags: x, y, z present (micrometres)
  put_u32(cmex, static_cast<uint32_t>(static_cast<int32_t>(std::lround(x_m * 1e6))));
  put_u32(cmex, 0);
  put_u32(cmex, 0);
  return cmex;
}

std::vector<uint8_t> stereo_group_list(uint32_t group_id, const std::vector<uint32_t>& entities) {
  std::vector<uint8_t> ster;
  put_u32(ster, 0);  // size, set below
  put_u32(ster, heif_fourcc('s', 't', 'e', 'r'));
  put_u32(ster, 0);  // version, flags
  put_u32(ster, group_id);
  put_u32(ster, static_cast<uint32_t>(entities.size()));
  for (uint32_t id : entities) put_u32(ster, id);
  set_be(ster, 0, 4, ster.size());
  std::vector<uint8_t> grpl;
  put_u32(grpl, static_cast<uint32_t>(8 + ster.size()));
  put_u32(grpl, heif_fourcc('g', 'r', 'p', 'l'));
  grpl.insert(grpl.end(), ster.begin(), ster.end());
  return grpl;
}

Status append_to_meta(std::vector<uint8_t>& f, const std::vector<uint8_t>& box) {
  for (size_t at = 0; at + 8 <= f.size();) {
    const size_t size = get_be(f, at, 4);
    if (size < 8) break;
    if (get_be(f, at + 4, 4) != heif_fourcc('m', 'e', 't', 'a')) {
      at += size;
      continue;
    }
    const size_t end = at + size;
    for (size_t c = at + 12; c + 8 <= end;) {  // meta is a full box
      const size_t child = get_be(f, c, 4);
      if (child < 8) break;
      if (get_be(f, c + 4, 4) == heif_fourcc('i', 'l', 'o', 'c')) {
        if (auto s = move_item_locations(f, c, end, box.size()); !s) return s;
      }
      c += child;
    }
    set_be(f, at, 4, size + box.size());
    f.insert(f.begin() + static_cast<std::ptrdiff_t>(end), box.begin(), box.end());
    return Done{};
  }
  return make_error(ErrorCode::Internal, "writing a HEIC fixture: no meta box");
}

}  // namespace pxav
