#include "stereo/sgm.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "stereo/census.h"
#include "stereo/lanes.h"

namespace pxav {
namespace {

using lanes::I16x8;
constexpr int kLanes = lanes::kWidth;
constexpr int kLanes8 = lanes::kWidth8;
// Running path values sit between two guard lanes (index -1 and Dp), so the neighbours d - 1 and
// d + 1 of every lane are plain unaligned loads; the guards hold a cost no path ever takes.
constexpr uint8_t kGuard = 200;
constexpr int kGuardLead = kLanes8;
// Padding disparities (Dp - D of them, Dp a multiple of 16) cost this much: more than any real
// cost, so never chosen (their 8-path sums stay above what real ones can reach).
constexpr uint8_t kPaddingCost = 120;
// A summed cost and its disparity packed into one 32-bit key, so that one minimum finds the
// least cost and, among equal costs, the first disparity. Sums stay below 2^11 (8 paths of at
// most 255), so 16 bits of index leave the key positive.
constexpr int kIndexBits = 16;
constexpr int32_t kIndexMask = (1 << kIndexBits) - 1;
constexpr int kMaxDisparities = 4096;

int round_up(int v, int m) { return (v + m - 1) / m * m; }

struct Volume {
  int width, height, d, dp;  // dp: disparities rounded up to whole vectors
  // Not cleared on allocation: the first pass writes every element before anything reads it.
  std::unique_ptr<int16_t[]> sum;   // summed path costs, width*height*dp
  std::unique_ptr<uint8_t[]> cost;  // the matching costs, computed on the first pass, read on the second
  int16_t* at(int x, int y) { return &sum[(static_cast<size_t>(y) * width + x) * dp]; }
};

// The matching cost of one row for every disparity: the census distance plus a small, capped
// share of the grey-level difference. Census alone leaves textureless regions with no signal;
// the grey level gives them some (shading), capped so that an occlusion or a glare costs no more
// than a few census bits. (Tsukuba: 4.0% bad pixels with census alone, 3.2% with both.)
constexpr uint8_t kGreyCap = 12;
constexpr int kGreyDivisor = 2;  // the shift by one below
constexpr int kMaxCost = kCensusMaxCost + kGreyCap / kGreyDivisor;

// One row's codes and grey levels of the right view in reverse order with a margin on both
// sides: for left pixel x the disparities k, k + 1, ... then read consecutive slots, so a vector
// of eight disparities is one load. Slots outside the image are never used: their disparities
// point outside the right view and get outside_cost.
struct ReversedRow {
  int width, margin;
  std::vector<uint32_t> codes;
  std::vector<uint8_t> grey;
  ReversedRow(int w, int m) : width(w), margin(m), codes(static_cast<size_t>(w) + 2 * m), grey(codes.size()) {}
  void fill(const uint32_t* c, const uint8_t* g) {
    for (int x = 0; x < width; ++x) {
      codes[static_cast<size_t>(margin + width - 1 - x)] = c[x];
      grey[static_cast<size_t>(margin + width - 1 - x)] = g[x];
    }
  }
  // Slot of right pixel xr = x - min_disparity - k at k = 0.
  size_t first(int x, int min_disparity) const { return static_cast<size_t>(margin + width - 1 - x + min_disparity); }
};

// Bits set in each 32-bit lane: wasm counts bytes in one instruction and adds them up in pairs;
// SSE has no vector popcount, so natively the usual bit-slicing steps.
lanes::I32x4 popcount(lanes::I32x4 v) {
#if defined(__wasm_simd128__)
  const v128_t bytes = wasm_i8x16_popcnt((v128_t)v);
  return (lanes::I32x4)wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(bytes));
#else
  v = v - ((v >> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >> 2) & 0x33333333);
  v = (v + (v >> 4)) & 0x0f0f0f0f;
  v = v + (v >> 8);
  return (v + (v >> 16)) & 0x3f;
#endif
}

void row_costs(const uint32_t* left, const uint8_t* grey_left, const ReversedRow& right, int width, const SgmParams& p,
               int dp, uint8_t* out) {
  using lanes::I32x4;
  using lanes::U8x16;
  const int d = p.num_disparities;
  const U8x16 cap = lanes::splat8(kGreyCap);
  for (int x = 0; x < width; ++x) {
    uint8_t* c = out + static_cast<size_t>(x) * dp;
    const I32x4 code = I32x4{} + static_cast<int32_t>(left[x]);
    const U8x16 g = lanes::splat8(grey_left[x]);
    const size_t first = right.first(x, p.min_disparity);
    const uint32_t* r = &right.codes[first];
    const uint8_t* gr = &right.grey[first];
    for (int k = 0; k < dp; k += kLanes8) {
      I32x4 q[4];
      std::memcpy(q, r + k, sizeof q);
      const U8x16 bits =
          lanes::narrow(popcount(q[0] ^ code), popcount(q[1] ^ code), popcount(q[2] ^ code), popcount(q[3] ^ code));
      const U8x16 other = lanes::load(gr + k);
      const U8x16 grey = lanes::min(lanes::abs_difference(g, other), cap) >> 1;
      lanes::store(c + k, bits + grey);
    }
    // Disparities k with 0 <= x - min_disparity - k < width point into the right view.
    const int k0 = std::clamp(x - p.min_disparity - (width - 1), 0, d), k1 = std::clamp(x - p.min_disparity + 1, k0, d);
    for (int k = 0; k < k0; ++k) c[k] = static_cast<uint8_t>(p.outside_cost);
    for (int k = k1; k < d; ++k) c[k] = static_cast<uint8_t>(p.outside_cost);
    for (int k = d; k < dp; ++k) c[k] = kPaddingCost;
  }
}

// Path values of one row for one path direction, 8 bits each: (width + 2) slots, slot 0 and
// width + 1 are the "before the image" neighbours (zero: a path starts with its cost alone).
//
// Why 8 bits suffice: a path's value is its cost plus at most the jump penalty above the previous
// pixel's least value, which is subtracted again (normalisation), so it never passes
// kPaddingCost + p2 <= 180; one step penalty more stays under kGuard + p1 < 255, and kGuard,
// which fences the lanes beside the first and last disparity, is never the least.
struct PathRow {
  int stride;
  std::vector<uint8_t> values;   // (width + 2) * stride
  std::vector<uint8_t> minimum;  // width + 2
  PathRow(int width, int dp)
      : stride(dp + 2 * kGuardLead), values(static_cast<size_t>(width + 2) * stride, 0), minimum(width + 2, 0) {
    for (int s = 0; s < width + 2; ++s) {
      values[static_cast<size_t>(s) * stride + kGuardLead - 1] = kGuard;
      values[static_cast<size_t>(s) * stride + kGuardLead + dp] = kGuard;
    }
  }
  uint8_t* slot(int x) { return &values[static_cast<size_t>(x + 1) * stride + kGuardLead]; }
};

// The jump penalty falls with the left image's contrast along the path, as Hirschmüller's
// intensity-adaptive P2, but never below p1 + 1.
std::array<uint8_t, 256> jump_penalties(const SgmParams& p) {
  std::array<uint8_t, 256> t{};
  for (int g = 0; g < 256; ++g) t[g] = static_cast<uint8_t>(std::max(p.p1 + 1, p.p2 * 16 / (16 + g)));
  return t;
}

// Slots beside a row kept in reversed order (the right view's codes, its winners' keys): enough
// for every disparity of the range to land inside.
int reversed_margin(const Volume& vol, const SgmParams& p) { return vol.dp + std::abs(p.min_disparity) + kLanes; }

// What a pass reads: both views' census codes and grey levels, the parameters, the jump penalty
// of every grey-level difference.
struct PassInputs {
  const std::vector<uint32_t>& lc;
  const std::vector<uint32_t>& rc;
  const GreyImage& grey;
  const GreyImage& grey_right;
  const SgmParams& p;
  const std::array<uint8_t, 256>& jump;
};

// What a pass carries from row to row: the three paths' values of the previous row and the
// current one ([0] diagonal behind, [1] straight, [2] diagonal ahead), the in-row path's values
// of the previous pixel and of this one as whole vectors (read back right after they are
// written, so their neighbours d +- 1 come from lane shifts rather than from unaligned loads
// that the processor could not forward from the stores), and the right view's reversed row.
struct PassRows {
  std::array<PathRow, 3> prev, cur;
  std::vector<lanes::U8x16> along_a, along_b;
  ReversedRow right_row;
  PassRows(int w, int dp, int right_margin)
      : prev{PathRow(w, dp), PathRow(w, dp), PathRow(w, dp)},
        cur{PathRow(w, dp), PathRow(w, dp), PathRow(w, dp)},
        along_a(dp / kLanes8),
        along_b(dp / kLanes8),
        right_row(w, right_margin) {}
};

// Row i of a pass over the image: rows in `Dir` order (+1 top to bottom, -1 bottom to top), and
// within a row the four paths that arrive from the previous pixel in the row, from the previous
// row's pixel diagonally behind, straight behind, and diagonally ahead. Their values are added to
// the volume's sums. The first pass also computes the matching costs, which the second reads
// back. A function a row, not a pass: see PXAV_ROW_FUNCTION.
template <int Dir>
PXAV_ROW_FUNCTION void aggregate_row(const PassInputs& in, int i, PassRows& rows, Volume& vol) {
  using lanes::U8x16;
  const SgmParams& p = in.p;
  const GreyImage& grey = in.grey;
  const int w = vol.width, h = vol.height, dp = vol.dp;
  const int stride = rows.prev[0].stride;
  const int blocks = dp / kLanes8;
  const U8x16 guard = lanes::splat8(kGuard);
  const uint8_t* penalty = in.jump.data();
  const U8x16 p1 = lanes::splat8(static_cast<uint8_t>(p.p1));
  std::array<PathRow, 3>& prev = rows.prev;
  std::array<PathRow, 3>& cur = rows.cur;
  const int y = Dir > 0 ? i : h - 1 - i;
  const int py = y - Dir;  // the previous row of this pass
  uint8_t* row_cost = &vol.cost[static_cast<size_t>(y) * w * dp];
  if (Dir > 0) {
    rows.right_row.fill(&in.rc[static_cast<size_t>(y) * w], &in.grey_right.pixels[static_cast<size_t>(y) * w]);
    row_costs(&in.lc[static_cast<size_t>(y) * w], &grey.pixels[static_cast<size_t>(y) * w], rows.right_row, w, p, dp,
              row_cost);
  }
  const uint8_t* g = &grey.pixels[static_cast<size_t>(y) * w];
  const uint8_t* gp = i > 0 ? &grey.pixels[static_cast<size_t>(py) * w] : g;
  // Plain pointers, taken once a row: every store below is of bytes, which may alias anything,
  // so the compiler would otherwise reload the rows' vectors for every pixel. Slot -1 is the
  // zero slot before the image.
  const uint8_t* before[3];
  const uint8_t* before_min[3];
  uint8_t* now[3];
  uint8_t* now_min[3];
  for (int r = 0; r < 3; ++r) {
    before[r] = prev[r].slot(0), before_min[r] = &prev[r].minimum[1];
    now[r] = cur[r].slot(0), now_min[r] = &cur[r].minimum[1];
  }
  int16_t* sums = vol.at(0, y);
  // The in-row path starts fresh on every row.
  U8x16* along = rows.along_a.data();
  U8x16* along_next = rows.along_b.data();
  std::fill(along, along + blocks, U8x16{});
  uint8_t along_min = 0;
  for (int j = 0; j < w; ++j) {
    const int x = Dir > 0 ? j : w - 1 - j;
    const int xb = x - Dir, xa = x + Dir;  // behind and ahead in this pass's row order
    const bool has_behind = xb >= 0 && xb < w, has_ahead = xa >= 0 && xa < w;
    const int sb = has_behind ? xb : -1, sa = has_ahead ? xa : -1;
    const uint8_t* c = row_cost + static_cast<size_t>(x) * dp;
    // Previous values of the three paths from the row before; outside the image, the zero slots.
    const uint8_t* pv[3] = {before[0] + sb * stride, before[1] + x * stride, before[2] + sa * stride};
    const uint8_t pm[4] = {along_min, before_min[0][sb], before_min[1][x], before_min[2][sa]};
    const int gx = has_behind ? xb : x, gxa = has_ahead ? xa : x;
    const uint8_t pj[4] = {penalty[std::abs(g[x] - g[gx])], penalty[std::abs(g[x] - gp[gx])],
                           penalty[std::abs(g[x] - gp[x])], penalty[std::abs(g[x] - gp[gxa])]};
    uint8_t* out[3] = {now[0] + x * stride, now[1] + x * stride, now[2] + x * stride};
    U8x16 base[4], jumpv[4], run[4];
    for (int r = 0; r < 4; ++r) {
      base[r] = lanes::splat8(pm[r]);
      jumpv[r] = lanes::splat8(static_cast<uint8_t>(pm[r] + pj[r]));
      run[r] = lanes::splat8(255);
    }
    int16_t* s = sums + static_cast<size_t>(x) * dp;
    U8x16 along_before = guard, along_here = along[0];
    for (int b = 0, k = 0; b < blocks; ++b, k += kLanes8) {
      const U8x16 cost = lanes::load(c + k);
      U8x16 v[4];
      {
        const U8x16 along_after = b + 1 < blocks ? along[b + 1] : guard;
        const U8x16 step = lanes::min(lanes::shift_in_before(along_before, along_here),
                                      lanes::shift_in_after(along_here, along_after)) +
                           p1;
        v[0] = lanes::min(lanes::min(along_here, step), jumpv[0]) - base[0] + cost;
        along_next[b] = v[0];
        along_before = along_here;
        along_here = along_after;
      }
      for (int r = 1; r < 4; ++r) {
        const uint8_t* q = pv[r - 1] + k;
        const U8x16 step = lanes::min(lanes::load(q - 1), lanes::load(q + 1)) + p1;
        v[r] = lanes::min(lanes::min(lanes::load(q), step), jumpv[r]) - base[r] + cost;
        lanes::store(out[r - 1] + k, v[r]);
      }
      for (int r = 0; r < 4; ++r) run[r] = lanes::min(run[r], v[r]);
      // Two paths' sum fits 8 bits for real disparities (at most 2 x 90); padding lanes
      // saturate at 255, which keeps them the most expensive.
      const U8x16 pair01 = lanes::add_saturated(v[0], v[1]), pair23 = lanes::add_saturated(v[2], v[3]);
      const I16x8 lo = lanes::widen_low(pair01) + lanes::widen_low(pair23);
      const I16x8 hi = lanes::widen_high(pair01) + lanes::widen_high(pair23);
      // The first pass writes the sums, the second adds to them: no clearing of the volume.
      if (Dir > 0) {
        lanes::store(s + k, lo);
        lanes::store(s + k + kLanes, hi);
      } else {
        lanes::store(s + k, lanes::load(s + k) + lo);
        lanes::store(s + k + kLanes, lanes::load(s + k + kLanes) + hi);
      }
    }
    uint8_t least[4];
    lanes::horizontal_min4(run[0], run[1], run[2], run[3], least);
    along_min = least[0];
    std::swap(along, along_next);
    for (int r = 0; r < 3; ++r) now_min[r][x] = least[r + 1];
  }
  std::swap(prev, cur);
}

template <int Dir>
void aggregate_pass(const PassInputs& in, Volume& vol) {
  PassRows rows(vol.width, vol.dp, reversed_margin(vol, in.p));
  for (int i = 0; i < vol.height; ++i) aggregate_row<Dir>(in, i, rows, vol);
}

// The uniqueness test on the winner `bi` at summed cost `least`: -1 when another disparity, not a
// neighbour of it, comes within `uniqueness` percent of it. Padding lanes cost more than any real
// one, so whole vectors are compared.
int unique_or_none(const int16_t* s, int least, int bi, int d, int dp, int uniqueness) {
  if (uniqueness <= 0 || least == 0) return bi;  // nothing is below zero
  // s * (100 - u) < least * 100  <=>  s <= (least * 100 - 1) / (100 - u), for integers >= 0.
  const I16x8 limit = lanes::splat(static_cast<int16_t>((least * 100 - 1) / (100 - uniqueness)));
  const I16x8 lo = lanes::splat(static_cast<int16_t>(bi - 1)),
              hi = lanes::splat(static_cast<int16_t>(std::min(bi + 1, d - 1)));
  I16x8 close{};
  for (int k = 0; k < dp; k += kLanes) {
    const I16x8 index = lanes::kIndex + static_cast<int16_t>(k);
    close |= (lanes::load(s + k) <= limit) & ((index < lo) | (index > hi));
  }
  return lanes::any(close) ? -1 : bi;
}

// Row y's disparities: the winner of each left pixel, kept when it is unique and the right view
// agrees, refined to sub-pixel. The right view's best disparity at each xr comes from the same
// sums: its pixel xr meets left pixel xr + min_disparity + k at disparity k. Kept as
// (cost << kIndexBits | k) so one minimum finds both, in reversed order (slot margin + w - 1 - xr)
// so a vector of disparities k..k+7 of left pixel x lands on consecutive slots.
PXAV_ROW_FUNCTION void pick_row(Volume& vol, const SgmParams& p, int y, std::vector<int>& best,
                                std::vector<int32_t>& right_key, float* row) {
  const int w = vol.width, d = p.num_disparities, margin = reversed_margin(vol, p);
  std::fill(right_key.begin(), right_key.end(), std::numeric_limits<int32_t>::max());
  for (int x = 0; x < w; ++x) {
    const int16_t* s = vol.at(x, y);
    int32_t* slots = &right_key[static_cast<size_t>(margin + w - 1 - x + p.min_disparity)];
    // One set of keys serves both views: their least for this pixel is its winner (the first
    // disparity at the least cost, as the index breaks ties), and each slot's running least
    // the right view's winner.
    lanes::I32x4 least_key = lanes::splat32(std::numeric_limits<int32_t>::max());
    for (int k = 0; k < vol.dp; k += kLanes) {
      const lanes::I32x4 index_lo = lanes::I32x4{0, 1, 2, 3} + k, index_hi = index_lo + 4;
      const I16x8 cost = lanes::load(s + k);
      const lanes::I32x4 key_lo = (lanes::low_half(cost) << kIndexBits) | index_lo;
      const lanes::I32x4 key_hi = (lanes::high_half(cost) << kIndexBits) | index_hi;
      least_key = lanes::min(least_key, lanes::min(key_lo, key_hi));
      lanes::store(slots + k, lanes::min(lanes::load(slots + k), key_lo));
      lanes::store(slots + k + 4, lanes::min(lanes::load(slots + k + 4), key_hi));
    }
    const int32_t key = lanes::horizontal_min(least_key);
    best[x] = unique_or_none(s, key >> kIndexBits, key & kIndexMask, d, vol.dp, p.uniqueness);
  }
  const int32_t* right_of = &right_key[static_cast<size_t>(margin + w - 1)];  // right_of[-xr]
  for (int x = 0; x < w; ++x) {
    const int bi = best[x];
    if (bi < 0) continue;
    const int xr = x - p.min_disparity - bi;
    if (xr < 0 || xr >= w) continue;
    if (p.lr_max_diff >= 0 && std::abs((right_of[-xr] & kIndexMask) - bi) > p.lr_max_diff) continue;
    float v = static_cast<float>(p.min_disparity + bi);
    const int16_t* s = vol.at(x, y);
    if (p.subpixel && bi > 0 && bi < d - 1) {
      const int denom = s[bi - 1] + s[bi + 1] - 2 * s[bi];
      if (denom > 0) v += static_cast<float>(s[bi - 1] - s[bi + 1]) / static_cast<float>(2 * denom);
    }
    row[x] = v;
  }
}

}  // namespace

