#include "input/jpeg/jpeg_file.h"

#include <cmath>
#include <cstdio>

#include "core/json.h"
#include "image_files/jpeg_io.h"
#include "image_files/read_image.h"
#include "input/depth_samples.h"
#include "input/jpeg/exif.h"
#include "input/jpeg/extended_xmp.h"
#include "input/sniff.h"
#include "input/xmp/subject_xmp.h"

namespace pxav {
namespace {

// Google's extended packets carry whole images in base64: a few megabytes at most in practice.
constexpr size_t kMaxExtendedXmp = 64u << 20;

// Decodes an embedded image after checking its header against the depth limit.
Result<DecodedImage> decode_embedded(std::span<const uint8_t> image, const std::string& what,
                                     const OpenOptions& options) {
  const Sniff s = sniff(image);
  int width = s.width, height = s.height;
  if (s.kind == FileKind::Jpeg) {
    auto header = read_jpeg_header(image);
    if (!header) return make_error(header.error().code, "the " + what + ": " + header.error().message);
    width = header->width;
    height = header->height;
  } else if (s.kind != FileKind::Png) {
    return make_error(ErrorCode::Corrupt, "the " + what + " is " + s.looks_like + ", not a PNG or JPEG image");
  }
  if (auto st = within_limit(width, height, options.max_depth_megapixels, "", what.c_str()); !st) return st.error();
  auto decoded = read_image(image, "the " + what);
  if (!decoded) return decoded.error();
  if (auto st = within_limit(decoded->width, decoded->height, options.max_depth_megapixels, "", what.c_str()); !st)
    return st.error();
  return decoded;
}

}  // namespace

Result<JpegFile> open_jpeg_file(std::span<const uint8_t> bytes, const std::string& name) {
  JpegFile f;
  f.bytes = bytes;
  f.name = name;
  auto layout = read_jpeg_layout(bytes);
  if (!layout) return make_error(layout.error().code, name + ": " + layout.error().message);
  f.primary = std::move(*layout);
  const std::string_view packet = main_xmp(f.primary);
  if (!packet.empty()) {
    if (auto tree = parse_xml(packet)) f.xmp = std::move(*tree);
    const std::string guid = f.xmp ? extended_xmp_guid(*f.xmp) : std::string();
    if (!guid.empty()) {
      auto extended = read_extended_xmp(f.primary, guid, kMaxExtendedXmp);
      if (!extended) {
        f.extended_error = extended.error();
      } else if (auto tree = parse_xml(*extended)) {
        f.extended_xmp = std::move(*tree);
      } else {
        f.extended_error = make_error(tree.error().code, "the extended XMP: " + tree.error().message);
      }
    }
  }
  for (const std::optional<XmlElement>* tree : {&f.xmp, &f.extended_xmp})
    if (*tree)
      for (const XmlElement* d : xmp_descriptions(**tree)) f.descriptions.push_back(d);
  return f;
}

Result<RawDepth> decode_depth_samples(std::span<const uint8_t> image, const std::string& what,
                                      const OpenOptions& options) {
  auto decoded = decode_embedded(image, what, options);
  if (!decoded) return decoded.error();
  return depth_samples(*decoded);
}

Result<GreyImage> decode_grey(std::span<const uint8_t> image, const std::string& what, const OpenOptions& options) {
  auto decoded = decode_embedded(image, what, options);
  if (!decoded) return decoded.error();
  return to_grey8(*decoded);
}

Status same_view(int dw, int dh, int cw, int ch, const std::string& what) {
  if (dw > 0 && dh > 0 && cw > 0 && ch > 0) {
    const double ratio = (static_cast<double>(dw) / dh) / (static_cast<double>(cw) / ch);
    if (std::abs(ratio - 1) <= 0.02) return Done{};
  }
  return make_error(ErrorCode::Corrupt, "the " + what + " is " + std::to_string(dw) + "x" + std::to_string(dh) +
                                            " but the photo is " + std::to_string(cw) + "x" + std::to_string(ch) +
                                            ": they cannot show the same view");
}

Status add_jpeg_colour(DepthPhoto& photo, std::span<const uint8_t> jpeg, const char* source, int width, int height,
                       const OpenOptions& options, bool stretch) {
  auto header = read_jpeg_header(jpeg);
  if (!header)
    return make_error(header.error().code, std::string("the ") + source + " image: " + header.error().message);
  photo.info.photo_width = header->width;
  photo.info.photo_height = header->height;
  if (!stretch)
    if (auto s = same_view(width, height, header->width, header->height, "depth map"); !s) return s.error();
  int eighths = 8;
  auto acc = accumulate_jpeg(jpeg, width, height, JpegLimits{options.max_megapixels}, &eighths);
  if (!acc) return make_error(acc.error().code, std::string("the ") + source + " image: " + acc.error().message);
  photo.colour = finish(*acc);
  photo.info.colour_source = source;
  photo.info.details.emplace_back("colourScale", json_string(std::to_string(eighths) + "/8"));
  return Done{};
}

Status apply_confidence(RawDepth& depth, const GreyImage& confidence) {
  if (confidence.width != depth.width || confidence.height != depth.height)
    return make_error(ErrorCode::Corrupt, "the confidence map is " + std::to_string(confidence.width) + "x" +
                                              std::to_string(confidence.height) + " but the depth map is " +
                                              std::to_string(depth.width) + "x" + std::to_string(depth.height));
  for (size_t i = 0; i < depth.values.size(); ++i)
    if (confidence.pixels[i] == 0) depth.values[i] = std::nanf("");
  return Done{};
}

std::vector<StatedHint> stated_subject_hints(const JpegFile& file) {
  std::vector<StatedHint> out;
  if (auto area = exif_subject_area(file.primary)) out.push_back(std::move(*area));
  for (StatedHint& s : xmp_subject_hints(file.descriptions)) out.push_back(std::move(s));
  return out;
}

void describe_jpeg(PhotoInfo& info, const char* format, const std::vector<JpegImageRole>& images) {
  std::string list = "[";
  for (size_t i = 0; i < images.size(); ++i) {
    const JpegImageRole& im = images[i];
    list += std::string(i ? "," : "") + "{\"role\":" + json_string(im.role) + ",\"mime\":" + json_string(im.mime) +
            ",\"width\":" + std::to_string(im.width) + ",\"height\":" + std::to_string(im.height) +
            ",\"bytes\":" + std::to_string(im.bytes) + "}";
  }
  info.details.insert(info.details.begin(), {{"format", json_string(format)}, {"images", list + "]"}});
}

}  // namespace pxav
