// The C API the WebAssembly module exports to JavaScript (web/decoder/core-session.js wraps it).
// One opaque session holds what a page works on: the files added, the opened photo with its
// metric depth, the point set and the latest avatar. JS owns sessions and frees them; there is no
// global state. The work is done by the pipeline (wasm/src/pipeline/pipeline.h); this layer
// keeps its results alive between calls and turns errors into codes plus a JSON object.
//
// Conventions:
// - Every pointer argument comes with its length in bytes (or elements, where named so); text
//   is UTF-8 and need not end in NUL.
// - Calls that can fail return PXAV_OK (0) or an error code (the PXAV_ERROR_* numbers, the same
//   as ErrorCode in wasm/src/core/result.h) and leave the error in the session as JSON
//   (pxav_error_json: its code's name, its sentence and its machine-readable fields).
// - Pointers returned into a session stay valid until the next call that changes that part of
//   the session, or pxav_session_free. JS must re-take heap views after every call: memory grows.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

// Status codes (wasm/src/core/result.h's ErrorCode; web/decoder/core-session.js mirrors them).
enum {
  PXAV_OK = 0,
  PXAV_ERROR_INVALID_ARGUMENT = 1,
  PXAV_ERROR_UNSUPPORTED_FORMAT = 2,
  PXAV_ERROR_CORRUPT = 3,
  PXAV_ERROR_NO_DEPTH = 4,
  PXAV_ERROR_UNSUPPORTED = 5,
  PXAV_ERROR_TOO_LARGE = 6,
  PXAV_ERROR_IO = 7,
  PXAV_ERROR_BAD_AVATAR_FILE = 8,
  PXAV_ERROR_INTERNAL = 9,
  PXAV_ERROR_MISSING_COMPANION = 10,
  PXAV_ERROR_UNUSABLE_PAIR = 11,
};

// What pxav_export writes: formats and contents (pipeline.h's ExportFormat, ExportContent).
enum {
  PXAV_FORMAT_PLY = 0,
  PXAV_FORMAT_PCD = 1,
  PXAV_FORMAT_PCD_ASCII = 2,
  PXAV_FORMAT_PNG = 3,
  PXAV_FORMAT_PFM = 4,
};
enum {
  PXAV_CONTENT_POINTS = 0,
  PXAV_CONTENT_AVATAR = 1,
  PXAV_CONTENT_AVATAR_LAYERS = 2,
  PXAV_CONTENT_DEPTH_VIEW = 3,
  PXAV_CONTENT_DISPARITY = 4,
  PXAV_CONTENT_SUBJECT_MASK = 5,
};

struct PxavSession;

PxavSession* pxav_session_new(void);
void pxav_session_free(PxavSession* s);

// Scratch memory for text arguments: JS copies strings here, passes pointer and length, frees.
uint8_t* pxav_alloc(size_t size);
void pxav_free(uint8_t* p);

// ---- opening ----------------------------------------------------------------------------------
// Files are added one by one, then opened together; the core decides what they are (an HEIC or
// depth JPEG photo; a colour image and its depth map; the two views of a stereo pair) and says
// what is missing. pxav_add_file returns a buffer of `size` bytes inside the session for JS to
// fill with the file's bytes (null, with a message, when it cannot be had: too large, out of
// memory). The files stay in the session
// until pxav_clear_files, so the same session can open them again with other options.
uint8_t* pxav_add_file(PxavSession* s, const char* name, size_t name_size, size_t size);
void pxav_clear_files(PxavSession* s);
// The role of file `index` (in the order added): "" (the core decides), "depth" (a pair's depth
// map), "left" or "right" (the views of a stereo pair). Error InvalidArgument for another role or
// an index past the files added.
int pxav_set_file_role(PxavSession* s, size_t index, const char* role, size_t role_size);
// The reader settings for the next pxav_open, one text per name (input/open_options.h), kept
// until changed; empty text removes the entry. Readers take only their own entry:
//   "depth":  what a colour + depth pair's depth numbers mean (encoding=disparity|inverse-z|z|
//             range-inverse|scaled-z|stereo-disparity|kinect-disparity, lo=, hi=, scale=,
//             baseline=, a=, b=, radial=0|1, byte-order=file|swap, rotate-bits=N, fx=, fy=, cx=, cy=
//             in depth pixels, or fov= in degrees: input/rgbd/rgbd_reader.h). Depth photos (HEIC,
//             JPEG) carry their own.
//   "stereo": a stereo input's calibration and search range: "f= baseline= doffs= disparities=
//             min-disparity= cx= cy= scale=" or a Middlebury calib.txt (stereo/stereo_setup.h). A
//             HEIF stereo file (an Apple spatial photo) brings its own calibration and takes only
//             scale=, disparities= and min-disparity= from it.
// Error InvalidArgument for a name no reader reads.
int pxav_set_reader_settings(PxavSession* s, const char* name, size_t name_size, const char* settings,
                             size_t settings_size);
