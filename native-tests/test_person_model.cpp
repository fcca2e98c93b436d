// The person model: reading TensorFlow Lite files (the real MediaPipe selfie segmenter, and small
// models built here with FlatBufferBuilder to reach every error), each kernel against a direct
// computation from its definition, and the whole model on real photos against Apple's matte.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "person/letterbox.h"
#include "person/person_model.h"
#include "person/tensor_ops.h"
#include "person/tflite_model.h"
#include "support.h"
#include "synth/tflite_writer.h"

using namespace pxav;
using namespace pxav::tflite_synth;
namespace ops = pxav::tensor_ops;

namespace {

std::vector<float> random_values(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// OHWI (TFLite's order, the references' too) -> what the kernels read.
std::vector<float> ohwi_to(const std::vector<float>& w, int o_count, int kh, int kw, int i_count, bool hwoi) {
  std::vector<float> out(w.size());
  for (int o = 0; o < o_count; ++o)
    for (int y = 0; y < kh; ++y)
      for (int x = 0; x < kw; ++x)
        for (int i = 0; i < i_count; ++i) {
          const size_t from = ((static_cast<size_t>(o) * kh + y) * kw + x) * i_count + i;
          const size_t to = hwoi ? ((static_cast<size_t>(y) * kw + x) * o_count + o) * i_count + i
                                 : ((static_cast<size_t>(y) * kw + x) * i_count + i) * o_count + o;
          out[to] = w[from];
        }
  return out;
}

void check_close(const std::vector<float>& got, const std::vector<double>& want, double tolerance = 1e-5) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("value " << i);
    CHECK(got[i] == Approx(want[i]).margin(tolerance));
  }
}

// Convolution from its definition (TensorFlow's): OHWI weights, SAME or VALID as planned.
std::vector<double> reference_conv(const std::vector<float>& in, ops::Extent ie, const std::vector<float>& w,
                                   const std::vector<float>& bias, int kh, int kw, int stride, int dilation,
                                   ops::AxisPlan rows, ops::AxisPlan cols, int outs) {
  std::vector<double> out(static_cast<size_t>(rows.output) * cols.output * outs);
  for (int oy = 0; oy < rows.output; ++oy)
    for (int ox = 0; ox < cols.output; ++ox)
      for (int o = 0; o < outs; ++o) {
        double sum = bias[o];
        for (int y = 0; y < kh; ++y)
          for (int x = 0; x < kw; ++x) {
            const int iy = oy * stride - rows.pad_before + y * dilation,
                      ix = ox * stride - cols.pad_before + x * dilation;
            if (iy < 0 || iy >= ie.height || ix < 0 || ix >= ie.width) continue;
            for (int i = 0; i < ie.channels; ++i)
              sum += double{in[(static_cast<size_t>(iy) * ie.width + ix) * ie.channels + i]} *
                     w[((static_cast<size_t>(o) * kh + y) * kw + x) * ie.channels + i];
          }
        out[(static_cast<size_t>(oy) * cols.output + ox) * outs + o] = sum;
      }
  return out;
}

}  // namespace

