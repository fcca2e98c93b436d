// pixel-avatar: the command-line face of the core. Reads a depth photo (HEIC, or a colour + depth
// image pair), and prints what it holds, writes a pixel avatar file, or exports point clouds and
// previews. Exit codes: 0 success, 2 usage error, 10 + ErrorCode (core/result.h) for failures.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "avatar/build_avatar.h"
#include "io/file_io.h"
#include "person_model_file.h"
#include "pipeline/describe_json.h"
#include "pipeline/pipeline.h"
#include "sample_command.h"

namespace {

using namespace pxav;

constexpr int kUsageError = 2;

const char* kUsage = R"(pixel-avatar: turn a photo that carries depth into a pixel avatar

usage:
  pixel-avatar info FILE [--json]
  pixel-avatar convert FILE -o OUT.pxav [avatar options]
  pixel-avatar export FILE -o OUT.ply|OUT.pcd|OUT.png [--full|--avatar] [--ascii] [--depth-view|--subject-mask]
  pixel-avatar disparity LEFT --right RIGHT [--stereo "k=v ..."|--calib calib.txt] -o OUT.pfm|OUT.png
  pixel-avatar sample -o OUT.heic [--scene bust|wall|sphere] [--rotate DEG] [--depth-encoding E] [--no-depth]
  pixel-avatar sample -o OUT.jpg --jpeg-layout mpf|gdepth|dynamic-depth [--scene S] [--rotate DEG] [--no-depth]
  pixel-avatar sample -o OUT.png|OUT.heic|OUT.mpo --scene stereo [--layout side-by-side|cross-eyed]
  pixel-avatar sample -o OUT.tflite   (a tiny person-segmenter model: a seed for fuzzing the model reader)

FILE is a depth photo (HEIC; JPEG: Apple MPF, Google GDepth, Android Dynamic Depth), or a colour
image (PNG, JPEG, PPM) given with its depth map:
  --depth DEPTH.png|.pgm|.jpg     the depth image (8- or 16-bit grey; a JPEG is 8-bit and lossy)
  --depth-params "k=v ..."        what its numbers mean: encoding=disparity|inverse-z|z|range-inverse|
                                  scaled-z|stereo-disparity|kinect-disparity, lo=, hi=, scale=,
                                  baseline=, a=, b= (kinect: Z = a / (b - v)), radial=0|1,
                                  byte-order=swap, rotate-bits=N (16-bit maps packed by other tools),
                                  polarity=near-bright|far-bright, relative=1 (no known scale),
                                  fx=, fy=, cx=, cy= (depth pixels) or fov= (degrees)
                                  e.g. TUM RGB-D: "encoding=scaled-z scale=0.0002 fx=525 cx=319.5 cy=239.5"
                                  SUN RGB-D: "encoding=scaled-z scale=0.001 rotate-bits=3"
or the left view of a stereo pair (PNG, JPEG, PPM) given with its right view (a HEIF stereo file,
such as an Apple spatial photo, and a 3D camera's .mpo need nothing more), or one image holding
both views side by side (--layout). Pairs that are not
rectified are rectified from matched features; the disparity range is found from them; views
given the wrong way round are swapped; info's "stereo" section says what was done:
  --right RIGHT.png               the right view
  --stereo "k=v ..."              f= (px), baseline= (m), doffs= (px), disparities=N, min-disparity=N,
                                  cx=, cy=, scale=1|2|4|8 (match at 1/scale); without f and baseline
                                  the depth is relative (no known scale); with f alone (or a JPEG's
                                  EXIF focal length, a HEIF file's intrinsics) a pair that needs it
                                  is rectified calibrated, the depth still relative; a raw rig's full
                                  calibration instead: left=fx,fy,cx,cy,k1,k2 right=fx,fy,cx,cy,k1,k2
                                  rotation=r11,...,r33 translation=tx,ty,tz (X_left = R X_right + T,
                                  metres): undistorted and rectified from it, depth in metres
  --calib calib.txt               the same from a Middlebury calib.txt (baseline in mm, ndisp)
  --layout side-by-side|cross-eyed  FILE holds both views next to each other: the left view on the
                                  left (side-by-side) or on the right (cross-eyed); the same as
                                  the stereo setting layout=...; views given the other way round
                                  are swapped back, and info says so
  --max-megapixels N              refuse larger photos (default 100)
  --exact-colour                  decode the colour with HEVC's loop filters (slower; the colour,
                                  averaged down to the depth map's size, changes by a few levels)

avatar options (convert, and export --avatar):
  --grid N          cells along the subject's long side, 16..256 (default 64)
  --palette K       colours, 2..256 (default 16), chosen by k-means in OKLab
  --palette-name P  a fixed palette instead: pico8, gameboy, cga
  --layers L        depth layers, 2..64 (default 12)
  --exaggeration X  depth exaggeration for display (default 2)
  --near M --far M  keep only the subject between these depths in metres
  --dither          ordered dithering onto the palette
  --no-matte        ignore Apple's portrait matte; decide the foreground from depth
  --person-model F  the person model (a .tflite: MediaPipe's selfie segmenter) for photos without a
                    matte; default: the one the build fetched
  --face-model F    the face detector (a .tflite: MediaPipe's BlazeFace short range) that tells the
                    person model's people from vases; default: the one the build fetched
  --no-person-model cut the subject from depth alone

export:
  .ply              binary little-endian PLY, x y z + RGB
  .pcd              PCD v0.7 (binary; --ascii for ASCII), x y z rgb
  .png              the avatar's colour grid; with --depth-view the depth through a colormap; with
                    --subject-mask the subject the avatar was built from (depth-sized, 255 = subject;
                    honours --no-matte, --near, --far)
  --full            every valid depth pixel (default for .ply/.pcd)
  --avatar          one point per avatar cell (default for .png)

sample (synthetic HEIC files with known geometry, for demos and tests):
  --scene S           bust (default; the built-in sample), wall (flat at 1.2 m), sphere (r 0.15 m at 0.6 m),
                      stereo (a rectified pair, OUT-left.png and OUT-right.png: planes at 32 and 64 px of
                      disparity and a slanted one; f=400 baseline=0.05 disparities=80; with -o OUT.heic
                      a HEIF stereo file as Apple's spatial photos are, calibration inside; with
                      -o OUT.mpo a 3D camera's multi-picture file; with --layout, one PNG holding
                      both views side by side)
  --rotate DEG        store the photo turned (irot 0, 90, 180, 270; the depth map is not turned;
                      in a JPEG, the EXIF orientation that turns it back)
  --depth-encoding E  disparity (default), inverse-z or z
  --no-depth          a photo without a depth map (what a non-portrait photo is)
  --jpeg-layout L     a depth JPEG instead: mpf (Apple portrait JPEG), gdepth (Lens Blur),
                      dynamic-depth (Android); with --no-depth, a plain JPEG

  -q, --quiet       no progress messages
  -h, --help        this text
)";

// The files named on the command line, and how to open them.
struct PhotoFiles {
  std::string photo;   // the photo, or the colour image of a pair
  std::string depth;   // the depth image of a pair (--depth)
  std::string right;   // the right view of a stereo pair (--right)
  std::string calib;   // a Middlebury calib.txt for the stereo pair (--calib)
  std::string layout;  // --layout: the photo is a side-by-side image (side-by-side, cross-eyed)
  OpenOptions open;
};

struct Args {
  std::string command;
  PhotoFiles files;
  std::string out;
  std::vector<std::string> avatar_opts;  // "key=value"
  std::string scene = "bust", sample_encoding = "disparity";
  int rotate = 0;
  bool json = false, full = false, avatar = false, ascii = false, depth_view = false, subject_mask = false;
  bool quiet = false;
  bool no_depth = false;
  std::string jpeg_layout;  // sample: a depth JPEG of this layout instead of HEIC
  PersonModelChoice person;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "pixel-avatar: %s\nRun 'pixel-avatar --help' for usage.\n", message.c_str());
  return kUsageError;
}

int fail(const Error& e) {
  std::fprintf(stderr, "pixel-avatar: error (%s): %s\n", error_code_name(e.code), e.message.c_str());
  return 10 + static_cast<int>(e.code);
}

// Progress goes to stderr so stdout stays clean for --json.
struct Progress {
  bool quiet;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  void step(const char* what) const {
    if (quiet) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "[%5.2f s] %s\n", s, what);
  }
};

// Returns an empty string on success, else the usage problem.
std::string parse(int argc, char** argv, Args& a) {
  static const char* kAvatarFlags[][2] = {
      {"--grid", "grid"},     {"--palette", "palette"},           {"--palette-name", "palette-name"},
      {"--layers", "layers"}, {"--exaggeration", "exaggeration"}, {"--near", "near"},
      {"--far", "far"}};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](std::string& into) -> bool {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    bool handled = false;
    for (const auto& flag : kAvatarFlags) {
      if (arg == flag[0]) {
        std::string v;
        if (!value(v)) return std::string(flag[0]) + " needs a value";
        a.avatar_opts.push_back(std::string(flag[1]) + "=" + v);
        handled = true;
      }
    }
    if (handled) continue;
    std::string v;
    if (arg == "-o" || arg == "--output") {
      if (!value(a.out)) return "-o needs a file name";
    } else if (arg == "--depth") {
      if (!value(a.files.depth)) return "--depth needs a file name";
    } else if (arg == "--right") {
      if (!value(a.files.right)) return "--right needs a file name";
    } else if (arg == "--stereo") {
      if (!value(a.files.open.settings[kStereoSettings])) return "--stereo needs a value";
    } else if (arg == "--layout") {
      if (!value(a.files.layout) || (a.files.layout != "side-by-side" && a.files.layout != "cross-eyed"))
        return "--layout needs side-by-side (left view on the left) or cross-eyed (left view on the right)";
    } else if (arg == "--calib") {
      if (!value(a.files.calib)) return "--calib needs a file name";
    } else if (arg == "--depth-params") {
      if (!value(a.files.open.settings[kDepthSettings])) return "--depth-params needs a value";
    } else if (arg == "--max-megapixels") {
      if (!value(v)) return "--max-megapixels needs a number";
      a.files.open.max_megapixels = std::atof(v.c_str());
      if (!(a.files.open.max_megapixels > 0)) return "--max-megapixels must be a positive number";
    } else if (arg == "--scene") {
      if (!value(a.scene)) return "--scene needs bust, wall or sphere";
    } else if (arg == "--depth-encoding") {
      if (!value(a.sample_encoding)) return "--depth-encoding needs a value";
    } else if (arg == "--rotate") {
      if (!value(v)) return "--rotate needs 0, 90, 180 or 270";
      a.rotate = std::atoi(v.c_str());
      if (a.rotate % 90 != 0 || a.rotate < 0 || a.rotate > 270) return "--rotate needs 0, 90, 180 or 270";
    } else if (arg == "--exact-colour")
      a.files.open.exact_colour = true;
    else if (arg == "--json")
      a.json = true;
    else if (arg == "--full")
      a.full = true;
    else if (arg == "--avatar")
      a.avatar = true;
    else if (arg == "--ascii")
      a.ascii = true;
    else if (arg == "--depth-view")
      a.depth_view = true;
    else if (arg == "--subject-mask")
      a.subject_mask = true;
    else if (arg == "--dither")
      a.avatar_opts.push_back("dither=1");
    else if (arg == "--no-matte")
      a.avatar_opts.push_back("matte=0");
    else if (arg == "--person-model") {
      if (!value(a.person.path)) return "--person-model needs a file name";
    } else if (arg == "--face-model") {
      if (!value(a.person.face_path)) return "--face-model needs a file name";
    } else if (arg == "--no-person-model")
      a.person.off = true;
    else if (arg == "--no-depth")
      a.no_depth = true;
    else if (arg == "--jpeg-layout") {
      if (!value(a.jpeg_layout)) return "--jpeg-layout needs mpf, gdepth or dynamic-depth";
    } else if (arg == "-q" || arg == "--quiet")
      a.quiet = true;
    else if (!arg.empty() && arg[0] == '-')
      return "unknown option " + std::string(arg);
    else if (a.command.empty())
      a.command = arg;
    else if (a.files.photo.empty())
      a.files.photo = arg;
    else
      return "unexpected argument " + std::string(arg);
  }
  return {};
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += s + "\n";
  return out;
}

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

void print_info(const DepthPhoto& p) {
  const PhotoInfo& i = p.info;
  std::printf("container       %s\n", i.container.c_str());
  std::printf("photo           %d x %d\n", i.photo_width, i.photo_height);
  if (p.encoding.kind == DepthKind::StereoDisparity)  // no range: Z = f B / (d * scale + doffs)
    std::printf("depth           %d x %d, %d-bit, %s, baseline %.6g m, doffs %.6g px (from %s)\n", p.depth.width,
                p.depth.height, p.depth.bit_depth, depth_kind_name(p.encoding.kind), p.encoding.baseline_m,
                p.encoding.offset, p.encoding.source.c_str());
  else
    std::printf("depth           %d x %d, %d-bit, %s %.6g .. %.6g%s (from %s)\n", p.depth.width, p.depth.height,
                p.depth.bit_depth, depth_kind_name(p.encoding.kind), p.encoding.lo, p.encoding.hi,
                p.encoding.radial ? ", radial" : "", p.encoding.source.c_str());
  std::printf("depth units     %s\n", p.encoding.relative ? "relative (no known scale; used as metres)" : "metres");
  std::printf("intrinsics      fx %.3f  fy %.3f  cx %.3f  cy %.3f at %d x %d (%s%s)\n", p.camera.fx, p.camera.fy,
              p.camera.cx, p.camera.cy, p.camera.width, p.camera.height, p.camera.source.c_str(),
              p.camera.assumed ? ", assumed" : "");
  std::printf("portrait matte  %s\n", p.portrait_matte ? "yes" : "no");
  std::printf("colour          from %s\n", i.colour_source.empty() ? "-" : i.colour_source.c_str());
  // Where the file says the subject is, upright, in depth pixels; '*' marks the one the cut uses.
  const int used = primary_subject_hint(p.subject_hints);
  if (p.subject_hints.empty()) std::printf("subject hints   none\n");
  for (size_t n = 0; n < p.subject_hints.size(); ++n) {
    const SubjectHint& h = p.subject_hints[n];
    std::printf("%-15s %c %s at %.1f, %.1f", n ? "" : "subject hints", static_cast<int>(n) == used ? '*' : ' ',
                subject_hint_kind_name(h.kind), h.x, h.y);
    if (h.width > 0 || h.height > 0) std::printf(", %.1f x %.1f", h.width, h.height);
    if (h.focus_distance) std::printf(", focused at %.6g", *h.focus_distance);
    std::printf(" (from %s)\n", h.source.c_str());
  }
  for (const auto* section : {&i.details, &i.stereo})
    for (const auto& [key, value] : *section) std::printf("%-15s %s\n", key.c_str(), value.c_str());
}

// The files as the pipeline takes them. The bytes live in `storage`, which must outlive the
// returned list.
Result<std::vector<InputFile>> read_inputs(const PhotoFiles& f, std::vector<std::vector<uint8_t>>& storage) {
  std::vector<InputFile> files;
  storage.clear();
  storage.reserve(3);
  const char* photo_role = f.right.empty() ? "" : "left";
  for (const auto& [path, role] :
       {std::pair{f.photo, photo_role}, std::pair{f.depth, "depth"}, std::pair{f.right, "right"}}) {
    if (path.empty()) continue;
    auto bytes = read_file(path);
    if (!bytes) return bytes.error();
    storage.push_back(std::move(*bytes));
    files.push_back({path, storage.back(), role});
  }
  return files;
}

// What a missing companion means on this command line.
int fail_open(const Error& e) {
  const int code = fail(e);
  const std::string& missing = e.fields.missing;
  if (e.code == ErrorCode::MissingCompanion && (missing == "left-view" || missing == "right-view"))
    std::fprintf(stderr,
                 "  give the right view with --right FILE and its setup with --stereo or --calib (see --help)\n");
  else if (e.code == ErrorCode::MissingCompanion)
    std::fprintf(stderr,
                 "  give the depth map with --depth FILE and what its numbers mean with --depth-params "
                 "\"k=v ...\" (see --help)\n");
  return code;
}

struct Opened {
  std::vector<std::vector<uint8_t>> storage;
  MetricPhoto photo;
};

Result<Opened> open(const Args& a, const Progress& progress, bool decode_colour = true) {
  progress.step("reading the photo");
  Opened o;
  auto files = read_inputs(a.files, o.storage);
  if (!files) return files.error();
  OpenOptions options = a.files.open;
  options.decode_colour = decode_colour;
  auto photo = open_photo(*files, options);
  if (!photo) return photo.error();
  o.photo = std::move(*photo);
  return o;
}

void warn(const std::string& what, const Progress& progress) {
  if (!progress.quiet && !what.empty()) std::fprintf(stderr, "pixel-avatar: %s\n", what.c_str());
}

// The person model looks at the photo when the options leave the subject to the cut.
void look_for_person(const Args& a, MetricPhoto& photo, const AvatarOptions& options, const Progress& progress) {
  if (!person_model_wanted(photo, options)) return;
  std::string warning;
  auto model = load_person_model(a.person, warning);
  warn(warning, progress);
  if (!model) return;
  progress.step("looking for a person");
  if (!find_person(photo, *model)) warn(photo.person->reason + "; the subject is cut from depth alone", progress);
}

Result<AvatarBuild> make_avatar(const Args& a, Opened& o, const Progress& progress) {
  auto options = parse_avatar_options(join(a.avatar_opts));
  if (!options) return options.error();
  look_for_person(a, o.photo, *options, progress);
  progress.step("building the avatar");
  return make_avatar(o.photo, *options);
}

Status write(const std::string& path, const std::vector<uint8_t>& bytes, const Progress& progress) {
  auto s = write_file(path, bytes);
  if (s) progress.step(("wrote " + path + " (" + std::to_string(bytes.size()) + " bytes)").c_str());
  return s;
}

// What `info` says of the subject: the default avatar is built to learn where its subject came from.
void print_subject(const AvatarBuild* build, const PersonFinding* person, const Error* error) {
  if (build)
    std::printf("subject         from %s\n", build->foreground.source.c_str());
  else
    std::printf("subject         none: %s\n", error->message.c_str());
  if (!person) return;
  std::printf("person model    %s\n", person->reason.c_str());
  // The face detector's faces, upright, in depth pixels, as the subject hints are listed.
  for (size_t n = 0; n < person->faces.size(); ++n) {
    const SubjectHint& h = person->faces[n];
    std::printf("%-15s   %s at %.1f, %.1f, %.1f x %.1f (from %s)\n", n ? "" : "faces found",
                subject_hint_kind_name(h.kind), h.x, h.y, h.width, h.height, h.source.c_str());
  }
}

int run_info(const Args& a) {
  const Progress quiet{true};
  auto opened = open(a, quiet);
  if (!opened) return fail_open(opened.error());
  auto build = make_avatar(a, *opened, quiet);
  const PersonFinding* person = opened->photo.person ? &*opened->photo.person : nullptr;
  if (a.json) {
    const std::string subject =
        subject_json(build ? &build->foreground : nullptr, person, build ? nullptr : &build.error());
    std::printf("%s\n", photo_info_json(opened->photo.photo, subject).c_str());
  } else {
    print_info(opened->photo.photo);
    print_subject(build ? &*build : nullptr, person, build ? nullptr : &build.error());
  }
  return 0;
}

int run_convert(const Args& a) {
  if (a.out.empty()) return usage_error("convert needs -o OUT.pxav");
  auto options = parse_avatar_options(join(a.avatar_opts));
  if (!options) return fail(options.error());
  const Progress progress{a.quiet};
  std::vector<std::vector<uint8_t>> storage;
  auto files = read_inputs(a.files, storage);
  if (!files) return fail(files.error());
  std::string warning;
  const std::optional<PersonModel> model = load_person_model(a.person, warning);
  auto converted = convert(
      *files, a.files.open, *options, [&](std::string_view stage) { progress.step(std::string(stage).c_str()); },
      model ? &*model : nullptr);
  if (!converted) return fail_open(converted.error());
  // Said only when the model would have had a say: a matte photo needs none.
  if (converted->person || converted->build.foreground.source == "depth") warn(warning, progress);
  if (converted->person) warn(converted->person->reason, progress);
  const Avatar& av = converted->build.avatar;
  if (!a.quiet)
    std::fprintf(stderr, "avatar: %d x %d grid, %zu cells, %zu colours, %d layers, foreground from %s\n", av.grid_width,
                 av.grid_height, av.cells.size(), av.palette.size(), av.layer_count,
                 converted->build.foreground.source.c_str());
  auto s = write(a.out, converted->file, progress);
  return s ? 0 : fail(s.error());
}

int run_export(const Args& a) {
  if (a.out.empty()) return usage_error("export needs -o OUT.ply, OUT.pcd or OUT.png");
  const bool png = ends_with(a.out, ".png"), ply = ends_with(a.out, ".ply"), pcd = ends_with(a.out, ".pcd");
  if (!png && !ply && !pcd) return usage_error("export writes .ply, .pcd or .png (from the name given with -o)");
  if (a.full && a.avatar) return usage_error("choose one of --full and --avatar");
  if (a.subject_mask && (!png || a.full || a.avatar || a.depth_view))
    return usage_error("--subject-mask writes a .png and takes none of --full, --avatar, --depth-view");
  // A PNG shows the avatar unless --full or a plain --depth-view asks for the depth map itself.
  const bool use_avatar = png ? !a.full && !(a.depth_view && !a.avatar) : a.avatar;
  if (png && !use_avatar && !a.depth_view)
    return usage_error("a full-resolution .png export is the depth view: add --depth-view");
  const ExportFormat format = png   ? ExportFormat::Png
                              : ply ? ExportFormat::Ply
                                    : (a.ascii ? ExportFormat::PcdAscii : ExportFormat::Pcd);
  const ExportContent content = a.subject_mask        ? ExportContent::SubjectMask
                                : !use_avatar         ? (png ? ExportContent::DepthView : ExportContent::Points)
                                : png && a.depth_view ? ExportContent::AvatarLayers
                                                      : ExportContent::Avatar;
  const Progress progress{a.quiet};
  auto opened = open(a, progress);
  if (!opened) return fail_open(opened.error());
  std::optional<AvatarBuild> build;
  if (use_avatar) {
    auto b = make_avatar(a, *opened, progress);
    if (!b) return fail(b.error());
    build = std::move(*b);
  } else if (content == ExportContent::DepthView) {
    // The depth view spans the subject's range: the subject that --no-matte, --near and --far
    // choose. Without a subject (none in range) it spans the whole scene.
    if (auto b = make_avatar(a, *opened, progress)) build = std::move(*b);
  }
  auto bytes = export_file(opened->photo, build ? &*build : nullptr, format, content);
  if (!bytes) return fail(bytes.error());
  auto s = write(a.out, *bytes, progress);
  return s ? 0 : fail(s.error());
}

// A stereo pair's disparity map: PFM floats (Middlebury's tools read them) or a Turbo PNG.
int run_disparity(const Args& a) {
  const bool pfm = ends_with(a.out, ".pfm"), png = ends_with(a.out, ".png");
  if (!pfm && !png) return usage_error("disparity writes OUT.pfm or OUT.png (from the name given with -o)");
  const Progress progress{a.quiet};
  auto opened = open(a, progress);
  if (!opened) return fail_open(opened.error());
  auto bytes =
      export_file(opened->photo, nullptr, pfm ? ExportFormat::Pfm : ExportFormat::Png, ExportContent::Disparity);
  if (!bytes) return fail(bytes.error());
  auto s = write(a.out, *bytes, progress);
  return s ? 0 : fail(s.error());
}

// `sample` (sample_command.h), reporting as the other commands do.
int run_sample(const Args& a) {
  const cli::SampleRequest request{a.out,    a.scene,    a.sample_encoding, a.jpeg_layout,
                                   a.rotate, a.no_depth, a.files.layout};
  const cli::SampleReport report{usage_error, fail, [&](const std::string& path, const std::vector<uint8_t>& bytes) {
                                   return write(path, bytes, Progress{a.quiet});
                                 }};
  return cli::run_sample_command(request, report);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
  Args a;
  if (std::string problem = parse(argc, argv, a); !problem.empty()) return usage_error(problem);
  if (a.command.empty()) return usage_error("no command given");
  if (a.command == "sample") return run_sample(a);
  if (a.files.photo.empty()) return usage_error(a.command + " needs a FILE");
  if (!a.files.calib.empty()) {
    if (!reader_setting(a.files.open, kStereoSettings).empty())
      return usage_error("give the stereo setup with --stereo or --calib, not both");
    auto text = read_file(a.files.calib);
    if (!text) return fail(text.error());
    a.files.open.settings[kStereoSettings].assign(text->begin(), text->end());
  }
  // The layout joins the stereo setting as one more line (key=value text and calib.txt take it alike).
  if (!a.files.layout.empty()) {
    std::string& p = a.files.open.settings[kStereoSettings];
    if (!p.empty()) p += "\n";
    p += "layout=" + a.files.layout;
  }
  if (a.command == "info") return run_info(a);
  if (a.command == "convert") return run_convert(a);
  if (a.command == "export") return run_export(a);
  if (a.command == "disparity") return run_disparity(a);
  return usage_error("unknown command '" + a.command + "' (info, convert, export, disparity, sample)");
}
