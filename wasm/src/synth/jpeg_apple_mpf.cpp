// Apple's portrait JPEG: the primary, then the disparity map and the portrait matte as JPEGs of
// their own with Apple's XMP, indexed by an MPF segment (CIPA DC-007) in the primary.
#include <cstring>
#include <string>
#include <string_view>

#include "core/camera.h"
#include "depth/depth_encoding.h"
#include "synth/heic_writer.h"
#include "synth/jpeg_bytes.h"
#include "synth/jpeg_layouts.h"
#include "synth/jpeg_xmp.h"

namespace pxav::jpeg_synth {
namespace {

// Offset of the payload of the first segment with this marker and payload prefix, 0 if none.
size_t find_segment(const std::vector<uint8_t>& jpeg, uint8_t marker, std::string_view prefix) {
  size_t i = 2;
  while (i + 4 <= jpeg.size() && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA) {
    const size_t length = jpeg[i + 2] << 8 | jpeg[i + 3];
    const size_t payload = i + 4;
    if (jpeg[i + 1] == marker && payload + prefix.size() <= jpeg.size() &&
        std::memcmp(&jpeg[payload], prefix.data(), prefix.size()) == 0)
      return payload;
    i += 2 + length;
  }
  return 0;
}

std::string apple_depth_xmp(const JpegDepthRange& r, const Intrinsics& k, bool intrinsics) {
  std::string x = kXmpOpen;
  x += "<rdf:Description rdf:about=\"\" xmlns:depthData=\"http://ns.apple.com/depthData/1.0/\" "
       "xmlns:apdi=\"http://ns.apple.com/pixeldatainfo/1.0/\">";
  if (intrinsics) {
    x += "<depthData:IntrinsicMatrix><rdf:Seq><rdf:li>" + num(k.fx) +
         "</rdf:li><rdf:li>0</rdf:li><rdf:li>0</rdf:li><rdf:li>0</rdf:li><rdf:li>" + num(k.fy) +
         "</rdf:li><rdf:li>0</rdf:li><rdf:li>" + num(k.cx) + "</rdf:li><rdf:li>" + num(k.cy) +
         "</rdf:li><rdf:li>1</rdf:li></rdf:Seq></depthData:IntrinsicMatrix>";
    x += "<depthData:IntrinsicMatrixReferenceWidth>" + std::to_string(k.width) +
         "</depthData:IntrinsicMatrixReferenceWidth><depthData:IntrinsicMatrixReferenceHeight>" +
         std::to_string(k.height) + "</depthData:IntrinsicMatrixReferenceHeight>";
  }
  x += "<depthData:Accuracy>relative</depthData:Accuracy><apdi:IntMinValue>0</apdi:IntMinValue>"
       "<apdi:IntMaxValue>255</apdi:IntMaxValue><apdi:FloatMinValue>" +
       num(r.disparity_lo) + "</apdi:FloatMinValue><apdi:FloatMaxValue>" + num(r.disparity_hi) +
       "</apdi:FloatMaxValue><apdi:AuxiliaryImageType>disparity</apdi:AuxiliaryImageType>";
  x += "</rdf:Description>";
  return x + kXmpClose;
}

std::string apple_matte_xmp(bool claims_depth) {
  std::string x = kXmpOpen;
  x += "<rdf:Description rdf:about=\"\" xmlns:PortraitEffectsMatte=\"http://ns.apple.com/portraitEffectsMatte/1.0/\" "
       "xmlns:apdi=\"http://ns.apple.com/pixeldatainfo/1.0/\">"
       "<PortraitEffectsMatte:PortraitEffectsMatteVersion>65536</PortraitEffectsMatte:PortraitEffectsMatteVersion>"
       "<apdi:AuxiliaryImageType>";
  x += claims_depth ? "depth" : "portraitEffectsMatte";
  x += "</apdi:AuxiliaryImageType></rdf:Description>";
  return x + kXmpClose;
}

// MPF index (CIPA DC-007) of n images, numbers left 0 to be patched once every image is encoded.
constexpr size_t kMpfEntriesAt = 50;  // TIFF header 8, IFD count 2, three entries 36, next IFD 4
std::vector<uint8_t> mpf_placeholder(uint32_t n) {
  std::vector<uint8_t> p;
  append(p, std::string_view("MPF\0", 4));
  append(p, std::string_view("MM\0*", 4));
  put_be32(p, 8);
  put_be16(p, 3);
  put_be16(p, 0xB000);  // MPFVersion
  put_be16(p, 7);
  put_be32(p, 4);
  append(p, "0100");
  put_be16(p, 0xB001);  // NumberOfImages
  put_be16(p, 4);
  put_be32(p, 1);
  put_be32(p, n);
  put_be16(p, 0xB002);  // MPEntry
  put_be16(p, 7);
  put_be32(p, 16 * n);
  put_be32(p, kMpfEntriesAt);
  put_be32(p, 0);
  p.resize(p.size() + 16 * n, 0);
  return p;
}

}  // namespace

Result<std::vector<uint8_t>> write_apple_mpf(const SyntheticScene& s, const JpegWriteOptions& o,
                                             const JpegDepthRange& r, const RgbImage& colour) {
  DepthEncoding enc;
  enc.kind = DepthKind::Disparity;
  enc.lo = r.disparity_lo;
  enc.hi = r.disparity_hi;
  GreyImage codes{s.depth.width, s.depth.height, std::vector<uint8_t>(s.depth.z.size(), 0)};
  for (size_t i = 0; i < codes.pixels.size(); ++i)
    if (is_valid_depth(s.depth.z[i])) codes.pixels[i] = encode_depth_sample(s.depth.z[i], enc);
  // Apple calibrates for the photo as stored, not for the depth map.
  const Intrinsics k = rescale(s.camera, colour.width, colour.height);
  auto depth = encode_jpeg_grey(codes, 100, 0, {xmp_segment_unchecked(apple_depth_xmp(r, k, o.write_intrinsics))});
  if (!depth) return depth.error();

  std::vector<const std::vector<uint8_t>*> images;
  Result<std::vector<uint8_t>> matte = std::vector<uint8_t>{};
  if (o.matte) {
    matte = encode_jpeg_grey(s.subject, 100, 0, {xmp_segment_unchecked(apple_matte_xmp(o.matte_claims_depth))});
    if (!matte) return matte.error();
    if (o.matte_before_depth) images.push_back(&*matte);
  }
  images.push_back(&*depth);
  if (o.matte && !o.matte_before_depth) images.push_back(&*matte);

  const uint32_t n = static_cast<uint32_t>(images.size() + 1);
  auto primary =
      encode_jpeg_rgb(colour, o.quality, o.exif_orientation, {{0xE2, mpf_placeholder(n)}}, o.restart_interval);
  if (!primary) return primary.error();
  std::vector<uint8_t> file = std::move(*primary);
  const size_t mpf = find_segment(file, 0xE2, std::string_view("MPF\0", 4));
  if (mpf == 0) return make_error(ErrorCode::Internal, "jpeg writer: the MPF segment went missing");
  const size_t tiff = mpf + 4;  // MPF offsets count from the TIFF header
  const size_t primary_size = file.size();
  auto entry = [&](uint32_t i, uint32_t attribute, size_t size, size_t offset) {
    const size_t at = tiff + kMpfEntriesAt + 16 * i;
    patch_be32(file, at, attribute);
    patch_be32(file, at + 4, static_cast<uint32_t>(size));
    patch_be32(file, at + 8, static_cast<uint32_t>(offset));
    // The two dependent-image entry numbers stay 0.
  };
  entry(0, 0x030000, primary_size, 0);
  for (uint32_t i = 0; i < images.size(); ++i) {
    entry(i + 1, 0, images[i]->size(), file.size() - tiff);
    append(file, *images[i]);
  }
  return file;
}

}  // namespace pxav::jpeg_synth