// ---- the file --------------------------------------------------------------------------------------
TEST_CASE("person model: the model is installed where models.lock says, from the pinned tarball") {
  PXAV_REQUIRE_MODEL(bytes, PXAV_PERSON_MODEL_PATH);
  const std::filesystem::path model = PXAV_PERSON_MODEL_PATH;
  std::ifstream lock_file("third_party/models.lock");
  REQUIRE(lock_file);
  std::string line, sha, member;
  while (std::getline(lock_file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, version;
    fields >> name >> version >> sha >> member;
    if (name == "@mediapipe/selfie_segmentation") break;
  }
  CHECK(member == model.filename().string());
  CHECK(model.parent_path().filename() == "models");
  std::ifstream stamp(model.string() + ".sha256");
  REQUIRE(stamp);
  std::string stamped((std::istreambuf_iterator<char>(stamp)), {});
  CHECK(stamped == sha);
  CHECK(bytes.size() == 249024);
}

TEST_CASE("person model: the selfie segmenter reads, with every operator it uses") {
  PXAV_REQUIRE_MODEL(bytes, PXAV_PERSON_MODEL_PATH);
  auto model = read_person_model(bytes);
  REQUIRE(model.ok());
  CHECK(model->input_width == 256);
  CHECK(model->input_height == 256);
  std::map<tflite::OpKind, int> count;
  for (const GraphStep& s : model->graph.steps) ++count[s.kind];
  CHECK(model->graph.steps.size() == 136);  // 244 operators less the 108 DEQUANTIZE resolved at load
  CHECK(count[tflite::OpKind::Conv2d] == 43);
  CHECK(count[tflite::OpKind::DepthwiseConv2d] == 11);
  CHECK(count[tflite::OpKind::TransposeConvBias] == 1);
  CHECK(count[tflite::OpKind::ResizeBilinear] == 3);
  CHECK(count[tflite::OpKind::AveragePool2d] == 10);
  CHECK(model->graph.multiply_adds == 64271152);
}

TEST_CASE("person model: a truncated, foreign or damaged file is a clear error") {
  PXAV_REQUIRE_MODEL(bytes, PXAV_PERSON_MODEL_PATH);
  const std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + 20000);
  auto r = read_person_model(truncated);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Corrupt);

  const std::string png = "\x89PNG\r\n\x1a\n0000000000000000";
  r = read_person_model(std::span(reinterpret_cast<const uint8_t*>(png.data()), png.size()));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::UnsupportedFormat);
  CHECK(r.error().message.find("not a TensorFlow Lite file") != std::string::npos);
  CHECK(read_person_model({}).error().code == ErrorCode::UnsupportedFormat);

  std::vector<uint8_t> damaged = bytes;
  damaged[0] = 0xF0;  // the root table's offset, now past the end
  damaged[1] = 0xFF;
  damaged[2] = 0x7F;
  r = read_person_model(damaged);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Corrupt);

  // Every single-byte change in the first 4 KB (the tables; the weights come after) gives a model
  // or an error, never a crash; the fuzzer goes further.
  int errors = 0;
  for (size_t i = 8; i < 4096; i += 7) {
    std::vector<uint8_t> changed = bytes;
    changed[i] ^= 0x5A;
    errors += !read_person_model(changed).ok();
  }
  CHECK(errors > 0);
}

TEST_CASE("person model: a tiny model built here reads and runs as computed by hand") {
  for (const bool half : {false, true}) {
    INFO((half ? "float16 weights" : "float32 weights"));
    auto model = read_person_model(build_tflite(tiny_segmenter(half)));
    REQUIRE(model.ok());
    CHECK(model->input_width == 4);
    REQUIRE(model->graph.steps.size() == 2);  // the DEQUANTIZE is gone
    std::vector<float> input(4 * 4 * 3);
    for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i % 7) / 7.0f;
    const std::vector<float> out = run_person_model(*model, input);
    std::vector<double> want(16);
    for (int p = 0; p < 16; ++p) {
      const double logit = 0.25 + 0.5 * input[p * 3] - 1.0 * input[p * 3 + 1] + 2.0 * input[p * 3 + 2];
      want[p] = 1.0 / (1.0 + std::exp(-logit));
    }
    check_close(out, want, 1e-6);
  }
}

TEST_CASE("person model: an operator we do not run is named in the error") {
  ModelSpec softmax = tiny_segmenter();
  softmax.codes[1].builtin = 25;
  auto r = read_person_model(build_tflite(softmax));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Unsupported);
  CHECK(r.error().message.find("SOFTMAX") != std::string::npos);

  ModelSpec custom = tiny_segmenter();
  custom.codes[1] = {32, "MaxPoolingWithArgmax2D"};
  r = read_person_model(build_tflite(custom));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Unsupported);
  CHECK(r.error().message.find("MaxPoolingWithArgmax2D") != std::string::npos);

  ModelSpec unknown = tiny_segmenter();
  unknown.codes[1].builtin = 140;
  r = read_person_model(build_tflite(unknown));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("number 140") != std::string::npos);
}

