// How well the subject cut works without a matte. For every photo in ../shared/data that carries
// Apple's portrait matte, the depth-only cut (what `--no-matte` makes) is scored against the
// matte at depth resolution; for every generated scene of synth/subject_scenes.h, against its
// known subject; for every RGB-D saliency sample in ../shared/data/rgbd_sod (RGB + relative depth
// + a hand-made mask), with the benchmark's own scores (avatar/saliency_scores.h) beside the
// published classical methods' range. Everything goes through the pipeline (open_photo,
// make_avatar), as the CLI does.
//
//   IoU      |cut and reference| / |cut or reference|, the reference being the matte (>= 128)
//            where the depth is valid, since no cut can keep a pixel without depth
//   outside  avatar cells whose sampled subject pixels lie mostly (more than half) outside the
//            reference, as a share of all cells: what a viewer sees as "not me"
//   islands  cells not 4-connected to the avatar's largest group of cells
//   spikes   cells with at most one occupied 4-neighbour (the tip of a one-cell-wide spike)
//
//   rgbd_sod: S (S-measure), F (F-measure, beta^2 = 0.3, of the cut as it is), MAE, IoU,
//   precision, recall per sample; per dataset and overall the mean S, MAE and IoU and the max F of
//   the averaged F curve (for a binary cut, the mean of the F at the mask). Opened as a colour +
//   depth pair with relative depth (encoding=disparity lo=0.25 hi=1, no camera: fov=60) and each
//   dataset's polarity (rgbd_sod/README.md).
//
//   build/native/bench/cut_score [--data DIR] [--dump DIR] [--dump-seed DIR] [--only NAME]
//                                [--score-masks DIR] [--label TEXT]
//   --dump       writes each final cut as KEY.cut.png (and a generated scene's subject as KEY.truth.png)
//   --dump-seed  writes the subject cut's starting mask (subject_cut_seed) as KEY.seed.png, and the
//                colour at depth size as KEY.colour.png, for bench/grabcut_opencv.py
//   --score-masks  scores masks another tool wrote (DIR/KEY.png, 255 = subject) instead of our cut:
//                the rgbd_sod table and the matte photos' IoU, the same metrics (grabCut's anchor)
//   --only       scores the photos, scenes and samples whose name holds NAME
//   --label      the name printed above the tables (the code before and after in one run)
//   --person-model  the person model (a .tflite) looks at every photo the cut decides, as the CLI's
//                default does (without it: the depth cut alone, the "depth only" figures)
//   --face-model    the face detector that travels with it (default: the fetched file); stderr
//                says per photo what the person model decided and which faces the detector found
// KEY is the file's path under the data folder with '/' as '_' (real_pug.heic), or DATASET_NAME
// for an rgbd_sod sample. Built with PXAV_CUT_BEFORE (bench/cut-before.sh), it compiles against
// the code before the subject cut (bdc7758): no seed, and every depth map handed over as an 8-bit
// PGM already brighter = nearer, since that reader takes neither JPEG depth nor polarity=.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "avatar/cut_measure.h"
#include "avatar/saliency_scores.h"
#include "image_files/png_io.h"
#include "image_files/read_image.h"
#include "io/file_io.h"
#include "pipeline/pipeline.h"
#include "synth/heic_writer.h"
#include "synth/subject_scenes.h"
#ifndef PXAV_CUT_BEFORE
#include "avatar/subject_cut.h"
#endif

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
  std::printf("%-38s %-8s %7.4f %6zu %8zu %6.2f%% %8zu %7zu\n", name.c_str(), reference.c_str(), s.iou, s.cells,
              s.outside, s.cells ? 100.0 * s.outside / s.cells : 0.0, s.islands, s.spikes);
}

std::string key_of(const std::string& name) {
  std::string file = name;
  std::replace(file.begin(), file.end(), '/', '_');
  return file;
}

void dump(const std::string& dir, const std::string& name, const GreyImage& mask, const char* suffix = ".cut.png") {
  if (dir.empty()) return;
  if (auto png = encode_png_grey(mask)) (void)write_file(dir + "/" + key_of(name) + suffix, *png);
}

