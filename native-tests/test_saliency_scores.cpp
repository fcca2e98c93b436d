// The RGB-D saliency benchmark's scores (avatar/saliency_scores.h): PySODMetrics' published values
// for ../shared/data/rgbd_sod/metric_check, and small masks the test makes, computed by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "avatar/saliency_scores.h"
#include "image_files/read_image.h"
#include "support.h"

using namespace pxav;

namespace {

GreyImage grey(int w, int h, const std::vector<uint8_t>& pixels) {
  GreyImage g;
  g.width = w;
  g.height = h;
  g.pixels = pixels;
  return g;
}

// 1 where (x, y) lies in [x0, x1) x [y0, y1), scaled to `on`.
GreyImage box(int w, int h, int x0, int x1, int y0, int y1, uint8_t on = 255, uint8_t off = 0) {
  std::vector<uint8_t> p(static_cast<size_t>(w) * h, off);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) p[static_cast<size_t>(y) * w + x] = on;
  return grey(w, h, p);
}

// Relative agreement to `digits` significant digits.
void check_digits(double got, double expected, const char* what, double tolerance = 5e-7) {
  INFO(what << ": got " << got << ", expected " << expected);
  CHECK(std::abs(got - expected) <= tolerance * std::max(1e-3, std::abs(expected)));
}

GreyImage read_grey(const std::vector<uint8_t>& bytes, const std::string& name) {
  auto image = read_image(bytes, name);
  REQUIRE(image.ok());
  auto g = to_grey8(*image);
  REQUIRE(g.ok());
  return *g;
}

}  // namespace

TEST_CASE("saliency scores of small masks, by hand", "[saliency]") {
  SECTION("a 5x5 cut one column too wide") {
    // Mask: the 2x2 block at rows 1-2, columns 1-2 (4 of 25 pixels); the cut adds column 3 (6 pixels).
    const GreyImage mask = box(5, 5, 1, 3, 1, 3), cut = box(5, 5, 1, 4, 1, 3);
    auto s = score_saliency(cut, mask);
    REQUIRE(s.ok());
    check_digits(s->mae, 2.0 / 25, "MAE");
    // t >= 1: precision 4/6, recall 1. t = 0: every pixel, precision 4/25.
    const double f_cut = 1.3 * (4.0 / 6) / (0.3 * (4.0 / 6) + 1), f_all = 1.3 * 0.16 / (0.3 * 0.16 + 1);
    check_digits(s->f_curve[0], f_all, "F at t = 0");
    for (int t : {1, 128, 255}) check_digits(s->f_curve[t], f_cut, "F at t >= 1");
    check_digits(curve_max(s->f_curve), f_cut, "max F");
    check_digits(curve_mean(s->f_curve), (f_all + 255 * f_cut) / 256, "mean F");
    // E at t >= 1: mean B = 6/25 = 0.24, mean G = 4/25 = 0.16; four parts, each of one value
    // phi = 2 b g / (b^2 + g^2) with b, g the demeaned values, scored (phi + 1)^2 / 4 a pixel.
    const auto part = [](double b, double g) {
      const double phi = 2 * b * g / (b * b + g * g);
      return (phi + 1) * (phi + 1) / 4;
    };
    const double e_cut = (4 * part(0.76, 0.84) + 2 * part(0.76, -0.16) + 19 * part(-0.24, -0.16)) / 24;
    check_digits(e_cut, 0.905197, "E by hand", 1e-6);  // 3.98006 + 0.17810 + 17.56657 = 21.72473, / 24
    check_digits(s->e_curve[200], e_cut, "E at t >= 1");
    check_digits(s->e_curve[0], 25 * 0.25 / 24, "E at t = 0 (B all ones: phi = 0)");
    auto b = score_binary_cut(cut, mask);
    REQUIRE(b.ok());
    check_digits(b->iou, 4.0 / 6, "IoU");
    check_digits(b->precision, 4.0 / 6, "precision");
    check_digits(b->recall, 1, "recall");
    check_digits(b->f, f_cut, "F of the cut");
  }
  SECTION("a perfect cut: S = 1, MAE = 0, E = N / (N - 1) above 0") {
    const GreyImage mask = box(6, 4, 1, 4, 0, 3);
    auto s = score_saliency(mask, mask);
    REQUIRE(s.ok());
    check_digits(s->s_measure, 1, "S");
    CHECK(s->mae == 0);
    check_digits(s->f_curve[1], 1, "F");
    check_digits(s->e_curve[1], 24.0 / 23, "E");
  }
  SECTION("the object and region terms on a 4x5 image") {
    // Mask: columns 0-1 of rows 0-3 (8 of 20 pixels); prediction 1 on columns 0-2 of rows 0-3.
    const GreyImage mask = box(4, 5, 0, 2, 0, 4), cut = box(4, 5, 0, 3, 0, 4);
    // Object: s(P on G) = 2 / (1 + 1 + 0) = 1. Off the mask (12 pixels) 1 - P is 0 on column 2 of
    // rows 0-3 (4) and 1 elsewhere (8): mean 2/3, std over N - 1; mu = 8/20.
    const double mu = 8.0 / 20, m = 8.0 / 12, sd = std::sqrt((4 * m * m + 8 * (1 - m) * (1 - m)) / 11);
    const double object = mu * 1 + (1 - mu) * (2 * m / (m * m + 1 + sd));
    // Region: the centroid (row 1.5, column 0.5) rounds half to even to (2, 0), plus 1: the split is
    // at row 3, column 1. Top-left 3x1: P = G = 1, flat: both terms 0, ssim 1. Top-right 3x3: means
    // 2/3 and 1/3, variances 0.25, covariance 0.125: 4 (2/9)(0.125) / ((5/9)(0.5)) = 0.4.
    // Bottom-left 2x1: P = G = (1, 0): ssim 1. Bottom-right 2x3: P = (1 1 0 / 0 0 0), G = (1 0 0 /
    // 0 0 0): means 1/3, 1/6, variances 4/15, 1/6, covariance 2/15: (8/270) / ((5/36)(13/30)) = 32/65.
    const double region = (3.0 / 20) * 1 + (9.0 / 20) * 0.4 + (2.0 / 20) * 1 + (6.0 / 20) * (32.0 / 65);
    auto s = score_saliency(cut, mask);
    REQUIRE(s.ok());
    check_digits(s->s_measure, 0.5 * object + 0.5 * region, "S");
  }
  SECTION("empty and full masks, and the stretch") {
    const GreyImage dim = grey(2, 2, {0, 51, 102, 255});
    auto empty = score_saliency(dim, grey(2, 2, {0, 0, 0, 0}));
    REQUIRE(empty.ok());
    check_digits(empty->s_measure, 1 - (0 + 0.2 + 0.4 + 1) / 4, "S, empty mask");
    CHECK(curve_max(empty->f_curve) == 0);
    check_digits(empty->e_curve[255], 3.0 / 3, "E, empty mask: pixels with B = 0 over N - 1");
    auto full = score_saliency(dim, grey(2, 2, {255, 255, 255, 255}));
    REQUIRE(full.ok());
    check_digits(full->s_measure, (0 + 0.2 + 0.4 + 1) / 4, "S, full mask");
    // Values 100 and 200 are stretched to 0 and 1: the same scores as 0 and 255.
    auto stretched = score_saliency(box(4, 4, 0, 2, 0, 4, 200, 100), box(4, 4, 0, 2, 0, 4));
    REQUIRE(stretched.ok());
    CHECK(stretched->mae == 0);
    // Soft masks are binarised at > 128.
    auto soft = score_saliency(box(4, 4, 0, 2, 0, 4), box(4, 4, 0, 2, 0, 4, 129, 128));
    REQUIRE(soft.ok());
    CHECK(soft->mae == 0);
  }
  SECTION("set scores average the curves before taking the maximum") {
    SaliencySet set;
    const GreyImage mask = box(5, 5, 1, 3, 1, 3);
    auto a = score_saliency(box(5, 5, 1, 4, 1, 3), mask);
    auto b = score_saliency(box(5, 5, 1, 4, 1, 3), grey(5, 5, std::vector<uint8_t>(25, 0)));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    add_image(set, *a);
    add_image(set, *b);
    const SaliencySummary sum = summarise(set);
    CHECK(sum.images == 2);
    check_digits(sum.max_f, curve_max(a->f_curve) / 2, "max F of the set");
    check_digits(sum.mae, (a->mae + b->mae) / 2, "MAE of the set");
  }
  SECTION("sizes must match") {
    CHECK_FALSE(score_saliency(box(4, 4, 0, 1, 0, 1), box(5, 4, 0, 1, 0, 1)).ok());
    CHECK_FALSE(score_binary_cut(GreyImage{}, GreyImage{}).ok());
  }
}

