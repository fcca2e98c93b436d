#include "input/jpeg/jpeg_reader.h"

#include <string>

#include "input/jpeg/apple_mpf.h"
#include "input/jpeg/dynamic_depth.h"
#include "input/jpeg/gdepth.h"
#include "input/jpeg/jpeg_file.h"
#include "input/jpeg/mpf_index.h"

namespace pxav {

Result<DepthPhoto> read_depth_jpeg(std::span<const uint8_t> bytes, const std::string& name,
                                   const OpenOptions& options) {
  auto file = open_jpeg_file(bytes, name);
  if (!file) return file.error();
  // What the file holds is told from its headers before the size limit: raising the limit for a
  // photo without depth would only lead to "no depth map".
  const bool dynamic_depth = has_dynamic_depth(*file), gdepth = !dynamic_depth && has_gdepth(*file);
  // Apple's MPF index is read only when no XMP format claims the file, as before.
  Result<std::vector<MpfImage>> index = std::vector<MpfImage>{};
  if (!dynamic_depth && !gdepth) index = read_mpf_index(file->primary, bytes);
  if (!index) return make_error(index.error().code, name + ": " + index.error().message);
  if (!dynamic_depth && !gdepth && index->empty()) {
    // The Device or GDepth data may be what the damaged extended packet held.
    if (file->extended_error)
      return make_error(file->extended_error->code, name + ": " + file->extended_error->message);
    if (has_xdm(*file))
      return make_error(ErrorCode::Unsupported,
                        name +
                            ": this JPEG holds Intel XDM 1.0 depth metadata (the 2016 precursor of Android's "
                            "Dynamic Depth), which pixel-avatar does not read");
    return make_error(ErrorCode::NoDepth,
                      name +
                          ": this JPEG has no depth map: it carries no Apple depth image (MPF), "
                          "no Google depth (GDepth) and no Android Dynamic Depth metadata; take "
                          "it in Portrait mode, or open the HEIC original",
                      missing_file("depth-map"));
  }
  if (auto s = within_limit(file->primary.width, file->primary.height, options.max_megapixels, name + ": ", "photo");
      !s)
    return s.error();
  if (dynamic_depth) return read_dynamic_depth(*file, options);
  if (gdepth) return read_gdepth(*file, options);
  return read_apple_mpf(*file, *index, options);
}

bool jpeg_recognises(const Sniff& file) { return file.kind == FileKind::Jpeg; }

Result<DepthPhoto> jpeg_open(std::span<const InputFile> files, std::span<const Sniff> sniffs,
                             const OpenOptions& options) {
  for (size_t i = 0; i < files.size(); ++i) {
    if (sniffs[i].kind != FileKind::Jpeg) continue;
    if (files.size() == 1) return read_depth_jpeg(files[0].bytes, files[0].name, options);
    std::string others;
    for (size_t j = 0; j < files.size(); ++j)
      if (j != i) others += (others.empty() ? "" : ", ") + files[j].name;
    return make_error(ErrorCode::InvalidArgument,
                      files[i].name +
                          " is a JPEG: a depth JPEG holds its depth map itself, so open it on its own; "
                          "for a colour + depth pair, the depth map must be a grey image (PNG, PGM or a grey JPEG) "
                          "or be given the role depth (also given: " +
                          others + ")");
  }
  return make_error(ErrorCode::InvalidArgument, "no JPEG file among the files given");
}

}  // namespace pxav
