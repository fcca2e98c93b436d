// The person model's inference on one photo, built twice from this one file: natively, and as
// a node program of the wasm build (build/wasm/bench/bench_person.js, reading files through
// NODERAWFS). bench/bench-person.mjs runs the two alternately and prints the wasm/native ratio;
// wasm/test/person-agreement.test.mjs compares the masks the two dump.
//   bench_person [PHOTO] [--model MODEL.tflite] [--face-model FACES.tflite] [--runs N] [--dump MASK.pgm]
// Prints JSON: the median and the fastest (NAME_fastest) of --runs runs (after a warm-up) of each
// step in milliseconds:
// "input" (the letterboxed model input), "graph" (the network), "mask" (back to the photo's
// size), "total" (segment_person whole); the mask's size, the share of pixels at 128 or above
// and, when the photo carries Apple's portrait matte, the IoU of the two at 128. With the face
// detector (the fetched file unless --face-model names another): "face_graph" (one run of its
// network on the whole photo, input included), "faces" (find_faces with the mask: the whole photo
// and the head square; its fastest run "faces_fastest"), "face_count" (at MediaPipe's 0.5) and "face_count_decision"
// (at the person decision's kPersonFaceMinScore); "face_ratio" = faces / total, the detector's cost against the
// segmenter's in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.h"
#include "person/person_model.h"
#include "pipeline/pipeline.h"

using namespace pxav;
using bench::read_whole;
using bench::time_ms;
using bench::Timing;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_person: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = "../shared/data/real/selfie_front_truedepth.heic";
  const char* model_path = PXAV_PERSON_MODEL_PATH;
  const char* dump = nullptr;
  const char* face_path = PXAV_FACE_MODEL_PATH;
  int runs = 15;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
      model_path = argv[++i];
    else if (!std::strcmp(argv[i], "--face-model") && i + 1 < argc)
      face_path = argv[++i];
    else if (!std::strcmp(argv[i], "--dump") && i + 1 < argc)
      dump = argv[++i];
    else
      path = argv[i];
  }
  const std::vector<uint8_t> model_bytes = read_whole(model_path);
  if (model_bytes.empty()) {
    std::printf("{\"skipped\":\"the person model %s is absent: run make deps\"}\n", model_path);
    return 0;
  }
  const std::vector<uint8_t> bytes = read_whole(path);
  if (bytes.empty()) {
    std::printf("{\"skipped\":\"%s is absent\"}\n", path);
    return 0;
  }
  auto model = read_person_model(model_bytes);
  if (!model) die(model.error().message);
  const InputFile files[] = {{path, bytes, ""}};
  auto opened = open_photo(files, OpenOptions{});
  if (!opened) die(opened.error().message);
  const RgbImage& colour = opened->photo.colour;
  const int width = colour.width, height = colour.height;

  PersonModelInput input = person_model_input(*model, colour);
  const std::vector<float> confidence = run_person_model(*model, input.values);
  const Timing steps[] = {
      time_ms(runs, [&] { (void)person_model_input(*model, colour); }),
      time_ms(runs, [&] { (void)run_person_model(*model, input.values); }),
      time_ms(runs, [&] { (void)person_mask(*model, confidence, input.box, width, height); }),
      time_ms(runs, [&] { (void)segment_person(*model, colour, width, height); }),
  };
  const char* const names[] = {"input", "graph", "mask", "total"};
  auto mask = segment_person(*model, colour, width, height);
  if (!mask) die(mask.error().message);

  size_t person = 0, both = 0, either = 0;
  const auto& matte = opened->photo.portrait_matte;
  const bool compare = matte && matte->width == width && matte->height == height;
  for (size_t i = 0; i < mask->pixels.size(); ++i) {
    const bool a = mask->pixels[i] >= 128;
    person += a;
    if (compare) {
      const bool b = matte->pixels[i] >= 128;
      both += a && b;
      either += a || b;
    }
  }
  if (dump) {
    FILE* f = std::fopen(dump, "wb");
    if (!f) die(std::string("cannot write ") + dump);
    std::fprintf(f, "P5\n%d %d\n255\n", width, height);
    std::fwrite(mask->pixels.data(), 1, mask->pixels.size(), f);
    std::fclose(f);
  }
  std::printf("{");
  for (int i = 0; i < 4; ++i)
    std::printf("\"%s\":%.3f,\"%s_fastest\":%.3f,", names[i], steps[i].median, names[i], steps[i].fastest);
  std::printf("\"width\":%d,\"height\":%d,\"person_share\":%.4f", width, height,
              static_cast<double>(person) / static_cast<double>(mask->pixels.size()));
  if (compare) std::printf(",\"iou_vs_matte\":%.4f", either ? static_cast<double>(both) / either : 1.0);
  const std::vector<uint8_t> face_bytes = read_whole(face_path);
  if (!face_bytes.empty()) {
    auto faces = read_face_model(face_bytes);
    if (!faces) die(faces.error().message);
    const FaceRegion whole{0, 0, width, height};
    const double face_graph_ms =
        time_ms(runs, [&] { (void)run_face_model(*faces, colour, whole, kFaceMinScore); }).median;
    const Timing faces_timing = time_ms(runs, [&] { (void)find_faces(*faces, colour, &*mask); });
    const double faces_ms = faces_timing.median;
    const std::vector<FaceBox> found = find_faces(*faces, colour, &*mask);
    std::printf(",\"face_graph\":%.3f,\"faces\":%.3f,\"face_ratio\":%.3f,\"face_count\":%zu", face_graph_ms, faces_ms,
                faces_ms / steps[3].median, found.size());
    std::printf(",\"faces_fastest\":%.3f", faces_timing.fastest);
    const size_t sure = static_cast<size_t>(
        std::count_if(found.begin(), found.end(), [](const FaceBox& f) { return f.score >= kPersonFaceMinScore; }));
    std::printf(",\"face_count_decision\":%zu", sure);
    std::printf(",\"face_boxes\":[");  // centre x, y, width, height in colour pixels, score
    for (size_t n = 0; n < found.size(); ++n)
      std::printf("%s[%.1f,%.1f,%.1f,%.1f,%.3f]", n ? "," : "", found[n].x, found[n].y, found[n].width, found[n].height,
                  found[n].score);
    std::printf("]");
  }
  std::printf("}\n");
  return 0;
}
