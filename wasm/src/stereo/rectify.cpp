#include "stereo/rectify.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "stereo/lanes.h"

namespace pxav {
namespace {

Mat3 translation(double tx, double ty) { return {1, 0, tx, 0, 1, ty, 0, 0, 1}; }

Vec3 unit(Vec3 v) {
  const double n = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  return {v[0] / n, v[1] / n, v[2] / n};
}

// Cubic convolution (Keys, a = -1/2) weights for each 1/256 step of the fraction, in 1/256ths
// that sum to 256: the views keep more of their fine texture than bilinear gives them (the
// census cost lives on it), and integer blending keeps the bytes alike in every build.
struct CubicTable {
  int w[257][4];
};

CubicTable cubic_table() {
  CubicTable t{};
  for (int phase = 0; phase <= 256; ++phase) {
    const double f = phase / 256.0;
    const double d[4] = {1 + f, f, 1 - f, 2 - f};
    int sum = 0, biggest = 0;
    for (int k = 0; k < 4; ++k) {
      const double x = d[k];
      const double v = x <= 1 ? (1.5 * x - 2.5) * x * x + 1 : ((-0.5 * x + 2.5) * x - 4) * x + 2;
      t.w[phase][k] = static_cast<int>(std::floor(v * 256 + 0.5));
      sum += t.w[phase][k];
      if (t.w[phase][k] > t.w[phase][biggest]) biggest = k;
    }
    t.w[phase][biggest] += 256 - sum;
  }
  return t;
}

PXAV_ROW_FUNCTION void warp_row(const RgbImage& in, const Mat3& inv, const CubicTable& table, int y, int width,
                                uint8_t* out, uint8_t* valid) {
  for (int x = 0; x < width; ++x) {
    const double w = inv[6] * x + inv[7] * y + inv[8];
    const double sx = (inv[0] * x + inv[1] * y + inv[2]) / w, sy = (inv[3] * x + inv[4] * y + inv[5]) / w;
    uint8_t* o = out + static_cast<size_t>(x) * 3;
    if (!(w > 0) || !(sx >= 0) || !(sy >= 0) || sx > in.width - 1 || sy > in.height - 1) {
      o[0] = o[1] = o[2] = 0;
      if (valid) valid[x] = 0;
      continue;
    }
    const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
    const int* wx = table.w[static_cast<int>((sx - x0) * 256)];
    const int* wy = table.w[static_cast<int>((sy - y0) * 256)];
    int xs[4], ys[4];
    for (int k = 0; k < 4; ++k) {
      xs[k] = std::clamp(x0 - 1 + k, 0, in.width - 1);
      ys[k] = std::clamp(y0 - 1 + k, 0, in.height - 1);
    }
    for (int c = 0; c < 3; ++c) {
      int sum = 0;
      for (int j = 0; j < 4; ++j) {
        const uint8_t* row = &in.pixels[static_cast<size_t>(ys[j]) * in.width * 3];
        const int across = wx[0] * row[xs[0] * 3 + c] + wx[1] * row[xs[1] * 3 + c] + wx[2] * row[xs[2] * 3 + c] +
                           wx[3] * row[xs[3] * 3 + c];
        sum += wy[j] * across;
      }
      o[c] = static_cast<uint8_t>(std::clamp((sum + 32768) >> 16, 0, 255));
    }
    if (valid) valid[x] = 255;
  }
}

}  // namespace

void apply_homography(const Mat3& h, double x, double y, double& ox, double& oy) {
  const double w = h[6] * x + h[7] * y + h[8];
  ox = (h[0] * x + h[1] * y + h[2]) / w;
  oy = (h[3] * x + h[4] * y + h[5]) / w;
}

namespace {

// Hartley's pair for x_r^T f x_l = 0: the right view (the anchor) gets H' = G R T alone, the left
// the matching homography with the affine part fitted to the inliers.
Result<Rectification> hartley_pair(const Mat3& f, const std::vector<PointPair>& pairs,
                                   const std::vector<uint8_t>& inlier, int width, int height) {
  // The right epipole e': e'^T F = 0.
  const Vec3 e = unit(mat3_null_vector(mat3_transpose(f)));
  if (!std::isfinite(e[0])) return make_error(ErrorCode::InvalidArgument, "the two views' geometry has no epipole");
  // H' = G R T: the centre to the origin, the epipole turned onto the x axis by the smaller of the
  // two rotations that do it (no mirrored view), then to infinity.
  const Mat3 t = translation(-width / 2.0, -height / 2.0);
  const Vec3 et = mat3_apply(t, e);
  double n = std::sqrt(et[0] * et[0] + et[1] * et[1]);
  if (!(n > 0))
    return make_error(ErrorCode::InvalidArgument, "the epipole lies at the image centre (the camera moved forward)");
  double c = et[0] / n, s = et[1] / n;
  if (c < 0) c = -c, s = -s;
  const Mat3 r = {c, s, 0, -s, c, 0, 0, 0, 1};
  const Vec3 er = mat3_apply(r, et);
  const Mat3 g = {1, 0, 0, 0, 1, 0, -er[2] / er[0], 0, 1};
  const Mat3 hr = mat3_mul(g, mat3_mul(r, t));
  // M = [e']x F + e' v^T: F = [e']x M up to sign, made invertible by the e' v^T term.
  Mat3 m = mat3_mul(cross_matrix(e), f);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) m[static_cast<size_t>(i * 3 + j)] += e[i];
  const Mat3 h0 = mat3_mul(hr, m);
  // The affine part x' = a x + b y + k is free (it moves no row). Hartley fits it to the inliers
  // in least squares, which also takes out of the disparities whatever the scene's depth has in
  // common with x and y (on Cones a roll of 3 degrees came back with a 3% stretch and a 5% shear,
  // slanting every surface against the matcher's fronto-parallel smoothness). Instead a and b
  // make the view's map a similarity at its centre (the x row the y row turned by 90 degrees:
  // no stretch, no shear, no mirror), what a turned camera would have seen; k from the inliers.
  const double mx = (width - 1) / 2.0, my = (height - 1) / 2.0;
  double cx, cy;
  apply_homography(h0, mx, my, cx, cy);
  const double w0 = h0[6] * mx + h0[7] * my + h0[8];
  const double j11 = (h0[0] - cx * h0[6]) / w0, j12 = (h0[1] - cx * h0[7]) / w0;
  const double j21 = (h0[3] - cy * h0[6]) / w0, j22 = (h0[4] - cy * h0[7]) / w0;
  const double det = j11 * j22 - j21 * j12;
  if (!(std::fabs(det) > 0) || !std::isfinite(det))
    return make_error(ErrorCode::InvalidArgument, "the rectification would fold the view");
  const double a = (j22 * j22 + j21 * j21) / det, b = (-j11 * j21 - j12 * j22) / det;
  double k = 0;
  int used = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!inlier[i]) continue;
    double lx, ly, rx, ry;
    apply_homography(h0, pairs[i].xl, pairs[i].yl, lx, ly);
    apply_homography(hr, pairs[i].xr, pairs[i].yr, rx, ry);
    if (!std::isfinite(lx) || !std::isfinite(rx)) continue;
    k += rx - a * lx - b * ly;
    ++used;
  }
  if (used < 8) return make_error(ErrorCode::InvalidArgument, "too few pairs to rectify from");
  const Mat3 ha = {a, b, k / used, 0, 1, 0, 0, 0, 1};
  const Mat3 hl = mat3_mul(ha, h0);
  // F's sign is arbitrary, so h0 may mirror the view and the affine part mirror it back: judge
  // the composed maps by what they do to the view's corners. Both must keep its orientation and
  // keep the whole view on one side of the line sent to infinity.
  const double corners[4][2] = {{0, 0}, {width - 1.0, 0}, {width - 1.0, height - 1.0}, {0, height - 1.0}};
  for (const Mat3* h : {&hr, &hl}) {
    int ahead = 0;
    for (const auto& c : corners) ahead += ((*h)[6] * c[0] + (*h)[7] * c[1] + (*h)[8]) > 0;
    if (ahead != 0 && ahead != 4)
      return make_error(ErrorCode::InvalidArgument, "the rectification would tear a view (the epipole lies inside it)");
    double px[4], py[4], signed_area = 0;
    for (int k = 0; k < 4; ++k) apply_homography(*h, corners[k][0], corners[k][1], px[k], py[k]);
    for (int k = 0; k < 4; ++k) signed_area += px[k] * py[(k + 1) % 4] - px[(k + 1) % 4] * py[k];
    if (!(signed_area > 0) || !std::isfinite(signed_area))
      return make_error(ErrorCode::InvalidArgument, "the rectification would mirror a view");
  }
  Rectification out;
  out.left = hl;
  out.right = hr;
  return out;
}

