// Rectification benchmark: Middlebury's Tsukuba and Cones with the right view disturbed by known
// homographies (synth/stereo_disturb.h: roll, toe-in, scale, vertical shift, exposure, all of
// them), matched through the pipeline (rectified, range found) and, from the same files, by
// OpenCV's uncalibrated chain (bench/stereo_rectify_opencv.py: SIFT, findFundamentalMat RANSAC,
// stereoRectifyUncalibrated, SGBM). Both are scored the same way: every left pixel with a
// ground-truth disparity and its true right point are carried through the disturbance and the
// method's homographies; the residual is the median row difference of those true pairs, a bad
// pixel one whose dense disparity (holes filled from the background) is more than 1 px off.
// Pixels whose true right point left the disturbed view's frame are not counted (occluded).
// usage: stereo_rectify_score --write OUT_DIR [STEREO_DIR]   (the disturbed pairs, for both)
//        stereo_rectify_score OUT_DIR [STEREO_DIR]           (scores; OpenCV's from OUT_DIR/<case>/)
//        stereo_rectify_score --speed                        (a 12 MP generated JPEG pair, rolled 2
//                                                             degrees: the pair's geometry against
//                                                             bytes -> avatar, natively)
//        stereo_rectify_score --write-phone OUT_DIR          (that pair as a phone writes it: JPEGs
//                                                             with EXIF's 35 mm focal length, for
//                                                             bench/bench-stereo.mjs)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "colour/downsample.h"
#include "image_files/decoded_image.h"
#include "image_files/jpeg_io.h"
#include "image_files/png_io.h"
#include "image_files/read_image.h"
#include "pipeline/pipeline.h"
#include "stereo/disparity_filter.h"
#include "stereo/pair_geometry.h"
#include "stereo/rectify.h"
#include "stereo/views_to_depth.h"
#include "synth/jpeg_encoder.h"
#include "synth/stereo_disturb.h"
#include "synth/stereo_scene.h"

using namespace pxav;
namespace fs = std::filesystem;

namespace {

struct Pair {
  const char* name;
  const char *left, *right, *truth;
  double truth_scale;
};
constexpr Pair kPairs[] = {{"tsukuba", "scene1.row3.col3.ppm", "scene1.row3.col4.ppm", "truedisp.row3.col3.pgm", 16},
                           {"cones", "im2.ppm", "im6.ppm", "disp2.pgm", 4}};

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "stereo_rectify_score: %s\n", why.c_str());
  std::exit(1);
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) die(p.string() + " is missing");
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

RgbImage read_rgb(const fs::path& p) {
  auto d = read_image(read_bytes(p), p.string());
  if (!d) die(d.error().message);
  auto rgb = to_rgb8(*d);
  if (!rgb) die(rgb.error().message);
  return *rgb;
}

GreyImage read_grey(const fs::path& p) {
  auto d = read_image(read_bytes(p), p.string());
  if (!d || d->channels != 1) die(p.string() + ": not a grey image");
  return GreyImage{d->width, d->height, std::vector<uint8_t>(d->samples.begin(), d->samples.end())};
}

DisparityMap read_pfm(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int w = 0, h = 0;
  double scale = 0;
  in >> magic >> w >> h >> scale;
  in.get();
  if (magic != "Pf" || w <= 0 || h <= 0 || scale >= 0) die(path.string() + ": not a little-endian one-channel PFM");
  DisparityMap m{w, h, std::vector<float>(static_cast<size_t>(w) * h)};
  for (int y = h - 1; y >= 0; --y)
    in.read(reinterpret_cast<char*>(&m.d[static_cast<size_t>(y) * w]), static_cast<std::streamsize>(w) * 4);
  for (float& v : m.d)
    if (!std::isfinite(v)) v = std::numeric_limits<float>::quiet_NaN();
  return m;
}

Mat3 read_matrix(const fs::path& p) {
  std::ifstream in(p);
  Mat3 m{};
  for (double& v : m)
    if (!(in >> v)) die(p.string() + ": not nine numbers");
  return m;
}

Mat3 parse_matrix(const std::string& json) {
  Mat3 m{};
  std::string t = json;
  for (char& c : t)
    if (c == '[' || c == ']' || c == ',') c = ' ';
  std::istringstream in(t);
  for (double& v : m) in >> v;
  return m;
}

// The bench's focal length for the toe-in: the pairs' own is not published for Tsukuba; one
// image width (a 53 degree field of view) for both.
double focal_of(int width) { return width; }

struct Score {
  double residual = 0, bad_nonocc = 0, bad_all = 0;
};

