// Avatars from the real iPhone photos in ../shared/data: non-empty, and on the subject.
#include <catch2/catch.hpp>

#include "avatar/build_avatar.h"
#include "depth/metric_depth.h"
#include "format/avatar_file.h"
#include "image_files/png_io.h"
#include "input/heic/heic_reader.h"
#include "support.h"

using namespace pxav;

namespace {

AvatarBuild avatar_of(const std::vector<uint8_t>& bytes, const AvatarOptions& options = {}) {
  auto photo = test::open_bytes(bytes);
  REQUIRE(photo.ok());
  auto build = make_avatar(*photo, options);
  INFO((build.ok() ? "" : build.error().message));
  REQUIRE(build.ok());
  return std::move(*build);
}

}  // namespace

TEST_CASE("pug.heic: the avatar holds the dog and its bed, not the wall", "[avatar][real]") {
  PXAV_REQUIRE_SHARED(bytes, "real/pug.heic");
  PXAV_REQUIRE_SHARED(png, "real/pug_depth.png");
  const AvatarBuild b = avatar_of(bytes);
  CHECK(b.foreground.source == "depth");
  CHECK(b.avatar.grid_width == 64);
  CHECK(b.avatar.cells.size() > 500);
  CHECK(b.avatar.palette.size() == 16);
  CHECK(write_avatar_file(b.avatar).size() <= 8192);

  // pillow-heif's decoding of the depth map as the independent reference: in disparity codes the
  // dog and bed are near (high codes), the wall behind is far (low codes).
  auto ref = read_png(png);
  REQUIRE(ref.ok());
  const GreyImage& mask = b.foreground.mask;
  REQUIRE(mask.width == ref->width);
  double kept = 0, kept_code = 0, dropped = 0, dropped_code = 0, kept_top = 0;
  for (int y = 0; y < mask.height; ++y)
    for (int x = 0; x < mask.width; ++x) {
      const double code = ref->samples[static_cast<size_t>(y) * ref->width + x];
      if (mask.at(x, y)) {
        ++kept;
        kept_code += code;
        kept_top += y < mask.height * 0.4;
      } else {
        ++dropped;
        dropped_code += code;
      }
    }
  REQUIRE(kept > 0);
  // The subject is nearer than everything left out...
  CHECK(kept_code / kept > dropped_code / dropped + 40);
  // ...and lies in the lower part of the frame: the top 40% is wall.
  CHECK(kept_top / kept < 0.05);
}

TEST_CASE("selfie_front_truedepth.heic: the portrait matte decides the foreground", "[avatar][real]") {
  PXAV_REQUIRE_SHARED(bytes, "real/selfie_front_truedepth.heic");
  const AvatarBuild b = avatar_of(bytes);
  CHECK(b.foreground.source == "matte");
  CHECK(b.avatar.cells.size() > 500);
  CHECK(b.avatar.layer_count == 12);
  // The person is 0.27 to 1.97 m away (the data's README); the subject's layers sit inside that.
  CHECK(b.avatar.near_m > 0.25f);
  CHECK(b.avatar.near_m + b.avatar.layer_step_m * (b.avatar.layer_count - 1) < 2.0f);

  AvatarOptions no_matte;
  no_matte.foreground.use_matte = false;
  CHECK(avatar_of(bytes, no_matte).foreground.source == "depth");
}
