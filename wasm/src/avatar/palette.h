// The avatar's small set of colours and how cells are painted with it. A palette is either
// learned from the subject (k-means++ in OKLab, seeded with a fixed number so the same photo
// always gives the same palette) or one of a few fixed retro palettes:
//   "pico8"    the 16 colours of the PICO-8 fantasy console
//   "gameboy"  the original Game Boy's 4 greens
//   "cga"      the 16 colours of the IBM CGA/EGA text palette
// Mapping a cell to the palette can use ordered (4x4 Bayer) dithering between the two nearest
// palette colours, which keeps gradients readable with very few colours.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "colour/colour_space.h"
#include "core/result.h"

namespace pxav {

constexpr int kMinPaletteSize = 2;
constexpr int kMaxPaletteSize = 256;
constexpr int kDefaultPaletteSize = 16;
// Lloyd iterations stop when no assignment changes, or after this many.
constexpr int kMaxKmeansIterations = 32;
constexpr uint64_t kPaletteSeed = 0x5058'4156'5041'4c31;  // "PXAVPAL1"

// The names named_palette() knows, in the order listed above.
std::vector<std::string_view> palette_names();

// Error InvalidArgument for an unknown name (the message lists the known ones).
Result<std::vector<Rgb8>> named_palette(std::string_view name);

// At most k colours summarising `colours` (each entry is one sample, repeats weigh more). When
// the input has k or fewer distinct colours they are returned exactly. The result has no
// duplicates and runs from dark to light. Errors: InvalidArgument for k outside
// kMinPaletteSize..kMaxPaletteSize or no colours.
Result<std::vector<Rgb8>> kmeans_palette(std::span<const Rgb8> colours, int k, uint64_t seed = kPaletteSeed);

// A colour to be painted and where it sits on the grid (the position picks the dither threshold).
struct PlacedColour {
  Rgb8 rgb{};
  int x = 0, y = 0;
};

// Index of the palette colour nearest in OKLab to each input colour; with dither, each colour is
// shown as a Bayer-ordered mix of its two nearest palette colours in proportion to where it lies
// between them. palette must not be empty and has at most 256 entries.
std::vector<uint8_t> map_to_palette(std::span<const PlacedColour> colours, std::span<const Rgb8> palette, bool dither);

}  // namespace pxav