// The cut's starting mask and the colour it sees, for OpenCV's grabCut from the same start.
void dump_seed(const std::string& dir, const std::string& name, const MetricPhoto& photo) {
  if (dir.empty()) return;
#ifndef PXAV_CUT_BEFORE
  SubjectCutInputs in;
  in.depth = &photo.depth;
  in.colour = photo.photo.colour.empty() ? nullptr : &photo.photo.colour;
  in.hints = photo.photo.subject_hints;
  auto seed = subject_cut_seed(in);
  if (!seed) {
    std::printf("%-38s seed error: %s\n", name.c_str(), seed.error().message.c_str());
    return;
  }
  dump(dir, name, *seed, ".seed.png");
  if (auto png = encode_png_rgb(photo.photo.colour)) (void)write_file(dir + "/" + key_of(name) + ".colour.png", *png);
#else
  (void)name;
  (void)photo;
#endif
}

Result<GreyImage> read_grey_file(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  auto image = read_image(*bytes, path);
  if (!image) return image.error();
  return to_grey8(*image);
}

AvatarOptions depth_only() {
  AvatarOptions o;
  o.foreground.use_matte = false;
  return o;
}

// The person model, when given, looks at a photo before its avatar is built, as the CLI does.
#ifndef PXAV_CUT_BEFORE
using PersonModelPtr = const PersonModel*;
// What it saw goes to stderr, one line a photo: the decision and the faces the detector found.
void look_for_person(MetricPhoto& photo, PersonModelPtr model, const std::string& key) {
  if (!model || !person_model_wanted(photo, depth_only())) return;
  (void)find_person(photo, *model);
  if (!photo.person) return;
  std::string faces;
  for (const SubjectHint& f : photo.person->faces) {
    char text[96];
    std::snprintf(text, sizeof text, " [%.1f, %.1f, %.1f x %.1f]", f.x, f.y, f.width, f.height);
    faces += text;
  }
  std::fprintf(stderr, "cut_score: %s: %s; %zu face%s from the face model%s\n", key.c_str(),
               photo.person->reason.c_str(), photo.person->faces.size(), photo.person->faces.size() == 1 ? "" : "s",
               faces.c_str());
}
#else
using PersonModelPtr = const void*;
void look_for_person(MetricPhoto&, PersonModelPtr, const std::string&) {}
#endif

// ---- rgbd_sod: RGB + relative depth + a hand-made mask ------------------------------------------

struct SodDataset {
  const char* folder;
  bool far_bright;        // rgbd_sod/README.md's polarity table
  const char* classical;  // BBS-Net's Table 1, classical methods LHM..SE on the full test set
};

constexpr SodDataset kSodDatasets[] = {
    {"NJU2K", false, "S .514-.748, max F .621-.775, MAE .153-.283 (500 images)"},
    {"NJU2K-RFNet", true, "(NJU2K photos, depth stored the other way)"},
    {"DES", true, "S .578-.741, max F .511-.788, MAE .090-.299 (135 images)"},
    {"SSD", true, "S .562-.704, max F .535-.740, MAE .165-.308 (80 images)"},
    {"DUT-RGBD", false, "(not in the table)"},
};

constexpr const char* kSodDepth = "encoding=disparity lo=0.25 hi=1 fov=60";

std::vector<uint8_t> pgm8(int w, int h, const std::vector<uint8_t>& pixels) {
  const std::string header = "P5\n" + std::to_string(w) + " " + std::to_string(h) + "\n255\n";
  std::vector<uint8_t> file(header.begin(), header.end());
  file.insert(file.end(), pixels.begin(), pixels.end());
  return file;
}

// DES ships its depth as 8-bit palette BMP, which no reader takes: its grey as PGM bytes.
Result<std::vector<uint8_t>> bmp8_to_pgm(const std::vector<uint8_t>& b) {
  const auto u32 = [&](size_t o) {
    return uint32_t{b[o]} | uint32_t{b[o + 1]} << 8 | uint32_t{b[o + 2]} << 16 | uint32_t{b[o + 3]} << 24;
  };
  const auto u16 = [&](size_t o) { return static_cast<uint16_t>(b[o] | b[o + 1] << 8); };
  if (b.size() < 54 || b[0] != 'B' || b[1] != 'M') return make_error(ErrorCode::UnsupportedFormat, "not a BMP file");
  const uint32_t offset = u32(10), header = u32(14);
  const int w = static_cast<int>(u32(18)), signed_h = static_cast<int32_t>(u32(22));
  const int h = std::abs(signed_h);
  if (u16(28) != 8 || u32(30) != 0 || w <= 0 || h <= 0)
    return make_error(ErrorCode::Unsupported, "only uncompressed 8-bit BMP depth maps are read");
  const size_t stride = (static_cast<size_t>(w) + 3) / 4 * 4;
  const size_t palette = 14 + header, entries = u32(46) ? u32(46) : 256;
  if (offset + stride * h > b.size() || palette + entries * 4 > offset)
    return make_error(ErrorCode::Corrupt, "the BMP file is shorter than its header, palette and pixels");
  std::vector<uint8_t> grey(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y) {
    const size_t row = offset + stride * static_cast<size_t>(signed_h > 0 ? h - 1 - y : y);
    for (int x = 0; x < w; ++x) {
      const size_t index = b[row + x];  // palette entries are B, G, R, 0: a grey palette's G is the grey
      grey[static_cast<size_t>(y) * w + x] = index < entries ? b[palette + index * 4 + 1] : 0;
    }
  }
  return pgm8(w, h, grey);
}