Score score(const DisparityMap& raw, const Mat3& hl, const Mat3& hr, const Mat3& disturbance, const GreyImage& truth,
            double truth_scale, const GreyImage& nonocc, const GreyImage& all) {
  DisparityMap dense = raw;
  fill_from_background(dense);
  std::vector<double> rows;
  long bad_n = 0, count_n = 0, bad_a = 0, count_a = 0;
  for (int y = 0; y < truth.height; ++y)
    for (int x = 0; x < truth.width; ++x) {
      const double t = truth.at(x, y) / truth_scale;
      if (t <= 0 || !all.at(x, y)) continue;
      double rx0, ry0, lx, ly, rx, ry;
      apply_homography(disturbance, x - t, y, rx0, ry0);
      // Out of the disturbed right view's frame: nothing to match (as an occlusion), not counted.
      if (rx0 < 0 || ry0 < 0 || rx0 > truth.width - 1 || ry0 > truth.height - 1) continue;
      apply_homography(hl, x, y, lx, ly);
      apply_homography(hr, rx0, ry0, rx, ry);
      rows.push_back(std::fabs(ry - ly));
      const int mx = static_cast<int>(std::lround(lx)), my = static_cast<int>(std::lround(ly));
      const bool inside = mx >= 0 && my >= 0 && mx < dense.width && my < dense.height;
      const bool bad = !inside || !(std::fabs(dense.at(mx, my) - (lx - rx)) <= 1.0);
      ++count_a;
      bad_a += bad;
      if (nonocc.at(x, y) == 255) {
        ++count_n;
        bad_n += bad;
      }
    }
  std::sort(rows.begin(), rows.end());
  Score s;
  s.residual = rows.empty() ? 0 : rows[rows.size() / 2];
  s.bad_nonocc = count_n ? 100.0 * bad_n / count_n : 100;
  s.bad_all = count_a ? 100.0 * bad_a / count_a : 100;
  return s;
}

std::string case_name(const Pair& p, const Disturbance& d) {
  std::string n = std::string(p.name) + "-" + d.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
  return n;
}

template <typename Work>
double fastest_ms(int runs, Work&& work) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const auto a = std::chrono::steady_clock::now();
    work();
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  return best;
}

// A phone's pair: 4032x3024, the right view rolled 2 degrees; a 26 mm lens in 35 mm terms.
constexpr int kPhoneFocal35mm = 26;
StereoViews phone_pair() {
  const StereoScene scene = make_stereo_scene(4032, 3024, 1);
  Disturbance roll{"roll 2 deg"};
  roll.roll_deg = 2;
  StereoViews views;
  views.left = scene.left;
  views.right = disturb_view(scene.right, roll, 4032);
  views.source = "pair";
  return views;
}

// The phone pair's two JPEG files.
std::pair<std::vector<uint8_t>, std::vector<uint8_t>> phone_jpegs() {
  const StereoViews views = phone_pair();
  std::vector<uint8_t> out[2];
  for (int i = 0; i < 2; ++i) {
    auto bytes = encode_jpeg_rgb(i == 0 ? views.left : views.right, 90, 0, {exif_focal_segment(kPhoneFocal35mm)});
    if (!bytes) die(bytes.error().message);
    out[i] = std::move(*bytes);
  }
  return {std::move(out[0]), std::move(out[1])};
}

int write_phone(const fs::path& dir) {
  const auto [left, right] = phone_jpegs();
  fs::create_directories(dir);
  std::ofstream(dir / "left.jpg", std::ios::binary).write(reinterpret_cast<const char*>(left.data()), left.size());
  std::ofstream(dir / "right.jpg", std::ios::binary).write(reinterpret_cast<const char*>(right.data()), right.size());
  std::printf("wrote %s/left.jpg and right.jpg (4032x3024, the right rolled 2 degrees, EXIF 26 mm)\n",
              dir.string().c_str());
  return 0;
}

