#include "input/registry.h"

#include "input/heic/heic_reader.h"
#include "input/rgbd/rgbd_reader.h"

namespace pxav {
namespace {

// In the order they are asked: the first that recognises a file opens the set.
constexpr Reader kReaders[] = {
    kHeicReader,
    kRgbdReader,
};

}  // namespace

std::span<const Reader> readers() { return kReaders; }

Result<ChosenReader> choose_reader(std::span<const InputFile> files) {
  if (files.empty()) return make_error(ErrorCode::InvalidArgument, "no file given");
  ChosenReader chosen{nullptr, {}};
  for (const InputFile& f : files) chosen.sniffs.push_back(sniff(f.bytes));
  for (const Reader& reader : kReaders)
    for (const Sniff& s : chosen.sniffs)
      if (reader.recognises(s)) {
        chosen.reader = &reader;
        return chosen;
      }
  // Nothing to open: say what the files are, the first one we could do something about first.
  for (size_t i = 0; i < files.size(); ++i)
    if (chosen.sniffs[i].kind == FileKind::Jpeg)
      return make_error(ErrorCode::Unsupported,
                        files[i].name +
                            " is a JPEG image: JPEG depth photos are not supported yet (open the HEIC "
                            "original, or a PNG colour image with its depth map)");
  std::string what;
  for (size_t i = 0; i < files.size(); ++i)
    what += (i ? "; " : "") + files[i].name + " is " + chosen.sniffs[i].looks_like;
  return make_error(ErrorCode::UnsupportedFormat,
                    what +
                        ". pixel-avatar reads HEIC depth photos and colour images (PNG, PPM) with a depth map "
                        "(PNG, PGM)");
}

}  // namespace pxav
