#include "input/jpeg/dynamic_depth.h"

#include <string>
#include <utility>

#include "input/jpeg/exif.h"
#include "input/sniff.h"

namespace pxav {
namespace {

constexpr std::string_view kDevice = "http://ns.google.com/photos/dd/1.0/device/";
constexpr std::string_view kContainer = "http://ns.google.com/photos/dd/1.0/container/";
constexpr std::string_view kItem = "http://ns.google.com/photos/dd/1.0/item/";
constexpr std::string_view kProfile = "http://ns.google.com/photos/dd/1.0/profile/";
constexpr std::string_view kCamera = "http://ns.google.com/photos/dd/1.0/camera/";
constexpr std::string_view kImage = "http://ns.google.com/photos/dd/1.0/image/";
constexpr std::string_view kDepthMap = "http://ns.google.com/photos/dd/1.0/depthmap/";
constexpr std::string_view kImagingModel = "http://ns.google.com/photos/dd/1.0/imagingmodel/";

// The nodes that hold Device properties: the descriptions themselves (as phones write them) and
// a "Device" element inside one (as Android's reference library writes them).
std::vector<const XmlElement*> device_nodes(const JpegFile& file) {
  std::vector<const XmlElement*> out;
  for (const XmlElement* d : file.descriptions) {
    out.push_back(d);
    for (const XmlElement& c : d->children)
      if (c.name == "Device") out.push_back(xmp_struct(*d, c.ns, c.name));
  }
  return out;
}

struct Item {
  std::string uri, mime;
  std::span<const uint8_t> data;
};

int number_or(const XmlElement& node, std::string_view ns, std::string_view name, int fallback) {
  const auto v = xmp_number(xmp_value(node, ns, name));
  return v && *v >= 0 && *v < 2e9 ? static_cast<int>(*v) : fallback;
}

// The container's items, located by walking their lengths from the primary's end of image.
Result<std::vector<Item>> container_items(const JpegFile& file, const std::vector<const XmlElement*>& nodes) {
  for (const XmlElement* n : nodes) {
    const XmlElement* container = xmp_struct(*n, kDevice, "Container");
    if (!container) continue;
    std::vector<Item> items;
    size_t offset = file.primary.end;
    const std::vector<const XmlElement*> list = xmp_items(*container, kContainer, "Directory");
    for (size_t k = 0; k < list.size(); ++k) {
      const XmlElement& it = *list[k];
      Item item{xmp_value(it, kItem, "DataURI").value_or(""), xmp_value(it, kItem, "Mime").value_or(""), {}};
      if (k == 0) {  // the primary image itself
        items.push_back(item);
        continue;
      }
      const auto length = xmp_number(xmp_value(it, kItem, "Length"));
      const auto padding = xmp_number(xmp_value(it, kItem, "Padding"));
      if (!length || *length < 0 || (padding && (*padding < 0 || *padding > *length)))
        return make_error(ErrorCode::Corrupt, "Dynamic Depth item " + std::to_string(k + 1) + " ('" + item.uri +
                                                  "') has no valid Item:Length / Item:Padding");
      // Compared as numbers before any cast: the length is the file's word, not a size yet.
      if (*length > static_cast<double>(file.bytes.size() - offset))
        return make_error(ErrorCode::Corrupt, "Dynamic Depth item '" + item.uri + "' (" +
                                                  std::to_string(static_cast<uint64_t>(*length)) + " bytes at " +
                                                  std::to_string(offset) + ") runs past the end of the file (" +
                                                  std::to_string(file.bytes.size()) + " bytes)");
      const size_t size = static_cast<size_t>(*length), pad = padding ? static_cast<size_t>(*padding) : 0;
      item.data = file.bytes.subspan(offset, size - pad);
      offset += size;
      items.push_back(item);
    }
    return items;
  }
  return make_error(ErrorCode::Corrupt, "its Dynamic Depth metadata has no Device:Container");
}

// The camera of the DepthPhoto profile (its first camera index), else the first with a depth map.
const XmlElement* depth_camera(const std::vector<const XmlElement*>& nodes, bool& segmentation_only) {
  std::vector<const XmlElement*> cameras;
  int index = -1;
  for (const XmlElement* n : nodes) {
    if (cameras.empty()) cameras = xmp_items(*n, kDevice, "Cameras");
    for (const XmlElement* p : xmp_items(*n, kDevice, "Profiles"))
      if (xmp_value(*p, kProfile, "Type").value_or("") == "DepthPhoto" && index < 0) {
        const auto ids = xmp_item_values(*p, kProfile, "CameraIndices");
        if (!ids.empty())
          if (auto v = xmp_number(ids[0]); v && *v >= 0 && *v < 1024) index = static_cast<int>(*v);
      }
  }
  const auto is_depth = [&](const XmlElement* c) {
    const XmlElement* dm = xmp_struct(*c, kCamera, "DepthMap");
    if (!dm) return false;
    if (xmp_value(*dm, kDepthMap, "ItemSemantic").value_or("Depth") == "Segmentation") {
      segmentation_only = true;
      return false;
    }
    return true;
  };
  if (index >= 0 && index < static_cast<int>(cameras.size()) && is_depth(cameras[index])) return cameras[index];
  for (const XmlElement* c : cameras)
    if (is_depth(c)) return c;
  return nullptr;
}

const Item* find_item(const std::vector<Item>& items, const std::string& uri) {
  for (const Item& it : items)
    if (!uri.empty() && it.uri == uri && !it.data.empty()) return &it;
  return nullptr;
}

int odd_turns(const Orientation& o) {
  int n = 0;
  for (const OrientationStep& s : o.steps) n += s.kind == OrientationStep::RotateCcw90;
  return n % 2;
}

}  // namespace

bool has_dynamic_depth(const JpegFile& file) {
  for (const XmlElement* n : device_nodes(file))
    if (xmp_struct(*n, kDevice, "Container") || !xmp_items(*n, kDevice, "Cameras").empty()) return true;
  return false;
}

bool has_xdm(const JpegFile& file) {
  constexpr std::string_view kXdmPrefix = "http://ns.xdm.org/photos/";
  const auto in_xdm = [&](const std::string& ns) { return ns.starts_with(kXdmPrefix); };
  for (const XmlElement* d : file.descriptions) {
    for (const XmlAttribute& a : d->attributes)
      if (in_xdm(a.ns)) return true;
    for (const XmlElement& c : d->children)
      if (in_xdm(c.ns)) return true;
  }
  return false;
}

Result<DepthPhoto> read_dynamic_depth(const JpegFile& file, const OpenOptions& options) {
  const auto fail = [&](ErrorCode code, const std::string& why) { return make_error(code, file.name + ": " + why); };
  const std::vector<const XmlElement*> nodes = device_nodes(file);
  bool segmentation_only = false;
  const XmlElement* camera = depth_camera(nodes, segmentation_only);
  if (!camera)
    return make_error(
        ErrorCode::NoDepth,
        file.name + ": " +
            (segmentation_only ? "this JPEG has no depth map: its Dynamic Depth map is a segmentation mask"
                               : "this JPEG has no depth map: its Dynamic Depth cameras carry no DepthMap"),
        missing_file("depth-map"));
  auto items = container_items(file, nodes);
  if (!items) return fail(items.error().code, items.error().message);
  const XmlElement& dm = *xmp_struct(*camera, kCamera, "DepthMap");

  const std::string depth_uri = xmp_value(dm, kDepthMap, "DepthURI").value_or("");
  const Item* depth_item = find_item(*items, depth_uri);
  if (!depth_item)
    return fail(ErrorCode::Corrupt, "no Dynamic Depth container item holds the depth map '" + depth_uri + "'");

  DepthPhoto photo;
  photo.info.container = "jpeg";
  auto raw = decode_depth_samples(depth_item->data, "Dynamic Depth depth map", options);
  if (!raw) return fail(raw.error().code, raw.error().message);
  photo.depth = std::move(*raw);
  std::vector<JpegImageRole> roles{
      {"primary", "image/jpeg", file.primary.width, file.primary.height, file.primary.end}};
  roles.push_back({"depth", depth_item->mime, photo.depth.width, photo.depth.height, depth_item->data.size()});

  DepthEncoding& e = photo.encoding;
  e.source = "dynamic-depth";
  const auto near = xmp_number(xmp_value(dm, kDepthMap, "Near")), far = xmp_number(xmp_value(dm, kDepthMap, "Far"));
  if (!near || !far) return fail(ErrorCode::Corrupt, "its DepthMap lacks Near or Far (or they are not numbers)");
  const std::string format = xmp_value(dm, kDepthMap, "Format").value_or("");
  const std::string units = xmp_value(dm, kDepthMap, "Units").value_or("");
  const bool inverse = format == "RangeInverse";
  if (!inverse && format != "RangeLinear")
    return fail(ErrorCode::Unsupported, "DepthMap:Format '" + format + "' is neither RangeInverse nor RangeLinear");
  if (units == "Diopters") {
    // A range of 1/metres: linear in diopters is uniform disparity; inverse in diopters is linear in metres.
    e.kind = inverse ? DepthKind::Z : DepthKind::Disparity;
    e.lo = inverse ? 1.0 / *near : *near;
    e.hi = inverse ? 1.0 / *far : *far;
  } else {
    e.kind = inverse ? DepthKind::RangeInverse : DepthKind::Z;
    e.lo = *near;
    e.hi = *far;
    e.relative = units != "Meters";
  }
  e.radial = xmp_value(dm, kDepthMap, "MeasureType").value_or("OpticalAxis") == "OpticRay";

  std::optional<GreyImage> confidence;
  if (const Item* conf = find_item(*items, xmp_value(dm, kDepthMap, "ConfidenceURI").value_or(""))) {
    auto grey = decode_grey(conf->data, "Dynamic Depth confidence map", options);
    if (!grey) return fail(grey.error().code, grey.error().message);
    roles.push_back({"confidence", conf->mime, grey->width, grey->height, conf->data.size()});
    confidence = std::move(*grey);
  }

  // The depth item in the primary's stored frame, unless its own EXIF says it is stored otherwise:
  // then both are turned upright here and the photo needs no further turn.
  const Orientation primary_turn = from_exif_orientation(exif_orientation(file.primary));
  Orientation depth_turn = primary_turn;
  if (sniff(depth_item->data).kind == FileKind::Jpeg)
    if (auto layout = read_jpeg_layout(depth_item->data); layout && exif_orientation(*layout) != 1)
      depth_turn = from_exif_orientation(exif_orientation(*layout));
  const bool turn_here = !(depth_turn == primary_turn);
  if (turn_here) {
    photo.depth = apply(depth_turn, std::move(photo.depth));
    if (confidence) confidence = apply(depth_turn, std::move(*confidence));
  }
  if (confidence)
    if (auto s = apply_confidence(photo.depth, *confidence); !s) return fail(s.error().code, s.error().message);
  int gw = photo.depth.width, gh = photo.depth.height;  // the colour grid, in the primary's stored frame
  if (turn_here && odd_turns(primary_turn)) std::swap(gw, gh);

  // Intrinsics in pixels of the primary (ImageWidth x ImageHeight); values at most 1 in the
  // principal point, or a focal length under 4, are the normalised form of earlier drafts.
  if (const XmlElement* im = xmp_struct(*camera, kCamera, "ImagingModel")) {
    Intrinsics k;
    k.width = number_or(*im, kImagingModel, "ImageWidth", file.primary.width);
    k.height = number_or(*im, kImagingModel, "ImageHeight", file.primary.height);
    k.fx = xmp_number(xmp_value(*im, kImagingModel, "FocalLengthX")).value_or(0);
    k.fy = xmp_number(xmp_value(*im, kImagingModel, "FocalLengthY")).value_or(k.fx);
    k.cx = xmp_number(xmp_value(*im, kImagingModel, "PrincipalPointX")).value_or(0.5);
    k.cy = xmp_number(xmp_value(*im, kImagingModel, "PrincipalPointY")).value_or(0.5);
    if (k.fx > 0 && k.fx < 4) {
      const double longest = std::max(k.width, k.height);
      k.fx *= longest;
      k.fy *= longest;
    }
    if (k.cx <= 1 && k.cy <= 1) {
      k.cx *= k.width;
      k.cy *= k.height;
    }
    k.source = "dynamic-depth";
    if (k.fx > 0 && k.fy > 0 && k.width > 0 && k.height > 0) photo.camera = rescale(k, gw, gh);
  }
  if (photo.camera.fx <= 0) {
    photo.camera = from_horizontal_fov(gw, gh, kDefaultHorizontalFovDegrees, "default-fov");
    photo.camera.assumed = true;
  }

  // The camera's Image: the primary, or an item (Pixel portraits keep the unblurred original there).
  std::span<const uint8_t> colour = file.bytes.first(file.primary.end);
  const char* source = "primary";
  if (const XmlElement* image = xmp_struct(*camera, kCamera, "Image")) {
    const std::string uri = xmp_value(*image, kImage, "ItemURI").value_or("");
    if (const Item* it = find_item(*items, uri); it && sniff(it->data).kind == FileKind::Jpeg) {
      colour = it->data;
      source = "original";
      const Sniff original = sniff(it->data);
      roles.push_back({"original", it->mime, original.width, original.height, it->data.size()});
    }
  }
  if (auto s = add_jpeg_colour(photo, colour, source, gw, gh, options); !s)
    return fail(s.error().code, s.error().message);
  photo.subject_hints =
      place_subject_hints(stated_subject_hints(file), file.primary.width, file.primary.height, gw, gh);
  if (turn_here) {
    photo.colour = apply(primary_turn, std::move(photo.colour));
    photo.camera = apply(primary_turn, photo.camera);
    photo.subject_hints = turn_subject_hints(primary_turn, std::move(photo.subject_hints), gw, gh);
  } else {
    photo.orientation = primary_turn;
  }
  describe_jpeg(photo.info, "dynamic-depth", roles);
  return photo;
}

}  // namespace pxav
