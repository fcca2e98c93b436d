#include "input/heic/heif_boxes.h"

#include <array>
#include <cstring>
#include <vector>

namespace pxav {
namespace {

struct Reader {
  std::span<const uint8_t> b;
  size_t at = 0;
  bool ok = true;
  bool left(size_t n) const { return ok && at + n <= b.size(); }
  uint32_t u(int bytes) {
    if (!left(static_cast<size_t>(bytes))) {
      ok = false;
      return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | b[at++];
    return v;
  }
};

struct Box {
  uint32_t type = 0;
  std::array<uint8_t, 16> uuid{};
  std::span<const uint8_t> body;  // after the header (and the uuid)
};

constexpr uint32_t fourcc(const char* s) {
  return static_cast<uint32_t>(s[0]) << 24 | static_cast<uint32_t>(s[1]) << 16 | static_cast<uint32_t>(s[2]) << 8 |
         static_cast<uint32_t>(s[3]);
}

// The boxes directly inside `bytes`, stopping at the first malformed one.
std::vector<Box> children(std::span<const uint8_t> bytes) {
  std::vector<Box> out;
  size_t at = 0;
  while (at + 8 <= bytes.size() && out.size() < 4096) {
    Reader r{bytes.subspan(at)};
    uint64_t size = r.u(4);
    Box box;
    box.type = r.u(4);
    size_t header = 8;
    if (size == 1) {
      if (!r.left(8)) break;
      size = static_cast<uint64_t>(r.u(4)) << 32 | r.u(4);
      header = 16;
    } else if (size == 0) {
      size = bytes.size() - at;
    }
    if (size < header || size > bytes.size() - at) break;
    if (box.type == fourcc("uuid")) {
      if (size < header + 16) break;
      std::memcpy(box.uuid.data(), bytes.data() + at + header, 16);
      header += 16;
    }
    box.body = bytes.subspan(at + header, static_cast<size_t>(size) - header);
    out.push_back(box);
    at += static_cast<size_t>(size);
  }
  return out;
}

const Box* find(const std::vector<Box>& boxes, const char* type) {
  for (const Box& b : boxes)
    if (b.type == fourcc(type)) return &b;
  return nullptr;
}

constexpr std::array<uint8_t, 16> kAppleExtrinsics = {0x43, 0x63, 0xe9, 0x14, 0x5b, 0x7d, 0x4a, 0xab,
                                                      0x97, 0xae, 0xbe, 0xa6, 0x98, 0x03, 0xb4, 0x34};

bool is_extrinsics(const Box& b) {
  return b.type == fourcc("cmex") || (b.type == fourcc("uuid") && b.uuid == kAppleExtrinsics);
}

// cmex version 0: flags say which of pos_x, pos_y, pos_z (int32, micrometres) come first.
std::optional<CameraPosition> position_of(const Box& cmex) {
  Reader r{cmex.body};
  const uint32_t version_flags = r.u(4);
  if (!r.ok || version_flags >> 24 != 0) return std::nullopt;
  const uint32_t flags = version_flags & 0xffffff;
  if (!(flags & 0x07)) return std::nullopt;
  CameraPosition p;
  double* axes[3] = {&p.x_m, &p.y_m, &p.z_m};
  for (int i = 0; i < 3; ++i)
    if (flags & (1u << i)) *axes[i] = static_cast<int32_t>(r.u(4)) * 1e-6;
  if (!r.ok) return std::nullopt;
  return p;
}

}  // namespace

std::optional<CameraPosition> heif_camera_position(std::span<const uint8_t> file, uint32_t item_id) {
  const auto top = children(file);
  const Box* meta = find(top, "meta");
  if (!meta || meta->body.size() < 4) return std::nullopt;
  const auto in_meta = children(meta->body.subspan(4));  // meta is a full box
  const Box* iprp = find(in_meta, "iprp");
  if (!iprp) return std::nullopt;
  const auto in_iprp = children(iprp->body);
  const Box* ipco = find(in_iprp, "ipco");
  if (!ipco) return std::nullopt;
  const auto properties = children(ipco->body);
  for (const Box& ipma : in_iprp) {
    if (ipma.type != fourcc("ipma")) continue;
    Reader r{ipma.body};
    const uint32_t version_flags = r.u(4);
    const uint32_t version = version_flags >> 24, flags = version_flags & 0xffffff;
    const uint32_t entries = r.u(4);
    for (uint32_t e = 0; e < entries && r.ok; ++e) {
      const uint32_t item = r.u(version < 1 ? 2 : 4);
      const uint32_t count = r.u(1);
      for (uint32_t a = 0; a < count && r.ok; ++a) {
        const uint32_t index = (flags & 1) ? (r.u(2) & 0x7fff) : (r.u(1) & 0x7f);  // 1-based, 0 = none
        if (item != item_id || index == 0 || index > properties.size()) continue;
        if (is_extrinsics(properties[index - 1])) return position_of(properties[index - 1]);
      }
    }
  }
  return std::nullopt;
}

}  // namespace pxav