void pxav_clear_reader_settings(PxavSession* s);
// options: "key=value" items (max-megapixels=N, max-depth-megapixels=N, decode-colour=0|1,
// exact-colour=0|1, max-stereo-megabytes=N: input/open_options.h).
int pxav_open(PxavSession* s, const char* options, size_t options_size);

// What the open photo holds, as a JSON object (pipeline/describe_json.h); NUL-terminated too.
const char* pxav_info_json(PxavSession* s);
size_t pxav_info_json_size(PxavSession* s);

// ---- colour in parts --------------------------------------------------------------------------
// Sharing a tiled photo's colour work between workers, each with its own module and session:
//   1. the main session opens with decode-colour=0 (depth only, fast); if pxav_colour_part_count
//      is 0 the colour is complete, else it is N parts on a pxav_colour_grid_width x _height grid;
//   2. each helper session adds the same file (once) and calls pxav_decode_colour_part(h, options,
//      grid width, grid height, i, N) for each of its shares i < N, then reads pxav_colour_sums (3 per
//      grid pixel) and pxav_colour_counts (1 per grid pixel), pxav_colour_part_pixels of them;
//   3. the sums and counts of all N parts, added element-wise, go to pxav_set_colour_sums.
// The result is bit-identical to decoding the colour in one session.
int pxav_colour_part_count(PxavSession* s);
int pxav_colour_grid_width(PxavSession* s);
int pxav_colour_grid_height(PxavSession* s);
int pxav_decode_colour_part(PxavSession* s, const char* options, size_t options_size, int grid_width, int grid_height,
                            int part, int parts);
size_t pxav_colour_part_pixels(PxavSession* s);
const uint32_t* pxav_colour_sums(PxavSession* s);
const uint32_t* pxav_colour_counts(PxavSession* s);
// sums_count = 3 * counts_count = 3 * grid pixels (numbers, not bytes).
int pxav_set_colour_sums(PxavSession* s, const uint32_t* sums, size_t sums_count, const uint32_t* counts,
                         size_t counts_count);

// ---- the open photo ---------------------------------------------------------------------------
// Metric depth in metres (NaN = invalid), width x height floats; colour RGB8 at the same size.
int pxav_width(PxavSession* s);
int pxav_height(PxavSession* s);
const float* pxav_depth(PxavSession* s);
const uint8_t* pxav_colour(PxavSession* s);

// Points: width*height entries; xyz floats (metres, x right, y up, z towards the viewer) and RGB8.
int pxav_make_points(PxavSession* s);
const float* pxav_points_xyz(PxavSession* s);
const uint8_t* pxav_points_rgb(PxavSession* s);

// Builds the avatar with "key=value" options (grid, palette, palette-name, layers, exaggeration,
// dither, near, far, matte, person), then pxav_avatar_file gives the .pxav bytes.
int pxav_build_avatar(PxavSession* s, const char* options, size_t options_size);
const uint8_t* pxav_avatar_file(PxavSession* s);
size_t pxav_avatar_file_size(PxavSession* s);
// The person model (MediaPipe's selfie segmenter, a .tflite the page fetches when a photo needs it)
// for photos whose subject the cut decides: read and checked now, kept by the session across
// photos; size 0 removes it. pxav_build_avatar runs it once per photo when it is wanted.
// Errors: UnsupportedFormat, Corrupt, Unsupported (person/person_model.h); the session then has
// no model.
int pxav_set_person_model(PxavSession* s, const uint8_t* bytes, size_t size);
// 1 when the open photo's avatar with these options would ask the person model (no matte in use,
// no manual window, person=1; pipeline.h person_model_wanted), else 0: the page fetches the model
// only then.
int pxav_person_model_wanted(PxavSession* s, const char* options, size_t options_size);
// The face detector that travels with the person model (MediaPipe's BlazeFace short range, a
// .tflite the page fetches with the person model): the person decision needs a face, and most
// photos carry none the camera found. Read and checked now, kept across photos, in either order
// with pxav_set_person_model; size 0 removes it. Errors as pxav_set_person_model's
// (person/face_detector.h); the session then has no face model.
int pxav_set_face_model(PxavSession* s, const uint8_t* bytes, size_t size);
// The foreground decision, as JSON (pipeline/describe_json.h); NUL-terminated too.
const char* pxav_foreground_json(PxavSession* s);
size_t pxav_foreground_json_size(PxavSession* s);

// Exports: one of PXAV_FORMAT_* with one of PXAV_CONTENT_* (the avatar contents and the subject
// mask need pxav_build_avatar first; the disparity map, PFM or PNG, is a stereo input's).
int pxav_export(PxavSession* s, int format, int content);
const uint8_t* pxav_export_data(PxavSession* s);
size_t pxav_export_size(PxavSession* s);

// The last error as JSON, NUL-terminated too; "" after a call that succeeded:
// { "code": "missing-companion", "message": one sentence, "fields": { "missing": "depth-map" } }
// (pipeline/describe_json.h's error_json; web/decoder/photo-info.d.ts's ErrorFields).
const char* pxav_error_json(PxavSession* s);
size_t pxav_error_json_size(PxavSession* s);
}