// The depth map as 8-bit grey, brighter = nearer: the README's floor (the map itself as the
// saliency prediction), and what the reader before is handed, since it took PNG and PGM depth
// without polarity=.
Result<GreyImage> near_bright_grey(const std::vector<uint8_t>& bytes, const std::string& name, bool far_bright) {
  auto image = read_image(bytes, name);
  if (!image) return image.error();
  auto grey = to_grey8(*image);
  if (!grey) return grey.error();
  if (far_bright)
    for (uint8_t& v : grey->pixels) v = static_cast<uint8_t>(255 - v);
  return grey;
}

struct SodSample {
  std::string dataset, name, key;
  std::string rgb_path, depth_path, gt_path;
  bool far_bright = false;
};

std::vector<SodSample> sod_samples(const std::string& data, const std::string& only) {
  namespace fs = std::filesystem;
  std::vector<SodSample> out;
  for (const SodDataset& d : kSodDatasets) {
    const fs::path root = fs::path(data) / "rgbd_sod" / d.folder;
    std::error_code ec;
    std::vector<fs::path> rgbs;
    for (const auto& e : fs::directory_iterator(root / "rgb", ec)) rgbs.push_back(e.path());
    std::sort(rgbs.begin(), rgbs.end());
    for (const fs::path& rgb : rgbs) {
      SodSample s;
      s.dataset = d.folder;
      s.name = rgb.stem().string();
      s.key = s.dataset + "_" + s.name;
      if (s.key.find(only) == std::string::npos) continue;
      s.rgb_path = rgb.string();
      for (const char* ext : {".png", ".jpg", ".bmp", ".pgm"})
        if (fs::exists(root / "depth" / (s.name + ext))) s.depth_path = (root / "depth" / (s.name + ext)).string();
      s.gt_path = (root / "gt" / (s.name + ".png")).string();
      s.far_bright = d.far_bright;
      out.push_back(s);
    }
  }
  return out;
}

struct DepthFile {
  std::string name;
  std::vector<uint8_t> bytes;
};

// The depth map's file as a reader takes it (DES's BMP as PGM).
Result<DepthFile> read_sod_depth(const SodSample& s) {
  auto depth = read_file(s.depth_path);
  if (!depth) return depth.error();
  DepthFile f{std::filesystem::path(s.depth_path).filename().string(), std::move(*depth)};
  if (f.name.ends_with(".bmp")) {
    auto pgm = bmp8_to_pgm(f.bytes);
    if (!pgm) return make_error(pgm.error().code, f.name + ": " + pgm.error().message);
    f.bytes = std::move(*pgm);
    f.name += ".pgm";
  }
  return f;
}

Result<MetricPhoto> open_sod(const SodSample& s) {
  auto rgb = read_file(s.rgb_path);
  if (!rgb) return rgb.error();
  auto depth_file = read_sod_depth(s);
  if (!depth_file) return depth_file.error();
  std::vector<uint8_t>* depth = &depth_file->bytes;
  std::string depth_name = depth_file->name;
  OpenOptions options;
  options.settings[kDepthSettings] = kSodDepth;
#ifdef PXAV_CUT_BEFORE
  auto grey = near_bright_grey(*depth, depth_name, s.far_bright);
  if (!grey) return grey.error();
  *depth = pgm8(grey->width, grey->height, grey->pixels);
  depth_name += ".pgm";
#else
  options.settings[kDepthSettings] +=
      s.far_bright ? " relative=1 polarity=far-bright" : " relative=1 polarity=near-bright";
#endif
  const InputFile files[] = {{std::filesystem::path(s.rgb_path).filename().string(), *rgb, ""},
                             {depth_name, *depth, "depth"}};
  return open_photo(files, options);
}

