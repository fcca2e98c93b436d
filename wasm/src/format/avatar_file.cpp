#include "format/avatar_file.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "format/crc32.h"
#include "format/float_bits.h"

namespace pxav {
namespace {

// Bits needed to store an index below n: ceil(log2 n), 0 when n == 1.
int index_bits(int n) {
  int bits = 0;
  while ((1 << bits) < n) ++bits;
  return bits;
}

size_t occupancy_bytes(int w, int h) { return (static_cast<size_t>(w) * h + 7) / 8; }

size_t cell_bytes(size_t cells, int layers, int palette) {
  return (cells * static_cast<size_t>(index_bits(layers) + index_bits(palette)) + 7) / 8;
}

// ---- writing -------------------------------------------------------------------------------

void put_u16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(v >> shift));
}
void put_f32(std::vector<uint8_t>& out, float v) { put_u32(out, float_bits(v)); }

// Appends values least significant bit first into a growing byte buffer.
struct BitWriter {
  std::vector<uint8_t>& out;
  int used = 8;  // bits used in out.back(); 8 means "start a new byte"
  void put(uint32_t value, int bits) {
    for (int i = 0; i < bits; ++i) {
      if (used == 8) out.push_back(0), used = 0;
      out.back() |= static_cast<uint8_t>(((value >> i) & 1u) << used);
      ++used;
    }
  }
};

// ---- reading -------------------------------------------------------------------------------

uint32_t get_u16(const uint8_t* p) { return p[0] | (p[1] << 8); }
uint32_t get_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}
float get_f32(const uint8_t* p) { return float_from_bits(get_u32(p)); }

Error bad(const std::string& what) { return make_error(ErrorCode::BadAvatarFile, "avatar file: " + what); }

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(v));
  return text;
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

// Reads values least significant bit first from [data, data + size).
struct BitReader {
  const uint8_t* data;
  size_t bit = 0;
  uint32_t get(int bits) {
    uint32_t value = 0;
    for (int i = 0; i < bits; ++i, ++bit) value |= static_cast<uint32_t>((data[bit / 8] >> (bit % 8)) & 1u) << i;
    return value;
  }
};

// A header value outside its range, phrased the same way for every field.
Error out_of_range(const char* field, size_t offset, double value, const char* range) {
  return bad(std::string(field) + " " + number_text(value) + " at offset " + std::to_string(offset) + " is outside " +
             range);
}

}  // namespace

Status check_avatar(const Avatar& a) {
  const auto invalid = [](const std::string& what) {
    return make_error(ErrorCode::InvalidArgument, "avatar: " + what);
  };
  if (a.grid_width < 1 || a.grid_width > kMaxAvatarGrid || a.grid_height < 1 || a.grid_height > kMaxAvatarGrid) {
    return invalid("grid " + std::to_string(a.grid_width) + "x" + std::to_string(a.grid_height) +
                   " is outside 1..1024");
  }
  if (a.layer_count < 1 || a.layer_count > kMaxAvatarLayers) return invalid("layer count must be 1..256");
  if (a.palette.empty() || a.palette.size() > kMaxAvatarPalette) return invalid("palette size must be 1..256");
  if (!(std::isfinite(a.cell_size_m) && a.cell_size_m > 0)) return invalid("cell size must be positive and finite");
  if (!(std::isfinite(a.layer_step_m) && a.layer_step_m >= 0)) return invalid("layer step must be finite and >= 0");
  if (!(std::isfinite(a.near_m) && a.near_m >= 0)) return invalid("near depth must be finite and >= 0");
  if (!(std::isfinite(a.exaggeration) && a.exaggeration > 0))
    return invalid("exaggeration must be positive and finite");
  if (a.options.size() > kMaxAvatarOptionsBytes) return invalid("options text is longer than 4096 bytes");
  for (size_t i = 0; i < a.cells.size(); ++i) {
    const AvatarCell& c = a.cells[i];
    const std::string where = "cell " + std::to_string(i);
    if (c.x >= a.grid_width || c.y >= a.grid_height) return invalid(where + " lies outside the grid");
    if (c.layer >= a.layer_count) return invalid(where + " has layer " + std::to_string(c.layer) + " >= layer count");
    if (c.colour >= a.palette.size())
      return invalid(where + " has colour " + std::to_string(c.colour) + " >= palette size");
    if (i > 0) {
      const AvatarCell& p = a.cells[i - 1];
      if (c.y < p.y || (c.y == p.y && c.x <= p.x))
        return invalid(where + " is not after the previous one in (y, x) order");
    }
  }
  return Done{};
}