TEST_CASE("person model: input and output shapes other than a segmenter's are refused") {
  ModelSpec four_channels = tiny_segmenter();
  four_channels.tensors[0].shape = {1, 4, 4, 4};
  four_channels.tensors[1].shape = {1, 1, 1, 4};
  four_channels.buffers[1] = tflite_bytes(std::vector<float>{0.5f, -1.0f, 2.0f, 1.0f});
  auto r = read_person_model(build_tflite(four_channels));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Unsupported);
  CHECK(r.error().message.find("channels") != std::string::npos);

  ModelSpec wrong_output = tiny_segmenter();  // the file declares a size the convolution does not give
  wrong_output.tensors[3].shape = {1, 5, 5, 1};
  wrong_output.tensors[4].shape = {1, 5, 5, 1};
  r = read_person_model(build_tflite(wrong_output));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Unsupported);
  CHECK(r.error().message.find("'logit'") != std::string::npos);

  ModelSpec no_batch = tiny_segmenter();
  no_batch.tensors[0].shape = {4, 4, 3};
  r = read_person_model(build_tflite(no_batch));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("[1, height, width, channels]") != std::string::npos);

  ModelSpec weights_mismatch = tiny_segmenter();  // bias of two values for one output channel
  weights_mismatch.buffers[2] = tflite_bytes(std::vector<float>{0.25f, 1.0f});
  r = read_person_model(build_tflite(weights_mismatch));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::Corrupt);  // the buffer does not match the tensor's shape
}

TEST_CASE("person model: segment_person refuses an empty model, image or size") {
  const PersonModel none;
  RgbImage grey{8, 8, std::vector<uint8_t>(8 * 8 * 3, 128)};
  CHECK(segment_person(none, grey, 8, 8).error().code == ErrorCode::InvalidArgument);
  auto model = read_person_model(build_tflite(tiny_segmenter()));
  REQUIRE(model.ok());
  CHECK(segment_person(*model, RgbImage{}, 8, 8).error().code == ErrorCode::InvalidArgument);
  CHECK(segment_person(*model, grey, 0, 8).error().code == ErrorCode::InvalidArgument);
  auto mask = segment_person(*model, grey, 5, 3);
  REQUIRE(mask.ok());
  CHECK(mask->width == 5);
  CHECK(mask->height == 3);
  // A photo far larger than the model's input, and one smaller: letterboxed both ways.
  for (const auto [w, h] : {std::pair{3000, 2000}, std::pair{3, 7}}) {
    RgbImage photo{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 3, 200)};
    auto m = segment_person(*model, photo, w / 2 + 1, h / 2 + 1);
    REQUIRE(m.ok());
    CHECK(m->pixels.size() == static_cast<size_t>(w / 2 + 1) * (h / 2 + 1));
  }
}

// ---- the kernels against their definitions -------------------------------------------------------
TEST_CASE("person kernels: convolution, strided with SAME padding, dilated, and 1x1") {
  struct Case {
    int h, w, in_c, out_c, k, stride, dilation;
    bool same;
  };
  // The last: rows wider than the 64-pixel chunks the patches are gathered in.
  const Case cases[] = {{7, 6, 5, 13, 3, 2, 1, true},  {9, 9, 3, 16, 3, 1, 2, true},   {8, 5, 4, 8, 3, 2, 1, false},
                        {6, 7, 12, 19, 1, 1, 1, true}, {1, 1, 24, 96, 1, 1, 1, false}, {3, 150, 3, 8, 3, 1, 1, true}};
  for (const Case c : cases) {
    INFO(c.h << "x" << c.w << "x" << c.in_c << " -> " << c.out_c << ", kernel " << c.k << ", stride " << c.stride
             << ", dilation " << c.dilation);
    const ops::Extent ie{c.h, c.w, c.in_c};
    const auto in = random_values(ie.size(), 1);
    const auto w = random_values(static_cast<size_t>(c.out_c) * c.k * c.k * c.in_c, 2);
    const auto bias = random_values(c.out_c, 3);
    const auto rows = ops::plan_axis(c.h, c.k, c.stride, c.dilation, c.same);
    const auto cols = ops::plan_axis(c.w, c.k, c.stride, c.dilation, c.same);
    const ops::Extent oe{rows.output, cols.output, c.out_c};
    ops::Window win{c.k, c.k, c.stride, c.stride, c.dilation, c.dilation, rows.pad_before, cols.pad_before};
    std::vector<float> out(oe.size());
    ops::conv2d(in.data(), ie, ohwi_to(w, c.out_c, c.k, c.k, c.in_c, false).data(), bias.data(), win,
                ops::Activation::None, out.data(), oe);
    check_close(out, reference_conv(in, ie, w, bias, c.k, c.k, c.stride, c.dilation, rows, cols, c.out_c));
  }
  // SAME: ceil(size / stride), padding split with the extra row after (TensorFlow's rule).
  CHECK(ops::plan_axis(7, 3, 2, 1, true).output == 4);
  CHECK(ops::plan_axis(7, 3, 2, 1, true).pad_before == 1);
  CHECK(ops::plan_axis(256, 3, 2, 1, true).pad_before == 0);
  CHECK(ops::plan_axis(8, 3, 2, 1, false).output == 3);
}

