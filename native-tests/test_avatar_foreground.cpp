// Segmentation on generated scenes whose subject pixels are known exactly.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "avatar/foreground.h"
#include "avatar_scene.h"

using namespace pxav;
using pxav::test::Box;

namespace {

// Mask pixels that disagree with the box, ignoring a band of `border` pixels around its edge.
int mismatches(const GreyImage& mask, const Box& box, int border) {
  int wrong = 0;
  for (int y = 0; y < mask.height; ++y) {
    for (int x = 0; x < mask.width; ++x) {
      const Box inner{box.x0 + border, box.y0 + border, box.x1 - border, box.y1 - border};
      const Box outer{box.x0 - border, box.y0 - border, box.x1 + border, box.y1 + border};
      if (outer.contains(x, y) && !inner.contains(x, y)) continue;
      wrong += (mask.at(x, y) != 0) != box.contains(x, y);
    }
  }
  return wrong;
}

size_t count_set(const GreyImage& mask) {
  return static_cast<size_t>(std::count_if(mask.pixels.begin(), mask.pixels.end(), [](uint8_t v) { return v != 0; }));
}

}  // namespace

TEST_CASE("foreground: a plane in front of a wall is segmented exactly", "[avatar][foreground]") {
  const auto scene = test::plane_scene();
  const auto fg = find_foreground(scene.depth, nullptr, {});
  REQUIRE(fg.ok());
  CHECK(fg->source == "depth");
  CHECK(mismatches(fg->mask, scene.subject, 0) == 0);
  CHECK(count_set(fg->mask) == 120u * 140u);
  CHECK(fg->threshold_m > test::kSubjectZ);
  CHECK(fg->threshold_m < test::kWallZ);
  CHECK(fg->near_m == Approx(test::kSubjectZ));
  CHECK(fg->far_m == Approx(test::kSubjectZ));
}

TEST_CASE("foreground: the histogram counts every valid sample", "[avatar][foreground]") {
  auto scene = test::plane_scene();
  test::set_depth(scene, 0, 0, std::numeric_limits<float>::quiet_NaN());
  test::set_depth(scene, 1, 0, 0.0f);
  const auto fg = find_foreground(scene.depth, nullptr, {});
  REQUIRE(fg.ok());
  REQUIRE(fg->histogram.size() == static_cast<size_t>(kForegroundHistogramBins));
  const uint64_t total = std::accumulate(fg->histogram.begin(), fg->histogram.end(), uint64_t{0});
  CHECK(total == 320u * 240u - 2u);
  CHECK(fg->hist_lo_m == Approx(test::kSubjectZ));
  CHECK(fg->hist_hi_m == Approx(test::kWallZ));
  CHECK(fg->histogram.front() == 120u * 140u);
  CHECK(fg->histogram.back() == 320u * 240u - 2u - 120u * 140u);
}

TEST_CASE("foreground: flying pixels along the silhouette are dropped", "[avatar][foreground]") {
  auto scene = test::plane_scene();
  // A smeared column just right of the subject, halfway between subject and wall, the way depth
  // sensors blur an edge. It is nearer than the threshold, but must not become subject.
  for (int y = scene.subject.y0; y < scene.subject.y1; ++y) test::set_depth(scene, scene.subject.x1, y, 1.1f);
  const auto fg = find_foreground(scene.depth, nullptr, {});
  REQUIRE(fg.ok());
  REQUIRE(fg->threshold_m > 1.1);  // the smear passes the depth cut...
  for (int y = scene.subject.y0; y < scene.subject.y1; ++y)
    CHECK(fg->mask.at(scene.subject.x1, y) == 0);  // ...but not this
  CHECK(mismatches(fg->mask, scene.subject, 1) == 0);
  CHECK(fg->mask.at(scene.subject.x1 - 1, 100) == 255);  // the subject's own edge stays
}

TEST_CASE("foreground: only the largest near region is kept", "[avatar][foreground]") {
  auto scene = test::plane_scene();
  for (int y = 10; y < 20; ++y) {
    for (int x = 10; x < 20; ++x) test::set_depth(scene, x, y, test::kSubjectZ);  // a small stray object
  }
  const auto fg = find_foreground(scene.depth, nullptr, {});
  REQUIRE(fg.ok());
  CHECK(fg->mask.at(15, 15) == 0);
  CHECK(mismatches(fg->mask, scene.subject, 0) == 0);
}

TEST_CASE("foreground: the matte wins when present", "[avatar][foreground]") {
  const auto scene = test::plane_scene();
  GreyImage matte{320, 240, std::vector<uint8_t>(320 * 240, 0)};
  const Box head{130, 70, 190, 130};  // the matte marks only part of the plane
  for (int y = head.y0; y < head.y1; ++y) {
    for (int x = head.x0; x < head.x1; ++x) matte.pixels[static_cast<size_t>(y) * 320 + x] = 200;
  }
  const auto fg = find_foreground(scene.depth, &matte, {});
  REQUIRE(fg.ok());
  CHECK(fg->source == "matte");
  CHECK(mismatches(fg->mask, head, 0) == 0);

  ForegroundOptions no_matte;
  no_matte.use_matte = false;
  const auto depth_only = find_foreground(scene.depth, &matte, no_matte);
  REQUIRE(depth_only.ok());
  CHECK(depth_only->source == "depth");
  CHECK(mismatches(depth_only->mask, scene.subject, 0) == 0);
}

