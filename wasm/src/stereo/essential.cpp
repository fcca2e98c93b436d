#include "stereo/essential.h"

#include <cmath>

namespace pxav {
namespace {

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

Vec3 unit(const Vec3& v) {
  const double n = std::sqrt(dot(v, v));
  return {v[0] / n, v[1] / n, v[2] / n};
}

// The matrix whose columns are a, b, c.
Mat3 columns(const Vec3& a, const Vec3& b, const Vec3& c) {
  return {a[0], b[0], c[0], a[1], b[1], c[1], a[2], b[2], c[2]};
}

// Depths along both rays of a pair for the pose: lr xr = R (ll xl) + t, in least squares.
bool in_front(const Mat3& r, const Vec3& t, const Vec3& xl, const Vec3& xr) {
  const Vec3 a = mat3_apply(r, xl);  // column 1; column 2 is -xr
  const double aa = dot(a, a), ab = -dot(a, xr), bb = dot(xr, xr);
  const double at = -dot(a, t), bt = dot(xr, t);  // A^T (-t)
  const double det = aa * bb - ab * ab;
  if (!(std::fabs(det) > 1e-12 * aa * bb)) return false;  // parallel rays: no depth
  const double ll = (bb * at - ab * bt) / det, lr = (aa * bt - ab * at) / det;
  return ll > 0 && lr > 0;
}

}  // namespace

Result<RelativePose> pose_from_fundamental(const Mat3& f, double focal, double cx, double cy,
                                           const std::vector<PointPair>& pairs, const std::vector<uint8_t>& inlier) {
  const Mat3 k = {focal, 0, cx, 0, focal, cy, 0, 0, 1};
  const Mat3 e = mat3_mul(mat3_transpose(k), mat3_mul(f, k));
  // E = U diag(s, s, 0) V^T from the eigenvectors of E^T E: v_a, v_b for the two largest values,
  // u = E v / |E v|; the third columns as cross products, so U and V are rotations. Using U and V
  // alone is the projection onto the essential matrices (equal singular values).
  const Mat3 ete = mat3_mul(mat3_transpose(e), e);
  double values[3], vectors[9];
  symmetric_eigen(ete.data(), 3, values, vectors);
  if (!(values[1] > 0) || !(values[2] > 0))
    return make_error(ErrorCode::InvalidArgument, "the fundamental matrix gives no essential matrix");
  const Vec3 va = {vectors[6], vectors[7], vectors[8]}, vb = {vectors[3], vectors[4], vectors[5]};
  const Vec3 ua = unit(mat3_apply(e, va)), ub = unit(mat3_apply(e, vb));
  const Mat3 u = columns(ua, ub, cross(ua, ub)), v = columns(va, vb, cross(va, vb));
  const Mat3 w = {0, -1, 0, 1, 0, 0, 0, 0, 1};
  const Mat3 vt = mat3_transpose(v);
  const Mat3 r1 = mat3_mul(u, mat3_mul(w, vt)), r2 = mat3_mul(u, mat3_mul(mat3_transpose(w), vt));
  const Vec3 t = cross(ua, ub);
  const Mat3 k_inv = mat3_inverse(k);
  RelativePose best;
  int counted = 0;
  best.in_front = -1;
  for (int which = 0; which < 4; ++which) {
    const Mat3& r = which < 2 ? r1 : r2;
    const double sign = which % 2 == 0 ? 1.0 : -1.0;
    const Vec3 tt = {sign * t[0], sign * t[1], sign * t[2]};
    int front = 0;
    counted = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (!inlier[i]) continue;
      ++counted;
      front += in_front(r, tt, mat3_apply(k_inv, {pairs[i].xl, pairs[i].yl, 1}),
                        mat3_apply(k_inv, {pairs[i].xr, pairs[i].yr, 1}));
    }
    if (front > best.in_front) {
      best.rotation = r;
      best.translation = tt;
      best.in_front = front;
    }
  }
  // A right pose puts nearly all true matches in front; the wrong ones split them. Under 80%: the
  // focal length or the geometry is off, and an uncalibrated rectification is safer.
  if (counted == 0 || best.in_front * 5 < counted * 4)
    return make_error(ErrorCode::InvalidArgument, "no camera motion puts the matches in front of both cameras");
  return best;
}

Rectification rectify_from_pose(const RelativePose& pose, double focal, double cx, double cy, int width, int height) {
  // The right camera's centre in the left camera's frame: C = -R^T t.
  const Mat3 rt = mat3_transpose(pose.rotation);
  const Vec3 c = mat3_apply(rt, pose.translation);
  Vec3 e1 = unit({-c[0], -c[1], -c[2]});
  if (e1[0] < 0) e1 = {-e1[0], -e1[1], -e1[2]};  // keep the views upright; the order shows in the disparities' sign
  const Vec3 e2 = unit(cross({0, 0, 1}, e1)), e3 = cross(e1, e2);
  const Mat3 turn = {e1[0], e1[1], e1[2], e2[0], e2[1], e2[2], e3[0], e3[1], e3[2]};
  const Mat3 k = {focal, 0, cx, 0, focal, cy, 0, 0, 1}, k_inv = mat3_inverse(k);
  Rectification h;
  h.left = mat3_mul(k, mat3_mul(turn, k_inv));
  h.right = mat3_mul(k, mat3_mul(turn, mat3_mul(rt, k_inv)));
  // Both shifted so the left view's centre stays put (the rows stay rows).
  double x, y;
  const double mx = (width - 1) / 2.0, my = (height - 1) / 2.0;
  apply_homography(h.left, mx, my, x, y);
  const Mat3 back = {1, 0, mx - x, 0, 1, my - y, 0, 0, 1};
  h.left = mat3_mul(back, h.left);
  h.right = mat3_mul(back, h.right);
  for (Mat3* m : {&h.left, &h.right}) {
    const double d = (*m)[8];
    if (d != 0)
      for (double& v : *m) v /= d;
  }
  return h;
}

}  // namespace pxav
