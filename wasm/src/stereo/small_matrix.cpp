#include "stereo/small_matrix.h"

#include <cmath>
#include <cstring>

namespace pxav {

Mat3 mat3_identity() { return {1, 0, 0, 0, 1, 0, 0, 0, 1}; }

Mat3 mat3_mul(const Mat3& a, const Mat3& b) {
  Mat3 c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
  return c;
}

Mat3 mat3_transpose(const Mat3& a) { return {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]}; }

Vec3 mat3_apply(const Mat3& a, const Vec3& v) {
  return {a[0] * v[0] + a[1] * v[1] + a[2] * v[2], a[3] * v[0] + a[4] * v[1] + a[5] * v[2],
          a[6] * v[0] + a[7] * v[1] + a[8] * v[2]};
}

double mat3_det(const Mat3& a) {
  return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
}

Mat3 mat3_inverse(const Mat3& a) {
  const double det = mat3_det(a);
  if (det == 0 || !std::isfinite(det)) return Mat3{};
  const Mat3 adj = {a[4] * a[8] - a[5] * a[7], a[2] * a[7] - a[1] * a[8], a[1] * a[5] - a[2] * a[4],
                    a[5] * a[6] - a[3] * a[8], a[0] * a[8] - a[2] * a[6], a[2] * a[3] - a[0] * a[5],
                    a[3] * a[7] - a[4] * a[6], a[1] * a[6] - a[0] * a[7], a[0] * a[4] - a[1] * a[3]};
  Mat3 out;
  for (int i = 0; i < 9; ++i) out[i] = adj[i] / det;
  return out;
}

Mat3 cross_matrix(const Vec3& v) { return {0, -v[2], v[1], v[2], 0, -v[0], -v[1], v[0], 0}; }

void symmetric_eigen(const double* a_in, int n, double* values, double* vectors) {
  double a[81], v[81];
  std::memcpy(a, a_in, sizeof(double) * n * n);
  for (int i = 0; i < n * n; ++i) v[i] = 0;
  for (int i = 0; i < n; ++i) v[i * n + i] = 1;
  // Cyclic Jacobi: each rotation zeroes one off-diagonal pair; 50 sweeps is far beyond what a 9x9
  // matrix needs (it converges quadratically, in well under 10).
  for (int sweep = 0; sweep < 50; ++sweep) {
    double off = 0, diag = 0;
    for (int p = 0; p < n; ++p) {
      diag += a[p * n + p] * a[p * n + p];
      for (int q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
    }
    if (off == 0 || off <= 1e-30 * diag) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0) continue;
        const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; ++k) {  // columns p and q
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {  // rows p and q
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; ++k) {
          const double vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  // Sort ascending (selection sort: n is at most 9); eigenvectors are v's columns.
  int order[9];
  for (int i = 0; i < n; ++i) order[i] = i;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (a[order[j] * n + order[j]] < a[order[i] * n + order[i]]) {
        const int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
  for (int k = 0; k < n; ++k) {
    values[k] = a[order[k] * n + order[k]];
    for (int i = 0; i < n; ++i) vectors[k * n + i] = v[i * n + order[k]];
  }
}

Vec3 mat3_null_vector(const Mat3& a) {
  const Mat3 ata = mat3_mul(mat3_transpose(a), a);
  double values[3], vectors[9];
  symmetric_eigen(ata.data(), 3, values, vectors);
  return {vectors[0], vectors[1], vectors[2]};
}

}  // namespace pxav
