// Depth layers: evenly spaced, clamped, and never out of order.
#include <catch2/catch.hpp>

#include "avatar/layers.h"

using namespace pxav;

TEST_CASE("layers: a depth ramp gives non-decreasing layers from 0 to L-1", "[avatar][layers]") {
  const auto spacing = layer_spacing(0.4, 0.9, 12);
  REQUIRE(spacing.ok());
  CHECK(spacing->step_m == Approx(0.5 / 11));
  int previous = 0;
  for (int i = 0; i <= 1000; ++i) {
    const double z = 0.3 + 0.7 * i / 1000.0;  // runs past both ends of the range
    const int layer = layer_of(*spacing, z);
    CHECK(layer >= previous);
    CHECK(layer >= 0);
    CHECK(layer <= 11);
    previous = layer;
  }
  CHECK(layer_of(*spacing, 0.4) == 0);
  CHECK(layer_of(*spacing, 0.9) == 11);
  CHECK(layer_of(*spacing, 0.4 + 5 * spacing->step_m) == 5);
  CHECK(layer_of(*spacing, 0.4 + 5.4 * spacing->step_m) == 5);
  CHECK(layer_of(*spacing, 0.4 + 5.6 * spacing->step_m) == 6);
}

TEST_CASE("layers: a flat subject sits on layer 0", "[avatar][layers]") {
  const auto flat = layer_spacing(0.5, 0.5, 4);
  REQUIRE(flat.ok());
  CHECK(flat->step_m == 0);
  CHECK(layer_of(*flat, 0.5) == 0);
  CHECK(layer_of(*flat, 0.7) == 0);
}

TEST_CASE("layers: bad counts and ranges are refused", "[avatar][layers]") {
  CHECK_FALSE(layer_spacing(0.5, 1.0, 1).ok());
  CHECK_FALSE(layer_spacing(0.5, 1.0, 65).ok());
  CHECK_FALSE(layer_spacing(1.0, 0.5, 12).ok());
  CHECK_FALSE(layer_spacing(0.0, 0.5, 12).ok());
  const auto bad = layer_spacing(0.5, 1.0, 100);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("outside 2..64"));
}
