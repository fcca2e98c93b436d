// Middlebury scores and times of the stereo matcher, against OpenCV's in the same run: for each
// pair in ../shared/data/stereo (Tsukuba, Cones), the share of pixels whose disparity is more
// than 1 px off, in the `nonocc` and `all` masks, on the dense map (holes filled from the
// nearer-background neighbour along the row, Middlebury v2's rule) and on the raw one, and the
// time. Ours goes through pipeline::open_photo exactly as `pixel-avatar disparity` does (reading
// the two PPM files from memory included); OpenCV's maps and times (its compute() only) come from
// bench/stereo_opencv.py, run just before (`make bench` runs both), and are scored by the same code.
//
// usage: stereo_score [STEREO_DIR] [--peer DIR] [--runs N]
//        stereo_score --serve tsukuba|cones|SPATIAL.heic|LEFT.jpg,RIGHT.jpg[,SETTING] [STEREO_DIR]
// With --serve it warms up, prints "ready", then for each line read ("open" or "avatar") opens the
// pair (or the spatial photo) through pipeline::open_photo, with make_avatar_file for "avatar", and
// answers with the milliseconds: bench/bench-stereo.mjs pairs these runs with the wasm module's.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "image_files/read_image.h"
#include "io/file_io.h"
#include "pipeline/pipeline.h"
#include "stereo/disparity_filter.h"
#include "stereo/disparity_score.h"

using namespace pxav;

namespace {

struct Pair {
  const char* name;
  const char* left;
  const char* right;
  const char* truth;
  double truth_scale;
  int disparities;
  const char* peer_goal;  // OpenCV's configuration whose time ours must not pass
};

constexpr Pair kPairs[] = {
    {"tsukuba", "scene1.row3.col3.ppm", "scene1.row3.col4.ppm", "truedisp.row3.col3.pgm", 16, 16, "sgbm-8path-b3"},
    {"cones", "im2.ppm", "im6.ppm", "disp2.pgm", 4, 64, "sgbm-8path-b3"},
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "stereo_score: %s\n", what.c_str());
  std::exit(1);
}

GreyImage read_grey(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) die(bytes.error().message);
  auto image = read_image(*bytes, path);
  if (!image || image->channels != 1 || image->bit_depth != 8) die(path + ": not an 8-bit grey image");
  GreyImage g{image->width, image->height, std::vector<uint8_t>(image->samples.begin(), image->samples.end())};
  return g;
}

// PFM as stereo_opencv.py writes it (one channel, little-endian, bottom row first; inf = none).
DisparityMap read_pfm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int w = 0, h = 0;
  double scale = 0;
  in >> magic >> w >> h >> scale;
  in.get();
  if (magic != "Pf" || w <= 0 || h <= 0 || scale >= 0) die(path + ": not a little-endian one-channel PFM");
  DisparityMap m{w, h, std::vector<float>(static_cast<size_t>(w) * h)};
  for (int y = h - 1; y >= 0; --y)
    in.read(reinterpret_cast<char*>(&m.d[static_cast<size_t>(y) * w]), static_cast<std::streamsize>(w) * 4);
  if (!in) die(path + ": truncated");
  for (float& v : m.d)
    if (!std::isfinite(v)) v = std::numeric_limits<float>::quiet_NaN();
  return m;
}

struct Scores {
  double dense_nonocc, dense_all, raw_nonocc, raw_all;
};

Scores score(const DisparityMap& raw, const GreyImage& truth, double scale, const GreyImage& nonocc,
             const GreyImage& all) {
  DisparityMap dense = raw;
  fill_from_background(dense);
  return {bad_pixels(dense, truth, scale, nonocc).bad_percent, bad_pixels(dense, truth, scale, all).bad_percent,
          bad_pixels(raw, truth, scale, nonocc).bad_percent, bad_pixels(raw, truth, scale, all).bad_percent};
}

void row(const char* pair, const std::string& method, const Scores& s, double ms, double ours_ms) {
  std::printf("%-8s %-22s %6.2f%% / %6.2f%%   %6.2f%% / %6.2f%%   %8.2f ms", pair, method.c_str(), s.dense_nonocc,
              s.dense_all, s.raw_nonocc, s.raw_all, ms);
  if (ours_ms > 0) std::printf("   ours %.2fx", ours_ms / ms);
  std::printf("\n");
}

}  // namespace

