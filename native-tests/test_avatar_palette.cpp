// Colour spaces, k-means palettes, fixed palettes and dithering.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "avatar/palette.h"
#include "colour/colour_space.h"

using namespace pxav;

TEST_CASE("colour space: sRGB bytes survive the trip through linear light and OKLab", "[avatar][palette]") {
  for (int i = 0; i < 256; ++i) {
    const auto v = static_cast<uint8_t>(i);
    CHECK(linear_to_srgb8(srgb8_to_linear(v)) == v);
  }
  CHECK(linear_to_srgb8(-1.0) == 0);
  CHECK(linear_to_srgb8(2.0) == 255);
  CHECK(linear_to_srgb8(std::nan("")) == 0);
  for (const Rgb8 c : {Rgb8{0, 0, 0}, Rgb8{255, 255, 255}, Rgb8{255, 0, 0}, Rgb8{0, 255, 0}, Rgb8{0, 0, 255},
                       Rgb8{12, 200, 77}, Rgb8{250, 128, 3}}) {
    CHECK(oklab_to_srgb8(srgb8_to_oklab(c)) == c);
  }
  const Oklab white = srgb8_to_oklab({255, 255, 255});
  CHECK(white.L == Approx(1.0).margin(1e-6));
  CHECK(white.a == Approx(0.0).margin(1e-6));
}

TEST_CASE("colour space: the portable cube root matches std::cbrt", "[avatar][palette]") {
  for (double x : {1e-300, 1e-9, 0.001, 0.2, 0.5, 1.0, 2.0, 27.0, 1e12, -8.0, 123.456}) {
    CHECK(stable_cbrt(x) == Approx(std::cbrt(x)).epsilon(1e-15));
  }
  CHECK(stable_cbrt(0.0) == 0.0);
  CHECK(stable_cbrt(27.0) == 3.0);
}

TEST_CASE("palette: k-means recovers the colours of an image made of K flat colours", "[avatar][palette]") {
  const std::vector<Rgb8> truth = {{20, 20, 30},  {230, 220, 210}, {200, 40, 40},
                                   {40, 160, 60}, {50, 70, 200},   {240, 200, 40}};
  std::vector<Rgb8> samples;
  // Many samples of each, with a small deterministic jitter, in unequal numbers.
  for (size_t k = 0; k < truth.size(); ++k) {
    for (int i = 0; i < 100 + 37 * static_cast<int>(k); ++i) {
      Rgb8 c = truth[k];
      for (int ch = 0; ch < 3; ++ch) c[ch] = static_cast<uint8_t>(c[ch] + (i * (ch + 3)) % 7 - 3);
      samples.push_back(c);
    }
  }
  const auto palette = kmeans_palette(samples, static_cast<int>(truth.size()));
  REQUIRE(palette.ok());
  REQUIRE(palette->size() == truth.size());
  for (const Rgb8& t : truth) {
    double best = 1e9;
    for (const Rgb8& p : *palette)
      best = std::min(best, std::sqrt(squared_distance(srgb8_to_oklab(t), srgb8_to_oklab(p))));
    INFO("colour " << int(t[0]) << "," << int(t[1]) << "," << int(t[2]));
    CHECK(best < 0.02);  // OKLab distance: about two just-noticeable differences at most
  }
  // Deterministic: the same input gives the same palette, and it runs dark to light.
  const auto again = kmeans_palette(samples, static_cast<int>(truth.size()));
  REQUIRE(again.ok());
  CHECK(*again == *palette);
  CHECK(palette->front() == Rgb8{20, 20, 30});
}

TEST_CASE("palette: few distinct colours come back exactly", "[avatar][palette]") {
  const std::vector<Rgb8> samples = {{255, 0, 0}, {0, 0, 0}, {255, 0, 0}, {9, 9, 9}};
  const auto palette = kmeans_palette(samples, 16);
  REQUIRE(palette.ok());
  CHECK(*palette == std::vector<Rgb8>{{0, 0, 0}, {9, 9, 9}, {255, 0, 0}});
}

TEST_CASE("palette: a smooth gradient gets k distinct colours spread over it", "[avatar][palette]") {
  std::vector<Rgb8> ramp;
  for (int i = 0; i < 256; ++i) ramp.push_back({static_cast<uint8_t>(i), static_cast<uint8_t>(i / 2), 40});
  const auto palette = kmeans_palette(ramp, 8);
  REQUIRE(palette.ok());
  REQUIRE(palette->size() == 8u);
  CHECK(palette->front()[0] < 40);
  CHECK(palette->back()[0] > 215);
}

TEST_CASE("palette: fixed palettes by name", "[avatar][palette]") {
  CHECK(palette_names() == std::vector<std::string_view>{"pico8", "gameboy", "cga"});
  const auto pico = named_palette("pico8");
  REQUIRE(pico.ok());
  CHECK(pico->size() == 16u);
  CHECK(pico->at(8) == Rgb8{0xff, 0x00, 0x4d});
  const auto gb = named_palette("gameboy");
  REQUIRE(gb.ok());
  CHECK(gb->size() == 4u);
  const auto unknown = named_palette("nes");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::InvalidArgument);
  CHECK_THAT(unknown.error().message, Catch::Contains("known: pico8, gameboy, cga"));
  CHECK_FALSE(kmeans_palette(std::vector<Rgb8>{{1, 2, 3}}, 1).ok());
  CHECK_FALSE(kmeans_palette(std::vector<Rgb8>{}, 4).ok());
}

TEST_CASE("palette: mapping picks the nearest colour, dithering mixes the two nearest", "[avatar][palette]") {
  const std::vector<Rgb8> palette = {{0, 0, 0}, {255, 255, 255}, {255, 0, 0}};
  std::vector<PlacedColour> exact = {{{255, 0, 0}, 0, 0}, {{0, 0, 0}, 1, 0}, {{250, 250, 250}, 2, 0}};
  CHECK(map_to_palette(exact, palette, false) == std::vector<uint8_t>{2, 0, 1});
  CHECK(map_to_palette(exact, palette, true) == std::vector<uint8_t>{2, 0, 1});  // on a palette colour: no noise

  // Mid grey (halfway in OKLab lightness) over a 4x4 block: plain mapping paints it one colour,
  // Bayer dithering paints a mix of black and white.
  const Oklab black = srgb8_to_oklab({0, 0, 0}), white = srgb8_to_oklab({255, 255, 255});
  const Rgb8 grey = oklab_to_srgb8({(black.L + white.L) * 0.45, 0, 0});
  std::vector<PlacedColour> block;
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) block.push_back({grey, x, y});
  }
  const std::vector<Rgb8> black_white = {{0, 0, 0}, {255, 255, 255}};
  const auto plain = map_to_palette(block, black_white, false);
  CHECK(std::count(plain.begin(), plain.end(), plain[0]) == 16);
  const auto dithered = map_to_palette(block, black_white, true);
  const auto whites = std::count(dithered.begin(), dithered.end(), 1);
  const auto blacks = std::count(dithered.begin(), dithered.end(), 0);
  CHECK(whites + blacks == 16);
  CHECK(whites >= 6);
  CHECK(whites <= 8);
}
