// Whether a person model's answer is taken (person/person_decision.h), and what the cut does with
// it (avatar/foreground.h, source "person-model"), on masks and scenes whose answer is known.
#include <catch2/catch.hpp>

#include "avatar/build_avatar.h"
#include "avatar/cut_measure.h"
#include "person/person_decision.h"
#include "synth/subject_scenes.h"

using namespace pxav;

namespace {

// A confidence map of w x h with value `level` in the box [x0, x1) x [y0, y1), 0 elsewhere.
GreyImage box(int w, int h, int x0, int y0, int x1, int y1, uint8_t level) {
  GreyImage g{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h, 0)};
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) g.pixels[static_cast<size_t>(y) * w + x] = level;
  return g;
}

SubjectHint face_at(double x, double y) {
  SubjectHint h;
  h.kind = SubjectHint::Kind::Face;
  h.source = "xmp-regions";
  h.x = x, h.y = y, h.width = 4, h.height = 4;
  return h;
}

}  // namespace

TEST_CASE("person decision: a face inside a confident area is a person; a shape without a face is not", "[person]") {
  const SubjectHint inside = face_at(15, 50), outside = face_at(80, 80);
  SECTION("nothing seen") {
    const PersonFinding f = judge_person(box(100, 100, 0, 0, 0, 0, 0), std::span(&inside, 1));
    CHECK_FALSE(f.found);
    CHECK(f.area_share == 0);
    CHECK(f.reason == "the person model sees no person");
  }
  SECTION("a tenth of the frame at 90% confidence: a person with a face inside, else a shape") {
    const GreyImage tall = box(100, 100, 10, 10, 20, 100, 230);
    const PersonFinding f = judge_person(tall, std::span(&inside, 1));
    CHECK(f.found);
    CHECK(f.face_inside);
    CHECK(f.area_share == Approx(0.09));
    CHECK(f.mean_confidence == Approx(230.0 / 255));
    CHECK_THAT(f.reason, Catch::StartsWith("the person model sees a person (9.0% of the frame"));
    CHECK(f.confidence.width == 100);  // the map is kept for the cut
    // As the selfie segmenter marks a vase or a toy: confident, large, and no face.
    for (const auto& hints : {std::span<const SubjectHint>{}, std::span(&outside, 1)}) {
      const PersonFinding shape = judge_person(tall, hints);
      CHECK_FALSE(shape.found);
      CHECK_THAT(shape.reason, Catch::EndsWith("but no face: not taken for a person"));
    }
  }
  SECTION("the same area with a face, unsure (55%)") {
    const PersonFinding f = judge_person(box(100, 100, 10, 10, 20, 100, 140), std::span(&inside, 1));
    CHECK_FALSE(f.found);
    CHECK_THAT(f.reason, Catch::StartsWith("the person model sees no clear person"));
  }
  SECTION("a small figure: 0.4% of the frame is too small even with a face, 1% is enough") {
    const SubjectHint face = face_at(52, 52);
    CHECK_FALSE(judge_person(box(100, 100, 50, 50, 56, 56, 250), std::span(&face, 1)).found);
    CHECK(judge_person(box(100, 100, 50, 50, 60, 60, 250), std::span(&face, 1)).found);
  }
}

TEST_CASE("person model in the cut: its mask joins the energy, the source says so, person=0 leaves it out",
          "[person][subject-cut]") {
  for (std::string_view name : {"standing", "wall-behind", "table"}) {
    INFO("scene " << name);
    const SyntheticScene scene = make_subject_scene(name);
    AvatarOptions options;
    auto depth_only = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, options, scene.hints);
    REQUIRE(depth_only.ok());
    CHECK(depth_only->foreground.source == "depth");
    // The scene's own subject as a confident model answer: the cut with it is at least as good.
    GreyImage person = scene.subject;
    auto with_person = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, options, scene.hints, &person);
    REQUIRE(with_person.ok());
    CHECK(with_person->foreground.source == "person-model");
    const double before = cut_iou(scene.depth, depth_only->foreground.mask, scene.subject);
    const double after = cut_iou(scene.depth, with_person->foreground.mask, scene.subject);
    INFO("IoU depth alone " << before << ", with the person mask " << after);
    CHECK(after >= before - 0.002);
    CHECK(after >= 0.97);
    CHECK(with_person->avatar.options.find("foreground=person-model") != std::string::npos);

    options.foreground.use_person = false;
    auto off = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, options, scene.hints, &person);
    REQUIRE(off.ok());
    CHECK(off->foreground.source == "depth");
    CHECK(off->foreground.mask.pixels == depth_only->foreground.mask.pixels);
    CHECK(off->avatar.options.find("person=0") != std::string::npos);
  }
}

TEST_CASE("person model in the cut: a mask of the wrong size is refused with both sizes", "[person][errors]") {
  const SyntheticScene scene = make_subject_scene("person");
  const GreyImage wrong = box(10, 10, 0, 0, 5, 5, 255);
  auto build = build_avatar(scene.depth, scene.colour, scene.camera, nullptr, AvatarOptions{}, {}, &wrong);
  REQUIRE_FALSE(build.ok());
  CHECK(build.error().code == ErrorCode::InvalidArgument);
  CHECK(build.error().message == "foreground: the person mask is 10x10 but the depth map is 240x320");
}

TEST_CASE("avatar options: person=0|1 is parsed like matte", "[person][options]") {
  auto off = parse_avatar_options("person=0");
  REQUIRE(off.ok());
  CHECK_FALSE(off->foreground.use_person);
  CHECK(parse_avatar_options("").value().foreground.use_person);
  auto bad = parse_avatar_options("person=maybe");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("person=maybe"));
}