TEST_CASE("foreground: a manual window overrides the automatic cut", "[avatar][foreground]") {
  const auto scene = test::plane_scene();
  ForegroundOptions manual;
  manual.far_m = 3.0;  // takes in the wall too, which is then the largest region
  const auto all = find_foreground(scene.depth, nullptr, manual);
  REQUIRE(all.ok());
  CHECK(all->source == "manual");
  CHECK(all->threshold_m == 3.0);
  CHECK(all->mask.at(5, 5) == 255);
  CHECK(all->mask.at(150, 100) == 0);
  CHECK(all->mask.at(scene.subject.x0 - 1, 100) == 0);  // wall right behind the silhouette: flying-pixel rule

  manual.near_m = 1.0;
  const auto wall = find_foreground(scene.depth, nullptr, manual);
  REQUIRE(wall.ok());
  CHECK(wall->mask.at(5, 5) == 255);
  CHECK(wall->mask.at(150, 100) == 0);
  CHECK(wall->near_m == Approx(test::kWallZ));
}

TEST_CASE("foreground: clear errors", "[avatar][foreground]") {
  const auto scene = test::plane_scene();

  DepthMap empty_depth{4, 4, std::vector<float>(16, std::numeric_limits<float>::quiet_NaN())};
  const auto none = find_foreground(empty_depth, nullptr, {});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::NoDepth);
  CHECK_THAT(none.error().message, Catch::Contains("no valid sample"));

  ForegroundOptions backwards;
  backwards.near_m = 2.0;
  backwards.far_m = 1.0;
  const auto bad = find_foreground(scene.depth, nullptr, backwards);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::InvalidArgument);
  CHECK_THAT(bad.error().message, Catch::Contains("must be less than far"));

  ForegroundOptions too_near;
  too_near.far_m = 0.2;
  const auto nothing = find_foreground(scene.depth, nullptr, too_near);
  REQUIRE_FALSE(nothing.ok());
  CHECK(nothing.error().code == ErrorCode::InvalidArgument);
  CHECK_THAT(nothing.error().message, Catch::Contains("no valid depth sample nearer than 0.200 m"));

  GreyImage small_matte{10, 10, std::vector<uint8_t>(100, 255)};
  const auto mismatch = find_foreground(scene.depth, &small_matte, {});
  REQUIRE_FALSE(mismatch.ok());
  CHECK_THAT(mismatch.error().message, Catch::Contains("10x10"));
}

TEST_CASE("foreground: Otsu cuts across the middle of an empty gap", "[avatar][foreground]") {
  std::vector<uint32_t> histogram(20, 0);
  histogram[2] = 50;
  histogram[3] = 30;
  histogram[14] = 40;
  histogram[15] = 60;
  CHECK(otsu_split(histogram, 0, 19) == 8);    // near class ends at 3, far begins at 14: halfway
  CHECK(otsu_split(histogram, 14, 19) == 14);  // within a sub-range
}

TEST_CASE("foreground: building blocks behave on their own", "[avatar][foreground]") {
  GreyImage mask{5, 1, {255, 255, 0, 255, 0}};
  keep_largest_component(mask);
  CHECK(mask.pixels == std::vector<uint8_t>{255, 255, 0, 0, 0});

  DepthMap depth{3, 1, {1.0f, 1.5f, 1.02f}};
  GreyImage all{3, 1, {255, 255, 255}};
  drop_flying_pixels(depth, 0.1, all);
  CHECK(all.pixels == std::vector<uint8_t>{255, 0, 255});  // only the sample far behind a neighbour
}

namespace {

// The plain definition, for comparison: flood fill from every unlabelled set pixel in raster
// order, keep the largest region, the earliest on a tie.
GreyImage largest_component_by_flood_fill(GreyImage mask) {
  const int w = mask.width, h = mask.height;
  std::vector<int> label(mask.pixels.size(), -1);
  int best = -1;
  size_t best_size = 0;
  int next = 0;
  for (size_t start = 0; start < mask.pixels.size(); ++start) {
    if (mask.pixels[start] == 0 || label[start] >= 0) continue;
    std::vector<size_t> stack{start};
    label[start] = next;
    size_t size = 0;
    while (!stack.empty()) {
      const size_t i = stack.back();
      stack.pop_back();
      ++size;
      const int x = static_cast<int>(i % w), y = static_cast<int>(i / w);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const size_t n = static_cast<size_t>(ny) * w + nx;
          if (mask.pixels[n] != 0 && label[n] < 0) label[n] = next, stack.push_back(n);
        }
    }
    if (size > best_size) best_size = size, best = next;
    ++next;
  }
  for (size_t i = 0; i < mask.pixels.size(); ++i) mask.pixels[i] = label[i] == best && best >= 0 ? 255 : 0;
  return mask;
}

}  // namespace

TEST_CASE("foreground: the largest component matches a plain flood fill on random masks", "[avatar][foreground]") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    const int w = 1 + static_cast<int>(rng() % 40), h = 1 + static_cast<int>(rng() % 30);
    const unsigned density = 20 + rng() % 60;  // percent of set pixels: from specks to one blob
    GreyImage mask{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h)};
    for (uint8_t& p : mask.pixels) p = rng() % 100 < density ? 255 : 0;
    const GreyImage expected = largest_component_by_flood_fill(mask);
    keep_largest_component(mask);
    INFO("trial " << trial << ", " << w << "x" << h);
    REQUIRE(mask.pixels == expected.pixels);
  }
}

TEST_CASE("foreground: regions touching only diagonally are one region", "[avatar][foreground]") {
  // A staircase of four single pixels beats a column of three only if diagonal steps connect.
  GreyImage mask{6, 4, {255, 0, 0, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0}};
  keep_largest_component(mask);
  CHECK(mask.pixels ==
        std::vector<uint8_t>{255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 0, 0});
}
