// The one way from the bytes of a depth photo to what the user takes home: open (sniff the
// files, choose the reader, turn upright), metric depth, 3D points, the pixel avatar, its file,
// and the exports. The CLI, the wasm binding, the benchmarks and the tests all call these
// functions; none of them strings the stages together itself, so "bytes -> avatar" is the same
// work everywhere, Apple's portrait matte included.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "avatar/build_avatar.h"
#include "colour/downsample.h"
#include "core/image.h"
#include "core/result.h"
#include "export/cloud_file.h"
#include "geometry/orientation.h"
#include "geometry/point_set.h"
#include "input/depth_photo.h"
#include "input/input_file.h"
#include "input/open_options.h"
#include "person/person_decision.h"
#include "person/person_model.h"
#include "stereo/disparity_map.h"

namespace pxav {

// An opened photo: upright, with its depth in metres. Everything after opening reads this.
struct MetricPhoto {
  DepthPhoto photo;
  DepthMap depth;                       // planar Z in metres, NaN = invalid, the photo's depth size
  Orientation turned;                   // what upright() applied: colour that arrives later in parts is turned too
  DisparityMap disparity;               // stereo pairs: the matched disparity before holes were filled; else empty
  std::optional<PersonFinding> person;  // what the person model saw (find_person), if it was asked
};

// Sniffs the files, lets the registry's reader open them, matches the views of a stereo pair into
// depth (stereo/views_to_depth.h), turns everything upright and converts the depth to metres. With
// options.decode_colour false, photos whose reader has parts come back without colour (photo.colour_parts says how to
// get it); the others are complete.
Result<MetricPhoto> open_photo(std::span<const InputFile> files, const OpenOptions& options);

// ---- colour in parts, for readers with tiles (the page's workers share them) -------------------
// One share: decode_colour_part(files, options, parts.width, parts.height, i, N) for i < N, with
// parts = photo.colour_parts of the session that opened the files without colour. Errors:
// Unsupported for a reader without parts.
Result<ColourAccumulator> decode_colour_part(std::span<const InputFile> files, const OpenOptions& options, int width,
                                             int height, int part, int parts);
// The sums of all N parts added up (same layout as one part), into the photo opened without
// colour: the result equals opening with colour. Error InvalidArgument when sizes do not match.
Status add_colour(MetricPhoto& photo, std::span<const uint32_t> sums, std::span<const uint32_t> counts);

// ---- the person model -------------------------------------------------------------------------
// Whether the person model has a say in make_avatar with these options: the photo has its colour,
// no portrait matte in use (none, or matte=0), no manual window, and person=1. Only then is it run.
bool person_model_wanted(const MetricPhoto& photo, const AvatarOptions& options);
// Runs the person model on the photo's colour (the depth map's size, upright) and judges its
// answer (person/person_decision.h) into photo.person; make_avatar then uses it when it is a
// person. A model that fails leaves photo.person not found, its reason the model's error, and
// returns that error: the avatar is still made from depth. With model.faces, and an area large
// and sure enough for a face to decide, the face detector's faces (person/face_detector.h, score
// at least kPersonFaceMinScore) join the photo's hints for the decision and photo.person->faces.
Status find_person(MetricPhoto& photo, const PersonModel& model);

// ---- what an open photo becomes ---------------------------------------------------------------
// Every depth pixel as a 3D point (x right, y up, z towards the viewer) with its colour.
Result<PointSet> make_points(const MetricPhoto& photo);
// The pixel avatar; the portrait matte, when the photo has one, decides the subject unless the
// options say matte=0; else the person model's mask, when find_person saw a person, joins the cut.
Result<AvatarBuild> make_avatar(const MetricPhoto& photo, const AvatarOptions& options);

// The avatar with its .pxav bytes, what the page's "build" and the CLI's convert hand out.
struct AvatarWithFile {
  AvatarBuild build;
  std::vector<uint8_t> file;            // the .pxav bytes
  std::optional<PersonFinding> person;  // convert: what the person model saw, if it was asked
};
Result<AvatarWithFile> make_avatar_file(const MetricPhoto& photo, const AvatarOptions& options);

// `pixel-avatar convert`: open, the person model when it is given and wanted, avatar, .pxav bytes.
// progress (optional) hears each stage's name.
Result<AvatarWithFile> convert(std::span<const InputFile> files, const OpenOptions& open_options,
                               const AvatarOptions& avatar_options,
                               const std::function<void(std::string_view stage)>& progress = {},
                               const PersonModel* person_model = nullptr);

// ---- exports ----------------------------------------------------------------------------------
enum class ExportFormat { Ply, Pcd, PcdAscii, Png, Pfm };
enum class ExportContent {
  Points,        // every valid depth pixel (PLY/PCD)
  Avatar,        // one point per cell (PLY/PCD), or the avatar's colour grid (PNG)
  AvatarLayers,  // the avatar's layers through the Turbo colormap (PNG)
  DepthView,     // the metric depth through the Turbo colormap (PNG)
  Disparity,     // a stereo pair's disparity map: float (PFM) or through the Turbo colormap (PNG)
  SubjectMask,   // the subject mask the avatar was built from: depth-sized, upright, 255 = subject (PNG)
};
// The file's bytes. build is needed for the avatar contents (null otherwise). Errors:
// InvalidArgument for a combination that is no file (a PLY of the depth view, points as PNG).
Result<std::vector<uint8_t>> export_file(const MetricPhoto& photo, const AvatarBuild* build, ExportFormat format,
                                         ExportContent content);

}  // namespace pxav
