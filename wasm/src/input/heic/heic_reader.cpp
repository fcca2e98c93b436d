#include "input/heic/heic_reader.h"

#include <libheif/heif.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "colour/downsample.h"
#include "core/json.h"
#include "geometry/orientation.h"
#include "input/heic/heic_colour.h"
#include "input/heic/heic_depth.h"
#include "input/heic/heic_stereo.h"
#include "input/heic/libheif_handles.h"
#include "input/heic/libheif_items.h"
#include "input/xmp/apple_depth_xmp.h"
#include "input/xmp/subject_xmp.h"

namespace pxav {
namespace {

constexpr const char* kDepthAuxType = "urn:mpeg:hevc:2015:auxid:2";
constexpr const char* kPortraitMatteAuxType = "urn:com:apple:photo:2018:aux:portraiteffectsmatte";

using libheif::Context;
using libheif::Handle;
using namespace heic;

// An ISO-BMFF file starts with a box whose type is 'ftyp'; checking it first lets us say "this is
// not a HEIC file" instead of passing on a parser's complaint about box sizes.
Status check_container(const uint8_t* bytes, size_t size) {
  if (size == 0) return make_error(ErrorCode::UnsupportedFormat, "the file is empty (0 bytes)");
  if (size < 12 || std::memcmp(bytes + 4, "ftyp", 4) != 0)
    return make_error(ErrorCode::UnsupportedFormat, "not a HEIC/HEIF file: it does not start with an 'ftyp' box");
  const heif_filetype_result type = heif_check_filetype(bytes, static_cast<int>(std::min<size_t>(size, 1 << 20)));
  if (type == heif_filetype_no || type == heif_filetype_yes_unsupported)
    return make_error(ErrorCode::UnsupportedFormat, "not a HEIC/HEIF image file (its brand is not one libheif reads)");
  return Done{};
}

std::string auxiliary_type(const heif_image_handle* h) {
  const char* type = nullptr;
  if (heif_image_handle_get_auxiliary_type(h, &type).code != heif_error_Ok || !type) return {};
  std::string out = type;
  heif_image_handle_release_auxiliary_type(h, &type);
  return out;
}

// An open file: libheif's context and the primary image, with the size limit already checked.
struct OpenFile {
  libheif::Scope scope;
  Context ctx;
  Handle primary;
  PhotoInfo info;
  int tiles_x = 1, tiles_y = 1;
  Orientation turn;  // the primary image's irot/imir/clap
};

Error no_depth_error() {
  return make_error(ErrorCode::NoDepth, "this photo has no depth map; take it in Portrait mode",
                    missing_file("depth-map"));
}

Result<std::unique_ptr<OpenFile>> open_file(const uint8_t* bytes, size_t size, const OpenOptions& options) {
  if (auto s = check_container(bytes, size); !s) return s.error();
  auto file = std::make_unique<OpenFile>();
  file->ctx.reset(heif_context_alloc());
  if (!file->ctx) return make_error(ErrorCode::TooLarge, "out of memory creating a HEIF reader");

  // libheif's own limits (1 gigapixel by default) stay as a second fence behind ours, which is
  // checked below from the header alone and gives the clearer message.
  heif_error e = heif_context_read_from_memory_without_copy(file->ctx.get(), bytes, size, nullptr);
  if (e.code != heif_error_Ok) {
    if (e.subcode == heif_suberror_Security_limit_exceeded)
      return make_error(ErrorCode::TooLarge, std::string("the photo exceeds a size limit: ") + e.message);
    return make_error(ErrorCode::Corrupt, std::string("the HEIC file is damaged or truncated: ") + e.message);
  }
  heif_image_handle* ph = nullptr;
  e = heif_context_get_primary_image_handle(file->ctx.get(), &ph);
  if (e.code != heif_error_Ok) return from_heif(e, "finding the primary image");
  file->primary.reset(ph);

  PhotoInfo& info = file->info;
  info.container = "heic";
  info.photo_width = heif_image_handle_get_width(ph);
  info.photo_height = heif_image_handle_get_height(ph);
  heif_image_tiling tiling{};
  if (heif_image_handle_get_image_tiling(ph, 1, &tiling).code == heif_error_Ok) {
    file->tiles_x = static_cast<int>(tiling.num_columns);
    file->tiles_y = static_cast<int>(tiling.num_rows);
  }
  file->turn = item_orientation(file->ctx.get(), heif_image_handle_get_item_id(ph),
                                heif_image_handle_get_ispe_width(ph), heif_image_handle_get_ispe_height(ph));

  const double pixels = static_cast<double>(info.photo_width) * info.photo_height;
  // A photo that holds neither depth nor a second view is told so first: raising the size limit
  // would only lead to that answer.
  if (pixels > options.max_megapixels * 1e6 && !heif_image_handle_has_depth_image(ph) &&
      !has_stereo_group(file->ctx.get()))
    return no_depth_error();
  if (pixels > options.max_megapixels * 1e6)
    return make_error(ErrorCode::TooLarge, "the photo is " + std::to_string(info.photo_width) + "x" +
                                               std::to_string(info.photo_height) + " (" + mp(pixels) +
                                               " megapixels), above the limit of " + mp(options.max_megapixels * 1e6) +
                                               " megapixels; raise the limit to open it");
  return file;
}

}  // namespace

Result<DepthPhoto> read_heic(std::span<const uint8_t> bytes, const OpenOptions& options) {
  auto file = open_file(bytes.data(), bytes.size(), options);
  if (!file) return file.error();
  heif_context* ctx = (*file)->ctx.get();
  heif_image_handle* ph = (*file)->primary.get();
  DepthPhoto photo;
  photo.info = std::move((*file)->info);
  PhotoInfo& info = photo.info;

  // Every auxiliary image, for `info`; the portrait matte is used for the foreground later.
  heif_item_id matte_id = 0;
  std::vector<std::string> aux_types;
  const int n_aux = heif_image_handle_get_number_of_auxiliary_images(ph, 0);
  std::vector<heif_item_id> aux_ids(std::max(n_aux, 0));
  heif_image_handle_get_list_of_auxiliary_image_IDs(ph, 0, aux_ids.data(), n_aux);
  for (heif_item_id id : aux_ids) {
    heif_image_handle* ah = nullptr;
    if (heif_image_handle_get_auxiliary_image_handle(ph, id, &ah).code != heif_error_Ok) continue;
    Handle aux(ah);
    std::string type = auxiliary_type(ah);
    if (type == kPortraitMatteAuxType) matte_id = id;
    aux_types.push_back(std::move(type));
  }
  const bool has_thumbnail = heif_image_handle_get_number_of_thumbnails(ph) > 0;

  if (!heif_image_handle_has_depth_image(ph)) {
    auto stereo = read_stereo_views(ctx, bytes, options, photo);
    if (!stereo) return stereo.error();
    if (*stereo) return photo;
    return no_depth_error();
  }
  heif_item_id depth_id = 0;
  heif_image_handle_get_list_of_depth_image_IDs(ph, &depth_id, 1);
  heif_image_handle* dh = nullptr;
  const heif_error e = heif_image_handle_get_depth_image_handle(ph, depth_id, &dh);
  if (e.code != heif_error_Ok) return from_heif(e, "opening the depth map");
  Handle depth(dh);
  aux_types.push_back(kDepthAuxType);
  std::sort(aux_types.begin(), aux_types.end());
  aux_types.erase(std::unique(aux_types.begin(), aux_types.end()), aux_types.end());
  std::string aux_json = "[";
  for (size_t n = 0; n < aux_types.size(); ++n) aux_json += (n ? "," : "") + json_string(aux_types[n]);
  info.details = {{"tiles", "[" + std::to_string((*file)->tiles_x) + "," + std::to_string((*file)->tiles_y) + "]"},
                  {"thumbnail", has_thumbnail ? "true" : "false"},
                  {"auxiliaryTypes", aux_json + "]"}};

  const double depth_pixels = static_cast<double>(heif_image_handle_get_width(dh)) * heif_image_handle_get_height(dh);
  if (depth_pixels > options.max_depth_megapixels * 1e6)
    return make_error(ErrorCode::TooLarge, "the depth map is " + mp(depth_pixels) + " megapixels, above the limit of " +
                                               mp(options.max_depth_megapixels * 1e6));

  const AppleDepthXmp xmp = parse_apple_depth_xmp(xmp_of(dh));
  auto enc = depth_encoding(ph, depth_id, xmp);
  if (!enc) return enc.error();
  photo.encoding = std::move(*enc);

  auto depth_img = decode_grey(dh, "decoding the depth map");
  if (!depth_img) return depth_img.error();
  photo.depth = raw_depth_from(depth_img->get());
  depth_img->reset();
  const int stored_w = photo.depth.width, stored_h = photo.depth.height;

  // Phones store the rotation on the photo only; when the depth item has none, the depth turns
  // the way the photo turns, so both stay registered.
  const Orientation depth_turn = item_orientation(ctx, depth_id, stored_w, stored_h);
  photo.orientation = depth_turn.is_identity() ? (*file)->turn : depth_turn;
  photo.camera = camera_for(ctx, ph, dh, xmp, photo.orientation, stored_w, stored_h);
  // The depth's stored frame is the primary's (the colour is drawn onto it the same way).
  photo.subject_hints = place_subject_hints(stated_subject_hints(ph), heif_image_handle_get_ispe_width(ph),
                                            heif_image_handle_get_ispe_height(ph), stored_w, stored_h);

  if (matte_id != 0) {
    heif_image_handle* mh = nullptr;
    if (heif_image_handle_get_auxiliary_image_handle(ph, matte_id, &mh).code == heif_error_Ok) {
      Handle matte(mh);
      if (auto matte_img = decode_grey(mh, "decoding the portrait matte"))
        photo.portrait_matte = resize_nearest(grey_from(matte_img->get()), stored_w, stored_h);
    }
  }

  if (options.decode_colour) {
    auto colour = colour_part(ph, stored_w, stored_h, 0, 1, options.exact_colour, info.colour_source);
    if (!colour) return colour.error();
    photo.colour = finish(*colour);
  } else {
    auto plan = plan_colour(ph, stored_w, stored_h);
    if (!plan) return plan.error();
    info.colour_source = plan->source;
    photo.colour_parts = {plan->parts, stored_w, stored_h};
  }
  return photo;
}

bool heic_recognises(const Sniff& file) { return file.kind == FileKind::Heif; }

namespace {

// An HEIC photo holds everything in one file: a second file is a mistake worth naming.
Status one_heic(std::span<const InputFile> files, std::span<const Sniff> sniffs) {
  for (size_t i = 0; i < files.size(); ++i)
    if (sniffs[i].kind == FileKind::Heif) {
      if (files.size() == 1) return Done{};
      std::string others;
      for (size_t j = 0; j < files.size(); ++j)
        if (j != i) others += (others.empty() ? "" : ", ") + files[j].name;
      return make_error(ErrorCode::InvalidArgument, files[i].name +
                                                        " is an HEIC photo, which holds its depth map "
                                                        "itself: open it on its own (also given: " +
                                                        others + ")");
    }
  return make_error(ErrorCode::InvalidArgument, "no HEIC file among the files given");
}

}  // namespace

Result<DepthPhoto> heic_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options) {
  if (auto s = one_heic(files, sniffs); !s) return s.error();
  return read_heic(files[0].bytes, options);
}

Result<ColourAccumulator> heic_decode_colour_part(std::span<const InputFile> files, const OpenOptions& options,
                                                  int width, int height, int part, int parts) {
  if (files.size() != 1)
    return make_error(ErrorCode::InvalidArgument, "an HEIC photo's colour part needs its one file");
  if (parts < 1 || part < 0 || part >= parts || width <= 0 || height <= 0 || width > 16384 || height > 16384)
    return make_error(ErrorCode::InvalidArgument,
                      "a colour part needs 0 <= part < parts and a grid of 1..16384 pixels a side");
  auto file = open_file(files[0].bytes.data(), files[0].bytes.size(), options);
  if (!file) return file.error();
  std::string source;
  return colour_part((*file)->primary.get(), width, height, part, parts, options.exact_colour, source);
}

}  // namespace pxav
