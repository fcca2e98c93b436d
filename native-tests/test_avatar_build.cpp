// The options parser and the whole photo -> avatar path on generated scenes.
#include <catch2/catch.hpp>

#include <map>

#include "avatar/build_avatar.h"
#include "avatar_scene.h"
#include "format/avatar_file.h"

using namespace pxav;

namespace {

std::string option_error(std::string_view text) {
  const auto parsed = parse_avatar_options(text);
  if (parsed.ok()) return "(parsed without error)";
  CHECK(parsed.error().code == ErrorCode::InvalidArgument);
  return parsed.error().message;
}

}  // namespace

TEST_CASE("options: defaults, and every key in every separator style", "[avatar][options]") {
  const auto defaults = parse_avatar_options("");
  REQUIRE(defaults.ok());
  CHECK(defaults->grid == 64);
  CHECK(defaults->palette_size == 16);
  CHECK(defaults->layers == 12);
  CHECK(defaults->exaggeration == 2.0);
  CHECK_FALSE(defaults->dither);
  CHECK(defaults->foreground.use_matte);
  CHECK_FALSE(defaults->foreground.near_m.has_value());

  const auto all =
      parse_avatar_options("grid=32 palette=8&layers=6\ndither=yes exaggeration=1.5&near=0.3\nfar=1.2 matte=off");
  REQUIRE(all.ok());
  CHECK(all->grid == 32);
  CHECK(all->palette_size == 8);
  CHECK(all->layers == 6);
  CHECK(all->dither);
  CHECK(all->exaggeration == 1.5);
  CHECK(all->foreground.near_m == 0.3);
  CHECK(all->foreground.far_m == 1.2);
  CHECK_FALSE(all->foreground.use_matte);

  const auto named = parse_avatar_options("palette-name=gameboy");
  REQUIRE(named.ok());
  CHECK(named->palette_name == "gameboy");
}

TEST_CASE("options: errors name the item and the reason", "[avatar][options]") {
  CHECK_THAT(option_error("colour=red"), Catch::Contains("unknown key 'colour'"));
  CHECK_THAT(option_error("grid=300"), Catch::Contains("'grid=300': 300 is outside 16..256"));
  CHECK_THAT(option_error("grid=8"), Catch::Contains("outside 16..256"));
  CHECK_THAT(option_error("grid=abc"), Catch::Contains("not a whole number"));
  CHECK_THAT(option_error("palette=1"), Catch::Contains("outside 2..256"));
  CHECK_THAT(option_error("layers=65"), Catch::Contains("outside 2..64"));
  CHECK_THAT(option_error("exaggeration=0"), Catch::Contains("above 0"));
  CHECK_THAT(option_error("exaggeration=nan"), Catch::Contains("not a number"));
  CHECK_THAT(option_error("dither=maybe"), Catch::Contains("expected 0, 1"));
  CHECK_THAT(option_error("near=-1"), Catch::Contains("above 0"));
  CHECK_THAT(option_error("near=2 far=1"), Catch::Contains("near (2 m) must be less than far (1 m)"));
  CHECK_THAT(option_error("palette-name=nes"), Catch::Contains("unknown palette name 'nes'"));
  CHECK_THAT(option_error("grid=32 grid=48"), Catch::Contains("given twice"));
  CHECK_THAT(option_error("grid"), Catch::Contains("key=value"));
}

TEST_CASE("build: a plane in front of a wall becomes a one-colour, one-layer avatar", "[avatar][build]") {
  const auto scene = test::plane_scene();
  auto options = parse_avatar_options("grid=32 palette=4");
  REQUIRE(options.ok());
  const auto built = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, *options);
  REQUIRE(built.ok());
  const Avatar& a = built->avatar;
  CHECK(a.grid_height == 32);
  CHECK(a.grid_width == 28);  // ceil(120 * 32 / 140)
  CHECK(a.cells.size() == 32u * 28u);
  CHECK(a.palette == std::vector<Rgb8>{test::kSubjectRgb});  // the wall's blue never leaks in
  CHECK(a.near_m == Approx(test::kSubjectZ));
  CHECK(a.layer_step_m == 0);
  CHECK(a.exaggeration == 2.0f);
  CHECK(a.cell_size_m == Approx(140.0 / 32 * 0.5 / 300));
  for (const AvatarCell& c : a.cells) CHECK(c.layer == 0);
  CHECK(a.options == "grid=32\npalette=4\nlayers=12\nexaggeration=2\ndither=0\nmatte=1\nforeground=depth");
  CHECK(built->foreground.source == "depth");
  CHECK(check_avatar(a).ok());
}

TEST_CASE("build: a tilted subject gives layers that grow with depth", "[avatar][build]") {
  const auto scene = test::plane_scene({60, 40, 260, 200}, 0.4f);  // 0.5 m at the left to 0.9 m at the right
  AvatarOptions options;
  options.grid = 40;
  options.layers = 8;
  const auto built = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, options);
  REQUIRE(built.ok());
  const Avatar& a = built->avatar;
  REQUIRE(a.grid_width == 40);
  std::map<int, int> last_layer_in_row;
  for (const AvatarCell& c : a.cells) {  // sorted by (y, x): each row's cells run left to right
    auto [it, first] = last_layer_in_row.try_emplace(c.y, c.layer);
    CHECK(c.layer >= it->second);
    it->second = c.layer;
    if (c.x == 0) CHECK(c.layer == 0);
    if (c.x == a.grid_width - 1) CHECK(c.layer == 7);
  }
  CHECK(a.layer_step_m == Approx(0.4 / 7).epsilon(0.05));
}

TEST_CASE("build: intrinsics for another resolution are rescaled", "[avatar][build]") {
  const auto scene = test::plane_scene();
  Intrinsics photo = rescale(scene.camera, 3200, 2400);  // as a phone states them for the photo
  const auto built = build_avatar(scene.depth, scene.colour, photo, nullptr, {});
  REQUIRE(built.ok());
  CHECK(built->avatar.cell_size_m == Approx(140.0 / 64 * 0.5 / 300));
}

TEST_CASE("build: named palettes and clear errors", "[avatar][build]") {
  const auto scene = test::plane_scene();
  AvatarOptions options;
  options.palette_name = "gameboy";
  const auto built = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, options);
  REQUIRE(built.ok());
  CHECK(built->avatar.palette.size() == 4u);
  CHECK_THAT(built->avatar.options, Catch::Contains("palette-name=gameboy\n"));

  RgbImage small{10, 10, std::vector<uint8_t>(300, 0)};
  const auto mismatch = build_avatar(scene.depth, small, scene.camera, nullptr, {});
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().code == ErrorCode::InvalidArgument);
  CHECK_THAT(mismatch.error().message, Catch::Contains("must have the depth map's size"));
}
