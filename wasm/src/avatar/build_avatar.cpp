#include "avatar/build_avatar.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "avatar/cell_tidy.h"
#include "core/key_values.h"
#include "format/number_text.h"

namespace pxav {
namespace {

constexpr double kMaxExaggeration = 100;

Error option_error(std::string_view item, const std::string& why) {
  return make_error(ErrorCode::InvalidArgument, "option '" + std::string(item) + "': " + why);
}

// 'text' in quotes. Built by append: GCC 12 warns falsely (-Wrestrict, bug 105329) about
// "'" + std::string(...).
std::string quoted(std::string_view text) {
  std::string out(1, '\'');
  out.append(text).push_back('\'');
  return out;
}

std::optional<long> parse_int(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 9) return std::nullopt;
  long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

Status set_option(AvatarOptions& o, std::string_view key, std::string_view value, std::string_view item) {
  const auto int_in = [&](int& field, int lo, int hi) -> Status {
    const auto v = parse_int(value);
    if (!v) return option_error(item, quoted(value) + " is not a whole number");
    if (*v < lo || *v > hi)
      return option_error(item, std::to_string(*v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    field = static_cast<int>(*v);
    return Done{};
  };
  const auto bool_of = [&](bool& field) -> Status {
    const auto v = parse_bool(value);
    if (!v) return option_error(item, "expected 0, 1, true, false, yes, no, on or off");
    field = *v;
    return Done{};
  };
  const auto metres = [&](std::optional<double>& field) -> Status {
    const auto v = parse_number(value);
    if (!v) return option_error(item, quoted(value) + " is not a number of metres");
    if (!(*v > 0 && *v <= 1000)) return option_error(item, "must be above 0 and at most 1000 metres");
    field = *v;
    return Done{};
  };

  if (key == "grid") return int_in(o.grid, kMinGridCells, kMaxGridCells);
  if (key == "palette") return int_in(o.palette_size, kMinPaletteSize, kMaxPaletteSize);
  if (key == "layers") return int_in(o.layers, kMinLayers, kMaxLayers);
  if (key == "dither") return bool_of(o.dither);
  if (key == "matte") return bool_of(o.foreground.use_matte);
  if (key == "person") return bool_of(o.foreground.use_person);
  if (key == "near") return metres(o.foreground.near_m);
  if (key == "far") return metres(o.foreground.far_m);
  if (key == "palette-name") {
    auto palette = named_palette(value);
    if (!palette) return option_error(item, palette.error().message);
    o.palette_name = std::string(value);
    return Done{};
  }
  if (key == "exaggeration") {
    const auto v = parse_number(value);
    if (!v) return option_error(item, quoted(value) + " is not a number");
    if (!(*v > 0 && *v <= kMaxExaggeration)) return option_error(item, "must be above 0 and at most 100");
    o.exaggeration = *v;
    return Done{};
  }
  return option_error(
      item, "unknown key '" + std::string(key) +
                "' (known: grid, palette, palette-name, layers, exaggeration, dither, near, far, matte, person)");
}

// The options as "key=value" lines, in the parser's vocabulary, so a reader can see (and a tool
// can replay) how the avatar was made.
std::string options_text(const AvatarOptions& o, const std::string& foreground_source) {
  std::string text = "grid=" + std::to_string(o.grid) + "\n";
  text += o.palette_name.empty() ? "palette=" + std::to_string(o.palette_size) + "\n"
                                 : "palette-name=" + o.palette_name + "\n";
  text += "layers=" + std::to_string(o.layers) + "\n";
  text += "exaggeration=" + double_text(o.exaggeration) + "\n";
  text += std::string("dither=") + (o.dither ? "1" : "0") + "\n";
  if (o.foreground.near_m) text += "near=" + double_text(*o.foreground.near_m) + "\n";
  if (o.foreground.far_m) text += "far=" + double_text(*o.foreground.far_m) + "\n";
  text += std::string("matte=") + (o.foreground.use_matte ? "1" : "0") + "\n";
  // Only when switched off: files made before the person model existed read the same.
  if (!o.foreground.use_person) text += "person=0\n";
  text += "foreground=" + foreground_source;
  return text;
}

}  // namespace

Result<AvatarOptions> parse_avatar_options(std::string_view text) {
  auto items = parse_key_values(text);
  if (!items) return items.error();
  AvatarOptions options;
  for (size_t i = 0; i < items->size(); ++i) {
    const auto& [key, value] = (*items)[i];
    const std::string item = key + "=" + value;
    for (size_t j = 0; j < i; ++j) {
      if ((*items)[j].first == key) return option_error(item, quoted(key) + " is given twice");
    }
    if (Status s = set_option(options, key, value, item); !s) return s.error();
  }
  const auto& fg = options.foreground;
  if (fg.near_m && fg.far_m && !(*fg.near_m < *fg.far_m)) {
    return make_error(ErrorCode::InvalidArgument, "options: near (" + double_text(*fg.near_m) +
                                                      " m) must be less than far (" + double_text(*fg.far_m) + " m)");
  }
  return options;
}

Result<AvatarBuild> build_avatar(const DepthMap& depth, const RgbImage& colour, const Intrinsics& camera,
                                 const GreyImage* matte, const AvatarOptions& options,
                                 std::span<const SubjectHint> hints, const GreyImage* person) {
  if (depth.empty() || colour.width != depth.width || colour.height != depth.height) {
    return make_error(ErrorCode::InvalidArgument,
                      "avatar: the colour image (" + std::to_string(colour.width) + "x" +
                          std::to_string(colour.height) + ") must have the depth map's size (" +
                          std::to_string(depth.width) + "x" + std::to_string(depth.height) + ")");
  }
  if (!(options.exaggeration > 0 && options.exaggeration <= kMaxExaggeration)) {
    return make_error(ErrorCode::InvalidArgument, "avatar: exaggeration must be above 0 and at most 100");
  }
  if (camera.width <= 0 || camera.height <= 0) {
    return make_error(ErrorCode::InvalidArgument, "avatar: the camera intrinsics do not state their image size");
  }
  const Intrinsics k = camera.width == depth.width && camera.height == depth.height
                           ? camera
                           : rescale(camera, depth.width, depth.height);

  auto foreground = find_foreground_mask(depth, &colour, matte, options.foreground, hints, &k, person);
  if (!foreground) return foreground.error();
  auto grid = resample_to_grid(depth, colour, foreground->mask, k, options.grid);
  if (!grid) return grid.error();
  // Stray cells and spikes go, and their pixels leave the mask. The grid keeps its size: a cell
  // removed from its edge can leave an empty row or column there, which costs nothing in the
  // file and saves resampling the whole subject a second time.
  clear_cells(*grid, tidy_cells(*grid), foreground->mask);
  update_subject_range(depth, *foreground);  // of the mask as the cells left it

  std::vector<PlacedColour> placed;
  std::vector<const GridCell*> occupied;
  for (int y = 0; y < grid->height; ++y) {
    for (int x = 0; x < grid->width; ++x) {
      const GridCell& cell = grid->cells[static_cast<size_t>(y) * grid->width + x];
      if (!cell.occupied) continue;
      placed.push_back({cell.rgb, x, y});
      occupied.push_back(&cell);
    }
  }
  if (occupied.empty()) {
    return make_error(ErrorCode::InvalidArgument, "avatar: the subject is too thin for a " +
                                                      std::to_string(options.grid) +
                                                      "-cell grid (no cell is a quarter covered); try a smaller grid");
  }

  std::vector<Rgb8> cell_colours;
  for (const PlacedColour& p : placed) cell_colours.push_back(p.rgb);
  auto palette = options.palette_name.empty() ? kmeans_palette(cell_colours, options.palette_size)
                                              : named_palette(options.palette_name);
  if (!palette) return palette.error();
  const std::vector<uint8_t> colour_index = map_to_palette(placed, *palette, options.dither);

  auto spacing = layer_spacing(foreground->near_m, foreground->far_m, options.layers);
  if (!spacing) return spacing.error();

  AvatarBuild out;
  Avatar& a = out.avatar;
  a.grid_width = grid->width;
  a.grid_height = grid->height;
  a.layer_count = options.layers;
  a.cell_size_m = static_cast<float>(grid->cell_size_m);
  a.layer_step_m = static_cast<float>(spacing->step_m);
  a.near_m = static_cast<float>(spacing->near_m);
  a.exaggeration = static_cast<float>(options.exaggeration);
  a.palette = std::move(*palette);
  a.cells.reserve(placed.size());
  for (size_t i = 0; i < placed.size(); ++i) {
    AvatarCell cell;
    cell.x = static_cast<uint16_t>(placed[i].x);
    cell.y = static_cast<uint16_t>(placed[i].y);
    cell.layer = static_cast<uint8_t>(layer_of(*spacing, occupied[i]->z_m));
    cell.colour = colour_index[i];
    a.cells.push_back(cell);
  }
  a.options = options_text(options, foreground->source);
  out.foreground = std::move(*foreground);
  out.grid = std::move(*grid);
  return out;
}

}  // namespace pxav
