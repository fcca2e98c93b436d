// What the three JPEG depth formats (Apple's MPF, Google's GDepth, Android's Dynamic Depth) share:
// the file with its primary image's layout and XMP (main and extended, parsed once), an embedded
// image decoded as depth samples or as a grey matte, the colour of a JPEG summed onto the depth
// grid at a reduced DCT scale, and the checks that keep depth and colour registered.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "input/depth_photo.h"
#include "input/jpeg/jpeg_layout.h"
#include "input/open_options.h"
#include "input/xmp/xmp_tree.h"

namespace pxav {

struct JpegFile {
  std::span<const uint8_t> bytes;
  std::string name;
  JpegLayout primary;
  std::optional<XmlElement> xmp;                // the main packet, if any and well-formed
  std::optional<XmlElement> extended_xmp;       // reassembled and parsed, if the main packet names one
  std::optional<Error> extended_error;          // why the extended packet could not be read, if it could not
  std::vector<const XmlElement*> descriptions;  // of both packets, main first
};

// Reads the layout and both XMP packets. Errors only for a file that is not a readable JPEG: a
// damaged extended packet is kept in extended_error for the format that needs it to report.
Result<JpegFile> open_jpeg_file(std::span<const uint8_t> bytes, const std::string& name);

// An embedded PNG or JPEG as depth samples: its first channel (R of an RGBA map whose channels
// are equal), 8 or 16 bits, full scale 255 or 65535. `what` names it in messages.
Result<RawDepth> decode_depth_samples(std::span<const uint8_t> image, const std::string& what,
                                      const OpenOptions& options);
Result<GreyImage> decode_grey(std::span<const uint8_t> image, const std::string& what, const OpenOptions& options);

// Depth and colour must show the same view: their shapes agree within 2%.
Status same_view(int depth_width, int depth_height, int colour_width, int colour_height, const std::string& what);

// The colour of a JPEG on the depth map's grid (width x height, the JPEG's stored frame),
// decoded at the smallest DCT scale that covers the grid. Sets info.colour_source (and the
// scale in the details) and info.photo_width/height from the JPEG's header. Unless `stretch`
// (GDepth's maps are stretched to fit their photo), the two must have the same shape.
Status add_jpeg_colour(DepthPhoto& photo, std::span<const uint8_t> jpeg, const char* source, int width, int height,
                       const OpenOptions& options, bool stretch = false);

// Samples whose confidence is 0 carry no depth (NaN), as Google's depth writers mean it.
Status apply_confidence(RawDepth& depth, const GreyImage& confidence);

// Where the primary image says the subject is, as stated: EXIF SubjectArea, then the XMP
// packets' mwg-rs regions and GFocus focal point. place_subject_hints puts them on a depth grid.
std::vector<StatedHint> stated_subject_hints(const JpegFile& file);

// The "jpeg" section of the info JSON: format, images with their roles, depth units.
struct JpegImageRole {
  std::string role;  // "primary", "depth", "portrait-matte", "confidence", "original", "thumbnail", "other"
  std::string mime;
  int width = 0, height = 0;
  size_t bytes = 0;
};
void describe_jpeg(PhotoInfo& info, const char* format, const std::vector<JpegImageRole>& images);

}  // namespace pxav
