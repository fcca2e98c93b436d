// The JS-facing C API (pixel_avatar_api.h): keeps one session's files and pipeline results alive
// between calls and turns Result errors into codes plus an error JSON. All the work happens in the
// pipeline; nothing here decides anything about images.
#include "pixel_avatar_api.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/registry.h"
#include "pipeline/describe_json.h"
#include "pipeline/pipeline.h"

namespace {

// A file the page handed over: its name and bytes, owned by the session.
struct StoredFile {
  std::string name;
  std::vector<uint8_t> bytes;
  std::string role;  // InputFile::role
};

// No single file a person picks comes near this; it keeps a wrong pick from exhausting memory.
constexpr size_t kMaxFileBytes = size_t{512} << 20;

}  // namespace

struct PxavSession {
  std::vector<StoredFile> files;
  std::map<std::string, std::string, std::less<>> settings;  // OpenOptions::settings, kept across opens
  std::optional<pxav::MetricPhoto> photo;
  std::optional<pxav::PersonModel> person_model;  // pxav_set_person_model: kept across photos
  std::optional<pxav::FaceModel> face_model;      // pxav_set_face_model: joins person_model->faces
  pxav::PointSet points;
  std::optional<pxav::AvatarBuild> build;
  pxav::ColourAccumulator colour_part;  // the latest part this session decoded
  std::vector<uint8_t> avatar_file;
  std::vector<uint8_t> export_data;
  std::string info_json;
  std::string foreground_json;
  std::string error;  // pxav_error_json
};

namespace {

int fail(PxavSession* s, const pxav::Error& e) {
  s->error = pxav::error_json(e);
  return static_cast<int>(e.code);
}

int fail(PxavSession* s, pxav::ErrorCode code, std::string message) {
  return fail(s, pxav::Error{code, std::move(message)});
}

std::string_view text(const char* p, size_t size) { return p && size ? std::string_view(p, size) : std::string_view(); }

std::vector<pxav::InputFile> input_files(const PxavSession* s) {
  std::vector<pxav::InputFile> out;
  for (const StoredFile& f : s->files) out.push_back({f.name, f.bytes, f.role});
  return out;
}

pxav::Result<pxav::OpenOptions> open_options(const char* options, size_t options_size) {
  return pxav::parse_open_options(text(options, options_size));
}

// A new photo invalidates everything derived from the previous one.
void forget_photo(PxavSession* s) {
  s->photo.reset();
  s->points = {};
  s->build.reset();
  s->avatar_file.clear();
  s->export_data.clear();
  s->info_json.clear();
  s->foreground_json.clear();
}

}  // namespace

