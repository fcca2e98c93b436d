// How well the subject cut works without a matte. For every photo in ../shared/data that carries
// Apple's portrait matte, the depth-only cut (what `--no-matte` makes) is scored against the
// matte at depth resolution; for every generated scene of synth/subject_scenes.h, against its
// known subject. Everything goes through the pipeline (open_photo, make_avatar), as the CLI does.
//
//   IoU      |cut and reference| / |cut or reference|, the reference being the matte (>= 128)
//            where the depth is valid, since no cut can keep a pixel without depth
//   outside  avatar cells whose sampled subject pixels lie mostly (more than half) outside the
//            reference, as a share of all cells: what a viewer sees as "not me"
//   islands  cells not 4-connected to the avatar's largest group of cells
//   spikes   cells with at most one occupied 4-neighbour (the tip of a one-cell-wide spike)
//
//   build/native/bench/cut_score [--data DIR] [--dump DIR] [--only NAME]
//   (--dump writes each cut as a PNG; --only scores the photos and scenes whose name holds NAME)
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "avatar/cut_measure.h"
#include "image_files/png_io.h"
#include "io/file_io.h"
#include "pipeline/pipeline.h"
#include "synth/heic_writer.h"
#include "synth/subject_scenes.h"

using namespace pxav;

namespace {

struct Score {
  double iou = 0;
  size_t cells = 0, outside = 0, islands = 0, spikes = 0;
};

// Cells not in the largest 4-connected group, and spike tips, on the avatar's grid.
void count_stray_cells(const Avatar& a, Score& score) {
  const int w = a.grid_width, h = a.grid_height;
  std::vector<int> occupied(static_cast<size_t>(w) * h, -1);
  for (size_t i = 0; i < a.cells.size(); ++i) occupied[static_cast<size_t>(a.cells[i].y) * w + a.cells[i].x] = 0;
  const auto at = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < w && y < h && occupied[static_cast<size_t>(y) * w + x] >= 0;
  };
  std::vector<size_t> sizes{0};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      if (occupied[static_cast<size_t>(y) * w + x] != 0) continue;
      const int label = static_cast<int>(sizes.size());
      sizes.push_back(0);
      std::vector<std::pair<int, int>> stack{{x, y}};
      occupied[static_cast<size_t>(y) * w + x] = label;
      while (!stack.empty()) {
        const auto [px, py] = stack.back();
        stack.pop_back();
        ++sizes[label];
        for (const auto& [dx, dy] : {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}})
          if (at(px + dx, py + dy) && occupied[static_cast<size_t>(py + dy) * w + px + dx] == 0) {
            occupied[static_cast<size_t>(py + dy) * w + px + dx] = label;
            stack.push_back({px + dx, py + dy});
          }
      }
    }
  const size_t largest = *std::max_element(sizes.begin(), sizes.end());
  score.islands = a.cells.size() - largest;
  for (const AvatarCell& c : a.cells) {
    const int n = at(c.x - 1, c.y) + at(c.x + 1, c.y) + at(c.x, c.y - 1) + at(c.x, c.y + 1);
    score.spikes += n <= 1;
  }
}

Score score_cut(const DepthMap& depth, const AvatarBuild& b, const GreyImage& reference) {
  Score s;
  s.iou = cut_iou(depth, b.foreground.mask, reference);
  s.cells = b.avatar.cells.size();
  s.outside = cells_outside(b, depth, reference);
  count_stray_cells(b.avatar, s);
  return s;
}

void print_row(const std::string& name, const std::string& reference, const Score& s) {
  std::printf("%-34s %-8s %7.4f %6zu %8zu %6.2f%% %8zu %7zu\n", name.c_str(), reference.c_str(), s.iou, s.cells,
              s.outside, s.cells ? 100.0 * s.outside / s.cells : 0.0, s.islands, s.spikes);
}

void dump(const std::string& dir, const std::string& name, const GreyImage& mask) {
  if (dir.empty()) return;
  std::string file = name;
  std::replace(file.begin(), file.end(), '/', '_');
  if (auto png = encode_png_grey(mask)) (void)write_file(dir + "/" + file + ".cut.png", *png);
}

AvatarOptions depth_only() {
  AvatarOptions o;
  o.foreground.use_matte = false;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "../shared/data", dump_dir, only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc)
      data = argv[++i];
    else if (!std::strcmp(argv[i], "--dump") && i + 1 < argc)
      dump_dir = argv[++i];
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
      only = argv[++i];
    else {
      std::fprintf(stderr, "usage: cut_score [--data DIR] [--dump DIR] [--only NAME]\n");
      return 2;
    }
  }
  std::printf("%-34s %-8s %7s %6s %8s %7s %8s %7s\n", "photo (depth-only cut)", "against", "IoU", "cells", "outside",
              "share", "islands", "spikes");
  int failures = 0;
  for (const char* relative :
       {"real/selfie_front_truedepth.heic", "real/pug.heic", "jpeg/vase_portrait_disparity.jpg"}) {
    if (std::string(relative).find(only) == std::string::npos) continue;
    const std::string path = data + "/" + relative;
    auto bytes = read_file(path);
    if (!bytes) {
      std::printf("%-34s SKIPPED: %s is absent\n", relative, path.c_str());
      continue;
    }
    const InputFile files[] = {{path, *bytes, ""}};
    auto photo = open_photo(files, OpenOptions{});
    auto build = photo ? make_avatar(*photo, depth_only()) : Result<AvatarBuild>(photo.error());
    if (!build) {
      std::printf("%-34s error: %s\n", relative, build.error().message.c_str());
      ++failures;
      continue;
    }
    dump(dump_dir, relative, build->foreground.mask);
    if (!photo->photo.portrait_matte) {
      Score s;
      s.cells = build->avatar.cells.size();
      count_stray_cells(build->avatar, s);
      std::printf("%-34s %-8s %7s %6zu %8s %7s %8zu %7zu\n", relative, "(none)", "-", s.cells, "-", "-", s.islands,
                  s.spikes);
      continue;
    }
    print_row(relative, "matte", score_cut(photo->depth, *build, *photo->photo.portrait_matte));
    // The avatar the matte itself makes, for its stray cells.
    if (auto matte_build = make_avatar(*photo, AvatarOptions{})) {
      Score s;
      s.cells = matte_build->avatar.cells.size();
      count_stray_cells(matte_build->avatar, s);
      std::printf("%-34s %-8s %7s %6zu %8s %7s %8zu %7zu\n", "  the same, cut by the matte", "-", "-", s.cells, "-",
                  "-", s.islands, s.spikes);
    }
  }
  for (std::string_view name : subject_scene_names()) {
    if (std::string(name).find(only) == std::string::npos) continue;
    const SyntheticScene scene = make_subject_scene(name);
    auto heic = write_heic(scene, HeicWriteOptions{});
    if (!heic) {
      std::printf("%-34s error: %s\n", std::string(name).c_str(), heic.error().message.c_str());
      ++failures;
      continue;
    }
    const std::string file = std::string(name) + ".heic";
    const InputFile files[] = {{file, *heic, ""}};
    auto photo = open_photo(files, OpenOptions{});
    auto build = photo ? make_avatar(*photo, depth_only()) : Result<AvatarBuild>(photo.error());
    if (!build) {
      std::printf("%-34s error: %s\n", file.c_str(), build.error().message.c_str());
      ++failures;
      continue;
    }
    dump(dump_dir, "scene_" + std::string(name), build->foreground.mask);
    print_row("scene " + std::string(name), "truth", score_cut(photo->depth, *build, scene.subject));
  }
  return failures ? 1 : 0;
}