std::vector<uint8_t> write_avatar_file(const Avatar& a) {
  if (!check_avatar(a)) return {};
  const int palette_size = static_cast<int>(a.palette.size());
  std::vector<uint8_t> out;
  out.reserve(kAvatarHeaderSize + a.palette.size() * 3 + a.options.size() +
              occupancy_bytes(a.grid_width, a.grid_height) + cell_bytes(a.cells.size(), a.layer_count, palette_size) +
              4);
  for (char c : std::string_view("PXAV")) out.push_back(static_cast<uint8_t>(c));
  put_u16(out, kAvatarFileVersion);
  put_u16(out, kAvatarHeaderSize);
  put_u16(out, static_cast<uint32_t>(a.grid_width));
  put_u16(out, static_cast<uint32_t>(a.grid_height));
  put_u16(out, static_cast<uint32_t>(a.layer_count));
  put_u16(out, static_cast<uint32_t>(palette_size));
  put_u32(out, static_cast<uint32_t>(a.cells.size()));
  put_f32(out, a.cell_size_m);
  put_f32(out, a.layer_step_m);
  put_f32(out, a.near_m);
  put_f32(out, a.exaggeration);
  put_u32(out, static_cast<uint32_t>(a.options.size()));

  for (const auto& rgb : a.palette) out.insert(out.end(), rgb.begin(), rgb.end());
  out.insert(out.end(), a.options.begin(), a.options.end());

  const size_t occupancy_at = out.size();
  out.resize(occupancy_at + occupancy_bytes(a.grid_width, a.grid_height), 0);
  for (const AvatarCell& c : a.cells) {
    const size_t bit = static_cast<size_t>(c.y) * a.grid_width + c.x;
    out[occupancy_at + bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
  }

  BitWriter bits{out};
  const int layer_bits = index_bits(a.layer_count), colour_bits = index_bits(palette_size);
  for (const AvatarCell& c : a.cells) {
    bits.put(c.layer, layer_bits);
    bits.put(c.colour, colour_bits);
  }

  put_u32(out, crc32(out.data(), out.size()));
  return out;
}

Result<Avatar> read_avatar_file(const uint8_t* data, size_t size) {
  if (data == nullptr || size < 4 || get_u32(data) != 0x56415850u) {  // "PXAV" read little-endian
    return bad("bad magic at offset 0 (expected 'PXAV'): not a pixel avatar file");
  }
  if (size < kAvatarHeaderSize + 4u) {
    return bad("truncated: " + std::to_string(size) + " bytes is shorter than the 40-byte header and checksum");
  }
  const uint32_t version = get_u16(data + 4);
  if (version != kAvatarFileVersion) {
    return bad("version " + std::to_string(version) + " at offset 4 is not supported (this reader knows version 1)");
  }
  const uint32_t header_size = get_u16(data + 6);
  if (header_size < kAvatarHeaderSize) {
    return bad("header size " + std::to_string(header_size) + " at offset 6 is below 40");
  }

  Avatar a;
  const uint32_t w = get_u16(data + 8), h = get_u16(data + 10), layers = get_u16(data + 12), k = get_u16(data + 14);
  const uint32_t n = get_u32(data + 16);
  if (w < 1 || w > kMaxAvatarGrid) return out_of_range("grid width", 8, w, "1..1024");
  if (h < 1 || h > kMaxAvatarGrid) return out_of_range("grid height", 10, h, "1..1024");
  if (layers < 1 || layers > kMaxAvatarLayers) return out_of_range("layer count", 12, layers, "1..256");
  if (k < 1 || k > kMaxAvatarPalette) return out_of_range("palette size", 14, k, "1..256");
  if (n > w * h) return out_of_range("cell count", 16, n, ("0..W*H = 0.." + std::to_string(w * h)).c_str());
  a.grid_width = static_cast<int>(w), a.grid_height = static_cast<int>(h), a.layer_count = static_cast<int>(layers);
  a.cell_size_m = get_f32(data + 20);
  a.layer_step_m = get_f32(data + 24);
  a.near_m = get_f32(data + 28);
  a.exaggeration = get_f32(data + 32);
  if (!(std::isfinite(a.cell_size_m) && a.cell_size_m > 0))
    return out_of_range("cell size", 20, a.cell_size_m, "(0, inf)");
  if (!(std::isfinite(a.layer_step_m) && a.layer_step_m >= 0))
    return out_of_range("layer step", 24, a.layer_step_m, "[0, inf)");
  if (!(std::isfinite(a.near_m) && a.near_m >= 0)) return out_of_range("near depth", 28, a.near_m, "[0, inf)");
  if (!(std::isfinite(a.exaggeration) && a.exaggeration > 0))
    return out_of_range("exaggeration", 32, a.exaggeration, "(0, inf)");
  const uint32_t options_size = get_u32(data + 36);
  if (options_size > kMaxAvatarOptionsBytes) return out_of_range("options length", 36, options_size, "0..4096");

  // Every section's size follows from the header, so the file's exact length is known now.
  const size_t palette_at = header_size;
  const size_t options_at = palette_at + 3 * static_cast<size_t>(k);
  const size_t occupancy_at = options_at + options_size;
  const size_t cells_at = occupancy_at + occupancy_bytes(a.grid_width, a.grid_height);
  const size_t checksum_at = cells_at + cell_bytes(n, a.layer_count, static_cast<int>(k));
  const size_t expected = checksum_at + 4;
  if (size < expected) {
    return bad("truncated: the header describes " + std::to_string(expected) + " bytes but the file has " +
               std::to_string(size));
  }
  if (size > expected) {
    return bad(std::to_string(size - expected) + " trailing bytes after the checksum, at offset " +
               std::to_string(expected));
  }
  const uint32_t stored = get_u32(data + checksum_at), computed = crc32(data, checksum_at);
  if (stored != computed) {
    return bad("checksum mismatch at offset " + std::to_string(checksum_at) + ": stored " + hex32(stored) +
               ", computed " + hex32(computed) + " (the file is damaged)");
  }

  a.palette.resize(k);
  for (uint32_t i = 0; i < k; ++i) {
    for (int c = 0; c < 3; ++c) a.palette[i][c] = data[palette_at + 3 * i + c];
  }
  a.options.assign(reinterpret_cast<const char*>(data + options_at), options_size);

  const size_t positions = static_cast<size_t>(w) * h;
  std::vector<uint32_t> occupied;
  occupied.reserve(n);
  for (size_t bit = 0; bit < positions; ++bit) {
    if ((data[occupancy_at + bit / 8] >> (bit % 8)) & 1u) occupied.push_back(static_cast<uint32_t>(bit));
  }
  if (occupied.size() != n) {
    return bad("occupancy at offset " + std::to_string(occupancy_at) + " has " + std::to_string(occupied.size()) +
               " bits set but the header's cell count is " + std::to_string(n));
  }
  if (positions % 8 != 0 && (data[cells_at - 1] >> (positions % 8)) != 0) {
    return bad("padding bits of the occupancy byte at offset " + std::to_string(cells_at - 1) + " are not zero");
  }

  const int layer_bits = index_bits(a.layer_count), colour_bits = index_bits(static_cast<int>(k));
  BitReader bits{data + cells_at};
  a.cells.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    AvatarCell& c = a.cells[i];
    c.x = static_cast<uint16_t>(occupied[i] % w);
    c.y = static_cast<uint16_t>(occupied[i] / w);
    const uint32_t layer = bits.get(layer_bits), colour = bits.get(colour_bits);
    if (layer >= layers) {
      return bad("layer index " + std::to_string(layer) + " at cell " + std::to_string(i) +
                 " is not below layer count " + std::to_string(layers));
    }
    if (colour >= k) {
      return bad("palette index " + std::to_string(colour) + " at cell " + std::to_string(i) +
                 " is not below palette size " + std::to_string(k));
    }
    c.layer = static_cast<uint8_t>(layer);
    c.colour = static_cast<uint8_t>(colour);
  }
  const size_t used_bits = bits.bit;
  if (used_bits % 8 != 0 && (data[checksum_at - 1] >> (used_bits % 8)) != 0) {
    return bad("padding bits of the last cell byte at offset " + std::to_string(checksum_at - 1) + " are not zero");
  }
  return a;
}

}  // namespace pxav
