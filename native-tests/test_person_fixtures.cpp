// The person cut for inputs that carry no matte and no face the camera marked: the real full-body
// photo's own colour and depth (upright, metres) written again as a Google GDepth JPEG, an Android
// Dynamic Depth JPEG and a colour + depth PNG pair, then opened through the pipeline with both
// models, as the CLI's defaults do. The face detector must find the face, the decision must take
// the person, and the cut's source must say so; the person is then cut as well as the original's
// depth cut against Apple's matte.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>

#include "avatar/cut_measure.h"
#include "image_files/png_io.h"
#include "person/face_detector.h"
#include "person/person_model.h"
#include "pipeline/pipeline.h"
#include "support.h"
#include "synth/jpeg_writer.h"

using namespace pxav;

namespace {

// Both models as the CLI loads them, or nothing (the test then skips and says why).
std::optional<PersonModel> models() {
  const auto segmenter = test::read_bytes(PXAV_PERSON_MODEL_PATH), faces = test::read_bytes(PXAV_FACE_MODEL_PATH);
  if (!segmenter || !faces) return std::nullopt;
  auto person = read_person_model(*segmenter);
  auto face = read_face_model(*faces);
  if (!person || !face) return std::nullopt;
  person->faces = std::move(*face);
  return std::move(*person);
}

// The avatar of an opened photo after the models looked at it, as `convert` makes it.
Result<AvatarBuild> with_person(MetricPhoto& photo, const PersonModel& model) {
  AvatarOptions options;
  REQUIRE(person_model_wanted(photo, options));
  (void)find_person(photo, model);
  return make_avatar(photo, options);
}

}  // namespace

TEST_CASE("person model: the full-body photo as GDepth, Dynamic Depth and a colour + depth pair gets the person cut",
          "[person][real]") {
  const auto model = models();
  if (!model) {
    WARN("SKIPPED: the person or face model is absent (run make deps: third_party/fetch-models.sh)");
    test::mark_skipped();
    return;
  }
  PXAV_REQUIRE_SHARED(bytes, "real/fullbody_rear_portrait_matte.jpg");
  auto original = test::open_bytes(bytes, {}, "fullbody.jpg");
  REQUIRE(original.ok());
  REQUIRE(original->photo.portrait_matte);
  const GreyImage matte = *original->photo.portrait_matte;
  // The scene as a writer takes it: upright colour and metric depth, the camera, and no hints
  // (the formats below carry no face the camera marked).
  SyntheticScene scene;
  scene.name = "fullbody";
  scene.depth = original->depth;
  scene.colour = original->photo.colour;
  scene.camera = original->photo.camera;
  scene.subject = matte;
  for (float& z : scene.depth.z)
    if (!is_valid_depth(z)) z = 10.0f;  // the writers want depth everywhere: far away

  const auto check = [&](MetricPhoto& photo, const char* what) {
    INFO(what);
    REQUIRE(photo.depth.width == matte.width);
    REQUIRE(photo.depth.height == matte.height);
    CHECK_FALSE(photo.photo.portrait_matte);
    for (const SubjectHint& h : photo.photo.subject_hints) CHECK(h.kind != SubjectHint::Kind::Face);
    auto build = with_person(photo, *model);
    REQUIRE(build.ok());
    REQUIRE(photo.person);
    INFO(photo.person->reason);
    CHECK(photo.person->found);
    CHECK_FALSE(photo.person->faces.empty());
    CHECK(build->foreground.source == "person-model");
    const double iou = cut_iou(photo.depth, build->foreground.mask, matte);
    INFO("IoU against Apple's matte " << iou);
    CHECK(iou >= 0.93);  // the goal for this photo without its matte
  };

  for (const auto& [layout, name] : {std::pair{JpegDepthLayout::GDepth, "GDepth (Lens Blur)"},
                                     std::pair{JpegDepthLayout::DynamicDepth, "Android Dynamic Depth"}}) {
    JpegWriteOptions o;
    o.layout = layout;
    o.colour_scale = 1;
    o.depth_16bit = true;
    auto jpeg = write_depth_jpeg(scene, o);
    REQUIRE(jpeg.ok());
    auto photo = test::open_bytes(*jpeg, {}, "fullbody-again.jpg");
    REQUIRE(photo.ok());
    check(*photo, name);
  }

  // A colour PNG and a 16-bit depth PNG in millimetres, with the camera given.
  auto colour_png = encode_png_rgb(scene.colour);
  std::vector<uint16_t> mm(scene.depth.z.size());
  for (size_t i = 0; i < mm.size(); ++i)
    mm[i] = static_cast<uint16_t>(std::lround(std::min(scene.depth.z[i], 60.0f) * 1000));
  auto depth_png = encode_png_grey16(scene.depth.width, scene.depth.height, mm);
  REQUIRE(colour_png.ok());
  REQUIRE(depth_png.ok());
  const Intrinsics& k = scene.camera;
  OpenOptions options;
  options.settings[kDepthSettings] =
      "encoding=scaled-z scale=0.001 fx=" + std::to_string(k.fx * scene.depth.width / k.width) +
      " fy=" + std::to_string(k.fy * scene.depth.height / k.height) +
      " cx=" + std::to_string(k.cx * scene.depth.width / k.width) +
      " cy=" + std::to_string(k.cy * scene.depth.height / k.height);
  const InputFile files[] = {{"fullbody.png", *colour_png, ""}, {"fullbody-depth.png", *depth_png, "depth"}};
  auto pair = open_photo(files, options);
  REQUIRE(pair.ok());
  check(*pair, "colour + depth pair");
}
