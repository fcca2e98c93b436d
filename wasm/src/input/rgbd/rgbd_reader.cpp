#include "input/rgbd/rgbd_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "colour/downsample.h"
#include "core/json.h"
#include "core/key_values.h"
#include "depth/metric_depth.h"
#include "image_files/jpeg_io.h"
#include "image_files/read_image.h"
#include "input/depth_samples.h"

namespace pxav {
namespace {

Result<DepthKind> kind_from(std::string_view name) {
  for (DepthKind k : {DepthKind::Disparity, DepthKind::InverseZ, DepthKind::Z, DepthKind::ScaledZ,
                      DepthKind::StereoDisparity, DepthKind::RangeInverse, DepthKind::KinectDisparity})
    if (name == depth_kind_name(k)) return k;
  return make_error(ErrorCode::InvalidArgument,
                    "unknown depth encoding '" + std::string(name) +
                        "' (use disparity, inverse-z, z, range-inverse, scaled-z, stereo-disparity or "
                        "kinect-disparity)");
}

// Registration by resampling assumes both images show the same field of view.
Status same_shape(int cw, int ch, int dw, int dh) {
  const double aspect_c = static_cast<double>(cw) / ch, aspect_d = static_cast<double>(dw) / dh;
  if (std::abs(aspect_c / aspect_d - 1) <= 0.02) return Done{};
  return make_error(ErrorCode::InvalidArgument, "colour (" + std::to_string(cw) + "x" + std::to_string(ch) +
                                                    ") and depth (" + std::to_string(dw) + "x" + std::to_string(dh) +
                                                    ") must have the same aspect ratio");
}

// Nearest-neighbour enlargement for colour images smaller than the depth grid (rare).
RgbImage enlarge(const uint8_t* p, int w, int h, int channels, int tw, int th) {
  RgbImage out;
  out.width = tw;
  out.height = th;
  out.pixels.resize(static_cast<size_t>(tw) * th * 3);
  for (int y = 0; y < th; ++y)
    for (int x = 0; x < tw; ++x) {
      const int sx = std::min(w - 1, x * w / tw), sy = std::min(h - 1, y * h / th);
      for (int c = 0; c < 3; ++c)
        out.pixels[(static_cast<size_t>(y) * tw + x) * 3 + c] = p[(static_cast<size_t>(sy) * w + sx) * channels + c];
    }
  return out;
}

}  // namespace

std::optional<bool> encoding_runs_near_bright(DepthKind kind) {
  switch (kind) {
    case DepthKind::Disparity:
    case DepthKind::InverseZ:
    case DepthKind::RangeInverse: return true;
    case DepthKind::Z: return false;
    default: return std::nullopt;
  }
}

Result<RgbdParams> parse_rgbd_params(std::string_view text) {
  auto kv = parse_key_values(text);
  if (!kv) return kv.error();
  RgbdParams p;
  p.encoding.source = "user";
  Intrinsics k;
  bool has_f = false, has_c = false, has_scale = false, has_a = false;
  for (const auto& [key, value] : *kv) {
    if (key == "encoding") {
      auto kind = kind_from(value);
      if (!kind) return kind.error();
      p.encoding.kind = *kind;
      continue;
    }
    if (key == "radial") {
      if (value != "0" && value != "1") return make_error(ErrorCode::InvalidArgument, "radial must be 0 or 1");
      p.encoding.radial = value == "1";
      continue;
    }
    if (key == "byte-order") {
      if (value != "file" && value != "swap")
        return make_error(ErrorCode::InvalidArgument, "byte-order must be file or swap, got '" + value + "'");
      p.swap_bytes = value == "swap";
      continue;
    }
    if (key == "polarity") {
      if (value != "near-bright" && value != "far-bright")
        return make_error(
            ErrorCode::InvalidArgument,
            "polarity must be near-bright (brighter = nearer) or far-bright (brighter = farther), got '" + value + "'");
      p.polarity = value == "near-bright" ? RgbdParams::Polarity::NearBright : RgbdParams::Polarity::FarBright;
      continue;
    }
    if (key == "relative") {
      if (value != "0" && value != "1") return make_error(ErrorCode::InvalidArgument, "relative must be 0 or 1");
      p.encoding.relative = value == "1";
      continue;
    }
    const auto v = parse_number(value);
    if (!v) return make_error(ErrorCode::InvalidArgument, "option " + key + " needs a number, got '" + value + "'");
    if (key == "lo" || key == "near" || key == "d-min")
      p.encoding.lo = *v;
    else if (key == "hi" || key == "far" || key == "d-max")
      p.encoding.hi = *v;
    else if (key == "scale") {
      p.encoding.scale = *v;
      has_scale = true;
    } else if (key == "a") {
      p.encoding.scale = *v;
      has_a = true;
    } else if (key == "b") {
      p.encoding.offset = *v;
    } else if (key == "rotate-bits") {
      if (*v != std::floor(*v) || *v < 1 || *v > 15)
        return make_error(ErrorCode::InvalidArgument,
                          "rotate-bits must be a whole number of bits from 1 to 15, got '" + value + "'");
      p.rotate_right_bits = static_cast<int>(*v);
    } else if (key == "baseline") {
      p.encoding.baseline_m = *v;
    } else if (key == "fx") {
      k.fx = *v;
      has_f = true;
      if (k.fy == 0) k.fy = *v;
    } else if (key == "fy") {
      k.fy = *v;
      has_f = true;
    } else if (key == "cx") {
      k.cx = *v;
      has_c = true;
    } else if (key == "cy") {
      k.cy = *v;
      has_c = true;
    } else if (key == "fov") {
      if (*v <= 1 || *v >= 179) return make_error(ErrorCode::InvalidArgument, "fov must be between 1 and 179 degrees");
      p.fov_degrees = *v;
      p.fov_given = true;
    } else {
      return make_error(ErrorCode::InvalidArgument, "unknown depth option '" + key + "'");
    }
  }
  if (has_f) {
    if (!(k.fx > 0) || !(k.fy > 0)) return make_error(ErrorCode::InvalidArgument, "fx and fy must be positive");
    k.source = "user";
    k.cx = has_c ? k.cx : -1;  // filled in from the depth size in read_rgbd
    k.cy = has_c ? k.cy : -1;
    p.camera = k;
  }
  // a lives in the encoding's scale; the default scale of 1 must not pass for a forgotten a.
  if (p.encoding.kind == DepthKind::KinectDisparity) {
    if (has_scale) return make_error(ErrorCode::InvalidArgument, "kinect-disparity takes a= and b=, not scale=");
    if (!has_a)
      return make_error(ErrorCode::InvalidArgument,
                        "kinect-disparity needs a= and b=, for Z = a / (b - value) (NYU Depth v2: a=351.3 b=1092.5)");
  }
  if (p.polarity != RgbdParams::Polarity::AsEncoding && !encoding_runs_near_bright(p.encoding.kind))
    return make_error(ErrorCode::InvalidArgument,
                      std::string("polarity= applies to the range encodings (disparity, inverse-z, z, range-inverse), "
                                  "not to ") +
                          depth_kind_name(p.encoding.kind) + ", whose numbers have one meaning");
  if (auto s = validate(p.encoding); !s) return s.error();
  return p;
}

Result<DepthPhoto> read_rgbd(const uint8_t* colour, int cw, int ch, int channels, RawDepth depth,
                             const RgbdParams& params) {
  if (depth.width <= 0 || depth.height <= 0 || depth.values.size() != static_cast<size_t>(depth.width) * depth.height)
    return make_error(ErrorCode::InvalidArgument, "the depth map is empty or its size does not match its samples");
  if (channels != 3 && channels != 4) return make_error(ErrorCode::InvalidArgument, "colour must have 3 or 4 channels");
  if (!colour || cw <= 0 || ch <= 0) return make_error(ErrorCode::InvalidArgument, "the colour image is empty");
  if (auto s = same_shape(cw, ch, depth.width, depth.height); !s) return s.error();
  if (params.polarity != RgbdParams::Polarity::AsEncoding) {
    const auto near_bright = encoding_runs_near_bright(params.encoding.kind);
    if (!near_bright) return make_error(ErrorCode::InvalidArgument, "polarity= needs a range encoding");
    if (*near_bright != (params.polarity == RgbdParams::Polarity::NearBright))
      for (float& v : depth.values) v = static_cast<float>(depth.full_scale) - v;
  }
  DepthPhoto photo;
  photo.info.container = "rgbd";
  photo.info.photo_width = cw;
  photo.info.photo_height = ch;
  photo.info.colour_source = "input";
  photo.encoding = params.encoding;
  if (params.camera) {
    photo.camera = *params.camera;
    photo.camera.width = depth.width;
    photo.camera.height = depth.height;
    if (photo.camera.cx < 0) photo.camera.cx = depth.width / 2.0;
    if (photo.camera.cy < 0) photo.camera.cy = depth.height / 2.0;
  } else {
    photo.camera = from_horizontal_fov(depth.width, depth.height, params.fov_degrees,
                                       params.fov_given ? "user-fov" : "default-fov");
    photo.camera.assumed = !params.fov_given;
  }
  photo.colour = (cw >= depth.width && ch >= depth.height)
                     ? downsample(colour, cw * channels, channels, cw, ch, depth.width, depth.height)
                     : enlarge(colour, cw, ch, channels, depth.width, depth.height);
  photo.depth = std::move(depth);
  return photo;
}

// A JPEG is taken as a pair's depth map when it is grey or given the role "depth"; other JPEGs
// (a colour photo alone, a depth JPEG with its map inside) are the JPEG reader's.
bool rgbd_recognises(const Sniff& file) {
  return file.kind == FileKind::Png || file.kind == FileKind::Netpbm ||
         (file.kind == FileKind::Jpeg && (file.channels == 1 || file.role == "depth"));
}

namespace {

bool names_depth(const std::string& name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("depth") != std::string::npos;
}

// Which of the files is the depth map and which the colour image: {depth, colour} indices. The
// first test that tells the two apart decides: the role given, a name with "depth", grey pixels.
Result<std::pair<size_t, size_t>> roles(std::span<const InputFile> files, std::span<const Sniff> sniffs) {
  for (size_t i = 0; i < files.size(); ++i)
    if (!rgbd_recognises(sniffs[i]) && sniffs[i].kind != FileKind::Jpeg)
      return make_error(ErrorCode::InvalidArgument,
                        files[i].name + " is " + sniffs[i].looks_like +
                            ", not an image of a colour + depth pair (PNG, JPEG, PPM, PGM)");
  const auto looks_like_depth = [&](size_t i) {
    return std::array<bool, 3>{files[i].role == "depth", names_depth(files[i].name),
                               sniffs[i].channels == 1 || sniffs[i].channels == 2};
  };
  if (files.size() == 1) {
    const auto hints = looks_like_depth(0);
    if (hints[0] || hints[1] || hints[2])
      return make_error(ErrorCode::MissingCompanion,
                        files[0].name + " looks like a depth map: add the colour image it belongs to",
                        missing_file("colour-image"));
    return make_error(ErrorCode::MissingCompanion,
                      files[0].name +
                          " is a colour image: add its depth map (a grey PNG or "
                          "PGM, 8 or 16 bits, or a grey JPEG) and what its numbers mean",
                      missing_file("depth-map"));
  }
  if (files.size() > 2)
    return make_error(ErrorCode::InvalidArgument,
                      "a colour + depth pair is two images, not " + std::to_string(files.size()));
  const auto first = looks_like_depth(0), second = looks_like_depth(1);
  for (size_t test = 0; test < first.size(); ++test)
    if (first[test] != second[test])
      return first[test] ? std::pair<size_t, size_t>{0, 1} : std::pair<size_t, size_t>{1, 0};
  return make_error(ErrorCode::InvalidArgument,
                    "cannot tell which of " + files[0].name + " and " + files[1].name +
                        " is the depth map: give it a name with \"depth\" in it",
                    ambiguous_role("depth-map", {files[0].name, files[1].name}));
}

// The integers the dataset meant, from the ones its tool stored: byte-order and rotate-bits are
// undone here so that every encoding, and the page's histogram, sees the real numbers.
Status unpack_depth_samples(DecodedImage& depth, const RgbdParams& p, const std::string& name) {
  if (!p.swap_bytes && p.rotate_right_bits == 0) return Done{};
  if (depth.bit_depth != 16)
    return make_error(ErrorCode::InvalidArgument, name + " has " + std::to_string(depth.bit_depth) + "-bit samples: " +
                                                      (p.swap_bytes ? "byte-order=swap" : "rotate-bits") +
                                                      " only applies to 16-bit depth maps");
  const int n = p.rotate_right_bits;
  for (uint16_t& v : depth.samples) {
    if (p.swap_bytes) v = static_cast<uint16_t>((v & 0xFF) << 8 | v >> 8);
    if (n) v = static_cast<uint16_t>(v >> n | v << (16 - n));
  }
  return Done{};
}

void note_lossy_depth(DepthPhoto& photo) {
  photo.info.details.emplace_back("depthFile", json_string("JPEG, lossy: values near edges are off by a few levels"));
}

}  // namespace

Result<DepthPhoto> rgbd_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options) {
  auto which = roles(files, sniffs);
  if (!which) return which.error();
  const InputFile& depth_file = files[which->first];
  const InputFile& colour_file = files[which->second];
  const std::string_view depth_settings = reader_setting(options, kDepthSettings);
  if (depth_settings.empty())
    return make_error(ErrorCode::InvalidArgument,
                      "a colour + depth pair needs its depth parameters, what the numbers in " + depth_file.name +
                          " mean: e.g. \"encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5\" (TUM RGB-D)");
  auto params = parse_rgbd_params(depth_settings);
  if (!params) return params.error();
  // PNG and JPEG headers give the size before any pixel is decoded; Netpbm files hold every pixel
  // uncompressed, so their decoded size is bounded by the file's and checked after.
  const Sniff& colour_sniff = sniffs[which->second];
  const Sniff& depth_sniff = sniffs[which->first];
  if (auto s = within_limit(colour_sniff.width, colour_sniff.height, options.max_megapixels, colour_file.name + ": ",
                            "colour image");
      !s)
    return s.error();
  if (auto s = within_limit(depth_sniff.width, depth_sniff.height, options.max_depth_megapixels, depth_file.name + ": ",
                            "depth map");
      !s)
    return s.error();

  auto depth_img = read_image(depth_file.bytes, depth_file.name);
  if (!depth_img) return depth_img.error();
  if (auto s = within_limit(depth_img->width, depth_img->height, options.max_depth_megapixels, depth_file.name + ": ",
                            "depth map");
      !s)
    return s.error();
  if (depth_img->channels != 1 && depth_img->channels != 2)
    return make_error(ErrorCode::InvalidArgument,
                      depth_file.name + ": a depth map must be a grey image (it has " +
                          std::to_string(depth_img->channels) + " channels" +
                          (depth_sniff.kind == FileKind::Jpeg ? ": a colour JPEG, not a grey depth map)" : ")"));
  // A JPEG depth map is lossy: its values ring by a few levels along every edge.
  const bool lossy_depth = depth_sniff.kind == FileKind::Jpeg;
  if (auto s = unpack_depth_samples(*depth_img, *params, depth_file.name); !s) return s.error();
  RawDepth raw = depth_samples(*depth_img);
  depth_img = DecodedImage{};

  // A JPEG photo at least as large as the depth map is decoded at a reduced DCT scale straight onto
  // the depth grid (image_files/jpeg_io.h), never held at full size; other colour images whole.
  if (colour_sniff.kind == FileKind::Jpeg && colour_sniff.width >= raw.width && colour_sniff.height >= raw.height) {
    if (auto s = same_shape(colour_sniff.width, colour_sniff.height, raw.width, raw.height); !s) return s.error();
    auto acc = accumulate_jpeg(colour_file.bytes, raw.width, raw.height, JpegLimits{options.max_megapixels});
    if (!acc) return make_error(acc.error().code, colour_file.name + ": " + acc.error().message);
    const RgbImage on_grid = finish(*acc);
    auto photo = read_rgbd(on_grid.pixels.data(), on_grid.width, on_grid.height, 3, std::move(raw), *params);
    if (photo) {
      photo->info.photo_width = colour_sniff.width;
      photo->info.photo_height = colour_sniff.height;
      if (lossy_depth) note_lossy_depth(*photo);
    }
    return photo;
  }
  auto colour = read_image(colour_file.bytes, colour_file.name);
  if (!colour) return colour.error();
  if (auto s =
          within_limit(colour->width, colour->height, options.max_megapixels, colour_file.name + ": ", "colour image");
      !s)
    return s.error();
  auto rgb = to_rgb8(*colour);
  if (!rgb) return rgb.error();
  auto photo = read_rgbd(rgb->pixels.data(), rgb->width, rgb->height, 3, std::move(raw), *params);
  if (photo && lossy_depth) note_lossy_depth(*photo);
  return photo;
}

}  // namespace pxav
