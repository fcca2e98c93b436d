// Android's Dynamic Depth 1.0 JPEG: a Device tree in XMP (main or Extended) naming the items, the
// depth map (and confidence) appended after the primary image.
#include <algorithm>
#include <string>
#include <utility>

#include "core/camera.h"
#include "geometry/orientation.h"
#include "image_files/png_io.h"
#include "synth/jpeg_bytes.h"
#include "synth/jpeg_google_depth.h"
#include "synth/jpeg_layouts.h"
#include "synth/jpeg_xmp.h"

namespace pxav::jpeg_synth {
namespace {

struct DdItem {
  std::string mime, uri;
  std::vector<uint8_t> bytes;  // padding included
};

std::string dynamic_depth_description(const JpegWriteOptions& o, const JpegDepthRange& r, const Intrinsics& k,
                                      const std::vector<DdItem>& items) {
  std::string x =
      "<rdf:Description rdf:about=\"\" xmlns:Device=\"http://ns.google.com/photos/dd/1.0/device/\" "
      "xmlns:Container=\"http://ns.google.com/photos/dd/1.0/container/\" "
      "xmlns:Item=\"http://ns.google.com/photos/dd/1.0/item/\" "
      "xmlns:Profile=\"http://ns.google.com/photos/dd/1.0/profile/\" "
      "xmlns:Camera=\"http://ns.google.com/photos/dd/1.0/camera/\" "
      "xmlns:Image=\"http://ns.google.com/photos/dd/1.0/image/\" "
      "xmlns:DepthMap=\"http://ns.google.com/photos/dd/1.0/depthmap/\" "
      "xmlns:ImagingModel=\"http://ns.google.com/photos/dd/1.0/imagingmodel/\">";
  // List items without rdf:parseType, one struct element each, as Pixel phones write them.
  x += "<Device:Container rdf:parseType=\"Resource\"><Container:Directory><rdf:Seq>";
  x += "<rdf:li><Container:Item Item:Mime=\"image/jpeg\" Item:Length=\"0\" Item:DataURI=\"primary_image\"/></rdf:li>";
  for (const DdItem& item : items)
    x += "<rdf:li><Container:Item Item:Mime=\"" + item.mime + "\" Item:Length=\"" + std::to_string(item.bytes.size()) +
         "\" Item:Padding=\"" + std::to_string(o.item_padding) + "\" Item:DataURI=\"" + item.uri + "\"/></rdf:li>";
  x += "</rdf:Seq></Container:Directory></Device:Container>";
  x += "<Device:Profiles><rdf:Seq><rdf:li><Device:Profile Profile:Type=\"DepthPhoto\"><Profile:CameraIndices>"
       "<rdf:Seq><rdf:li>0</rdf:li></rdf:Seq></Profile:CameraIndices></Device:Profile></rdf:li></rdf:Seq>"
       "</Device:Profiles>";
  x += "<Device:Cameras><rdf:Seq><rdf:li><Device:Camera Camera:Trait=\"Physical\">"
       "<Camera:Image Image:ItemSemantic=\"Primary\" Image:ItemURI=\"primary_image\"/>";
  x += "<Camera:DepthMap DepthMap:ItemSemantic=\"Depth\" DepthMap:Format=\"";
  x += o.range_inverse ? "RangeInverse" : "RangeLinear";
  x += "\" DepthMap:Units=\"Meters\" DepthMap:Near=\"" + num(r.near_m) + "\" DepthMap:Far=\"" + num(r.far_m) +
       "\" DepthMap:MeasureType=\"";
  x += o.optic_ray ? "OpticRay" : "OpticalAxis";
  x += "\" DepthMap:DepthURI=\"android/depthmap\"";
  if (o.confidence) x += " DepthMap:ConfidenceURI=\"android/confidencemap\"";
  x += "/>";
  x += "<Camera:ImagingModel ImagingModel:FocalLengthX=\"" + num(k.fx) + "\" ImagingModel:FocalLengthY=\"" + num(k.fy) +
       "\" ImagingModel:PrincipalPointX=\"" + num(k.cx) + "\" ImagingModel:PrincipalPointY=\"" + num(k.cy) +
       "\" ImagingModel:ImageWidth=\"" + std::to_string(k.width) + "\" ImagingModel:ImageHeight=\"" +
       std::to_string(k.height) + "\" ImagingModel:PixelAspectRatio=\"1\" ImagingModel:Skew=\"0\"/>";
  x += "</Device:Camera></rdf:li></rdf:Seq></Device:Cameras></rdf:Description>";
  return x;
}

// A depth item with an EXIF tag of its own is stored so that, each turned upright by its own tag,
// item and photo show the same view (as a phone writes them). With the photo's tag that is the
// scene's pixels as they are; with another, the pixels are turned upright by the photo's tag and
// back by the inverse of the item's.
GreyImage depth_item_pixels(GreyImage g, const JpegWriteOptions& o) {
  static constexpr int kInverse[9] = {1, 1, 2, 3, 4, 5, 8, 7, 6};  // EXIF 6 and 8 undo each other
  const int photo = std::max(1, o.exif_orientation), item = o.depth_item_exif_orientation;
  if (item == photo) return g;
  return apply(from_exif_orientation(kInverse[item]), apply(from_exif_orientation(photo), std::move(g)));
}

}  // namespace

Result<std::vector<uint8_t>> write_dynamic_depth(const SyntheticScene& s, const JpegWriteOptions& o,
                                                 const JpegDepthRange& r, const RgbImage& colour) {
  const int w = s.depth.width, h = s.depth.height;
  std::vector<DdItem> items;
  {
    // PNG has no EXIF: a depth item with an orientation of its own has to be a JPEG.
    const bool as_jpeg = o.depth_item_exif_orientation != 0;
    const std::vector<uint16_t> v = google_samples(s, o, r, o.depth_16bit && !as_jpeg ? 65535 : 255);
    auto depth = as_jpeg ? encode_jpeg_grey(depth_item_pixels(grey_of(w, h, v), o), 100, o.depth_item_exif_orientation)
                 : o.depth_16bit ? encode_png_grey16(w, h, v)
                                 : encode_png_grey(grey_of(w, h, v));
    if (!depth) return depth.error();
    items.push_back({as_jpeg ? "image/jpeg" : "image/png", "android/depthmap", std::move(*depth)});
  }
  if (o.confidence) {
    auto conf = encode_png_grey(confidence_map(w, h));
    if (!conf) return conf.error();
    items.push_back({"image/png", "android/confidencemap", std::move(*conf)});
  }
  for (DdItem& item : items) item.bytes.resize(item.bytes.size() + o.item_padding, 0);

  const std::string device = dynamic_depth_description(o, r, rescale(s.camera, colour.width, colour.height), items);
  std::vector<JpegSegmentToWrite> segments;
  if (o.device_in_extended_xmp) {
    const std::string ext = kXmpOpen + device + kXmpClose;
    const std::string guid = md5_hex(ext);
    auto main = main_xmp_segment(has_extended_xmp(guid));
    if (!main) return main.error();
    segments.push_back(std::move(*main));
    for (auto& chunk : extended_xmp_segments(ext, guid, o.extended_chunk)) segments.push_back(std::move(chunk));
  } else {
    auto main = main_xmp_segment(kXmpOpen + device + kXmpClose);
    if (!main) return main.error();
    segments.push_back(std::move(*main));
  }
  auto file = encode_jpeg_rgb(colour, o.quality, o.exif_orientation, segments, o.restart_interval);
  if (!file) return file.error();
  for (const DdItem& item : items) append(*file, item.bytes);
  return file;
}

}  // namespace pxav::jpeg_synth
