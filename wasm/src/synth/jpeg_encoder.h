// The plain baseline JPEG encoder the depth JPEG fixtures share (synth/jpeg_writer.h), with EXIF
// orientation and any APPn segments, for fixtures of their own. Native only: it encodes with
// libjpeg-turbo.
#pragma once

#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace pxav {

// One marker segment: marker 0xE0..0xEF (APP0..APP15) or 0xFE (COM), payload without the length bytes
// (at most 65533 bytes).
struct JpegSegmentToWrite {
  uint8_t marker = 0xE1;
  std::vector<uint8_t> payload;
};

// Baseline JPEG (4:2:0 for colour), quality 1..100. exif_orientation 1..8 writes an APP1 EXIF block
// with that orientation tag right after SOI (0: no EXIF, a JFIF APP0 instead); `extra` follows it in
// order. The pixels are stored as given: the tag only says how to show them.
// Errors: InvalidArgument (an empty image, a bad quality, orientation, marker or segment size),
// Internal if libjpeg refuses.
// restart_interval: MCUs between restart markers (phones write them), 0 = none.
Result<std::vector<uint8_t>> encode_jpeg_rgb(const RgbImage& image, int quality, int exif_orientation = 0,
                                             const std::vector<JpegSegmentToWrite>& extra = {},
                                             int restart_interval = 0);
// An APP1 EXIF block (little-endian TIFF) whose Exif IFD holds FocalLengthIn35mmFilm (focal_35mm
// > 0), or else FocalLength (focal_tenths_mm / 10 mm) with FocalPlaneXResolution (pixels_per_mm,
// unit millimetres): what cameras write about their lens, for the stereo readers' tests and the
// benchmark's phone-like pair. Pass it in `extra` with exif_orientation 0.
JpegSegmentToWrite exif_focal_segment(int focal_35mm, uint32_t focal_tenths_mm = 0, uint32_t pixels_per_mm = 0);

Result<std::vector<uint8_t>> encode_jpeg_grey(const GreyImage& image, int quality, int exif_orientation = 0,
                                              const std::vector<JpegSegmentToWrite>& extra = {});

}  // namespace pxav
