// The face detector (person/face_detector.h): the operators it added to the person model's engine
// against direct reference computations, its anchors and box merging, the real model on the
// shared photos (a face where the camera marked one, none on a pug, a vase or a cup), the person
// decision with its faces, and the errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "person/face_detector.h"
#include "person/graph_run.h"
#include "person/person_model.h"
#include "person/tensor_ops.h"
#include "pipeline/pipeline.h"
#include "support.h"

using namespace pxav;

namespace {

std::vector<float> random_values(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-2.0f, 2.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

tflite::Tensor activation(std::vector<int> shape, std::string name) {
  tflite::Tensor t;
  t.shape = std::move(shape);
  t.name = std::move(name);
  return t;
}

tflite::Operator op(tflite::OpKind kind, std::vector<int> inputs, int output) {
  tflite::Operator o;
  o.kind = kind;
  o.inputs = std::move(inputs);
  o.outputs = {output};
  return o;
}

// in [1,4,4,3] -> max pool 2x2/2 [1,2,2,3] -> pad [1,3,3,5] (output 1); reshape in [1,16,3] and
// the pool [1,4,3], concatenated along axis 1: [1,20,3] (output 0).
tflite::Graph small_graph() {
  tflite::Graph g;
  g.tensors = {activation({1, 4, 4, 3}, "in"),
               activation({1, 2, 2, 3}, "pool"),
               activation({1, 3, 3, 5}, "padded"),
               activation({1, 16, 3}, "in_rows"),
               activation({1, 4, 3}, "pool_rows"),
               activation({1, 20, 3}, "joined"),
               tflite::Tensor{{4, 2}, {}, {0, 0, 1, 0, 0, 1, 1, 1}, true, "paddings"}};
  tflite::Operator pool = op(tflite::OpKind::MaxPool2d, {0}, 1);
  pool.filter_h = pool.filter_w = pool.stride_h = pool.stride_w = 2;
  tflite::Operator join = op(tflite::OpKind::Concatenation, {3, 4}, 5);
  join.axis = 1;
  g.operators = {pool, op(tflite::OpKind::Pad, {1, 6}, 2), op(tflite::OpKind::Reshape, {0}, 3),
                 op(tflite::OpKind::Reshape, {1}, 4), join};
  g.inputs = {0};
  g.outputs = {5, 2};
  return g;
}

}  // namespace

TEST_CASE("face detector operators: each kernel against a direct computation", "[face]") {
  SECTION("MAX_POOL_2D, VALID and SAME (the padding takes no part)") {
    const tensor_ops::Extent in{5, 7, 3};
    const std::vector<float> x = random_values(in.size(), 1);
    for (const bool same : {false, true}) {
      const auto rows = tensor_ops::plan_axis(in.height, 2, 2, 1, same),
                 cols = tensor_ops::plan_axis(in.width, 2, 2, 1, same);
      const tensor_ops::Extent out{rows.output, cols.output, 3};
      tensor_ops::Window w;
      w.kernel_h = w.kernel_w = w.stride_h = w.stride_w = 2;
      w.pad_top = rows.pad_before, w.pad_left = cols.pad_before;
      std::vector<float> got(out.size());
      tensor_ops::max_pool2d(x.data(), in, w, tensor_ops::Activation::None, got.data(), out);
      CHECK(out.height == (same ? 3 : 2));
      CHECK(out.width == (same ? 4 : 3));
      for (int oy = 0; oy < out.height; ++oy)
        for (int ox = 0; ox < out.width; ++ox)
          for (int c = 0; c < 3; ++c) {
            float best = -INFINITY;
            for (int y = oy * 2; y < std::min(oy * 2 + 2, in.height); ++y)
              for (int xx = ox * 2; xx < std::min(ox * 2 + 2, in.width); ++xx)
                best = std::max(best, x[(static_cast<size_t>(y) * in.width + xx) * 3 + c]);
            CHECK(got[(static_cast<size_t>(oy) * out.width + ox) * 3 + c] == best);
          }
    }
  }
  SECTION("PAD: zeros around, the input where the padding puts it") {
    const tensor_ops::Extent in{2, 3, 4}, out{5, 4, 7};
    const tensor_ops::Padding before{2, 1, 3};
    const std::vector<float> x = random_values(in.size(), 2);
    std::vector<float> got(out.size(), 99.0f);
    tensor_ops::pad(x.data(), in, before, got.data(), out);
    for (int y = 0; y < out.height; ++y)
      for (int xx = 0; xx < out.width; ++xx)
        for (int c = 0; c < out.channels; ++c) {
          const int iy = y - 2, ix = xx - 1, ic = c - 3;
          const bool inside = iy >= 0 && iy < in.height && ix >= 0 && ix < in.width && ic >= 0 && ic < in.channels;
          const float want = inside ? x[(static_cast<size_t>(iy) * in.width + ix) * in.channels + ic] : 0.0f;
          CHECK(got[(static_cast<size_t>(y) * out.width + xx) * out.channels + c] == want);
        }
  }
  SECTION("CONCATENATION along the middle axis of [2, n_i, 3]") {
    const std::vector<float> a = random_values(2 * 4 * 3, 3), b = random_values(2 * 1 * 3, 4);
    const float* parts[] = {a.data(), b.data()};
    const int64_t inner[] = {12, 3};
    std::vector<float> got(a.size() + b.size());
    tensor_ops::concatenate(parts, inner, 2, 2, got.data());
    for (int k = 0; k < 2; ++k)
      for (int n = 0; n < 5; ++n)
        for (int c = 0; c < 3; ++c) {
          const float want = n < 4 ? a[(k * 4 + n) * 3 + c] : b[(k * 1 + (n - 4)) * 3 + c];
          CHECK(got[(k * 5 + n) * 3 + c] == want);
        }
  }
  SECTION("a graph of all four, two outputs: RESHAPE keeps the values' order") {
    auto run = prepare_graph(small_graph());
    REQUIRE(run);
    REQUIRE(run->outputs == std::vector<int>{5, 2});
    const std::vector<float> x = random_values(48, 5);
    const std::vector<std::vector<float>> out = run_graph_outputs(*run, x);
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].size() == 60);
    REQUIRE(out[1].size() == 45);
    std::vector<float> pool(12);
    for (int y = 0; y < 2; ++y)
      for (int xx = 0; xx < 2; ++xx)
        for (int c = 0; c < 3; ++c) {
          float best = -INFINITY;
          for (int dy = 0; dy < 2; ++dy)
            for (int dx = 0; dx < 2; ++dx) best = std::max(best, x[((y * 2 + dy) * 4 + xx * 2 + dx) * 3 + c]);
          pool[(y * 2 + xx) * 3 + c] = best;
        }
    for (int i = 0; i < 48; ++i) CHECK(out[0][i] == x[i]);
    for (int i = 0; i < 12; ++i) CHECK(out[0][48 + i] == pool[i]);
    for (int y = 0; y < 3; ++y)
      for (int xx = 0; xx < 3; ++xx)
        for (int c = 0; c < 5; ++c) {
          const bool inside = y >= 1 && xx < 2 && c >= 1 && c < 4;
          CHECK(out[1][(y * 3 + xx) * 5 + c] == (inside ? pool[((y - 1) * 2 + xx) * 3 + c - 1] : 0.0f));
        }
    CHECK(run_graph(*run, x) == out[0]);  // the single-output call gives the first
  }
}

