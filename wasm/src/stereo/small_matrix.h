// The few matrix operations two-view geometry needs (3x3 products and inverses, the eigenvectors
// of a small symmetric matrix), written out in +, -, *, / and sqrt only. Eigen would do, but its
// SIMD paths sum in a different order natively than in wasm, and a RANSAC threshold is a
// decision: the same doubles in every build keep the chosen inliers, and so the rectified
// views, byte for byte alike.
#pragma once

#include <array>

namespace pxav {

using Mat3 = std::array<double, 9>;  // row-major
using Vec3 = std::array<double, 3>;

Mat3 mat3_identity();
Mat3 mat3_mul(const Mat3& a, const Mat3& b);
Mat3 mat3_transpose(const Mat3& a);
Vec3 mat3_apply(const Mat3& a, const Vec3& v);
double mat3_det(const Mat3& a);
// The inverse, or all zeros when a is singular.
Mat3 mat3_inverse(const Mat3& a);
// [v]x: the matrix of the cross product with v.
Mat3 cross_matrix(const Vec3& v);

// Eigen-decomposition of a symmetric n x n matrix (n <= 9, row-major in a) by cyclic Jacobi
// rotations: values ascending, vectors[k * n .. k * n + n - 1] the unit eigenvector of values[k].
void symmetric_eigen(const double* a, int n, double* values, double* vectors);

// The unit vector v minimising |a v| for a 3x3 a (its right null vector when a is singular).
Vec3 mat3_null_vector(const Mat3& a);

}  // namespace pxav
