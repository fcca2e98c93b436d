// The common output of every input kind: what a depth photo holds once its container is read.
// HEIC files, depth JPEGs, colour + depth image pairs and stereo pairs each become a DepthPhoto
// (a stereo pair's with its two views, which the pipeline matches into depth first); everything
// downstream (metric depth, points, avatars) reads only this struct.
//
// Readers report what is stored, in the depth map's stored frame, and how the photo is meant to
// be turned (`orientation`); upright() turns depth, colour, matte and intrinsics together, once,
// so no reader turns anything itself.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/camera.h"
#include "core/image.h"
#include "core/subject_hint.h"
#include "depth/depth_encoding.h"
#include "geometry/orientation.h"
#include "stereo/stereo_setup.h"

namespace pxav {

// What the file said, for `pixel-avatar info` and the page. No EXIF, XMP or GPS beyond this.
struct PhotoInfo {
  std::string container;                  // the reader that opened it: "heic", "rgbd"
  int photo_width = 0, photo_height = 0;  // the primary (colour) image as shown: turned and cropped
  std::string colour_source;              // "tiles", "thumbnail", "primary", "input"; "" = not decoded
  // What only this reader knows (HEIC: tiles, thumbnail, auxiliary images), as key and JSON value
  // in the reader's order: its own section of the info JSON, and extra lines of `info`.
  std::vector<std::pair<std::string, std::string>> details;
  // What the stereo stage did (pipeline.cpp), for every input matched from two views, as details
  // are: the info JSON's "stereo" section (after the reader's own when the container is "stereo").
  std::vector<std::pair<std::string, std::string>> stereo;
};

// The colour work that readers with tiles can share between workers (pipeline.h): `count` parts,
// each summed onto a width x height grid in the depth map's stored frame. count = 0: the colour
// is complete (decoded whole, or the reader has no parts).
struct ColourParts {
  int count = 0;
  int width = 0, height = 0;
};

struct DepthPhoto {
  RawDepth depth;  // as stored
  DepthEncoding encoding;
  Intrinsics camera;                        // refers to the depth image's stored resolution and frame
  RgbImage colour;                          // registered with depth, same width and height; empty if not decoded
  std::optional<GreyImage> portrait_matte;  // Apple's portrait-effects matte, at the depth's size
  Orientation orientation;                  // what turns the stored frame upright (applied by upright())
  ColourParts colour_parts;
  PhotoInfo info;
  std::vector<SubjectHint> subject_hints;  // where the camera says the subject is (stored frame)
  // Stereo readers: two views and no depth yet. The pipeline matches them (stereo/) into depth,
  // camera and colour above before anything else reads the photo.
  std::optional<StereoViews> views;
};

// Applies photo.orientation to depth, colour, matte, intrinsics and subject hints together and
// clears it.
DepthPhoto upright(DepthPhoto photo);

// Hints on a width x height grid, turned as apply() turns the grid; a hint a crop leaves nothing
// of is dropped, a box is clipped to what remains.
std::vector<SubjectHint> turn_subject_hints(const Orientation& o, std::vector<SubjectHint> hints, int width,
                                            int height);

}  // namespace pxav
