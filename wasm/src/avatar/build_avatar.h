// The whole way from a depth photo's pixels to a pixel avatar: find the subject, resample it into
// the grid, choose the palette, paint the cells, put them on layers. Also the one parser for the
// avatar options, shared by the CLI flags and the wasm API so both accept exactly the same text.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "avatar/avatar.h"
#include "avatar/foreground.h"
#include "avatar/grid.h"
#include "avatar/layers.h"
#include "avatar/palette.h"
#include "core/camera.h"
#include "core/image.h"
#include "core/result.h"

namespace pxav {

struct AvatarOptions {
  int grid = kDefaultGridCells;                // cells along the subject's long side, 16..256
  int palette_size = kDefaultPaletteSize;      // k-means colours, 2..256 (ignored with palette_name)
  std::string palette_name;                    // a fixed palette (see palette.h); empty = k-means
  int layers = kDefaultLayers;                 // 2..64
  double exaggeration = kDefaultExaggeration;  // (0, 100]
  bool dither = false;
  ForegroundOptions foreground;
};

// Parses "key=value" items separated by newlines, spaces or '&' (core/key_values.h); keys not
// given keep their defaults. Keys and values:
//   grid=16..256  palette=2..256  palette-name=pico8|gameboy|cga  layers=2..64
//   exaggeration=(0,100]  dither=0|1|true|false|yes|no|on|off  near=<metres>  far=<metres>
//   matte=<as dither>  person=<as dither> (a person model's mask joins the cut when one is given)
// Errors (InvalidArgument) name the offending item: unknown key, missing '=', repeated key,
// malformed number, out-of-range value, near not below far.
Result<AvatarOptions> parse_avatar_options(std::string_view text);

struct AvatarBuild {
  Avatar avatar;
  Foreground foreground;  // the mask and histogram, for the page to show
  CellGrid grid;          // where each cell lies on the depth map (cell_pixels), and what it sampled
};

// depth and colour must have the same size; camera may refer to another resolution of the same
// view and is rescaled. matte (optional) has the depth map's size; hints (upright, depth pixels)
// are where the camera says the subject is; person (optional, the depth map's size) is a person
// model's confidence where it saw a person. Avatar::options records the options used, one
// "key=value" a line, plus "foreground=<source>".
Result<AvatarBuild> build_avatar(const DepthMap& depth, const RgbImage& colour, const Intrinsics& camera,
                                 const GreyImage* matte, const AvatarOptions& options,
                                 std::span<const SubjectHint> hints = {}, const GreyImage* person = nullptr);

}  // namespace pxav
