#include "sample_command.h"

#include <utility>

#include "image_files/png_io.h"
#include "synth/heic_writer.h"
#include "synth/jpeg_writer.h"
#include "synth/mpo_writer.h"
#include "synth/stereo_heic_writer.h"
#include "synth/stereo_scene.h"
#include "synth/synthetic_scene.h"
#include "synth/tflite_writer.h"

namespace pxav::cli {
namespace {

// The scenes with simple geometry, written once for every format: tests check the decoded points
// against them. The bust is the built-in sample, a head-and-shoulders portrait.
struct SampleScene {
  const char* name;
  SyntheticScene (*make)();
  bool lossy_heic;                    // coded lossy in a HEIC: small, like a phone's file
  double disparity_lo, disparity_hi;  // a disparity HEIC's stated range (1/m); 0, 0 = fitted
};

constexpr SampleScene kScenes[] = {
    {"bust", [] { return make_bust_scene(240, 320); }, true, 0, 0},
    {"wall", [] { return make_wall_scene(160, 120, 1.2); }, false, 0.5, 2.0},
    {"sphere",
     [] {
       return make_sphere_scene(320, 240, Sphere{0.02, -0.01, 0.6, 0.15}, 1.0);
     },
     false, 0, 0},
};

constexpr const char* kUnknownScene = "--scene must be bust, wall or sphere";

const SampleScene* find_scene(const std::string& name) {
  for (const SampleScene& s : kScenes)
    if (name == s.name) return &s;
  return nullptr;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int write(const SampleReport& report, const std::string& path, const Result<std::vector<uint8_t>>& bytes) {
  if (!bytes) return report.fail(bytes.error());
  auto s = report.write(path, *bytes);
  return s ? 0 : report.fail(s.error());
}

// The scene as a depth JPEG in one of the three layouts phones write (synth/jpeg_writer.h).
int run_jpeg_sample(const SampleRequest& r, const SampleReport& report) {
  JpegWriteOptions o;
  if (r.jpeg_layout == "mpf")
    o.layout = JpegDepthLayout::AppleMpf;
  else if (r.jpeg_layout == "gdepth")
    o.layout = JpegDepthLayout::GDepth;
  else if (r.jpeg_layout == "dynamic-depth")
    o.layout = JpegDepthLayout::DynamicDepth;
  else
    return report.usage_error("--jpeg-layout must be mpf, gdepth or dynamic-depth");
  // "Stored turned" as EXIF says it: the turn that shows the stored pixels upright.
  o.exif_orientation = r.rotate == 90 ? 8 : r.rotate == 180 ? 3 : r.rotate == 270 ? 6 : 1;
  o.restart_interval = 7;  // restart markers, as phones write them (iPhones every 189 MCUs)
  const SampleScene* entry = find_scene(r.scene);
  if (!entry) return report.usage_error(kUnknownScene);
  const SyntheticScene scene = entry->make();
  return write(report, r.out, r.no_depth ? encode_jpeg_rgb(scene.colour, o.quality, 1) : write_depth_jpeg(scene, o));
}

// The synthetic stereo pair (synth/stereo_scene.h) as two PNG files beside OUT.png, as one PNG
// holding both side by side (--layout), as one HEIF stereo file, or as an MPO (a 3D camera's two
// JPEGs in one file).
int run_stereo_sample(const SampleRequest& r, const SampleReport& report) {
  const StereoScene scene = make_stereo_scene(320, 240);
  if (!r.stereo_layout.empty()) {
    if (!ends_with(r.out, ".png")) return report.usage_error("--scene stereo --layout writes one PNG (-o OUT.png)");
    const bool cross = r.stereo_layout == "cross-eyed";
    return write(report, r.out,
                 encode_png_rgb(cross ? side_by_side_image(scene.right, scene.left)
                                      : side_by_side_image(scene.left, scene.right)));
  }
  if (ends_with(r.out, ".heic")) return write(report, r.out, write_stereo_heic(scene, {}));
  if (ends_with(r.out, ".mpo"))
    return write(report, r.out, write_stereo_mpo(scene.left, scene.right, scene.baseline_m));
  if (!ends_with(r.out, ".png"))
    return report.usage_error(
        "--scene stereo writes PNG views (-o OUT.png), a HEIF stereo file (-o OUT.heic) or an MPO (-o OUT.mpo)");
  const std::string stem = r.out.substr(0, r.out.size() - 4);
  for (const auto& [view, suffix] : {std::pair{&scene.left, "-left.png"}, std::pair{&scene.right, "-right.png"}})
    if (const int code = write(report, stem + suffix, encode_png_rgb(*view)); code != 0) return code;
  return 0;
}

// The scene as a real HEIC (grid tiles, the depth map in the chosen encoding, Apple-style XMP).
int run_heic_sample(const SampleRequest& r, const SampleReport& report) {
  HeicWriteOptions o;
  o.colour_scale = 4;
  o.tile_size = 256;
  o.rotation_ccw = r.rotate;
  o.with_depth = !r.no_depth;
  if (r.depth_encoding == "disparity")
    o.kind = DepthKind::Disparity;
  else if (r.depth_encoding == "inverse-z") {
    o.kind = DepthKind::InverseZ;
    o.lo = 0.4;
    o.hi = 3.0;
  } else if (r.depth_encoding == "z") {
    o.kind = DepthKind::Z;
    o.lo = 0.4;
    o.hi = 3.0;
  } else
    return report.usage_error("--depth-encoding must be disparity, inverse-z or z");
  const SampleScene* entry = find_scene(r.scene);
  if (!entry) return report.usage_error(kUnknownScene);
  if (entry->lossy_heic) o.lossless = false;
  if (o.kind == DepthKind::Disparity) {
    o.lo = entry->disparity_lo;
    o.hi = entry->disparity_hi;
  }
  return write(report, r.out, write_heic(entry->make(), o));
}

}  // namespace

int run_sample_command(const SampleRequest& request, const SampleReport& report) {
  if (request.out.empty()) return report.usage_error("sample needs -o OUT.heic");
  // The smallest person segmenter (float16 weights widened by DEQUANTIZE, as MediaPipe's are): a
  // model the fuzzer can afford to run, unlike the real one.
  if (ends_with(request.out, ".tflite"))
    return write(report, request.out, tflite_synth::build_tflite(tflite_synth::tiny_segmenter(true)));
  if (!request.jpeg_layout.empty()) return run_jpeg_sample(request, report);
  if (request.scene == "stereo") return run_stereo_sample(request, report);
  return run_heic_sample(request, report);
}

}  // namespace pxav::cli
