// The CLI's `sample` command: the synthetic scenes (synth/) written as a HEIC, a depth JPEG in
// one of the layouts phones write, or a stereo pair, so demos and tests never need someone's
// photo. Kept apart from the commands that read photos; main.cpp parses the command line and
// hands over what it found, with its own ways of reporting.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace pxav::cli {

// What the command line asked `sample` for.
struct SampleRequest {
  std::string out;                           // -o: .heic, .jpg with jpeg_layout, .png for --scene stereo
  std::string scene = "bust";                // --scene: bust, wall, sphere or stereo
  std::string depth_encoding = "disparity";  // --depth-encoding: disparity, inverse-z or z (HEIC)
  std::string jpeg_layout;                   // --jpeg-layout: mpf, gdepth, dynamic-depth; empty = HEIC
  int rotate = 0;                            // --rotate: 0, 90, 180 or 270
  bool no_depth = false;                     // --no-depth
  std::string stereo_layout;                 // --layout: side-by-side or cross-eyed (--scene stereo, .png)
};

// How the command reports, in the CLI's own conventions: each returns the exit code, or the
// outcome of writing a file.
struct SampleReport {
  std::function<int(const std::string& problem)> usage_error;
  std::function<int(const Error& error)> fail;
  std::function<Status(const std::string& path, const std::vector<uint8_t>& bytes)> write;
};

// Writes the sample file(s) the request names; returns the process's exit code.
int run_sample_command(const SampleRequest& request, const SampleReport& report);

}  // namespace pxav::cli
