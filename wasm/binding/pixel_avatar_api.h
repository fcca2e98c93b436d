// The C API the WebAssembly module exports to JavaScript (and that native tests call too).
// One opaque session holds everything a page works on: the opened photo, its metric depth, the
// point set and the latest avatar. JS owns sessions and frees them; there is no global state.
// Every call that can fail returns 0 on success or an ErrorCode number, and leaves a message in
// the session (pxav_error_message). Pointers returned into a session stay valid until the next
// call that changes that part of the session, or pxav_session_free. JS must re-take heap views
// after every call, since memory may have grown.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

struct PxavSession;

PxavSession* pxav_session_new(void);
void pxav_session_free(PxavSession* s);

// Scratch memory for inputs: JS copies file bytes here, then passes the pointer on.
uint8_t* pxav_alloc(size_t size);
void pxav_free(uint8_t* p);

// Limits, before opening: photos whose primary image has more pixels are refused (TooLarge).
void pxav_set_max_pixels(PxavSession* s, double max_pixels);

// Opens a HEIC file held in memory (the bytes are not kept).
int pxav_open_heic(PxavSession* s, const uint8_t* bytes, size_t size);

// Sharing a grid photo's colour work between workers, each with its own module and session:
//   1. the main session: pxav_set_decode_colour(s, 0), then pxav_open_heic (depth only, fast);
//   2. each of N helper sessions: pxav_decode_colour_part(h, bytes, size, width, height, i, N)
//      with the main session's pxav_width/pxav_height, then read pxav_colour_sums
//      (pxav_colour_part_pixels * 3 uint32) and pxav_colour_counts (pxav_colour_part_pixels uint32):
//      sums are kept in the photo's stored frame, so their count may differ from width*height;
//   3. add the N sums and counts element-wise and hand them to pxav_set_colour_sums(s, ...).
// The result is bit-identical to decoding the colour in one session.
void pxav_set_decode_colour(PxavSession* s, int on);
int pxav_decode_colour_part(PxavSession* s, const uint8_t* bytes, size_t size, int width, int height, int part,
                            int parts);
size_t pxav_colour_part_pixels(PxavSession* s);
const uint32_t* pxav_colour_sums(PxavSession* s);
const uint32_t* pxav_colour_counts(PxavSession* s);
int pxav_set_colour_sums(PxavSession* s, const uint32_t* sums, const uint32_t* counts);

// Opens a colour image + depth map pair from raw pixels (the page decodes PNG/JPEG itself).
// colour: RGBA8 (what canvas getImageData gives), colour_w x colour_h, resampled to the depth size.
// depth: depth_format 0 = uint8, 1 = uint16, 2 = float32, depth_w x depth_h samples.
// params: "key=value" lines: encoding=disparity|inverse-z|z|scaled-z|stereo-disparity,
//   lo=, hi=, scale=, baseline=, radial=0|1, fx=, fy=, cx=, cy= (in depth pixels) or fov= (degrees).
int pxav_open_rgbd(PxavSession* s, const uint8_t* colour_rgba, int colour_w, int colour_h,
                   const void* depth, int depth_format, int depth_w, int depth_h, const char* params);

// What the open photo holds, as a JSON object (sizes, representation, range, intrinsics,
// auxiliary image types, colour source). Valid until the next open.
const char* pxav_info_json(PxavSession* s);

// Metric depth in metres (NaN = invalid), width x height floats; colour RGB8 at the same size.
const float* pxav_depth(PxavSession* s);
const uint8_t* pxav_colour(PxavSession* s);
int pxav_width(PxavSession* s);
int pxav_height(PxavSession* s);

// Points: width*height entries; xyz floats (metres, x right, y up, z towards the viewer) and RGB8.
int pxav_make_points(PxavSession* s);
const float* pxav_points_xyz(PxavSession* s);
const uint8_t* pxav_points_rgb(PxavSession* s);

// Builds the avatar with "key=value" options (grid, palette, palette-name, layers, exaggeration,
// dither, near, far, matte), then pxav_avatar_file gives the .pxav bytes.
int pxav_build_avatar(PxavSession* s, const char* options);
const uint8_t* pxav_avatar_file(PxavSession* s);
size_t pxav_avatar_file_size(PxavSession* s);
// The foreground decision, as JSON (for the page's histogram):
//   { "source": "matte" | "depth-histogram" | "manual", "near": m, "far": m, "threshold": m,
//     "histogramLow": m, "histogramHigh": m, "histogram": [counts of equal-width depth bins] }
const char* pxav_foreground_json(PxavSession* s);

// Exports: format "ply", "pcd", "pcd-ascii"; what 0 = full-resolution points, 1 = the avatar.
int pxav_export(PxavSession* s, const char* format, int what);
const uint8_t* pxav_export_data(PxavSession* s);
size_t pxav_export_size(PxavSession* s);

const char* pxav_error_message(PxavSession* s);
}
