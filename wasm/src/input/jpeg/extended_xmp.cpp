#include "input/jpeg/extended_xmp.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace pxav {
namespace {

constexpr std::string_view kXmpNoteNs = "http://ns.adobe.com/xmp/note/";
constexpr std::string_view kSignature{"http://ns.adobe.com/xmp/extension/\0", 35};
constexpr size_t kGuidSize = 32;

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

std::string extended_xmp_guid(const XmlElement& main_xmp) {
  return xmp_value(xmp_descriptions(main_xmp), kXmpNoteNs, "HasExtendedXMP").value_or("");
}

Result<std::string> read_extended_xmp(const JpegLayout& layout, std::string_view guid, size_t max_bytes) {
  const auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::Corrupt,
                      "the JPEG's extended XMP (GUID " + std::string(guid) + ") is damaged: " + why);
  };
  struct Chunk {
    uint32_t offset;
    std::span<const uint8_t> data;
  };
  std::vector<Chunk> chunks;
  std::string foreign;
  uint32_t total = 0;
  for (std::span<const uint8_t> p : app_payloads(layout, 1, kSignature)) {
    if (p.size() < kGuidSize + 8) return bad("a chunk is shorter than its header");
    const std::string_view id(reinterpret_cast<const char*>(p.data()), kGuidSize);
    if (id != guid) {
      if (foreign.empty()) foreign = std::string(id);
      continue;
    }
    const uint32_t length = be32(p.data() + kGuidSize), offset = be32(p.data() + kGuidSize + 4);
    if (chunks.empty()) total = length;
    if (length != total)
      return bad("its chunks disagree on the total length (" + std::to_string(total) + " and " +
                 std::to_string(length) + " bytes)");
    chunks.push_back({offset, p.subspan(kGuidSize + 8)});
  }
  if (chunks.empty())
    return bad(foreign.empty() ? "the main XMP names it but no chunk carries it"
                               : "no chunk carries it; the chunks found belong to GUID " + foreign);
  if (total > max_bytes)
    return make_error(ErrorCode::TooLarge, "the JPEG's extended XMP is " + std::to_string(total) +
                                               " bytes, above the limit of " + std::to_string(max_bytes));
  std::stable_sort(chunks.begin(), chunks.end(), [](const Chunk& a, const Chunk& b) { return a.offset < b.offset; });
  // The chunks must hold at least the declared length before that much memory is taken: a small
  // file cannot make the reader allocate its limit.
  uint64_t carried = 0;
  for (const Chunk& c : chunks) carried += c.data.size();
  if (carried < total)
    return bad("its chunks carry " + std::to_string(carried) + " of the " + std::to_string(total) +
               " bytes it declares, so bytes are missing" +
               (foreign.empty() ? std::string() : " (a chunk of another GUID, " + foreign + ", was found)"));
  std::string out(total, '\0');
  uint64_t covered = 0;
  for (const Chunk& c : chunks) {
    const uint64_t end = static_cast<uint64_t>(c.offset) + c.data.size();
    if (end > total)
      return bad("a chunk at offset " + std::to_string(c.offset) + " runs past the total length of " +
                 std::to_string(total) + " bytes");
    if (c.offset < covered) {
      // A chunk sent twice is harmless when it repeats the same bytes.
      if (end <= covered && std::memcmp(out.data() + c.offset, c.data.data(), c.data.size()) == 0) continue;
      return bad("the chunk at offset " + std::to_string(c.offset) + " overlaps another with other bytes");
    }
    if (c.offset > covered)
      return bad("bytes " + std::to_string(covered) + " to " + std::to_string(c.offset) + " are missing" +
                 (foreign.empty() ? std::string() : " (a chunk of another GUID, " + foreign + ", was found)"));
    std::memcpy(out.data() + c.offset, c.data.data(), c.data.size());
    covered = end;
  }
  if (covered != total)
    return bad("bytes " + std::to_string(covered) + " to " + std::to_string(total) + " are missing" +
               (foreign.empty() ? std::string() : " (a chunk of another GUID, " + foreign + ", was found)"));
  return out;
}

}  // namespace pxav
