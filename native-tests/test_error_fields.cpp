// Errors carry what a program acts on besides the sentence (core/result.h's ErrorFields): what is
// missing, which role is ambiguous among which files; the reader settings' names are checked; the
// error JSON of the C API has the shape web/decoder/photo-info.d.ts gives it.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/json.h"
#include "image_files/png_io.h"
#include "input/registry.h"
#include "pipeline/describe_json.h"
#include "pipeline/pipeline.h"

using namespace pxav;

namespace {

std::vector<uint8_t> colour_png() {
  RgbImage image;
  image.width = 4;
  image.height = 3;
  image.pixels.assign(4 * 3 * 3, 200);
  return encode_png_rgb(image).value();
}

std::vector<uint8_t> depth_png() { return encode_png_grey16(4, 3, std::vector<uint16_t>(12, 5000)).value(); }

}  // namespace

TEST_CASE("Error fields: a colour + depth pair says what is missing and what it cannot tell") {
  const std::vector<uint8_t> colour = colour_png(), depth = depth_png();
  SECTION("a colour image alone needs its depth map") {
    const InputFile files[] = {{"photo.png", colour, ""}};
    auto r = open_photo(files, {});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::MissingCompanion);
    CHECK(r.error().fields.missing == "depth-map");
  }
  SECTION("a depth map alone needs its colour image") {
    const InputFile files[] = {{"d.png", depth, ""}};
    auto r = open_photo(files, {});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::MissingCompanion);
    CHECK(r.error().fields.missing == "colour-image");
  }
  SECTION("two colour images: which is the depth map is ambiguous") {
    const InputFile files[] = {{"a.png", colour, ""}, {"b.png", colour, ""}};
    auto r = open_photo(files, {});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK(r.error().fields.ambiguous == "depth-map");
    CHECK(r.error().fields.files == std::vector<std::string>{"a.png", "b.png"});
    CHECK(error_json(r.error()) == "{\"code\":\"invalid-argument\",\"message\":" + json_string(r.error().message) +
                                       ",\"fields\":{\"ambiguous\":\"depth-map\",\"files\":[\"a.png\",\"b.png\"]}}");
  }
}

TEST_CASE("Error fields: the JSON lists only the fields set") {
  CHECK(error_json(make_error(ErrorCode::Corrupt, "damaged")) ==
        "{\"code\":\"corrupt\",\"message\":\"damaged\",\"fields\":{}}");
  CHECK(error_json(make_error(ErrorCode::UnusablePair, "too little overlap", failed_check("overlap"))) ==
        "{\"code\":\"unusable-pair\",\"message\":\"too little overlap\",\"fields\":{\"check\":\"overlap\"}}");
}

TEST_CASE("Reader settings: the names the readers read, and no others") {
  CHECK(check_reader_setting("depth").ok());
  CHECK(check_reader_setting("stereo").ok());
  const Status unknown = check_reader_setting("calibration");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::InvalidArgument);
  CHECK(unknown.error().message == "unknown reader setting 'calibration' (known: stereo, depth)");
}
