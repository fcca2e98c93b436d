#include "io/open_photo_file.h"

#include <cstring>

#include "input/rgbd/rgbd_reader.h"
#include "io/file_io.h"
#include "io/netpbm.h"
#include "io/png_io.h"

namespace pxav {
namespace {

bool is_heif(const std::vector<uint8_t>& b) { return b.size() >= 12 && std::memcmp(b.data() + 4, "ftyp", 4) == 0; }
bool is_png(const std::vector<uint8_t>& b) { return b.size() >= 8 && std::memcmp(b.data(), "\x89PNG", 4) == 0; }

}  // namespace

Result<DecodedImage> read_image_file_bytes(const std::vector<uint8_t>& bytes, const std::string& name) {
  if (is_png(bytes)) return read_png(bytes);
  if (bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == '6') return read_ppm(bytes.data(), bytes.size());
  if (bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == '5') return read_pgm(bytes.data(), bytes.size());
  return make_error(ErrorCode::NotHeif, name + ": not a PNG, PPM or PGM image");
}

Result<DepthPhoto> open_photo_files(const PhotoFiles& files) {
  auto bytes = read_file(files.photo);
  if (!bytes) return bytes.error();

  if (files.depth.empty()) {
    if (is_heif(*bytes)) return read_heic(bytes->data(), bytes->size(), files.heic);
    if (is_png(*bytes) || (bytes->size() >= 2 && (*bytes)[0] == 'P'))
      return make_error(ErrorCode::InvalidArgument, files.photo + " is a plain image: give its depth map with --depth FILE "
                                                                  "and what the depth numbers mean with --depth-params");
    auto heic = read_heic(bytes->data(), bytes->size(), files.heic);  // for its precise error
    if (!heic) return make_error(heic.error().code, files.photo + ": " + heic.error().message);
    return heic;
  }

  auto params = parse_rgbd_params(files.depth_params);
  if (!params) return params.error();
  auto colour = read_image_file_bytes(*bytes, files.photo);
  if (!colour) return colour.error();
  auto rgb = to_rgb8(*colour);
  if (!rgb) return rgb.error();

  auto depth_bytes = read_file(files.depth);
  if (!depth_bytes) return depth_bytes.error();
  auto depth_img = read_image_file_bytes(*depth_bytes, files.depth);
  if (!depth_img) return depth_img.error();
  if (depth_img->channels != 1 && depth_img->channels != 2)
    return make_error(ErrorCode::InvalidArgument, files.depth + ": a depth map must be a grey image (it has " +
                                                      std::to_string(depth_img->channels) + " channels)");
  RawDepth raw;
  raw.width = depth_img->width;
  raw.height = depth_img->height;
  raw.bit_depth = depth_img->bit_depth;
  raw.full_scale = depth_img->max_value;
  raw.values.resize(static_cast<size_t>(raw.width) * raw.height);
  for (size_t i = 0; i < raw.values.size(); ++i) raw.values[i] = depth_img->samples[i * depth_img->channels];
  return read_rgbd(rgb->pixels.data(), rgb->width, rgb->height, 3, std::move(raw), *params);
}

}  // namespace pxav
