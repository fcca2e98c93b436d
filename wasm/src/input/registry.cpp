#include "input/registry.h"

#include <algorithm>
#include <string>

#include "input/heic/heic_reader.h"
#include "input/jpeg/jpeg_reader.h"
#include "input/mpo/mpo_reader.h"
#include "input/rgbd/rgbd_reader.h"
#include "input/side_by_side/side_by_side_reader.h"
#include "input/stereo/stereo_pair_reader.h"
#include "stereo/stereo_setup.h"

namespace pxav {
namespace {

// In the order they are asked: the first that recognises a file opens the set. Stereo pairs
// (files with a left or right role) before colour + depth pairs, and those before JPEG, so a JPEG
// colour image with its PNG depth map is a pair; a 3D camera's MPO (a JPEG whose MPF index lists
// views) before the JPEG depth reader. A side-by-side image is recognised by the role
// choose_reader gives it from the stereo setting, whatever its kind: first.
constexpr Reader kReaders[] = {
    kSideBySideReader, kHeicReader, kStereoPairReader, kRgbdReader, kMpoReader, kJpegReader,
};

}  // namespace

std::span<const Reader> readers() { return kReaders; }

Result<ChosenReader> choose_reader(std::span<const InputFile> files, const OpenOptions& options) {
  if (files.empty()) return make_error(ErrorCode::InvalidArgument, "no file given");
  StereoLayout layout = StereoLayout::TwoViews;
  if (const std::string_view stereo = reader_setting(options, kStereoSettings); !stereo.empty()) {
    auto setup = parse_stereo_setup(stereo);
    if (!setup) return setup.error();
    layout = setup->layout;
  }
  ChosenReader chosen{nullptr, {}};
  for (const InputFile& f : files) {
    chosen.sniffs.push_back(sniff(f.bytes));
    chosen.sniffs.back().role = f.role;
    // The person said the image holds both views: that is its role, as --right is a view's.
    if (layout != StereoLayout::TwoViews && f.role.empty()) chosen.sniffs.back().role = kSideBySideRole;
  }
  for (const Reader& reader : kReaders)
    for (const Sniff& s : chosen.sniffs)
      if (reader.recognises(s)) {
        chosen.reader = &reader;
        return chosen;
      }
  // Nothing to open: say what the files are.
  std::string what;
  for (size_t i = 0; i < files.size(); ++i)
    what += (i ? "; " : "") + files[i].name + " is " + chosen.sniffs[i].looks_like;
  return make_error(
      ErrorCode::UnsupportedFormat,
      what +
          ". pixel-avatar reads HEIC and JPEG depth photos, and colour images (PNG, JPEG, PPM) with a depth map "
          "(PNG, PGM), or two views of a stereo pair (the second with the role right)");
}

Status check_reader_setting(std::string_view name) {
  std::vector<std::string_view> known;
  for (const Reader& reader : kReaders) {
    if (!reader.settings) continue;
    if (name == reader.settings) return Done{};
    if (std::find(known.begin(), known.end(), reader.settings) == known.end()) known.push_back(reader.settings);
  }
  std::string list;
  for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  return make_error(ErrorCode::InvalidArgument,
                    "unknown reader setting '" + std::string(name) + "' (known: " + list + ")");
}

}  // namespace pxav