TEST_CASE("person kernels: depthwise convolution, multiplier 1 and 2") {
  for (const int m : {1, 2}) {
    INFO("depth multiplier " << m);
    const ops::Extent ie{9, 8, 10};
    const int k = 5, outs = ie.channels * m;
    const auto in = random_values(ie.size(), 4);
    const auto w = random_values(static_cast<size_t>(k) * k * outs, 5);  // [1][k][k][outs]
    const auto bias = random_values(outs, 6);
    const auto rows = ops::plan_axis(ie.height, k, 2, 1, true), cols = ops::plan_axis(ie.width, k, 2, 1, true);
    const ops::Extent oe{rows.output, cols.output, outs};
    std::vector<float> out(oe.size());
    ops::depthwise_conv2d(in.data(), ie, w.data(), bias.data(), {k, k, 2, 2, 1, 1, rows.pad_before, cols.pad_before}, m,
                          ops::Activation::Relu, out.data(), oe);
    std::vector<double> want(oe.size());
    for (int oy = 0; oy < oe.height; ++oy)
      for (int ox = 0; ox < oe.width; ++ox)
        for (int o = 0; o < outs; ++o) {
          double sum = bias[o];
          for (int y = 0; y < k; ++y)
            for (int x = 0; x < k; ++x) {
              const int iy = oy * 2 - rows.pad_before + y, ix = ox * 2 - cols.pad_before + x;
              if (iy >= 0 && iy < ie.height && ix >= 0 && ix < ie.width)
                sum += double{in[(static_cast<size_t>(iy) * ie.width + ix) * ie.channels + o / m]} *
                       w[(static_cast<size_t>(y) * k + x) * outs + o];
            }
          want[(static_cast<size_t>(oy) * oe.width + ox) * outs + o] = std::max(sum, 0.0);
        }
    check_close(out, want);
  }
}

