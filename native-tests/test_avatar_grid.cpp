// Grid resampling: cell counts, colours averaged in linear light, depth medians, dropped cells.
#include <catch2/catch.hpp>

#include "avatar/foreground.h"
#include "avatar/grid.h"
#include "avatar_scene.h"

using namespace pxav;

namespace {

GreyImage box_mask(const test::Box& box, int w, int h) {
  GreyImage mask{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h, 0)};
  for (int y = box.y0; y < box.y1; ++y) {
    for (int x = box.x0; x < box.x1; ++x) mask.pixels[static_cast<size_t>(y) * w + x] = 255;
  }
  return mask;
}

}  // namespace

TEST_CASE("grid: the subject's long side gets exactly N cells", "[avatar][grid]") {
  const auto scene = test::plane_scene();  // subject 120 x 140 pixels
  const auto mask = box_mask(scene.subject, 320, 240);
  const auto grid = resample_to_grid(scene.depth, scene.colour, mask, scene.camera, 16);
  REQUIRE(grid.ok());
  CHECK(grid->height == 16);
  CHECK(grid->width == 14);  // ceil(120 * 16 / 140)
  CHECK(grid->box_x == 100);
  CHECK(grid->box_width == 120);
  CHECK(grid->pixels_per_cell == Approx(140.0 / 16));
  CHECK(grid->subject_z_m == Approx(test::kSubjectZ));
  CHECK(grid->cell_size_m == Approx(140.0 / 16 * 0.5 / 300));
  for (const GridCell& cell : grid->cells) {
    REQUIRE(cell.occupied);
    CHECK(cell.rgb == test::kSubjectRgb);  // a flat colour averages to itself, byte for byte
    CHECK(cell.z_m == test::kSubjectZ);
  }
}

TEST_CASE("grid: colours are averaged in linear light", "[avatar][grid]") {
  // A 32x32 black and white checkerboard, two pixels a cell each way: every cell is half white.
  DepthMap depth{32, 32, std::vector<float>(32 * 32, 1.0f)};
  RgbImage colour{32, 32, std::vector<uint8_t>(32 * 32 * 3)};
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 32; ++x) {
      const uint8_t v = (x + y) % 2 ? 255 : 0;
      for (int c = 0; c < 3; ++c) colour.pixels[(static_cast<size_t>(y) * 32 + x) * 3 + c] = v;
    }
  }
  const GreyImage mask{32, 32, std::vector<uint8_t>(32 * 32, 255)};
  const auto grid = resample_to_grid(depth, colour, mask, test::scene_camera(), 16);
  REQUIRE(grid.ok());
  REQUIRE(grid->cells.size() == 16u * 16u);
  // Linear mean 0.5 is sRGB 0.7354 -> byte 188; averaging the bytes would give a too-dark 128.
  for (const GridCell& cell : grid->cells) CHECK(cell.rgb == Rgb8{188, 188, 188});
}

TEST_CASE("grid: depth is the median and thin coverage leaves a cell empty", "[avatar][grid]") {
  DepthMap depth{32, 32, std::vector<float>(32 * 32, 1.0f)};
  const RgbImage colour{32, 32, std::vector<uint8_t>(32 * 32 * 3, 128)};
  GreyImage mask{32, 32, std::vector<uint8_t>(32 * 32, 255)};
  // Cell (0, 0) covers pixels [0,2) x [0,2): an outlier among three equal samples.
  depth.z[0] = 9.0f;
  // Cell (1, 0) covers [2,4) x [0,2): only one of its four pixels (25%) is subject: kept.
  mask.pixels[3] = mask.pixels[32 + 2] = mask.pixels[32 + 3] = 0;
  // Cell (2, 0) covers [4,6) x [0,2): no subject pixel: empty.
  mask.pixels[4] = mask.pixels[5] = mask.pixels[32 + 4] = mask.pixels[32 + 5] = 0;
  const auto grid = resample_to_grid(depth, colour, mask, test::scene_camera(), 16);
  REQUIRE(grid.ok());
  CHECK(grid->cells[0].z_m == 1.0f);
  CHECK(grid->cells[0].samples == 4u);
  CHECK(grid->cells[1].occupied);
  CHECK(grid->cells[1].samples == 1u);
  CHECK_FALSE(grid->cells[2].occupied);
}

TEST_CASE("grid: a subject smaller than the grid is enlarged, not left full of holes", "[avatar][grid]") {
  auto scene = test::plane_scene({150, 100, 160, 120});  // 10 x 20 pixels, 64 cells requested
  const auto mask = box_mask(scene.subject, 320, 240);
  const auto grid = resample_to_grid(scene.depth, scene.colour, mask, scene.camera, 64);
  REQUIRE(grid.ok());
  CHECK(grid->height == 64);
  CHECK(grid->width == 32);
  for (const GridCell& cell : grid->cells) CHECK(cell.occupied);
}

TEST_CASE("grid: bad arguments are refused", "[avatar][grid]") {
  const auto scene = test::plane_scene();
  const auto mask = box_mask(scene.subject, 320, 240);
  const auto too_fine = resample_to_grid(scene.depth, scene.colour, mask, scene.camera, 1000);
  REQUIRE_FALSE(too_fine.ok());
  CHECK_THAT(too_fine.error().message, Catch::Contains("outside 16..256"));
  const GreyImage nothing{320, 240, std::vector<uint8_t>(320 * 240, 0)};
  const auto empty = resample_to_grid(scene.depth, scene.colour, nothing, scene.camera, 64);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == ErrorCode::InvalidArgument);
  Intrinsics blind = scene.camera;
  blind.fx = 0;
  CHECK_FALSE(resample_to_grid(scene.depth, scene.colour, mask, blind, 64).ok());
}
