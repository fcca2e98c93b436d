// libFuzzer target for the JPEG depth reader: the marker walk, EXIF, the MPF index, Extended XMP
// reassembly, the XMP tree, base64 and the three formats on top, with libjpeg-turbo instrumented
// too (third_party/build.sh fuzz). Any bytes must give a depth photo or an error value that says
// what is wrong; never a crash, a hang or an allocation past the limits. The same bytes are also
// read as an XMP packet, which reaches the XML parser without a JPEG around it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "input/xmp/apple_depth_xmp.h"
#include "input/xmp/xmp_tree.h"
#include "photo_checks.h"
#include "pipeline/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The lookups the readers make, on whatever tree the bytes give.
  if (auto tree = pxav::parse_xml(text); tree.ok()) {
    constexpr std::string_view kDevice = "http://ns.google.com/photos/dd/1.0/device/";
    for (const pxav::XmlElement* d : pxav::xmp_descriptions(*tree)) {
      for (const pxav::XmlElement* camera : pxav::xmp_items(*d, kDevice, "Cameras"))
        (void)pxav::xmp_struct(*camera, "http://ns.google.com/photos/dd/1.0/camera/", "DepthMap");
      if (const pxav::XmlElement* c = pxav::xmp_struct(*d, kDevice, "Container"))
        (void)pxav::xmp_items(*c, "http://ns.google.com/photos/dd/1.0/container/", "Directory");
      (void)pxav::xmp_number(pxav::xmp_value(*d, "http://ns.google.com/photos/1.0/depthmap/", "Near"));
    }
  } else if (tree.error().message.empty()) {
    std::abort();
  }
  (void)pxav::parse_apple_depth_xmp(text);

  pxav::OpenOptions options;
  options.max_megapixels = 4;
  options.max_depth_megapixels = 1;
  const pxav::InputFile files[] = {{"fuzz.jpg", {data, size}, ""}};
  pxav::fuzz::check_opened(pxav::open_photo(files, options));
  return 0;
}