TEST_CASE("person kernels: the transposed convolution is the convolution's adjoint, plus bias") {
  // From its definition: output pixel (oy, ox) sums input (iy, ix) * w[o][ky][kx][i] over all
  // oy = iy * stride + ky - pad. And the identity <conv(x), y> = <x, conv^T(y)> with the same
  // weights (VALID, no bias) ties it to the convolution tested above.
  struct Case {
    int h, w, k, stride;
    bool same;
  };
  for (const Case c :
       {Case{4, 5, 3, 2, true}, Case{4, 5, 3, 2, false}, Case{6, 6, 2, 2, true}, Case{3, 4, 4, 3, true}}) {
    INFO(c.h << "x" << c.w << ", kernel " << c.k << ", stride " << c.stride << (c.same ? " SAME" : " VALID"));
    const int in_c = 3, out_c = 2;
    const ops::Extent ie{c.h, c.w, in_c};
    const auto rows = ops::plan_transposed_axis(c.h, c.k, c.stride, c.same);
    const auto cols = ops::plan_transposed_axis(c.w, c.k, c.stride, c.same);
    const ops::Extent oe{rows.output, cols.output, out_c};
    const auto in = random_values(ie.size(), 7);
    const auto w = random_values(static_cast<size_t>(out_c) * c.k * c.k * in_c, 8);  // OHWI
    const auto bias = random_values(out_c, 9);
    const ops::Window win{c.k, c.k, c.stride, c.stride, 1, 1, rows.pad_before, cols.pad_before};
    std::vector<float> out(oe.size());
    ops::transpose_conv2d(in.data(), ie, ohwi_to(w, out_c, c.k, c.k, in_c, true).data(), bias.data(), win, out.data(),
                          oe);
    std::vector<double> want(oe.size());
    for (int oy = 0; oy < oe.height; ++oy)
      for (int ox = 0; ox < oe.width; ++ox)
        for (int o = 0; o < out_c; ++o) {
          double sum = bias[o];
          for (int iy = 0; iy < c.h; ++iy)
            for (int ix = 0; ix < c.w; ++ix) {
              const int ky = oy + rows.pad_before - iy * c.stride, kx = ox + cols.pad_before - ix * c.stride;
              if (ky < 0 || ky >= c.k || kx < 0 || kx >= c.k) continue;
              for (int i = 0; i < in_c; ++i)
                sum += double{in[(static_cast<size_t>(iy) * c.w + ix) * in_c + i]} *
                       w[((static_cast<size_t>(o) * c.k + ky) * c.k + kx) * in_c + i];
            }
          want[(static_cast<size_t>(oy) * oe.width + ox) * out_c + o] = sum;
        }
    check_close(out, want);

    if (!c.same) {
      // conv: out_c channels of size oe -> in_c channels of size ie, weights w'[i][ky][kx][o] = w[o][ky][kx][i].
      const std::vector<float> zero_in(in_c, 0.0f), zero_out(out_c, 0.0f);
      const auto y = random_values(oe.size(), 10);
      std::vector<float> t(oe.size());
      ops::transpose_conv2d(in.data(), ie, ohwi_to(w, out_c, c.k, c.k, in_c, true).data(), zero_out.data(), win,
                            t.data(), oe);
      // The convolution's HWIO weights (its input channels out_c, its outputs in_c) are w in HWOI.
      const std::vector<float> conv_weights_hwio = ohwi_to(w, out_c, c.k, c.k, in_c, true);
      std::vector<float> cy(ie.size());
      ops::conv2d(y.data(), oe, conv_weights_hwio.data(), zero_in.data(), {c.k, c.k, c.stride, c.stride, 1, 1, 0, 0},
                  ops::Activation::None, cy.data(), ie);
      double lhs = 0, rhs = 0;
      for (size_t i = 0; i < t.size(); ++i) lhs += double{t[i]} * y[i];
      for (size_t i = 0; i < cy.size(); ++i) rhs += double{cy[i]} * in[i];
      CHECK(lhs == Approx(rhs).epsilon(1e-5));
    }
  }
}