TEST_CASE("saliency scores reproduce PySODMetrics on rgbd_sod/metric_check", "[saliency][real]") {
  struct Expected {
    const char* name;
    double s, mae, max_f, max_e;
  };
  // ../shared/data/rgbd_sod/README.md: per image S, MAE, own max F, own max E.
  const Expected images[] = {
      {"0001.png", 0.921071, 0.032985, 0.922829, 0.976344},
      {"19.png", 0.789965, 0.076075, 0.843795, 0.933242},
      {"aerial-1867541__340.png", 0.997892, 0.002108, 0.0, 1.0},
  };
  SaliencySet set;
  for (const Expected& e : images) {
    PXAV_REQUIRE_SHARED(pred, std::string("rgbd_sod/metric_check/pred/") + e.name);
    PXAV_REQUIRE_SHARED(gt, std::string("rgbd_sod/metric_check/gt/") + e.name);
    auto s = score_saliency(read_grey(pred, e.name), read_grey(gt, e.name));
    REQUIRE(s.ok());
    INFO(e.name);
    // The README gives six decimals: agreement to half a unit of the sixth.
    CHECK(std::abs(s->s_measure - e.s) <= 5e-7);
    CHECK(std::abs(s->mae - e.mae) <= 5e-7);
    CHECK(std::abs(curve_max(s->f_curve) - e.max_f) <= 5e-7);
    CHECK(std::abs(curve_max(s->e_curve) - e.max_e) <= 5e-7);
    add_image(set, *s);
  }
  const SaliencySummary sum = summarise(set);
  REQUIRE(sum.images == 3);
  // PySODMetrics examples/version_performance.json, to 1e-12 relative (the README quotes 16 digits).
  check_digits(sum.s_measure, 0.9029761578759272, "S", 1e-12);
  check_digits(sum.mae, 0.03705558476661653, "MAE", 1e-12);
  check_digits(sum.max_f, 0.5886784581120638, "max F", 1e-12);
  check_digits(sum.mean_f, 0.5770510595187669, "mean F", 1e-12);
  check_digits(sum.max_e, 0.9669544828922699, "max E", 1e-12);
  check_digits(sum.mean_e, 0.9566258293508704, "mean E", 1e-12);
}