// One pair (or spatial photo) opened again and again, timed one run per request line.
int serve(const std::string& what, const std::string& dir) {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<InputFile> files;
  OpenOptions options;
  const Pair* pair = nullptr;
  for (const Pair& p : kPairs)
    if (what == p.name) pair = &p;
  if (pair) {
    for (const char* name : {pair->left, pair->right}) {
      auto b = read_file(dir + "/" + pair->name + "/" + name);
      if (!b) die(b.error().message);
      bytes.push_back(std::move(*b));
    }
    files = {{pair->left, bytes[0], "left"}, {pair->right, bytes[1], "right"}};
    options.settings[kStereoSettings] = "scale=1 disparities=" + std::to_string(pair->disparities);
  } else if (const size_t comma = what.find(','); comma != std::string::npos) {
    // Two views as files (a phone's two shots), and after a second comma the stereo setting.
    const size_t second = what.find(',', comma + 1);
    const std::string left = what.substr(0, comma),
                      right =
                          what.substr(comma + 1, second == std::string::npos ? std::string::npos : second - comma - 1);
    if (second != std::string::npos) options.settings[kStereoSettings] = what.substr(second + 1);
    for (const std::string& name : {left, right}) {
      auto b = read_file(name);
      if (!b) die(b.error().message);
      bytes.push_back(std::move(*b));
    }
    files = {{left, bytes[0], "left"}, {right, bytes[1], "right"}};
  } else {
    auto b = read_file(what);
    if (!b) die(b.error().message);
    bytes.push_back(std::move(*b));
    files = {{what, bytes[0], ""}};
  }
  auto run = [&](bool avatar) {
    auto photo = open_photo(files, options);
    if (!photo) die(photo.error().message);
    if (avatar && !make_avatar_file(*photo, {})) die("no avatar");
  };
  run(true);  // warm-up
  std::printf("ready\n");
  std::fflush(stdout);
  char line[64];
  while (std::fgets(line, sizeof line, stdin)) {
    const std::string request = std::string(line).substr(0, std::strcspn(line, "\r\n"));
    if (request != "open" && request != "avatar") die("--serve: unknown request '" + request + "' (open, avatar)");
    const auto a = std::chrono::steady_clock::now();
    run(request == "avatar");
    std::printf("%.3f\n", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    std::fflush(stdout);
  }
  return 0;
}

int main(int argc, char** argv) {
  std::string dir = "../shared/data/stereo", peer, served;
  int runs = 15;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--serve") && i + 1 < argc)
      served = argv[++i];
    else if (!std::strcmp(argv[i], "--peer") && i + 1 < argc)
      peer = argv[++i];
    else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (argv[i][0] != '-')
      dir = argv[i];
    else
      die(std::string("unknown option ") + argv[i]);
  }
  if (!served.empty()) return serve(served, dir);
  std::map<std::string, double> peer_ms;  // "pair method" -> ms
  std::string peer_version;
  if (!peer.empty()) {
    std::ifstream times(peer + "/times.txt");
    if (!times) die(peer + "/times.txt is missing: run bench/stereo_opencv.py first");
    std::string line;
    while (std::getline(times, line)) {
      if (line.rfind("# ", 0) == 0) {
        peer_version = line.substr(2);
        continue;
      }
      std::istringstream l(line);
      std::string p, m;
      double ms = 0;
      if (l >> p >> m >> ms) peer_ms[p + " " + m] = ms;
    }
  }
  std::printf("Middlebury bad pixels (|d - truth| > 1 px): dense nonocc / all, raw nonocc / all; one thread\n");
  if (!peer_version.empty())
    std::printf("peer: %s; times: ours = median of open_photo, %d runs\n", peer_version.c_str(), runs);
  std::printf("%-8s %-22s %-19s   %-19s   %11s\n", "pair", "method", "dense", "raw", "time");
  bool any = false;
  for (const Pair& p : kPairs) {
    const std::string base = dir + "/" + p.name + "/";
    auto left = read_file(base + p.left), right = read_file(base + p.right);
    if (!left || !right) {
      std::printf("%-8s skipped: %s%s not found\n", p.name, base.c_str(), p.left);
      continue;
    }
    any = true;
    const GreyImage truth = read_grey(base + p.truth), nonocc = read_grey(base + "mask_nonocc.pgm"),
                    all = read_grey(base + "mask_all.pgm");
    const InputFile files[] = {{p.left, *left, "left"}, {p.right, *right, "right"}};
    OpenOptions options;
    options.settings[kStereoSettings] = "scale=1 disparities=" + std::to_string(p.disparities);
    MetricPhoto photo;
    std::vector<double> t;
    for (int r = 0; r <= runs; ++r) {  // run 0 warms up
      const auto a = std::chrono::steady_clock::now();
      auto opened = open_photo(files, options);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
      if (!opened) die(std::string(p.name) + ": " + opened.error().message);
      if (r > 0) t.push_back(ms);
      photo = std::move(*opened);
    }
    std::sort(t.begin(), t.end());
    const double ours_ms = t[t.size() / 2];
    row(p.name, "pixel-avatar SGM", score(photo.disparity, truth, p.truth_scale, nonocc, all), ours_ms, 0);
    for (const auto& [key, ms] : peer_ms) {
      if (key.rfind(std::string(p.name) + " ", 0) != 0) continue;
      const std::string method = key.substr(std::strlen(p.name) + 1);
      const DisparityMap m = read_pfm(peer + "/" + p.name + "." + method + ".pfm");
      if (m.width != truth.width || m.height != truth.height) die(key + ": size differs from the ground truth");
      row(p.name, "opencv " + method, score(m, truth, p.truth_scale, nonocc, all), ms, ours_ms);
    }
    if (peer_ms.count(std::string(p.name) + " " + p.peer_goal))
      std::printf("%-8s time goal: ours at most OpenCV %s's: %.2fx\n", p.name, p.peer_goal,
                  ours_ms / peer_ms[std::string(p.name) + " " + p.peer_goal]);
  }
  if (!any) std::printf("no stereo pairs found under %s: nothing measured\n", dir.c_str());
  return 0;
}