// Native = wasm rests on every output adding its terms in one fixed order whatever path computes
// it (vector lanes side by side, unrolled windows, the clipped edge): these sums in float, in the
// documented order, must come out bit for bit.
TEST_CASE("person kernels: every path adds an output's terms in the documented order, exactly") {
  struct Case {
    int k, stride, dilation;
  };
  const ops::Extent ie{11, 13, 6};  // a vector of 4 channels and 2 more
  for (const Case c : {Case{3, 1, 1}, Case{3, 2, 1}, Case{5, 1, 1}, Case{5, 2, 1}, Case{3, 1, 2}}) {
    INFO("depthwise " << c.k << "x" << c.k << ", stride " << c.stride << ", dilation " << c.dilation);
    const auto in = random_values(ie.size(), 11);
    const auto w = random_values(static_cast<size_t>(c.k) * c.k * ie.channels, 12);
    const auto bias = random_values(ie.channels, 13);
    const auto rows = ops::plan_axis(ie.height, c.k, c.stride, c.dilation, true);
    const auto cols = ops::plan_axis(ie.width, c.k, c.stride, c.dilation, true);
    const ops::Extent oe{rows.output, cols.output, ie.channels};
    std::vector<float> out(oe.size());
    ops::depthwise_conv2d(in.data(), ie, w.data(), bias.data(),
                          {c.k, c.k, c.stride, c.stride, c.dilation, c.dilation, rows.pad_before, cols.pad_before}, 1,
                          ops::Activation::None, out.data(), oe);
    int differing = 0;
    for (int oy = 0; oy < oe.height; ++oy)
      for (int ox = 0; ox < oe.width; ++ox)
        for (int ch = 0; ch < oe.channels; ++ch) {
          float sum = bias[ch];  // then the taps inside the image, row by row
          for (int y = 0; y < c.k; ++y)
            for (int x = 0; x < c.k; ++x) {
              const int iy = oy * c.stride - rows.pad_before + y * c.dilation;
              const int ix = ox * c.stride - cols.pad_before + x * c.dilation;
              if (iy >= 0 && iy < ie.height && ix >= 0 && ix < ie.width)
                sum += in[(static_cast<size_t>(iy) * ie.width + ix) * ie.channels + ch] *
                       w[(static_cast<size_t>(y) * c.k + x) * ie.channels + ch];
            }
          differing += out[(static_cast<size_t>(oy) * oe.width + ox) * oe.channels + ch] != sum;
        }
    CHECK(differing == 0);
  }
  {
    INFO("transposed 2x2 at stride 2, 16 channels into 1 (the segmenter's last step), 9 pixels a row");
    const ops::Extent te{3, 9, 16};
    const auto in = random_values(te.size(), 14);
    const auto w = random_values(2 * 2 * 16, 15);  // HWOI with one output: [ky][kx][i]
    const float bias = 0.25f;
    const ops::Extent oe{6, 18, 1};
    std::vector<float> out(oe.size());
    ops::transpose_conv2d(in.data(), te, w.data(), &bias, {2, 2, 2, 2, 1, 1, 0, 0}, out.data(), oe);
    int differing = 0;
    for (int oy = 0; oy < oe.height; ++oy)
      for (int ox = 0; ox < oe.width; ++ox) {
        float sum = bias;  // then the input channels in order
        const float* src = in.data() + (static_cast<size_t>(oy / 2) * te.width + ox / 2) * 16;
        for (int i = 0; i < 16; ++i) sum += src[i] * w[((oy % 2) * 2 + ox % 2) * 16 + i];
        differing += out[static_cast<size_t>(oy) * oe.width + ox] != sum;
      }
    CHECK(differing == 0);
  }
  for (const int b_count : {1, 3, 8, 30}) {
    INFO("add and mul in place, b of " << b_count << " values");
    const auto a = random_values(30 * 8, 16), b = random_values(static_cast<size_t>(b_count), 17);
    std::vector<float> sum = a, product = a;
    ops::add(sum.data(), static_cast<int64_t>(a.size()), b.data(), b_count, ops::Activation::None, sum.data());
    ops::mul(product.data(), static_cast<int64_t>(a.size()), b.data(), b_count, ops::Activation::None, product.data());
    int differing = 0;
    for (size_t i = 0; i < a.size(); ++i)
      differing += sum[i] != a[i] + b[i % b_count] || product[i] != a[i] * b[i % b_count];
    CHECK(differing == 0);
  }
}

TEST_CASE("person mask: confidence to bytes rounds, clamps and sends NaN to 0, in vector lanes and one by one") {
  // Rows of 7 at the model's size, nothing resampled (the box is the whole input): the vector path
  // takes four values a row, the scalar rule the other three.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> values = {-1.0f, 0.0f,  0.5f / 255.0f, 0.49f / 255.0f, 0.3f, 1.0f,  2.0f,
                                     nan,   0.25f, 254.4f / 255,  254.6f / 255,   0.7f, -0.0f, 1e30f};
  const GreyImage mask = unletterbox_mask(values, 7, 2, Letterbox{0, 0, 7, 2}, 7, 2);
  REQUIRE(mask.pixels.size() == values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    INFO("value " << values[i]);
    const float v = values[i] * 255.0f + 0.5f;
    const uint8_t want = v >= 255.0f ? 255 : v > 0.0f ? static_cast<uint8_t>(v) : 0;
    // The pixel above the NaN reads it with weight 0, which gives NaN: 0 as well.
    const bool near_nan = i == 0 || i == 7;
    CHECK(mask.pixels[i] == (near_nan ? 0 : want));
  }
}

