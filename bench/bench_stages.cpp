// The pipeline stage by stage on pug.heic, built twice from this one file: natively, and as a
// node program of the wasm build (build/wasm/bench/bench_stages.js, reading files through
// NODERAWFS). bench/bench-stages.mjs runs the two alternately and prints each stage's
// wasm/native ratio, which says where the wasm build loses time, stage by stage.
// Prints JSON: for each stage the fastest of --runs runs after a warm-up, in milliseconds.
// The inputs of every stage come from the pipeline (pipeline.h); the pipeline's own steps are
// timed through it, and the stages inside them are called one at a time, never strung together.
// --stage NAME times only the stages whose name contains NAME: a profiler (perf natively,
// node --cpu-prof on a --profiling-funcs link) then sees that stage alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "avatar/depth_ranks.h"
#include "avatar/foreground.h"
#include "avatar/grid.h"
#include "avatar/palette.h"
#include "avatar/subject_cut.h"
#include "bench_support.h"
#include "depth/metric_depth.h"
#include "format/avatar_file.h"
#include "pipeline/pipeline.h"

using namespace pxav;
using bench::read_whole;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_stages: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = "../shared/data/real/pug.heic";
  int runs = 5;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--stage") && i + 1 < argc)
      only = argv[++i];
    else
      path = argv[i];
  }
  const std::vector<uint8_t> bytes = read_whole(path);
  if (bytes.empty()) {
    std::printf("{\"skipped\":\"%s is absent\"}\n", path);
    return 0;
  }
  const InputFile files[] = {{path, bytes, ""}};
  auto opened = open_photo(files, OpenOptions{});
  if (!opened) die(opened.error().message);
  const DepthPhoto* photo = &opened->photo;
  const DepthMap& d = opened->depth;
  const AvatarOptions defaults;
  auto fg = find_foreground(d, &photo->colour, nullptr, defaults.foreground);
  if (!fg) die(fg.error().message);
  const Intrinsics camera = rescale(photo->camera, d.width, d.height);
  auto grid = resample_to_grid(d, photo->colour, fg->mask, camera, defaults.grid);
  if (!grid) die(grid.error().message);
  std::vector<PlacedColour> placed;
  std::vector<Rgb8> colours;
  for (int y = 0; y < grid->height; ++y)
    for (int x = 0; x < grid->width; ++x)
      if (const GridCell& c = grid->cells[static_cast<size_t>(y) * grid->width + x]; c.occupied) {
        placed.push_back({c.rgb, x, y});
        colours.push_back(c.rgb);
      }
  auto palette = kmeans_palette(colours, defaults.palette_size);
  if (!palette) die(palette.error().message);
  auto build = make_avatar(*opened, defaults);
  if (!build) die(build.error().message);

  OpenOptions depth_only;
  depth_only.decode_colour = false;
  auto without_colour = open_photo(files, depth_only);
  if (!without_colour) die(without_colour.error().message);
  const ColourParts parts = without_colour->photo.colour_parts;
  const DepthSamples all{d.z};
  const DepthCounts counts = count_depths(all);
  const int heavy = std::max(1, runs / 3);  // the decoding stages take 100 times longer
  const int light = runs * 4;
  struct Stage {
    const char* name;
    int runs;
    std::function<void()> work;
  };
  const Stage stages[] = {
      {"open without colour (depth, calibration)", runs, [&] { (void)open_photo(files, depth_only); }},
      {"decode colour (all tiles)", heavy,
       [&] { (void)decode_colour_part(files, depth_only, parts.width, parts.height, 0, 1); }},
      {"metric depth", runs, [&] { (void)to_metric_depth(photo->depth, photo->encoding, photo->camera); }},
      {"unproject", runs, [&] { (void)make_points(*opened); }},
      {"count depths", light, [&] { (void)count_depths(all); }},
      {"two depth ranks", light,
       [&] { (void)depth_ranks(all, counts, counts.count / 200, counts.count - counts.count / 200); }},
      {"foreground", light, [&] { (void)find_foreground(d, &photo->colour, nullptr, defaults.foreground); }},
      {"  flying pixels", light,
       [&] {
         GreyImage m = fg->mask;
         drop_flying_pixels(d, kFlyingPixelJump, m);
       }},
      {"  largest component", light,
       [&] {
         GreyImage m = fg->mask;
         keep_largest_component(m);
       }},
      {"  subject cut (graph cut on cells)", light,
       [&] {
         (void)cut_subject(SubjectCutInputs{&d, &camera, &photo->colour, nullptr, {}});
       }},
      {"  colour band", light,
       [&] {
         GreyImage m = fg->mask;
         refine_edges_by_colour(d, photo->colour, std::max(colour_band_width(d), subject_cut_cell_size(d)), m);
       }},
      {"grid", light, [&] { (void)resample_to_grid(d, photo->colour, fg->mask, camera, defaults.grid); }},
      {"k-means palette", light, [&] { (void)kmeans_palette(colours, defaults.palette_size); }},
      {"map to palette", light, [&] { (void)map_to_palette(placed, *palette, false); }},
      {"avatar file", light, [&] { (void)write_avatar_file(build->avatar); }},
      {"quantise (make_avatar)", light, [&] { (void)make_avatar(*opened, defaults); }},
  };
  std::printf("{");
  const char* separator = "";
  for (const Stage& stage : stages) {
    if (std::string(stage.name).find(only) == std::string::npos) continue;
    std::printf("%s\"%s\":%.4f", separator, stage.name, bench::time_ms(stage.runs, stage.work).fastest);
    separator = ",";
  }
  std::printf("}\n");
  return 0;
}