size_t sgm_memory_bytes(int width, int height, int num_disparities) {
  const size_t dp = static_cast<size_t>(round_up(std::max(num_disparities, 1), kLanes8));
  const size_t volume = static_cast<size_t>(width) * height * dp * (sizeof(int16_t) + sizeof(uint8_t));
  const size_t rows =
      static_cast<size_t>(width + 2) * (dp + 2 * kGuardLead) * 6 + static_cast<size_t>(width) * dp * sizeof(int16_t);
  const size_t images = static_cast<size_t>(width) * height * (2 * sizeof(uint32_t) + sizeof(float) + 8);
  return volume + rows + images;
}

Result<DisparityMap> match_sgm(const GreyImage& left, const GreyImage& right, const SgmParams& p) {
  if (left.empty() || right.empty()) return make_error(ErrorCode::InvalidArgument, "stereo matching needs two views");
  if (left.width != right.width || left.height != right.height)
    return make_error(ErrorCode::InvalidArgument, "the two views must have the same size (left " +
                                                      std::to_string(left.width) + "x" + std::to_string(left.height) +
                                                      ", right " + std::to_string(right.width) + "x" +
                                                      std::to_string(right.height) + ")");
  const int w = left.width, h = left.height;
  if (p.num_disparities < 1 || p.num_disparities > kMaxDisparities)
    return make_error(ErrorCode::InvalidArgument, "the disparity range must hold between 1 and " +
                                                      std::to_string(kMaxDisparities) + " disparities");
  if (p.num_disparities > w - 1 || std::abs(p.min_disparity) >= w || std::abs(p.min_disparity + p.num_disparities) > w)
    return make_error(ErrorCode::InvalidArgument, "the disparity range (" + std::to_string(p.min_disparity) + " .. " +
                                                      std::to_string(p.min_disparity + p.num_disparities - 1) +
                                                      " px) is wider than the image (" + std::to_string(w) + " px)");
  if (p.p1 < 0 || p.p2 < p.p1 || p.p2 > 1000 || p.uniqueness < 0 || p.uniqueness >= 100 || p.outside_cost < 0 ||
      p.outside_cost > kMaxCost)
    return make_error(ErrorCode::InvalidArgument, "stereo matching penalties out of range (0 <= p1 <= p2 <= 1000)");
  const size_t need = sgm_memory_bytes(w, h, p.num_disparities);
  if (need > p.max_bytes)
    return make_error(ErrorCode::TooLarge, "stereo matching " + std::to_string(w) + "x" + std::to_string(h) +
                                               " pixels over " + std::to_string(p.num_disparities) +
                                               " disparities needs " + std::to_string(need >> 20) +
                                               " MB, over the limit of " + std::to_string(p.max_bytes >> 20) +
                                               " MB: lower the disparity range or match at a smaller scale");

  const std::vector<uint32_t> lc = census_transform(left), rc = census_transform(right);
  Volume vol{w, h, p.num_disparities, round_up(p.num_disparities, kLanes8), {}, {}};
  const size_t voxels = static_cast<size_t>(w) * h * vol.dp;
  vol.sum.reset(new int16_t[voxels]);
  vol.cost.reset(new uint8_t[voxels]);
  const auto jump = jump_penalties(p);
  const PassInputs inputs{lc, rc, left, right, p, jump};
  aggregate_pass<+1>(inputs, vol);
  aggregate_pass<-1>(inputs, vol);

  DisparityMap out{w, h, std::vector<float>(static_cast<size_t>(w) * h, std::numeric_limits<float>::quiet_NaN())};
  std::vector<int> best(w);
  std::vector<int32_t> right_key(static_cast<size_t>(w) + 2 * reversed_margin(vol, p));
  for (int y = 0; y < h; ++y) pick_row(vol, p, y, best, right_key, &out.d[static_cast<size_t>(y) * w]);
  return out;
}

}  // namespace pxav