TEST_CASE("person kernels: average pooling, over the whole image and in windows at the edge") {
  const ops::Extent ie{5, 5, 3};
  const auto in = random_values(ie.size(), 11);
  std::vector<float> global(3);
  ops::average_pool2d(in.data(), ie, {5, 5, 5, 5, 1, 1, 0, 0}, ops::Activation::None, global.data(), {1, 1, 3});
  std::vector<double> want(3, 0.0);
  for (int p = 0; p < 25; ++p)
    for (int c = 0; c < 3; ++c) want[c] += in[p * 3 + c] / 25.0;
  check_close(global, want);
  // 2x2 windows, stride 2, SAME: the last row and column of windows hold fewer pixels, and the
  // average is over those only.
  const auto rows = ops::plan_axis(5, 2, 2, 1, true);
  REQUIRE(rows.output == 3);
  std::vector<float> pooled(3 * 3 * 3);
  ops::average_pool2d(in.data(), ie, {2, 2, 2, 2, 1, 1, rows.pad_before, rows.pad_before}, ops::Activation::None,
                      pooled.data(), {3, 3, 3});
  const double corner = in[(4 * 5 + 4) * 3 + 1];  // window (2, 2) holds pixel (4, 4) alone
  CHECK(pooled[(2 * 3 + 2) * 3 + 1] == Approx(corner));
  const double edge = (in[(0 * 5 + 4) * 3] + in[(1 * 5 + 4) * 3]) / 2.0;
  CHECK(pooled[(0 * 3 + 2) * 3] == Approx(edge));
}

TEST_CASE("person kernels: bilinear resize with half-pixel centres and with aligned corners") {
  const ops::Extent ie{1, 2, 1};
  const std::vector<float> in = {0.0f, 4.0f};
  std::vector<float> out(4);
  // Half-pixel centres: output x samples input (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped.
  ops::resize_bilinear(in.data(), ie, false, true, out.data(), {1, 4, 1});
  check_close(out, {0.0, 1.0, 3.0, 4.0});
  // Aligned corners: x * (2 - 1) / (4 - 1).
  ops::resize_bilinear(in.data(), ie, true, false, out.data(), {1, 4, 1});
  check_close(out, {0.0, 4.0 / 3, 8.0 / 3, 4.0});
  // Two dimensions, several channels: each channel alone.
  const ops::Extent e2{2, 2, 2};
  const std::vector<float> in2 = {0, 10, 1, 20, 2, 30, 3, 40};
  std::vector<float> out2(4 * 4 * 2);
  ops::resize_bilinear(in2.data(), e2, false, true, out2.data(), {4, 4, 2});
  CHECK(out2[(1 * 4 + 1) * 2] == Approx(0.75 * 0.75 * 0 + 0.25 * 0.75 * 1 + 0.75 * 0.25 * 2 + 0.25 * 0.25 * 3));
  CHECK(out2[(3 * 4 + 3) * 2 + 1] == Approx(40));
}

