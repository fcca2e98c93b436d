#include "input/heic/heic_stereo.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/memory_headroom.h"
#include "input/heic/heic_colour.h"
#include "input/heic/heif_boxes.h"
#include "input/heic/libheif_items.h"
#include "stereo/views_to_depth.h"

namespace pxav::heic {

using libheif::Handle;

bool has_stereo_group(heif_context* ctx) {
  int count = 0;
  heif_entity_group* groups = heif_context_get_entity_groups(ctx, heif_fourcc('s', 't', 'e', 'r'), 0, &count);
  if (groups) heif_entity_groups_release(groups, count);
  return groups && count > 0;
}

Result<bool> read_stereo_views(heif_context* ctx, std::span<const uint8_t> bytes, const OpenOptions& options,
                               DepthPhoto& photo) {
  int count = 0;
  heif_entity_group* groups = heif_context_get_entity_groups(ctx, heif_fourcc('s', 't', 'e', 'r'), 0, &count);
  if (!groups || count <= 0) return false;
  std::vector<heif_item_id> ids(groups[0].entities, groups[0].entities + groups[0].num_entities);
  heif_entity_groups_release(groups, count);
  if (ids.size() != 2)
    return make_error(ErrorCode::Corrupt, "the file's stereo group (ster) names " + std::to_string(ids.size()) +
                                              " views; a stereo pair is two, left then right");
  Handle view[2];
  for (int i = 0; i < 2; ++i) {
    heif_image_handle* h = nullptr;
    if (heif_context_get_image_handle(ctx, ids[i], &h).code != heif_error_Ok)
      return make_error(ErrorCode::Corrupt, "the file's stereo group (ster) names item " + std::to_string(ids[i]) +
                                                ", which is not an image");
    view[i].reset(h);
  }
  const int w = heif_image_handle_get_width(view[0].get()), h = heif_image_handle_get_height(view[0].get());
  const int rw = heif_image_handle_get_width(view[1].get()), rh = heif_image_handle_get_height(view[1].get());
  if (w != rw || h != rh)
    return make_error(ErrorCode::InvalidArgument, "the stereo views differ in size (left " + std::to_string(w) + "x" +
                                                      std::to_string(h) + ", right " + std::to_string(rw) + "x" +
                                                      std::to_string(rh) + ")");
  if (static_cast<double>(w) * h > options.max_megapixels * 1e6)
    return make_error(ErrorCode::TooLarge, "the stereo views are " + std::to_string(w) + "x" + std::to_string(h) +
                                               ", above the limit of " + mp(options.max_megapixels * 1e6) +
                                               " megapixels");

  StereoCalibration cal;
  heif_camera_intrinsic_matrix k{};
  const bool has_intrinsics = heif_image_handle_has_camera_intrinsic_matrix(view[0].get()) &&
                              heif_image_handle_get_camera_intrinsic_matrix(view[0].get(), &k).code == heif_error_Ok &&
                              k.focal_length_x > 0;
  const auto left_at = heif_camera_position(bytes, ids[0]), right_at = heif_camera_position(bytes, ids[1]);
  double baseline = 0;
  if (right_at) {
    const CameraPosition l = left_at.value_or(CameraPosition{});
    baseline = std::hypot(right_at->x_m - l.x_m, right_at->y_m - l.y_m, right_at->z_m - l.z_m);
  }
  if (has_intrinsics && baseline > 0) {
    cal.focal_px = k.focal_length_x;
    cal.cx = k.principal_point_x;
    cal.cy = k.principal_point_y;
    cal.baseline_m = baseline;
  }
  // Intrinsics without the views' positions: the focal length alone, for calibrated rectification.
  const double focal_only = has_intrinsics && !(baseline > 0) ? k.focal_length_x : 0;
  // The file's calibration, with what the person asked for on top: a scale or a search range
  // (the CLI's --stereo "scale=2", say, to match a spatial photo at half size).
  auto asked = parse_stereo_setup(reader_setting(options, kStereoSettings));
  if (!asked) return asked.error();
  cal.scale = asked->scale;
  cal.min_disparity = asked->min_disparity;
  cal.num_disparities = asked->num_disparities;
  const size_t max_bytes = static_cast<size_t>(options.max_stereo_megabytes * (1 << 20));
  const int full_disparities = disparities_to_search(cal, w);
  // The views are decoded at the size they are matched at, chosen within the memory this instance
  // can still take, as depth_from_views chooses its own.
  const int s =
      cal.scale != 0 ? cal.scale : automatic_match_scale(w, h, full_disparities, max_bytes, memory_headroom_bytes());
  photo.views.emplace();
  StereoViews& v = *photo.views;
  v.source = "heif-stereo";
  for (int i = 0; i < 2; ++i) {
    std::string source;
    auto acc = colour_part(view[i].get(), w / s, h / s, 0, 1, options.exact_colour, source);
    if (!acc) return acc.error();
    (i == 0 ? v.left : v.right) = finish(*acc);
  }
  cal.focal_px /= s;
  cal.cx /= s;
  cal.cy /= s;
  cal.min_disparity = static_cast<int>(std::floor(static_cast<double>(cal.min_disparity) / s));
  cal.num_disparities = (full_disparities + s - 1) / s;
  cal.scale = 1;  // decoded at the matching size already
  v.calibration = cal;
  if (focal_only > 0) {
    v.known_focal_px = focal_only / s;
    v.focal_source = "HEIF camera intrinsics";
  }
  photo.info.colour_source = "left view";
  photo.info.details = {{"stereoGroup", "[" + std::to_string(ids[0]) + "," + std::to_string(ids[1]) + "]"},
                        {"baselineM", json_number(baseline)},
                        {"viewsDecodedAt", json_string("1/" + std::to_string(s))}};
  return true;
}

}  // namespace pxav::heic