struct SodTotals {
  SaliencySet set;
  double f = 0, iou = 0, precision = 0, recall = 0;
};

void add(SodTotals& t, const SaliencyImageScores& s, const BinaryCutScores& b) {
  add_image(t.set, s);
  t.f += b.f;
  t.iou += b.iou;
  t.precision += b.precision;
  t.recall += b.recall;
}

void print_sod_header(const std::string& what) {
  std::printf("\n%s\n%-38s %7s %7s %7s %7s %7s %7s\n", what.c_str(), "sample", "S", "F", "MAE", "IoU", "prec",
              "recall");
}

void print_sod_mean(const std::string& what, const SodTotals& t) {
  const SaliencySummary m = summarise(t.set);
  if (!m.images) return;
  const double n = static_cast<double>(m.images);
  std::printf("%-38s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f   (max F %.3f, max E %.3f, %zu)\n", what.c_str(), m.s_measure,
              t.f / n, m.mae, t.iou / n, t.precision / n, t.recall / n, m.max_f, m.max_e, m.images);
}

// Scores each sample's mask: ours (a cut made here, when masks_dir is empty) or another tool's.
int sod_table(const std::string& data, const std::string& only, const std::string& masks_dir,
              const std::string& dump_dir, const std::string& seed_dir, const std::string& label,
              PersonModelPtr person = nullptr) {
  const std::vector<SodSample> samples = sod_samples(data, only);
  if (samples.empty()) {
    if (!std::filesystem::exists(data + "/rgbd_sod"))
      std::printf("\nrgbd_sod: SKIPPED: %s/rgbd_sod is absent\n", data.c_str());
    return 0;
  }
  print_sod_header("rgbd_sod, " + label);
  int failures = 0;
  std::map<std::string, SodTotals> per_dataset;
  SodTotals all;
  SaliencySet floor;  // the depth map itself as the prediction
  for (const SodSample& s : samples) {
    auto gt = read_grey_file(s.gt_path);
    if (!gt) {
      std::printf("%-38s error: %s\n", s.key.c_str(), gt.error().message.c_str());
      ++failures;
      continue;
    }
    GreyImage mask;
    if (masks_dir.empty()) {
      auto photo = open_sod(s);
      if (photo) look_for_person(*photo, person, s.key);
      auto build = photo ? make_avatar(*photo, depth_only()) : Result<AvatarBuild>(photo.error());
      if (!build) {
        std::printf("%-38s error: %s\n", s.key.c_str(), build.error().message.c_str());
        ++failures;
        continue;
      }
      mask = std::move(build->foreground.mask);
      dump(dump_dir, s.key, mask);
      dump_seed(seed_dir, s.key, *photo);
    } else {
      auto theirs = read_grey_file(masks_dir + "/" + s.key + ".png");
      if (!theirs) {
        std::printf("%-38s no mask: %s\n", s.key.c_str(), theirs.error().message.c_str());
        continue;
      }
      mask = std::move(*theirs);
    }
    auto scores = score_saliency(mask, *gt);
    auto binary = score_binary_cut(mask, *gt);
    if (!scores || !binary) {
      std::printf("%-38s error: %s\n", s.key.c_str(), (scores ? binary.error() : scores.error()).message.c_str());
      ++failures;
      continue;
    }
    std::printf("%-38s %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f\n", s.key.c_str(), scores->s_measure, binary->f, scores->mae,
                binary->iou, binary->precision, binary->recall);
    add(per_dataset[s.dataset], *scores, *binary);
    add(all, *scores, *binary);
    if (masks_dir.empty()) {
      auto depth_file = read_sod_depth(s);
      auto grey = depth_file ? near_bright_grey(depth_file->bytes, depth_file->name, s.far_bright)
                             : Result<GreyImage>(depth_file.error());
      auto as_saliency = grey ? score_saliency(*grey, *gt) : Result<SaliencyImageScores>(grey.error());
      if (as_saliency) add_image(floor, *as_saliency);
    }
  }
  for (const SodDataset& d : kSodDatasets)
    if (per_dataset.count(d.folder)) print_sod_mean(std::string("  mean ") + d.folder, per_dataset[d.folder]);
  print_sod_mean("  mean, all samples", all);
  std::printf("  published classical methods (LHM..SE, full test sets): all seven sets S .511-.805;\n");
  for (const SodDataset& d : kSodDatasets) std::printf("    %-12s %s\n", d.folder, d.classical);
  std::printf(
      "  floor on these 13 samples: the depth map itself as saliency S 0.524, max F 0.512, max E 0.729, "
      "MAE 0.382\n");
  if (floor.images) {
    const SaliencySummary f = summarise(floor);
    std::printf("    the same, computed here on %zu samples: S %.3f, max F %.3f, max E %.3f, MAE %.3f\n", f.images,
                f.s_measure, f.max_f, f.max_e, f.mae);
  }
  return failures;
}