TEST_CASE("face detector operators: shapes they cannot take are clear errors naming them", "[face]") {
  SECTION("CONCATENATION of mismatched shapes") {
    tflite::Graph g = small_graph();
    g.tensors[4].shape = {1, 2, 6};  // the pool's 12 values as 2 x 6: cannot join [1,16,3]
    auto run = prepare_graph(g);
    REQUIRE_FALSE(run);
    CHECK(run.error().code == ErrorCode::Unsupported);
    CHECK_THAT(run.error().message, Catch::Contains("CONCATENATION"));
  }
  SECTION("CONCATENATION along the batch") {
    tflite::Graph g = small_graph();
    g.operators[4].axis = 0;
    auto run = prepare_graph(g);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains("CONCATENATION joins along axis 0"));
  }
  SECTION("PAD of the batch, PAD to the wrong size") {
    tflite::Graph g = small_graph();
    g.tensors[6].integers = {1, 0, 1, 0, 0, 1, 1, 1};
    auto run = prepare_graph(g);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains("PAD pads the batch"));
    g = small_graph();
    g.tensors[2].shape = {1, 3, 3, 6};
    run = prepare_graph(g);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains("PAD's output"));
  }
  SECTION("RESHAPE that changes the count") {
    tflite::Graph g = small_graph();
    g.tensors[3].shape = {1, 15, 3};
    auto run = prepare_graph(g);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains("RESHAPE's output"));
  }
}