extern "C" {

PxavSession* pxav_session_new(void) { return new PxavSession(); }
void pxav_session_free(PxavSession* s) { delete s; }

uint8_t* pxav_alloc(size_t size) { return static_cast<uint8_t*>(std::malloc(size ? size : 1)); }
void pxav_free(uint8_t* p) { std::free(p); }

uint8_t* pxav_add_file(PxavSession* s, const char* name, size_t name_size, size_t size) {
  s->error.clear();
  const std::string file_name(text(name, name_size));
  if (size > kMaxFileBytes) {
    fail(s, pxav::ErrorCode::TooLarge,
         file_name + " is " + std::to_string(size >> 20) + " MB, above the limit of " +
             std::to_string(kMaxFileBytes >> 20) + " MB for one file");
    return nullptr;
  }
  s->files.push_back({file_name.empty() ? "file " + std::to_string(s->files.size() + 1) : file_name, {}});
  // Exceptions are off: an allocation failure aborts, hence the cap above. Room for one byte
  // at least, so an empty file has a buffer too and null always means a failure.
  std::vector<uint8_t>& bytes = s->files.back().bytes;
  bytes.reserve(std::max<size_t>(size, 1));
  bytes.resize(size);
  return bytes.data();
}

void pxav_clear_files(PxavSession* s) { s->files.clear(); }

int pxav_set_file_role(PxavSession* s, size_t index, const char* role, size_t role_size) {
  s->error.clear();
  const std::string r(text(role, role_size));
  if (index >= s->files.size())
    return fail(
        s, pxav::ErrorCode::InvalidArgument,
        "no file " + std::to_string(index + 1) + " to give a role: " + std::to_string(s->files.size()) + " added");
  if (r != "" && r != "depth" && r != "left" && r != "right")
    return fail(s, pxav::ErrorCode::InvalidArgument, "unknown file role '" + r + "' (use depth, left or right)");
  s->files[index].role = r;
  return 0;
}

int pxav_set_reader_settings(PxavSession* s, const char* name, size_t name_size, const char* settings,
                             size_t settings_size) {
  s->error.clear();
  const std::string_view n = text(name, name_size);
  if (auto known = pxav::check_reader_setting(n); !known) return fail(s, known.error());
  const std::string_view value = text(settings, settings_size);
  if (value.empty())
    s->settings.erase(std::string(n));
  else
    s->settings[std::string(n)] = std::string(value);
  return 0;
}

void pxav_clear_reader_settings(PxavSession* s) { s->settings.clear(); }

int pxav_open(PxavSession* s, const char* options, size_t options_size) {
  forget_photo(s);
  s->error.clear();
  auto o = open_options(options, options_size);
  if (!o) return fail(s, o.error());
  o->settings = s->settings;
  auto photo = pxav::open_photo(input_files(s), *o);
  if (!photo) return fail(s, photo.error());
  s->info_json = pxav::photo_info_json(photo->photo);
  s->photo = std::move(*photo);
  return 0;
}

const char* pxav_info_json(PxavSession* s) { return s->info_json.c_str(); }
size_t pxav_info_json_size(PxavSession* s) { return s->info_json.size(); }

int pxav_colour_part_count(PxavSession* s) { return s->photo ? s->photo->photo.colour_parts.count : 0; }
int pxav_colour_grid_width(PxavSession* s) { return s->photo ? s->photo->photo.colour_parts.width : 0; }
int pxav_colour_grid_height(PxavSession* s) { return s->photo ? s->photo->photo.colour_parts.height : 0; }

int pxav_decode_colour_part(PxavSession* s, const char* options, size_t options_size, int grid_width, int grid_height,
                            int part, int parts) {
  s->error.clear();
  auto o = open_options(options, options_size);
  if (!o) return fail(s, o.error());
  auto acc = pxav::decode_colour_part(input_files(s), *o, grid_width, grid_height, part, parts);
  if (!acc) return fail(s, acc.error());
  s->colour_part = std::move(*acc);
  return 0;
}
size_t pxav_colour_part_pixels(PxavSession* s) { return s->colour_part.counts.size(); }
const uint32_t* pxav_colour_sums(PxavSession* s) { return s->colour_part.sums.data(); }
const uint32_t* pxav_colour_counts(PxavSession* s) { return s->colour_part.counts.data(); }

int pxav_set_colour_sums(PxavSession* s, const uint32_t* sums, size_t sums_count, const uint32_t* counts,
                         size_t counts_count) {
  s->error.clear();
  if (!s->photo) return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo with decode-colour=0 first");
  if ((!sums && sums_count) || (!counts && counts_count))
    return fail(s, pxav::ErrorCode::InvalidArgument, "colour sums and counts are required");
  if (auto st = pxav::add_colour(*s->photo, {sums, sums_count}, {counts, counts_count}); !st)
    return fail(s, st.error());
  s->info_json = pxav::photo_info_json(s->photo->photo);
  s->points = {};
  s->build.reset();
  return 0;
}

int pxav_width(PxavSession* s) { return s->photo ? s->photo->depth.width : 0; }
int pxav_height(PxavSession* s) { return s->photo ? s->photo->depth.height : 0; }
const float* pxav_depth(PxavSession* s) { return s->photo ? s->photo->depth.z.data() : nullptr; }
const uint8_t* pxav_colour(PxavSession* s) { return s->photo ? s->photo->photo.colour.pixels.data() : nullptr; }

int pxav_make_points(PxavSession* s) {
  s->error.clear();
  if (!s->photo) return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo first");
  auto points = pxav::make_points(*s->photo);
  if (!points) return fail(s, points.error());
  s->points = std::move(*points);
  return 0;
}
const float* pxav_points_xyz(PxavSession* s) { return s->points.xyz.data(); }
const uint8_t* pxav_points_rgb(PxavSession* s) { return s->points.rgb.data(); }

int pxav_build_avatar(PxavSession* s, const char* options, size_t options_size) {
  s->error.clear();
  if (!s->photo) return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo first");
  auto opts = pxav::parse_avatar_options(text(options, options_size));
  if (!opts) return fail(s, opts.error());
  // The model looks once per photo, and only when the options leave the subject to the cut; a
  // model that fails says why in the foreground's "person" and the cut decides from depth.
  const bool wanted = pxav::person_model_wanted(*s->photo, *opts);
  if (wanted && s->person_model && !s->photo->person) (void)pxav::find_person(*s->photo, *s->person_model);
  auto made = pxav::make_avatar_file(*s->photo, *opts);
  if (!made) return fail(s, made.error());
  s->avatar_file = std::move(made->file);
  const pxav::PersonFinding* person = wanted && s->photo->person ? &*s->photo->person : nullptr;
  s->foreground_json = pxav::foreground_json(made->build.foreground, person);
  s->build = std::move(made->build);
  return 0;
}
int pxav_set_person_model(PxavSession* s, const uint8_t* bytes, size_t size) {
  s->error.clear();
  s->person_model.reset();
  if (s->photo) s->photo->person.reset();  // what the old model saw is no longer the answer
  if (size == 0) return 0;
  if (!bytes) return fail(s, pxav::ErrorCode::InvalidArgument, "the person model's bytes are missing");
  auto model = pxav::read_person_model(std::span<const uint8_t>(bytes, size));
  if (!model) return fail(s, model.error());
  model->faces = s->face_model;
  s->person_model = std::move(*model);
  return 0;
}

int pxav_set_face_model(PxavSession* s, const uint8_t* bytes, size_t size) {
  s->error.clear();
  s->face_model.reset();
  if (s->person_model) s->person_model->faces.reset();
  if (s->photo) s->photo->person.reset();  // what was judged without these faces is no longer the answer
  if (size == 0) return 0;
  if (!bytes) return fail(s, pxav::ErrorCode::InvalidArgument, "the face model's bytes are missing");
  auto model = pxav::read_face_model(std::span<const uint8_t>(bytes, size));
  if (!model) return fail(s, model.error());
  s->face_model = std::move(*model);
  if (s->person_model) s->person_model->faces = s->face_model;
  return 0;
}

int pxav_person_model_wanted(PxavSession* s, const char* options, size_t options_size) {
  s->error.clear();
  if (!s->photo) return 0;
  auto opts = pxav::parse_avatar_options(text(options, options_size));
  return opts && pxav::person_model_wanted(*s->photo, *opts) ? 1 : 0;
}

const uint8_t* pxav_avatar_file(PxavSession* s) { return s->avatar_file.data(); }
size_t pxav_avatar_file_size(PxavSession* s) { return s->avatar_file.size(); }
const char* pxav_foreground_json(PxavSession* s) { return s->foreground_json.c_str(); }
size_t pxav_foreground_json_size(PxavSession* s) { return s->foreground_json.size(); }

int pxav_export(PxavSession* s, int format, int content) {
  s->error.clear();
  if (!s->photo) return fail(s, pxav::ErrorCode::InvalidArgument, "open a photo first");
  if (format < PXAV_FORMAT_PLY || format > PXAV_FORMAT_PFM)
    return fail(s, pxav::ErrorCode::InvalidArgument,
                "export format " + std::to_string(format) + " is not a PXAV_FORMAT_*");
  if (content < PXAV_CONTENT_POINTS || content > PXAV_CONTENT_SUBJECT_MASK)
    return fail(s, pxav::ErrorCode::InvalidArgument,
                "export content " + std::to_string(content) + " is not a PXAV_CONTENT_*");
  static constexpr pxav::ExportFormat kFormats[] = {pxav::ExportFormat::Ply, pxav::ExportFormat::Pcd,
                                                    pxav::ExportFormat::PcdAscii, pxav::ExportFormat::Png,
                                                    pxav::ExportFormat::Pfm};
  static constexpr pxav::ExportContent kContents[] = {
      pxav::ExportContent::Points,    pxav::ExportContent::Avatar,    pxav::ExportContent::AvatarLayers,
      pxav::ExportContent::DepthView, pxav::ExportContent::Disparity, pxav::ExportContent::SubjectMask};
  auto bytes = pxav::export_file(*s->photo, s->build ? &*s->build : nullptr, kFormats[format], kContents[content]);
  if (!bytes) return fail(s, bytes.error());
  s->export_data = std::move(*bytes);
  return 0;
}
const uint8_t* pxav_export_data(PxavSession* s) { return s->export_data.data(); }
size_t pxav_export_size(PxavSession* s) { return s->export_data.size(); }

const char* pxav_error_json(PxavSession* s) { return s->error.c_str(); }
size_t pxav_error_json_size(PxavSession* s) { return s->error.size(); }

}  // extern "C"