// Masks another tool wrote for the matte photos, against the matte (IoU only: no avatar of theirs).
void matte_masks_table(const std::string& data, const std::string& only, const std::string& masks_dir) {
  std::printf("\n%-38s %-8s %7s\n", "photo (masks from --score-masks)", "against", "IoU");
  for (const char* relative : {"real/selfie_front_truedepth.heic", "real/fullbody_rear_portrait_matte.jpg"}) {
    if (std::string(relative).find(only) == std::string::npos) continue;
    auto bytes = read_file(data + "/" + relative);
    auto mask = read_grey_file(masks_dir + "/" + key_of(relative) + ".png");
    if (!bytes || !mask) {
      std::printf("%-38s SKIPPED: %s\n", relative, (!bytes ? bytes.error() : mask.error()).message.c_str());
      continue;
    }
    const InputFile files[] = {{relative, *bytes, ""}};
    auto photo = open_photo(files, OpenOptions{});
    if (!photo || !photo->photo.portrait_matte || mask->width != photo->depth.width ||
        mask->height != photo->depth.height) {
      std::printf("%-38s error: %s\n", relative,
                  photo ? "no matte, or the mask's size differs" : photo.error().message.c_str());
      continue;
    }
    std::printf("%-38s %-8s %7.4f\n", relative, "matte", cut_iou(photo->depth, *mask, *photo->photo.portrait_matte));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "../shared/data", dump_dir, seed_dir, only, masks_dir, label = "our cut", person_path, face_path;
  for (int i = 1; i < argc; ++i) {
    const auto value = [&](std::string& to) {
      if (i + 1 >= argc) return false;
      to = argv[++i];
      return true;
    };
    bool ok = false;
    if (!std::strcmp(argv[i], "--data"))
      ok = value(data);
    else if (!std::strcmp(argv[i], "--dump"))
      ok = value(dump_dir);
    else if (!std::strcmp(argv[i], "--dump-seed"))
      ok = value(seed_dir);
    else if (!std::strcmp(argv[i], "--only"))
      ok = value(only);
    else if (!std::strcmp(argv[i], "--score-masks"))
      ok = value(masks_dir);
    else if (!std::strcmp(argv[i], "--label"))
      ok = value(label);
    else if (!std::strcmp(argv[i], "--person-model"))
      ok = value(person_path);
    else if (!std::strcmp(argv[i], "--face-model"))
      ok = value(face_path);
    if (!ok) {
      std::fprintf(stderr,
                   "usage: cut_score [--data DIR] [--dump DIR] [--dump-seed DIR] [--only NAME] [--score-masks DIR] "
                   "[--label TEXT] [--person-model FILE [--face-model FILE]]\n");
      return 2;
    }
  }
  for (const std::string& dir : {dump_dir, seed_dir}) {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  if (!masks_dir.empty()) {
    const int failures = sod_table(data, only, masks_dir, "", "", label);
    matte_masks_table(data, only, masks_dir);
    return failures ? 1 : 0;
  }
#ifndef PXAV_CUT_BEFORE
  std::optional<PersonModel> person_model;
  if (!person_path.empty()) {
    auto bytes = read_file(person_path);
    auto model = bytes ? read_person_model(*bytes) : Result<PersonModel>(bytes.error());
    if (!model) {
      std::fprintf(stderr, "cut_score: %s\n", model.error().message.c_str());
      return 2;
    }
    person_model = std::move(*model);
    // The face detector travels with it: --face-model, else the fetched file; without one only
    // the camera's faces count, which is said.
    const std::string faces = face_path.empty() ? PXAV_FACE_MODEL_PATH : face_path;
    auto face_bytes = read_file(faces);
    auto face_model = face_bytes ? read_face_model(*face_bytes) : Result<FaceModel>(face_bytes.error());
    if (face_model)
      person_model->faces = std::move(*face_model);
    else
      std::fprintf(stderr, "cut_score: no face model (%s): only the camera's faces count\n",
                   face_model.error().message.c_str());
  }
  const PersonModelPtr person = person_model ? &*person_model : nullptr;
#else
  const PersonModelPtr person = nullptr;
  if (!person_path.empty()) std::fprintf(stderr, "cut_score: the code before has no person model\n");
#endif
  std::printf("== %s ==\n", label.c_str());
  std::printf("%-38s %-8s %7s %6s %8s %7s %8s %7s\n", "photo (cut without the matte)", "against", "IoU", "cells",
              "outside", "share", "islands", "spikes");
  int failures = 0;
  for (const char* relative : {"real/selfie_front_truedepth.heic", "real/fullbody_rear_portrait_matte.jpg",
                               "real/pug.heic", "jpeg/vase_portrait_disparity.jpg"}) {
    if (std::string(relative).find(only) == std::string::npos) continue;
    const std::string path = data + "/" + relative;
    auto bytes = read_file(path);
    if (!bytes) {
      std::printf("%-38s SKIPPED: %s is absent\n", relative, path.c_str());
      continue;
    }
    const InputFile files[] = {{path, *bytes, ""}};
    auto photo = open_photo(files, OpenOptions{});
    if (photo) look_for_person(*photo, person, relative);
    auto build = photo ? make_avatar(*photo, depth_only()) : Result<AvatarBuild>(photo.error());
    if (!build) {
      std::printf("%-38s error: %s\n", relative, build.error().message.c_str());
      ++failures;
      continue;
    }
    dump(dump_dir, relative, build->foreground.mask);
    if (!photo->photo.portrait_matte) {
      Score s;
      s.cells = build->avatar.cells.size();
      count_stray_cells(build->avatar, s);
      std::printf("%-38s %-8s %7s %6zu %8s %7s %8zu %7zu\n", relative, "(none)", "-", s.cells, "-", "-", s.islands,
                  s.spikes);
      continue;
    }
    dump_seed(seed_dir, relative, *photo);
    dump(dump_dir, relative, *photo->photo.portrait_matte, ".matte.png");
    print_row(relative, "matte", score_cut(photo->depth, *build, *photo->photo.portrait_matte));
    // The avatar the matte itself makes, for its stray cells.
    if (auto matte_build = make_avatar(*photo, AvatarOptions{})) {
      Score s;
      s.cells = matte_build->avatar.cells.size();
      count_stray_cells(matte_build->avatar, s);
      std::printf("%-38s %-8s %7s %6zu %8s %7s %8zu %7zu\n", "  the same, cut by the matte", "-", "-", s.cells, "-",
                  "-", s.islands, s.spikes);
    }
  }
  for (std::string_view name : subject_scene_names()) {
    if (std::string(name).find(only) == std::string::npos) continue;
    const SyntheticScene scene = make_subject_scene(name);
    auto heic = write_heic(scene, HeicWriteOptions{});
    if (!heic) {
      std::printf("%-38s error: %s\n", std::string(name).c_str(), heic.error().message.c_str());
      ++failures;
      continue;
    }
    const std::string file = std::string(name) + ".heic";
    const InputFile files[] = {{file, *heic, ""}};
    auto photo = open_photo(files, OpenOptions{});
    auto build = photo ? make_avatar(*photo, depth_only()) : Result<AvatarBuild>(photo.error());
#ifndef PXAV_CUT_BEFORE
    // A scene with a camera's hint (our HEIC writer stores none): its avatar from the photo as
    // opened, with the hint added, as a reader that found it would hand it on.
    if (photo && !scene.hints.empty()) {
      photo->photo.subject_hints = scene.hints;
      build = make_avatar(*photo, depth_only());
    }
#endif
    if (!build) {
      std::printf("%-38s error: %s\n", file.c_str(), build.error().message.c_str());
      ++failures;
      continue;
    }
    dump(dump_dir, "scene_" + std::string(name), build->foreground.mask);
    dump(dump_dir, "scene_" + std::string(name), scene.subject, ".truth.png");
    dump_seed(seed_dir, "scene_" + std::string(name), *photo);
    print_row("scene " + std::string(name), "truth", score_cut(photo->depth, *build, scene.subject));
  }
  failures += sod_table(data, only, "", dump_dir, seed_dir, label, person);
  return failures ? 1 : 0;
}
