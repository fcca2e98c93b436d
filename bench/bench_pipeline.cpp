// Native timings of the pipeline (wasm/src/pipeline/pipeline.h) on pug.heic (or any photo given), single-threaded:
// bytes -> metric point set, quantisation at the defaults, and bytes -> avatar file, which is
// exactly what `pixel-avatar convert` runs (pipeline::convert, the portrait matte included). Prints a table, or JSON
// with --json. With --serve it warms up, then times one run per line read from stdin ("points", "quantise" or "whole")
// and answers with the milliseconds (for a JPEG also "full-decode": libjpeg-turbo decoding the primary at full size):
// bench/bench-wasm.mjs alternates these single native runs with single wasm runs, so both sides meet the same moment of
// a noisy machine. Median of repeated runs after one warm-up; the input file is read once, outside the timing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include "io/file_io.h"
#include "pipeline/pipeline.h"

using namespace pxav;

namespace {

// Median and minimum: on a shared 2-core machine the minimum is the steadier figure of the
// work itself; the median shows what a run typically costs.
struct Timing {
  double median = 0, min = 0;
};

Timing time_ms(int runs, const std::function<void()>& work) {
  work();  // warm-up
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto a = std::chrono::steady_clock::now();
    work();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return {t[t.size() / 2], t.front()};
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_pipeline: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false, serve = false;
  std::string path = "../shared/data/real/pug.heic";
  int runs = 11;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json"))
      json = true;
    else if (!std::strcmp(argv[i], "--serve"))
      serve = true;
    else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::atoi(argv[++i]);
    else
      path = argv[i];
  }
  auto bytes = read_file(path);
  if (!bytes) {
    std::fprintf(stderr, "bench_pipeline: SKIPPED, %s is absent (%s)\n", path.c_str(), bytes.error().message.c_str());
    return 0;
  }

  const InputFile files[] = {{path, *bytes, ""}};
  auto photo = open_photo(files, OpenOptions{});
  if (!photo) die(photo.error().message);

  const auto points_once = [&] {
    auto p = open_photo(files, OpenOptions{});
    if (!p) die(p.error().message);
    auto pts = make_points(*p);
    if (!pts || pts->valid_count == 0) die("no points");
  };
  size_t file_size = 0;
  const auto quantise_once = [&] {
    auto b = make_avatar(*photo, AvatarOptions{});
    if (!b) die(b.error().message);
  };
  const auto whole_once = [&] {
    auto c = convert(files, OpenOptions{}, AvatarOptions{});
    if (!c || c->file.empty()) die("no avatar");
    file_size = c->file.size();
  };
  // The peer of a JPEG's pipeline: libjpeg-turbo (with its SIMD here) decoding the primary image at
  // full size to RGB, the step any JPEG user starts from. libjpeg's own error handler exits, which
  // is fine for a benchmark of a known-good file.
  const auto full_decode_once = [&] {
    jpeg_decompress_struct c{};
    jpeg_error_mgr err{};
    c.err = jpeg_std_error(&err);
    jpeg_create_decompress(&c);
    jpeg_mem_src(&c, bytes->data(), static_cast<unsigned long>(bytes->size()));
    jpeg_read_header(&c, TRUE);
    c.out_color_space = JCS_RGB;
    jpeg_start_decompress(&c);
    std::vector<uint8_t> rgb(static_cast<size_t>(c.output_width) * c.output_height * 3);
    while (c.output_scanline < c.output_height) {
      JSAMPROW row = &rgb[static_cast<size_t>(c.output_scanline) * c.output_width * 3];
      jpeg_read_scanlines(&c, &row, 1);
    }
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    if (rgb[rgb.size() / 2] == 0 && rgb[rgb.size() / 3] == 0 && rgb.back() == 0) file_size += 0;  // keep the work
  };
  const bool is_jpeg = bytes->size() > 2 && (*bytes)[0] == 0xFF && (*bytes)[1] == 0xD8;
  if (serve) {
    points_once(), quantise_once(), whole_once();  // warm-up
    if (is_jpeg) full_decode_once();
    std::printf("ready\n");
    std::fflush(stdout);
    char line[64];
    while (std::fgets(line, sizeof line, stdin)) {
      const std::string what(line, std::strcspn(line, "\r\n"));
      std::function<void()> work;
      if (what == "points")
        work = points_once;
      else if (what == "quantise")
        work = quantise_once;
      else if (what == "whole")
        work = whole_once;
      else if (what == "full-decode" && is_jpeg)
        work = full_decode_once;
      else
        die("--serve: unknown request '" + what + "' (points, quantise, whole; full-decode for a JPEG)");
      const auto a = std::chrono::steady_clock::now();
      work();
      std::printf("%.3f\n", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
      std::fflush(stdout);
    }
    return 0;
  }

  const Timing to_points = time_ms(runs, points_once);
  const Timing depth_only = time_ms(runs, [&] {
    OpenOptions o;
    o.decode_colour = false;
    auto p = open_photo(files, o);
    if (!p) die(p.error().message);
  });
  const Timing quantise = time_ms(runs * 4, quantise_once);
  const Timing whole = time_ms(runs, whole_once);  // also sets file_size
  const Timing full_decode = is_jpeg ? time_ms(runs, full_decode_once) : Timing{};

  if (json) {
    std::printf(
        "{\"toPoints\":[%.2f,%.2f],\"depthOnly\":[%.2f,%.2f],\"quantise\":[%.3f,%.3f],"
        "\"whole\":[%.2f,%.2f],\"avatarBytes\":%zu}\n",
        to_points.median, to_points.min, depth_only.median, depth_only.min, quantise.median, quantise.min, whole.median,
        whole.min, file_size);
    return 0;
  }
  std::printf("native, 1 thread, %d runs (%s)          median      min\n", runs, path.c_str());
  std::printf("  bytes -> metric point set       %8.1f %8.1f ms\n", to_points.median, to_points.min);
  std::printf("  bytes -> depth + calibration    %8.1f %8.1f ms\n", depth_only.median, depth_only.min);
  std::printf("  quantise 768x576 at defaults    %8.2f %8.2f ms\n", quantise.median, quantise.min);
  std::printf("  bytes -> avatar file            %8.1f %8.1f ms  (%zu bytes)\n", whole.median, whole.min, file_size);
  if (is_jpeg)
    std::printf("  libjpeg-turbo full-size decode  %8.1f %8.1f ms  (the primary to RGB, SIMD)\n", full_decode.median,
                full_decode.min);
  return 0;
}
