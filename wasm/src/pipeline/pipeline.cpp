#include "pipeline/pipeline.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/json.h"
#include "depth/metric_depth.h"
#include "export/avatar_preview.h"
#include "export/colormap.h"
#include "export/disparity_files.h"
#include "format/avatar_file.h"
#include "geometry/unproject.h"
#include "image_files/png_io.h"
#include "input/registry.h"
#include "stereo/views_to_depth.h"

namespace pxav {

namespace {

// The stereo stage: a reader's two views become the photo's depth (as disparity), camera and
// colour, described in the info's "stereo" section. Returns the raw disparity for the exports.
Result<DisparityMap> match_views(DepthPhoto& photo, const OpenOptions& options) {
  auto stereo = depth_from_views(*photo.views, static_cast<size_t>(options.max_stereo_megabytes * (1 << 20)));
  if (!stereo) return stereo.error();
  StereoDepth& s = *stereo;
  photo.depth = std::move(s.depth);
  photo.encoding = s.encoding;
  photo.camera = s.camera;
  photo.colour = std::move(s.colour);
  photo.views.reset();
  auto& d = photo.info.stereo;
  d.emplace_back("matchedSize",
                 json_string(std::to_string(photo.depth.width) + "x" + std::to_string(photo.depth.height) + " (1/" +
                             std::to_string(s.scale) + ")"));
  d.emplace_back("disparities",
                 json_string(std::to_string(s.min_disparity * s.scale) + ".." +
                             std::to_string((s.min_disparity + s.num_disparities - 1) * s.scale) + " px"));
  d.emplace_back("verticalOffsetPx", json_number(s.vertical_offset_px));
  const PairGeometry& g = s.geometry;
  d.emplace_back("rectified", g.rectify ? (g.rows_only ? "\"rows of the right view\"" : "true") : "false");
  d.emplace_back("rectification", json_string(!g.rectify     ? (s.calibrated ? "full calibration" : "none")
                                              : g.rows_only  ? "rows of the right view"
                                              : g.calibrated ? "calibrated from the focal length"
                                                             : "uncalibrated (Hartley)"));
  if (s.known_focal_px > 0) {
    d.emplace_back("knownFocalPx", json_number(s.known_focal_px));
    d.emplace_back("focalSource", json_string(s.focal_source));
  }
  if (!g.calibration_note.empty()) d.emplace_back("calibrationNote", json_string(g.calibration_note));
  d.emplace_back("rectificationMovePx", json_number(g.largest_move_px));
  // Original pixel -> rectified pixel, row-major (of the views as matched: swapped ones swapped).
  for (const auto& [key, h] : {std::pair{"homographyLeft", &g.h.left}, std::pair{"homographyRight", &g.h.right}}) {
    std::string m = "[";
    for (size_t i = 0; i < 9; ++i) m += (i ? "," : "") + json_number((*h)[i]);
    d.emplace_back(key, m + "]");
  }
  d.emplace_back("swapped", g.swapped ? "true" : "false");
  d.emplace_back("epipoleWidths", json_number(g.epipole_widths));
  d.emplace_back("residualPx", json_number(g.residual));
  d.emplace_back("rowErrorBeforePx", json_number(g.row_error_before));
  d.emplace_back("rowErrorBeforeP90Px", json_number(g.row_error_p90_before));
  d.emplace_back("features", "[" + std::to_string(g.features_left) + "," + std::to_string(g.features_right) + "]");
  d.emplace_back("matches", std::to_string(g.matches));
  d.emplace_back("inliers", std::to_string(g.inliers));
  d.emplace_back("sparseDisparities", "[" + json_number(g.disparity_low) + "," + json_number(g.disparity_median) + "," +
                                          json_number(g.disparity_high) + "]");
  d.emplace_back("exposure", "{\"gain\":" + json_number(g.gain) + ",\"bias\":" + json_number(g.bias) +
                                 ",\"equalised\":" + (g.equalise ? "true" : "false") + "}");
  d.emplace_back("calibratedRectification", s.calibrated ? "true" : "false");
  d.emplace_back("rangeFound", s.range_found ? "true" : "false");
  d.emplace_back("leftRightShare", json_number(s.left_right_share));
  d.emplace_back("depthScale", json_string(s.depth_scale));
  if (!s.warning.empty()) d.emplace_back("warning", json_string(s.warning));
  return std::move(s.disparity);
}

}  // namespace

Result<MetricPhoto> open_photo(std::span<const InputFile> files, const OpenOptions& options) {
  auto chosen = choose_reader(files, options);
  if (!chosen) return chosen.error();
  auto photo = chosen->reader->open(files, chosen->sniffs, options);
  if (!photo) return photo.error();
  MetricPhoto out;
  if (photo->views) {
    auto stereo = match_views(*photo, options);
    if (!stereo) return stereo.error();
    out.disparity = std::move(*stereo);
  }
  out.turned = photo->orientation;
  out.photo = upright(std::move(*photo));
  auto depth = to_metric_depth(out.photo.depth, out.photo.encoding, out.photo.camera);
  if (!depth) return depth.error();
  out.depth = std::move(*depth);
  return out;
}

Result<ColourAccumulator> decode_colour_part(std::span<const InputFile> files, const OpenOptions& options, int width,
                                             int height, int part, int parts) {
  auto chosen = choose_reader(files, options);
  if (!chosen) return chosen.error();
  if (!chosen->reader->decode_colour_part)
    return make_error(ErrorCode::Unsupported,
                      std::string("the ") + chosen->reader->name + " reader decodes its colour whole, not in parts");
  return chosen->reader->decode_colour_part(files, options, width, height, part, parts);
}

Status add_colour(MetricPhoto& photo, std::span<const uint32_t> sums, std::span<const uint32_t> counts) {
  const ColourParts& parts = photo.photo.colour_parts;
  const size_t pixels = static_cast<size_t>(parts.width) * parts.height;
  if (parts.count == 0) return make_error(ErrorCode::InvalidArgument, "this photo's colour is complete already");
  if (sums.size() != pixels * 3 || counts.size() != pixels)
    return make_error(ErrorCode::InvalidArgument, "colour sums must be " + std::to_string(pixels * 3) + " and counts " +
                                                      std::to_string(pixels) + " numbers (the photo's colour grid is " +
                                                      std::to_string(parts.width) + "x" + std::to_string(parts.height) +
                                                      ")");
  ColourAccumulator acc;
  acc.width = parts.width;
  acc.height = parts.height;
  acc.sums.assign(sums.begin(), sums.end());
  acc.counts.assign(counts.begin(), counts.end());
  photo.photo.colour = resize_nearest(apply(photo.turned, finish(acc)), photo.depth.width, photo.depth.height);
  photo.photo.colour_parts = {};
  if (photo.photo.info.colour_source.empty()) photo.photo.info.colour_source = "tiles";
  return Done{};
}

namespace {

Status has_colour(const MetricPhoto& photo) {
  if (photo.photo.colour.empty())
    return make_error(ErrorCode::InvalidArgument,
                      "the photo was opened without its colour: add the colour parts first");
  return Done{};
}

}  // namespace

Result<PointSet> make_points(const MetricPhoto& photo) {
  if (auto s = has_colour(photo); !s) return s.error();
  return unproject(photo.depth, photo.photo.colour, photo.photo.camera);
}

bool person_model_wanted(const MetricPhoto& photo, const AvatarOptions& options) {
  const ForegroundOptions& fg = options.foreground;
  const bool matte_in_use = photo.photo.portrait_matte && fg.use_matte;
  return fg.use_person && !matte_in_use && !fg.near_m && !fg.far_m && has_colour(photo).ok();
}

Status find_person(MetricPhoto& photo, const PersonModel& model) {
  if (auto s = has_colour(photo); !s) return s.error();
  auto confidence = segment_person(model, photo.photo.colour, photo.depth.width, photo.depth.height);
  if (!confidence) {
    PersonFinding failed;
    failed.reason = "the person model could not run: " + confidence.error().message;
    photo.person = std::move(failed);
    return confidence.error();
  }
  photo.person = judge_person(std::move(*confidence), photo.photo.subject_hints);
  // The face detector's faces join the camera's for the decision only (the cut's face term keeps
  // the camera's): colour pixels to depth pixels, the same frame. It runs only where a face can
  // decide: an area too small or too unsure is no person whatever faces it holds.
  const PersonFinding& seen = *photo.person;
  if (!model.faces || seen.area_share < kPersonMinShare || seen.mean_confidence < kPersonMinConfidence) return Done{};
  std::vector<SubjectHint> faces =
      detect_faces(*model.faces, photo.photo.colour, &seen.confidence, kPersonFaceMinScore);
  const double sx = static_cast<double>(photo.depth.width) / photo.photo.colour.width;
  const double sy = static_cast<double>(photo.depth.height) / photo.photo.colour.height;
  for (SubjectHint& f : faces) f.x *= sx, f.y *= sy, f.width *= sx, f.height *= sy;
  std::vector<SubjectHint> hints = photo.photo.subject_hints;
  hints.insert(hints.end(), faces.begin(), faces.end());
  photo.person = judge_person(std::move(photo.person->confidence), hints);
  photo.person->faces = std::move(faces);
  return Done{};
}

Result<AvatarBuild> make_avatar(const MetricPhoto& photo, const AvatarOptions& options) {
  if (auto s = has_colour(photo); !s) return s.error();
  const GreyImage* matte = photo.photo.portrait_matte ? &*photo.photo.portrait_matte : nullptr;
  const GreyImage* person = photo.person && photo.person->found ? &photo.person->confidence : nullptr;
  return build_avatar(photo.depth, photo.photo.colour, photo.photo.camera, matte, options, photo.photo.subject_hints,
                      person);
}

Result<AvatarWithFile> make_avatar_file(const MetricPhoto& photo, const AvatarOptions& options) {
  auto build = make_avatar(photo, options);
  if (!build) return build.error();
  AvatarWithFile out{std::move(*build), {}, {}};
  out.file = write_avatar_file(out.build.avatar);
  return out;
}

Result<AvatarWithFile> convert(std::span<const InputFile> files, const OpenOptions& open_options,
                               const AvatarOptions& avatar_options,
                               const std::function<void(std::string_view stage)>& progress,
                               const PersonModel* person_model) {
  const auto step = [&](std::string_view stage) {
    if (progress) progress(stage);
  };
  step("reading the photo");
  auto photo = open_photo(files, open_options);
  if (!photo) return photo.error();
  if (person_model && person_model_wanted(*photo, avatar_options)) {
    step("looking for a person");
    (void)find_person(*photo, *person_model);  // on failure photo.person says why; depth decides
  }
  step("building the avatar");
  auto made = make_avatar_file(*photo, avatar_options);
  if (made) made->person = std::move(photo->person);
  return made;
}

Result<std::vector<uint8_t>> export_file(const MetricPhoto& photo, const AvatarBuild* build, ExportFormat format,
                                         ExportContent content) {
  if (content == ExportContent::Disparity || format == ExportFormat::Pfm) {
    if (content != ExportContent::Disparity || (format != ExportFormat::Pfm && format != ExportFormat::Png))
      return make_error(ErrorCode::InvalidArgument, "a disparity map is written as PFM or PNG, and PFM holds only it");
    if (photo.disparity.empty())
      return make_error(ErrorCode::InvalidArgument,
                        "only a stereo pair has a disparity map; this photo came with depth");
    if (format == ExportFormat::Pfm) return encode_pfm(photo.disparity);
    return encode_png_rgb(colourise_disparity(photo.disparity));
  }
  if (content == ExportContent::SubjectMask) {
    if (format != ExportFormat::Png)
      return make_error(ErrorCode::InvalidArgument, "the subject mask is written as PNG");
    if (!build) return make_error(ErrorCode::InvalidArgument, "build the avatar first");
    return encode_png_grey(build->foreground.mask);
  }
  const bool avatar_content = content == ExportContent::Avatar || content == ExportContent::AvatarLayers;
  if (avatar_content && !build) return make_error(ErrorCode::InvalidArgument, "build the avatar first");
  if (format == ExportFormat::Png) {
    if (content == ExportContent::Points)
      return make_error(ErrorCode::InvalidArgument, "a full-resolution PNG export is the depth view");
    if (content == ExportContent::DepthView) {
      // The subject's depth range decides the colours: the avatar's foreground, or that of the
      // avatar the defaults make (the matte when the photo has one), so the CLI's plain
      // --depth-view and the page after a default build paint the same picture.
      std::optional<AvatarBuild> made;
      if (!build) {
        auto b = make_avatar(photo, AvatarOptions{});
        if (!b) return encode_png_rgb(colourise_depth(photo.depth));  // no subject: the whole scene's range
        made = std::move(*b);
      }
      const Foreground* fg = build ? &build->foreground : &made->foreground;
      return encode_png_rgb(colourise_subject_depth(photo.depth, fg->near_m, fg->far_m, fg->hist_hi_m));
    }
    // Cells as squares, the whole picture about 512 pixels on its long side.
    const Avatar& a = build->avatar;
    const int cell_px = std::max(2, 512 / std::max(a.grid_width, a.grid_height));
    return encode_png_rgb(content == ExportContent::AvatarLayers ? render_avatar_layers(a, cell_px)
                                                                 : render_avatar_colours(a, cell_px));
  }
  const CloudFormat cloud = format == ExportFormat::Ply   ? CloudFormat::Ply
                            : format == ExportFormat::Pcd ? CloudFormat::PcdBinary
                                                          : CloudFormat::PcdAscii;
  if (content == ExportContent::DepthView || content == ExportContent::AvatarLayers)
    return make_error(ErrorCode::InvalidArgument, "a point cloud holds points or the avatar's cells, not a picture");
  if (content == ExportContent::Avatar) return encode_cloud(build->avatar, cloud);
  auto points = make_points(photo);
  if (!points) return points.error();
  return encode_cloud(*points, cloud);
}

}  // namespace pxav