TEST_CASE("person kernels: element-wise operators") {
  const std::vector<float> a = {-4, -3, -1, 0, 1, 2.5f, 3, 8};
  std::vector<float> v = a;
  ops::hard_swish(v.data(), 8);
  check_close(v, {0, 0, -1.0 * 2 / 6, 0, 1.0 * 4 / 6, 2.5 * 5.5 / 6, 3, 8});
  v = a;
  ops::relu(v.data(), 8);
  check_close(v, {0, 0, 0, 0, 1, 2.5, 3, 8});
  std::vector<float> xs;
  for (float x = -30.0f; x <= 30.0f; x += 0.37f) xs.push_back(x);
  v = xs;
  ops::logistic(v.data(), static_cast<int64_t>(v.size()));
  // Relative 1e-5: t = -x log2(e) rounds to float, whose step at |t| = 43 is 4e-6.
  for (size_t i = 0; i < xs.size(); ++i) {
    INFO("x = " << xs[i]);
    CHECK(v[i] == Approx(1.0 / (1.0 + std::exp(-double{xs[i]}))).epsilon(1e-5).margin(1e-9));
  }
  // Per-channel operands (the squeeze-and-excite gates), a full one, a single value.
  const std::vector<float> per_channel = {2, -1};
  std::vector<float> out(8);
  ops::mul(a.data(), 8, per_channel.data(), 2, ops::Activation::None, out.data());
  check_close(out, {-8, 3, -2, 0, 2, -2.5, 6, -8});
  ops::add(a.data(), 8, a.data(), 8, ops::Activation::Relu, out.data());
  check_close(out, {0, 0, 0, 0, 2, 5, 6, 16});
  const float one = 1.0f;
  ops::add(a.data(), 8, &one, 1, ops::Activation::Relu6, out.data());
  check_close(out, {0, 0, 0, 1, 2, 3.5, 4, 6});
}

// ---- the whole model on real photos -------------------------------------------------------------
namespace {

struct PersonFigures {
  double iou = -1;   // against Apple's matte at 128; -1 without one
  double share = 0;  // of pixels the model calls person (128 or above)
};

PersonFigures run_on_photo(const std::vector<uint8_t>& model_bytes, const std::vector<uint8_t>& photo_bytes,
                           const std::string& name) {
  auto model = read_person_model(model_bytes);
  REQUIRE(model.ok());
  auto opened = test::open_bytes(photo_bytes, {}, name);
  REQUIRE(opened.ok());
  const RgbImage& colour = opened->photo.colour;
  auto mask = segment_person(*model, colour, colour.width, colour.height);
  REQUIRE(mask.ok());
  PersonFigures f;
  size_t person = 0, both = 0, either = 0;
  const auto& matte = opened->photo.portrait_matte;
  if (matte) REQUIRE((matte->width == colour.width && matte->height == colour.height));
  for (size_t i = 0; i < mask->pixels.size(); ++i) {
    const bool a = mask->pixels[i] >= 128;
    person += a;
    if (matte) {
      const bool b = matte->pixels[i] >= 128;
      both += a && b;
      either += a || b;
    }
  }
  f.share = static_cast<double>(person) / mask->pixels.size();
  if (matte) f.iou = static_cast<double>(both) / std::max<size_t>(either, 1);
  return f;
}

}  // namespace

TEST_CASE("person model: the selfie's mask agrees with Apple's matte") {
  PXAV_REQUIRE_MODEL(model, PXAV_PERSON_MODEL_PATH);
  PXAV_REQUIRE_SHARED(photo, "real/selfie_front_truedepth.heic");
  const PersonFigures f = run_on_photo(model, photo, "selfie_front_truedepth.heic");
  INFO("IoU " << f.iou << ", person share " << f.share);
  CHECK(f.iou >= 0.97);  // measured 0.984
}

TEST_CASE("person model: the full-body photo's mask agrees with Apple's matte") {
  PXAV_REQUIRE_MODEL(model, PXAV_PERSON_MODEL_PATH);
  PXAV_REQUIRE_SHARED(photo, "real/fullbody_rear_portrait_matte.jpg");
  const PersonFigures f = run_on_photo(model, photo, "fullbody_rear_portrait_matte.jpg");
  INFO("IoU " << f.iou << ", person share " << f.share);
  CHECK(f.iou >= 0.94);  // measured 0.959
}

TEST_CASE("person model: on a dog the person area is small") {
  PXAV_REQUIRE_MODEL(model, PXAV_PERSON_MODEL_PATH);
  PXAV_REQUIRE_SHARED(photo, "real/pug.heic");
  const PersonFigures f = run_on_photo(model, photo, "pug.heic");
  INFO("person share " << f.share);
  // Measured 0.169: the selfie segmenter takes part of the pug's head for a person (a selfie model
  // sees pets as heads), so the area alone does not decide; the selfie is 0.42, the full body 0.30.
  CHECK(f.share < 0.25);
}