TEST_CASE("face detector: boxes of one face merge by score, apart faces stay apart", "[face]") {
  const std::vector<FaceBox> boxes = {{100, 100, 40, 40, 0.6f}, {104, 100, 40, 40, 0.9f}, {300, 50, 20, 20, 0.7f}};
  const std::vector<FaceBox> merged = merge_faces(boxes);
  REQUIRE(merged.size() == 2);
  CHECK(merged[0].score == 0.9f);  // best first, the group's best score
  CHECK(merged[0].x == Approx((100 * 0.6 + 104 * 0.9) / 1.5));
  CHECK(merged[1].x == 300);
}

TEST_CASE("face detector: the head square sits on the top of the person's area", "[face]") {
  // A standing figure: head 10 wide at x 45..55, body 30 wide below, arms out to 20..80.
  GreyImage mask{100, 200, std::vector<uint8_t>(100 * 200, 0)};
  const auto fill = [&](int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) mask.pixels[static_cast<size_t>(y) * 100 + x] = 255;
  };
  fill(45, 20, 55, 32);
  fill(35, 32, 65, 190);
  fill(20, 40, 80, 48);
  const FaceRegion head = head_region(mask, 400, 800);  // a colour 4x the mask
  CHECK(head.width == 240);                             // the area's width, 60 mask pixels
  CHECK(head.height == 240);
  CHECK(head.x + head.width / 2 == Approx(200).margin(8));  // centred on the head's columns
  CHECK(head.y == Approx(80 - 12).margin(2));               // its top, a little above
  CHECK(head_region(GreyImage{100, 200, std::vector<uint8_t>(100 * 200, 0)}, 400, 800).width == 0);
}

TEST_CASE("face detector: the model file, and files that are not it", "[face]") {
  PXAV_REQUIRE_MODEL(faces, PXAV_FACE_MODEL_PATH);
  auto model = read_face_model(faces);
  REQUIRE(model);
  CHECK(model->input_width == 128);
  CHECK(model->anchors.size() == 896);  // 16 x 16 x 2 + 8 x 8 x 6
  CHECK(model->values_per_box == 16);
  CHECK(model->anchors[0].x == 1.0f / 32);
  CHECK(model->anchors[512].x == 1.0f / 16);

  const std::vector<uint8_t> junk(1000, 7);
  auto not_tflite = read_face_model(junk);
  REQUIRE_FALSE(not_tflite);
  CHECK(not_tflite.error().code == ErrorCode::UnsupportedFormat);
  std::vector<uint8_t> cut(faces.begin(), faces.begin() + faces.size() / 2);
  auto damaged = read_face_model(cut);
  REQUIRE_FALSE(damaged);
  CHECK(damaged.error().code == ErrorCode::Corrupt);
  // The two models in each other's place: the shapes say so.
  auto faces_as_person = read_person_model(faces);
  REQUIRE_FALSE(faces_as_person);
  CHECK(faces_as_person.error().code == ErrorCode::Unsupported);
  PXAV_REQUIRE_MODEL(segmenter, PXAV_PERSON_MODEL_PATH);
  auto person_as_faces = read_face_model(segmenter);
  REQUIRE_FALSE(person_as_faces);
  CHECK(person_as_faces.error().code == ErrorCode::Unsupported);
  CHECK_THAT(person_as_faces.error().message, Catch::Contains("not BlazeFace"));

  // An empty model or image finds nothing and does not fail.
  CHECK(find_faces(FaceModel{}, RgbImage{8, 8, std::vector<uint8_t>(192, 0)}, nullptr).empty());
  CHECK(find_faces(*model, RgbImage{}, nullptr).empty());
}

