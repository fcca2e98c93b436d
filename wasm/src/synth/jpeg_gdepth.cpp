// Google Camera's Lens Blur JPEG (GDepth): the depth map as a base64 PNG in Extended XMP, the
// unblurred photo in GImage:Data and a blurred primary.
#include <algorithm>
#include <string>

#include "image_files/png_io.h"
#include "synth/jpeg_google_depth.h"
#include "synth/jpeg_layouts.h"
#include "synth/jpeg_xmp.h"

namespace pxav::jpeg_synth {
namespace {

// Lens Blur's primary is the refocused picture: a 9x9 box blur (edges clamped) stands in for it,
// enough to make it differ from GImage:Data so a reader taking the wrong one is caught.
RgbImage box_blur(const RgbImage& in) {
  constexpr int kRadius = 4;
  RgbImage tmp = in, out = in;
  const int w = in.width, h = in.height;
  auto idx = [w](int x, int y) { return (static_cast<size_t>(y) * w + x) * 3; };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int ch = 0; ch < 3; ++ch) {
        int sum = 0;
        for (int d = -kRadius; d <= kRadius; ++d) sum += in.pixels[idx(std::clamp(x + d, 0, w - 1), y) + ch];
        tmp.pixels[idx(x, y) + ch] = static_cast<uint8_t>((sum + kRadius) / (2 * kRadius + 1));
      }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int ch = 0; ch < 3; ++ch) {
        int sum = 0;
        for (int d = -kRadius; d <= kRadius; ++d) sum += tmp.pixels[idx(x, std::clamp(y + d, 0, h - 1)) + ch];
        out.pixels[idx(x, y) + ch] = static_cast<uint8_t>((sum + kRadius) / (2 * kRadius + 1));
      }
  return out;
}

// Lens Blur's depth PNG: RGBA with the value in R = G = B.
Result<std::vector<uint8_t>> png_rgba_equal(int w, int h, const std::vector<uint16_t>& v) {
  std::vector<uint8_t> rgba;
  rgba.reserve(v.size() * 4);
  for (uint16_t s : v)
    rgba.insert(rgba.end(), {static_cast<uint8_t>(s), static_cast<uint8_t>(s), static_cast<uint8_t>(s), 255});
  return encode_png_rgba(w, h, rgba);
}

}  // namespace

Result<std::vector<uint8_t>> write_gdepth(const SyntheticScene& s, const JpegWriteOptions& o, const JpegDepthRange& r,
                                          const RgbImage& colour) {
  const int w = s.depth.width, h = s.depth.height;
  const std::vector<uint16_t> v = google_samples(s, o, r, o.depth_16bit ? 65535 : 255);
  auto depth_png = o.depth_16bit ? encode_png_grey16(w, h, v) : png_rgba_equal(w, h, v);
  if (!depth_png) return depth_png.error();

  std::string ext = kXmpOpen;
  ext +=
      "<rdf:Description rdf:about=\"\" xmlns:GDepth=\"http://ns.google.com/photos/1.0/depthmap/\" "
      "xmlns:GImage=\"http://ns.google.com/photos/1.0/image/\" GDepth:Data=\"" +
      base64(*depth_png) + "\"";
  if (o.confidence) {
    auto conf = encode_png_grey(confidence_map(w, h));
    if (!conf) return conf.error();
    ext += " GDepth:ConfidenceMime=\"image/png\" GDepth:Confidence=\"" + base64(*conf) + "\"";
  }
  if (o.gimage) {
    auto original = encode_jpeg_rgb(colour, o.quality);
    if (!original) return original.error();
    ext += " GImage:Data=\"" + base64(*original) + "\"";
  }
  ext += "/>";
  ext += kXmpClose;
  const std::string guid = md5_hex(ext);

  std::string main = kXmpOpen;
  main +=
      "<rdf:Description rdf:about=\"\" xmlns:GDepth=\"http://ns.google.com/photos/1.0/depthmap/\" "
      "xmlns:GImage=\"http://ns.google.com/photos/1.0/image/\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" "
      "GDepth:Format=\"";
  main += o.range_inverse ? "RangeInverse" : "RangeLinear";
  main += "\" GDepth:Near=\"" + num(r.near_m) + "\" GDepth:Far=\"" + num(r.far_m) + "\" GDepth:Mime=\"image/png\"";
  if (!o.units.empty()) main += " GDepth:Units=\"" + xml_escape(o.units) + "\"";
  if (o.gimage) main += " GImage:Mime=\"image/jpeg\"";
  main += " xmpNote:HasExtendedXMP=\"" + guid + "\"/>";
  main += kXmpClose;

  auto main_segment = main_xmp_segment(main);
  if (!main_segment) return main_segment.error();
  std::vector<JpegSegmentToWrite> segments = {std::move(*main_segment)};
  for (auto& chunk : extended_xmp_segments(ext, guid, o.extended_chunk)) segments.push_back(std::move(chunk));
  return encode_jpeg_rgb(o.gimage ? box_blur(colour) : colour, o.quality, o.exif_orientation, segments,
                         o.restart_interval);
}

}  // namespace pxav::jpeg_synth
