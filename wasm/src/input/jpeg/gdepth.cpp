#include "input/jpeg/gdepth.h"

#include <string>

#include "core/base64.h"
#include "image_files/jpeg_io.h"
#include "input/jpeg/exif.h"
#include "input/sniff.h"

namespace pxav {
namespace {

constexpr size_t kMaxEmbeddedImage = 48u << 20;

std::string mime_of(std::span<const uint8_t> bytes) {
  const FileKind k = sniff(bytes).kind;
  return k == FileKind::Png ? "image/png" : k == FileKind::Jpeg ? "image/jpeg" : "application/octet-stream";
}

}  // namespace

bool has_gdepth(const JpegFile& file) {
  for (const XmlElement* d : file.descriptions)
    if (xmp_has(*d, kGDepthNs, "Format") || xmp_has(*d, kGDepthNs, "Data")) return true;
  return false;
}

Result<DepthPhoto> read_gdepth(const JpegFile& file, const OpenOptions& options) {
  const auto fail = [&](ErrorCode code, const std::string& why) { return make_error(code, file.name + ": " + why); };
  const std::vector<const XmlElement*>& d = file.descriptions;
  const std::string format = xmp_value(d, kGDepthNs, "Format").value_or("RangeInverse");
  const auto near = xmp_number(xmp_value(d, kGDepthNs, "Near"));
  const auto far = xmp_number(xmp_value(d, kGDepthNs, "Far"));
  if (!near || !far) return fail(ErrorCode::Corrupt, "its GDepth metadata lacks Near or Far (or they are not numbers)");
  const auto data = xmp_value(d, kGDepthNs, "Data");
  if (!data) {
    if (file.extended_error) return fail(file.extended_error->code, file.extended_error->message);
    return fail(ErrorCode::Corrupt, "its GDepth metadata carries no depth image (GDepth:Data)");
  }
  auto depth_bytes = decode_base64(*data, kMaxEmbeddedImage);
  if (!depth_bytes) return fail(depth_bytes.error().code, "GDepth:Data: " + depth_bytes.error().message);

  DepthPhoto photo;
  photo.info.container = "jpeg";
  auto raw = decode_depth_samples(*depth_bytes, "GDepth depth map", options);
  if (!raw) return fail(raw.error().code, raw.error().message);
  photo.depth = std::move(*raw);
  const int w = photo.depth.width, h = photo.depth.height;
  std::vector<JpegImageRole> roles{{"primary", "image/jpeg", file.primary.width, file.primary.height, file.primary.end},
                                   {"depth", mime_of(*depth_bytes), w, h, depth_bytes->size()}};

  DepthEncoding& e = photo.encoding;
  e.source = "gdepth";
  e.lo = *near;
  e.hi = *far;
  if (format == "RangeInverse")
    e.kind = DepthKind::RangeInverse;
  else if (format == "RangeLinear")
    e.kind = DepthKind::Z;
  else
    return fail(ErrorCode::Unsupported, "GDepth:Format '" + format + "' is neither RangeInverse nor RangeLinear");
  const std::string units = xmp_value(d, kGDepthNs, "Units").value_or("");
  if (units == "mm") {
    e.lo /= 1000;
    e.hi /= 1000;
  } else if (units != "m") {
    e.relative = true;  // nothing says metres: Lens Blur's numbers have no scale
  }
  e.radial = xmp_value(d, kGDepthNs, "MeasureType").value_or("") == "OpticRay";

  if (auto conf = xmp_value(d, kGDepthNs, "Confidence")) {
    auto conf_bytes = decode_base64(*conf, kMaxEmbeddedImage);
    if (!conf_bytes) return fail(conf_bytes.error().code, "GDepth:Confidence: " + conf_bytes.error().message);
    auto grey = decode_grey(*conf_bytes, "GDepth confidence map", options);
    if (!grey) return fail(grey.error().code, grey.error().message);
    if (auto s = apply_confidence(photo.depth, *grey); !s) return fail(s.error().code, s.error().message);
    roles.push_back({"confidence", mime_of(*conf_bytes), grey->width, grey->height, conf_bytes->size()});
  }

  photo.orientation = from_exif_orientation(exif_orientation(file.primary));
  photo.camera = from_horizontal_fov(w, h, kDefaultHorizontalFovDegrees, "default-fov");
  photo.camera.assumed = true;

  // Lens Blur's primary is the blurred rendering: the original, when kept, is the real colour.
  if (auto original = xmp_value(d, kGImageNs, "Data")) {
    auto jpeg = decode_base64(*original, kMaxEmbeddedImage);
    if (!jpeg) return fail(jpeg.error().code, "GImage:Data: " + jpeg.error().message);
    auto header = read_jpeg_header(*jpeg);
    if (!header) return fail(header.error().code, "GImage:Data: " + header.error().message);
    roles.push_back({"original", "image/jpeg", header->width, header->height, jpeg->size()});
    if (auto s = add_jpeg_colour(photo, *jpeg, "gimage", w, h, options, true); !s)
      return fail(s.error().code, s.error().message);
  } else if (auto s = add_jpeg_colour(photo, file.bytes.first(file.primary.end), "primary", w, h, options, true); !s) {
    return fail(s.error().code, s.error().message);
  }
  // The depth map is stretched over the photo: the primary's fractions are the map's.
  photo.subject_hints = place_subject_hints(stated_subject_hints(file), file.primary.width, file.primary.height, w, h);
  describe_jpeg(photo.info, "gdepth", roles);
  return photo;
}

}  // namespace pxav
