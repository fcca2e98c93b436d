// The avatar file: exact round trips, the spec's sizes, and clear errors for damaged files.
#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <string>
#include <tuple>

#include "format/avatar_file.h"
#include "format/crc32.h"

using namespace pxav;

namespace {

// A deterministic avatar: every third grid position occupied, indices cycling.
Avatar sample_avatar(int w, int h, int layers, int palette_size) {
  Avatar a;
  a.grid_width = w;
  a.grid_height = h;
  a.layer_count = layers;
  a.cell_size_m = 0.0123f;
  a.layer_step_m = 0.021f;
  a.near_m = 0.45f;
  a.exaggeration = 2.0f;
  for (int i = 0; i < palette_size; ++i)
    a.palette.push_back({static_cast<uint8_t>(i * 7), static_cast<uint8_t>(255 - i), 42});
  int n = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      if ((x + 2 * y) % 3 != 0) continue;
      a.cells.push_back({static_cast<uint16_t>(x), static_cast<uint16_t>(y), static_cast<uint8_t>(n % layers),
                         static_cast<uint8_t>((n * 5) % palette_size)});
      ++n;
    }
  }
  a.options = "grid=64\npalette=16\nforeground=depth-histogram";
  return a;
}

uint32_t le32(const std::vector<uint8_t>& b, size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}

void reseal(std::vector<uint8_t>& file) {
  const uint32_t crc = crc32(file.data(), file.size() - 4);
  for (int i = 0; i < 4; ++i) file[file.size() - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
}

std::string read_error(const std::vector<uint8_t>& file) {
  const auto result = read_avatar_file(file.data(), file.size());
  if (result.ok()) return "(read without error)";
  CHECK(result.error().code == ErrorCode::BadAvatarFile);
  return result.error().message;
}

}  // namespace

TEST_CASE("crc32: the standard check value", "[format]") {
  const char* text = "123456789";
  CHECK(crc32(reinterpret_cast<const uint8_t*>(text), 9) == 0xCBF43926u);
  CHECK(crc32(reinterpret_cast<const uint8_t*>(text) + 4, 5, crc32(reinterpret_cast<const uint8_t*>(text), 4)) ==
        0xCBF43926u);
}

TEST_CASE("avatar file: round trips are exact", "[format]") {
  for (const auto& [w, h, layers, k] : {std::tuple{64, 48, 12, 16}, std::tuple{1, 1, 1, 1}, std::tuple{7, 5, 256, 256},
                                        std::tuple{13, 3, 2, 3}, std::tuple{1024, 2, 64, 200}}) {
    const Avatar a = sample_avatar(w, h, layers, k);
    const std::vector<uint8_t> file = write_avatar_file(a);
    REQUIRE_FALSE(file.empty());
    const auto back = read_avatar_file(file.data(), file.size());
    INFO(w << "x" << h << " L=" << layers << " K=" << k);
    REQUIRE(back.ok());
    CHECK(*back == a);
    CHECK(write_avatar_file(*back) == file);
  }
  Avatar empty = sample_avatar(4, 4, 3, 2);
  empty.cells.clear();
  empty.options.clear();
  const auto file = write_avatar_file(empty);
  const auto back = read_avatar_file(file.data(), file.size());
  REQUIRE(back.ok());
  CHECK(*back == empty);
}

TEST_CASE("avatar file: layout and size follow the spec", "[format]") {
  const Avatar a = sample_avatar(64, 48, 12, 16);
  const auto file = write_avatar_file(a);
  REQUIRE(file.size() >= 44);
  CHECK(std::memcmp(file.data(), "PXAV", 4) == 0);
  CHECK((file[4] | file[5] << 8) == 1);
  CHECK((file[6] | file[7] << 8) == 40);
  CHECK((file[8] | file[9] << 8) == 64);
  CHECK((file[10] | file[11] << 8) == 48);
  CHECK(le32(file, 16) == a.cells.size());
  CHECK(le32(file, 36) == a.options.size());
  // 8 bits a cell at 12 layers and 16 colours: header + palette + options + occupancy + cells + crc.
  CHECK(file.size() == 40 + 16 * 3 + a.options.size() + 64 * 48 / 8 + a.cells.size() + 4);
  CHECK(le32(file, file.size() - 4) == crc32(file.data(), file.size() - 4));
  // The first cell is (0, 0): occupancy bit 0 set; the cells start with its layer then colour.
  const size_t occupancy = 40 + 48 + a.options.size();
  CHECK((file[occupancy] & 1) == 1);
  const size_t cells = occupancy + 384;
  CHECK(file[cells] == ((a.cells[0].colour << 4) | a.cells[0].layer));
}