// The share of a phone pair's bytes -> avatar that the features and geometry take, natively: the
// whole through the pipeline, and the pair's geometry and stereo stage on the views as the pair
// reader hands them over (decoded at 1/4 by libjpeg's DCT scaling, EXIF's focal length).
int speed() {
  const auto [lb, rb] = phone_jpegs();
  const InputFile files[] = {{"left.jpg", lb, "left"}, {"right.jpg", rb, "right"}};
  double whole = fastest_ms(3, [&] {
    auto photo = open_photo(files, {});
    if (!photo) die(photo.error().message);
    if (!make_avatar_file(*photo, {})) die("no avatar");
  });
  StereoViews views;
  for (int i = 0; i < 2; ++i) {
    auto acc = accumulate_jpeg(i == 0 ? lb : rb, 1008, 756, JpegLimits{});
    if (!acc) die(acc.error().message);
    (i == 0 ? views.left : views.right) = finish(*acc);
  }
  views.source = "pair";
  const double focal = 26 / 43.2666 * 1260;  // EXIF's 26 mm on the 1008x756 views' diagonal
  views.known_focal_px = focal;
  views.focal_source = "EXIF FocalLengthIn35mmFilm";
  Result<PairGeometry> g = make_error(ErrorCode::Internal, "not run");
  const double geometry = fastest_ms(3, [&] { g = analyse_pair(views.left, views.right, true, false, focal); });
  if (!g) die(g.error().message);
  Result<StereoDepth> d = make_error(ErrorCode::Internal, "not run");
  const double stage = fastest_ms(3, [&] { d = depth_from_views(views, size_t{512} << 20); });
  if (!d) die(d.error().message);
  std::printf(
      "12 MP JPEG pair rolled 2 deg (native, fastest of 3): features + matches + geometry %.0f ms, whole stereo "
      "stage (with them, the warp and the matching at 1/%d of the 1/4 decode) %.0f ms, bytes -> avatar %.0f ms: "
      "features + geometry %.0f%% of it; %s, residual %.3f px, %d inliers\n",
      geometry, d->scale, stage, whole, 100 * geometry / whole, g->calibrated ? "calibrated" : "uncalibrated",
      g->residual, g->inliers);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool write = false;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--speed"))
      return speed();
    else if (!std::strcmp(argv[i], "--write-phone") && i + 1 < argc)
      return write_phone(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--write"))
      write = true;
    else
      args.push_back(argv[i]);
  }
  if (args.empty()) die("usage: stereo_rectify_score [--write] OUT_DIR [STEREO_DIR]");
  const fs::path out = args[0], stereo = args.size() > 1 ? args[1] : "../shared/data/stereo";
  const auto disturbances = standard_disturbances();
  if (!write)
    std::printf("%-8s %-18s | %-29s | %-29s\n%-8s %-18s | %9s %19s | %9s %19s\n", "pair", "right view", "ours",
                "OpenCV (SIFT, RANSAC F, SGBM)", "", "", "residual", "bad nonocc / all", "residual",
                "bad nonocc / all");
  for (const Pair& p : kPairs) {
    const fs::path dir = stereo / p.name;
    if (!fs::exists(dir / p.left)) {
      std::printf("%-8s skipped: %s not found (the shared Middlebury data is absent)\n", p.name,
                  (dir / p.left).string().c_str());
      continue;
    }
    const RgbImage left = read_rgb(dir / p.left), right = read_rgb(dir / p.right);
    const GreyImage truth = read_grey(dir / p.truth), nonocc = read_grey(dir / "mask_nonocc.pgm"),
                    all = read_grey(dir / "mask_all.pgm");
    Score undisturbed_ours, undisturbed_peer;
    for (const Disturbance& d : disturbances) {
      const fs::path c = out / case_name(p, d);
      const Mat3 dist = disturbance_homography(d, left.width, left.height, focal_of(left.width));
      if (write) {
        fs::create_directories(c);
        auto l = encode_png_rgb(left);
        auto r = encode_png_rgb(disturb_view(right, d, focal_of(left.width)));
        if (!l || !r) die("PNG encoding failed");
        std::ofstream(c / "left.png", std::ios::binary).write(reinterpret_cast<const char*>(l->data()), l->size());
        std::ofstream(c / "right.png", std::ios::binary).write(reinterpret_cast<const char*>(r->data()), r->size());
        continue;
      }
      const std::vector<uint8_t> lb = read_bytes(c / "left.png"), rb = read_bytes(c / "right.png");
      const InputFile files[] = {{"left.png", lb, "left"}, {"right.png", rb, "right"}};
      OpenOptions o;
      o.settings[kStereoSettings] = "scale=1";
      auto photo = open_photo(files, o);
      std::printf("%-8s %-18s | ", p.name, d.name.c_str());
      if (!photo) {
        std::printf("%-29s | ", ("error: " + photo.error().message).substr(0, 29).c_str());
      } else {
        Mat3 hl = mat3_identity(), hr = mat3_identity();
        for (const auto& [k, v] : photo->photo.info.stereo) {
          if (k == "homographyLeft") hl = parse_matrix(v);
          if (k == "homographyRight") hr = parse_matrix(v);
        }
        const Score s = score(photo->disparity, hl, hr, dist, truth, p.truth_scale, nonocc, all);
        std::printf("%7.3f px %8.2f%% / %6.2f%% | ", s.residual, s.bad_nonocc, s.bad_all);
      }
      if (fs::exists(c / "opencv.pfm")) {
        const Score s = score(read_pfm(c / "opencv.pfm"), read_matrix(c / "H1.txt"), read_matrix(c / "H2.txt"), dist,
                              truth, p.truth_scale, nonocc, all);
        std::printf("%7.3f px %8.2f%% / %6.2f%%\n", s.residual, s.bad_nonocc, s.bad_all);
      } else {
        std::printf("(no OpenCV result: run bench/stereo_rectify_opencv.py %s)\n", out.string().c_str());
      }
    }
  }
  return 0;
}