// How far an epipole (homogeneous) lies from the image centre, in pixels; 1e12 at infinity.
double epipole_distance(const Vec3& e, int width, int height) {
  if (std::fabs(e[2]) * 1e12 < std::hypot(e[0], e[1])) return 1e12;
  return std::hypot(e[0] / e[2] - width / 2.0, e[1] / e[2] - height / 2.0);
}

}  // namespace

Result<Rectification> rectify_from_fundamental(const Mat3& f, const std::vector<PointPair>& pairs,
                                               const std::vector<uint8_t>& inlier, int width, int height) {
  // The anchor, which Hartley's method changes least, is the view whose epipole lies farther
  // out: a view already looking along the baseline (a right view turned, rolled or shifted
  // against an undisturbed left one) then stays as it was, and only the other is resampled.
  const double left_far = epipole_distance(mat3_null_vector(f), width, height);
  const double right_far = epipole_distance(mat3_null_vector(mat3_transpose(f)), width, height);
  Rectification h;
  if (left_far >= right_far) {
    std::vector<PointPair> swapped(pairs);
    for (PointPair& p : swapped) {
      std::swap(p.xl, p.xr);
      std::swap(p.yl, p.yr);
    }
    auto r = hartley_pair(mat3_transpose(f), swapped, inlier, width, height);
    if (!r) return r.error();
    h.left = r->right;
    h.right = r->left;
  } else {
    auto r = hartley_pair(f, pairs, inlier, width, height);
    if (!r) return r.error();
    h = *r;
  }
  const Mat3 hl = h.left, hr = h.right;
  // One scale and shift for both: the left view's corners keep their centre and area.
  const double corners[4][2] = {{0, 0}, {width - 1.0, 0}, {width - 1.0, height - 1.0}, {0, height - 1.0}};
  double px[4], py[4], cx = 0, cy = 0, area = 0;
  for (int k = 0; k < 4; ++k) {
    apply_homography(hl, corners[k][0], corners[k][1], px[k], py[k]);
    cx += px[k] / 4;
    cy += py[k] / 4;
  }
  for (int k = 0; k < 4; ++k) area += px[k] * py[(k + 1) % 4] - px[(k + 1) % 4] * py[k];
  area /= 2;
  if (!(area > 0) || !std::isfinite(area))
    return make_error(ErrorCode::InvalidArgument, "the rectification folds the view");
  const double k = std::sqrt((width - 1.0) * (height - 1.0) / area);
  const Mat3 fit = {k, 0, (width - 1.0) / 2 - k * cx, 0, k, (height - 1.0) / 2 - k * cy, 0, 0, 1};
  Rectification out;
  out.left = mat3_mul(fit, hl);
  out.right = mat3_mul(fit, hr);
  // The affine part put the pairs' mean disparity at 0; any constant is as good for the rows, so
  // shift the right view to give them the median horizontal shift they had before (a pair that
  // needed little turning keeps its disparities and their sign).
  std::vector<double> now, before;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!inlier[i]) continue;
    double lx, ly, rx, ry;
    apply_homography(out.left, pairs[i].xl, pairs[i].yl, lx, ly);
    apply_homography(out.right, pairs[i].xr, pairs[i].yr, rx, ry);
    now.push_back(lx - rx);
    before.push_back(pairs[i].xl - pairs[i].xr);
  }
  std::sort(now.begin(), now.end());
  std::sort(before.begin(), before.end());
  out.right = mat3_mul(translation(now[now.size() / 2] - before[before.size() / 2], 0), out.right);
  // A left view that moves by under a tenth of a pixel anywhere is left alone: resampling it
  // would only blur it (the rows stay within that tenth).
  double left_move = 0;
  for (const auto& c : corners) {
    double x, y;
    apply_homography(out.left, c[0], c[1], x, y);
    left_move = std::max(left_move, std::hypot(x - c[0], y - c[1]));
  }
  if (left_move < 0.1) out.left = mat3_identity();
  // Scale so h[8] is 1 where possible (a tidy matrix for the info; the map is unchanged).
  for (Mat3* h : {&out.left, &out.right})
    if ((*h)[8] != 0) {
      const double d = (*h)[8];
      for (double& x : *h) x /= d;
    }
  return out;
}

RgbImage warp_view(const RgbImage& view, const Mat3& h, int width, int height, GreyImage* valid) {
  RgbImage out;
  out.width = width;
  out.height = height;
  out.pixels.assign(static_cast<size_t>(width) * height * 3, 0);
  if (valid) {
    valid->width = width;
    valid->height = height;
    valid->pixels.assign(static_cast<size_t>(width) * height, 0);
  }
  Mat3 inv = mat3_inverse(h);
  if (view.width < 2 || view.height < 2) return out;
  // The homogeneous sign with w > 0 at the centre, so w <= 0 marks points behind the line at
  // infinity (they map nowhere).
  if (inv[6] * width / 2.0 + inv[7] * height / 2.0 + inv[8] < 0)
    for (double& x : inv) x = -x;
  const CubicTable table = cubic_table();
  for (int y = 0; y < height; ++y)
    warp_row(view, inv, table, y, width, &out.pixels[static_cast<size_t>(y) * width * 3],
             valid ? &valid->pixels[static_cast<size_t>(y) * width] : nullptr);
  return out;
}

}  // namespace pxav