namespace {

// The photo through find_person with both models; the camera's faces removed when asked, so the
// detector's faces decide alone.
std::optional<MetricPhoto> judged(const std::vector<uint8_t>& bytes, const PersonModel& model, bool camera_faces,
                                  const std::string& name) {
  auto photo = test::open_bytes(bytes, {}, name);
  if (!photo) return std::nullopt;
  if (!camera_faces)
    std::erase_if(photo->photo.subject_hints, [](const SubjectHint& h) { return h.kind == SubjectHint::Kind::Face; });
  (void)find_person(*photo, model);
  return std::move(*photo);
}

}  // namespace

TEST_CASE("face detector: real photos, a face where a person is and none on a pug, a vase or a cup", "[face][real]") {
  PXAV_REQUIRE_MODEL(segmenter, PXAV_PERSON_MODEL_PATH);
  PXAV_REQUIRE_MODEL(faces, PXAV_FACE_MODEL_PATH);
  auto person = read_person_model(segmenter);
  REQUIRE(person);
  auto face_model = read_face_model(faces);
  REQUIRE(face_model);
  person->faces = std::move(*face_model);

  SECTION("the full-body photo: the face the camera marked (324.6, 112.5, 68.5 x 68.4 of 576 x 768)") {
    PXAV_REQUIRE_SHARED(bytes, "real/fullbody_rear_portrait_matte.jpg");
    auto photo = judged(bytes, *person, false, "fullbody.jpg");
    REQUIRE(photo);
    REQUIRE(photo->person);
    REQUIRE(photo->depth.width == 576);
    REQUIRE(photo->person->faces.size() >= 1);
    const SubjectHint& f = photo->person->faces[0];
    CHECK(f.source == "face-model");
    CHECK(f.x == Approx(324.6).margin(68.5 / 2));
    CHECK(f.y == Approx(112.5).margin(68.4 / 2));
    CHECK(f.width == Approx(68.5).epsilon(0.5));
    CHECK(photo->person->face_inside);
    CHECK(photo->person->found);  // the decision takes the person on the detector's face alone
  }
  SECTION("the selfie: its face (head thrown back) is found at MediaPipe's 0.5, below the decision's 0.9") {
    PXAV_REQUIRE_SHARED(bytes, "real/selfie_front_truedepth.heic");
    auto photo = judged(bytes, *person, false, "selfie.heic");
    REQUIRE(photo);
    REQUIRE(photo->person);
    CHECK(photo->person->faces.empty());
    CHECK_FALSE(photo->person->found);  // no face the camera marked either: the depth cut decides
    // The colour is at the depth map's size here, so the camera's focus area (229, 279, 103.6
    // wide, depth pixels) is on the same grid.
    const std::vector<FaceBox> faces = find_faces(*person->faces, photo->photo.colour, &photo->person->confidence);
    // Near the focus area among what it finds at 0.5 (a box on the chest scores as much).
    CHECK(std::any_of(faces.begin(), faces.end(),
                      [](const FaceBox& f) { return std::abs(f.x - 229) < 52 && std::abs(f.y - 279) < 52; }));
    for (const FaceBox& f : faces) CHECK(f.score < kPersonFaceMinScore);
  }
  SECTION("the pug: no face, no person") {
    PXAV_REQUIRE_SHARED(bytes, "real/pug.heic");
    auto photo = judged(bytes, *person, true, "pug.heic");
    REQUIRE(photo);
    REQUIRE(photo->person);
    CHECK(photo->person->faces.empty());
    CHECK_FALSE(photo->person->found);
  }
  SECTION("the shared JPEGs (a vase, toys, a fan, a cup): no face") {
    const auto dir = test::shared_data() / "jpeg";
    if (!std::filesystem::is_directory(dir)) {
      WARN("SKIPPED: " << dir << " is absent (the shared test data is absent)");
      test::mark_skipped();
      return;
    }
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".jpg") continue;
      auto bytes = test::read_shared("jpeg/" + entry.path().filename().string());
      REQUIRE(bytes);
      auto photo = judged(*bytes, *person, true, entry.path().filename().string());
      if (!photo || !photo->person) continue;  // no colour or no depth: nothing to judge
      INFO(entry.path().filename().string());
      CHECK(photo->person->faces.empty());
      CHECK_FALSE(photo->person->found);
      ++seen;
    }
    CHECK(seen > 0);
  }
}