TEST_CASE("avatar file: damaged files give clear errors", "[format]") {
  const Avatar a = sample_avatar(20, 20, 1, 17);  // 0 layer bits, 5 palette bits a cell
  REQUIRE(a.cells.size() > 113u);
  const std::vector<uint8_t> good = write_avatar_file(a);
  REQUIRE(read_avatar_file(good.data(), good.size()).ok());

  SECTION("a flipped byte") {
    auto file = good;
    file[40 + 5] ^= 0x10;  // inside the palette
    CHECK_THAT(read_error(file), Catch::Contains("checksum mismatch at offset " + std::to_string(good.size() - 4)));
  }
  SECTION("truncated") {
    auto file = good;
    file.resize(file.size() - 3);
    CHECK_THAT(read_error(file),
               Catch::Contains("truncated: the header describes " + std::to_string(good.size()) + " bytes"));
    file.resize(20);
    CHECK_THAT(read_error(file), Catch::Contains("truncated"));
  }
  SECTION("bad magic") {
    auto file = good;
    file[0] = 'Q';
    CHECK_THAT(read_error(file), Catch::Contains("bad magic at offset 0"));
    CHECK_THAT(read_error({}), Catch::Contains("bad magic"));
  }
  SECTION("trailing bytes") {
    auto file = good;
    file.push_back(0);
    file.push_back(0);
    CHECK_THAT(read_error(file),
               Catch::Contains("2 trailing bytes after the checksum, at offset " + std::to_string(good.size())));
  }
  SECTION("an unknown version") {
    auto file = good;
    file[4] = 2;
    reseal(file);
    CHECK_THAT(read_error(file), Catch::Contains("version 2 at offset 4 is not supported"));
  }
  SECTION("header fields out of range") {
    auto file = good;
    file[8] = file[9] = 0;  // grid width 0
    reseal(file);
    CHECK_THAT(read_error(file), Catch::Contains("grid width 0 at offset 8 is outside 1..1024"));
    file = good;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(&file[20], &nan, 4);
    reseal(file);
    CHECK_THAT(read_error(file), Catch::Contains("cell size nan at offset 20"));
  }
  SECTION("a palette index past the palette, with a valid checksum") {
    auto file = good;
    const size_t cells_at = 40 + 17 * 3 + a.options.size() + (20 * 20 + 7) / 8;
    const size_t bit = 113 * 5;  // cell 113's 5-bit palette index
    for (int i = 0; i < 5; ++i) {
      const size_t b = bit + i;
      file[cells_at + b / 8] =
          static_cast<uint8_t>((file[cells_at + b / 8] & ~(1u << (b % 8))) | (((20u >> i) & 1u) << (b % 8)));
    }
    reseal(file);
    CHECK(read_error(file) == "avatar file: palette index 20 at cell 113 is not below palette size 17");
  }
  SECTION("occupancy that disagrees with the cell count") {
    auto file = good;
    const size_t occupancy_at = 40 + 17 * 3 + a.options.size();
    file[occupancy_at] |= 0x02;  // position 1 was empty: (1 + 0) % 3 != 0
    reseal(file);
    CHECK_THAT(read_error(file),
               Catch::Contains("bits set but the header's cell count is " + std::to_string(a.cells.size())));
  }
}

TEST_CASE("avatar file: the writer refuses avatars the format cannot hold", "[format]") {
  Avatar a = sample_avatar(8, 8, 4, 4);
  CHECK(check_avatar(a).ok());
  a.cells[3].colour = 9;
  CHECK_FALSE(check_avatar(a).ok());
  CHECK(write_avatar_file(a).empty());
  a = sample_avatar(8, 8, 4, 4);
  std::swap(a.cells[0], a.cells[1]);
  CHECK_THAT(check_avatar(a).error().message, Catch::Contains("(y, x) order"));
  a = sample_avatar(8, 8, 4, 4);
  a.options.assign(5000, 'x');
  CHECK_FALSE(check_avatar(a).ok());
}
