// Errors as values. Every stage of the pipeline returns Result<T>: the value, or an Error with a
// stable code (for programs: CLI exit codes, the `code` field in JS), one sentence for people and,
// where a program may act on it, machine-readable fields (what is missing, which role is
// ambiguous, which check failed), so no caller needs to read the sentence. No exceptions cross a
// module boundary, and none cross the wasm boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace pxav {

// Stable numbers: the CLI exits with 10 + code and the wasm API reports the number.
enum class ErrorCode : int {
  InvalidArgument = 1,    // the caller passed something out of range
  UnsupportedFormat = 2,  // the bytes are not a kind of file we read (the message says what they look like)
  Corrupt = 3,            // the file is truncated or damaged
  NoDepth = 4,            // a valid photo without a depth map
  Unsupported = 5,        // valid, but uses a feature we do not implement
  TooLarge = 6,           // refused by a size or memory limit
  Io = 7,                 // reading or writing a file failed (native only)
  BadAvatarFile = 8,      // an avatar file failed a check on read
  Internal = 9,           // a bug: please report it
  MissingCompanion = 10,  // a file that needs another beside it (a colour image without its depth map)
  UnusablePair = 11,      // two views that give no depth: the stereo quality gate's check failed (fields.check)
};

const char* error_code_name(ErrorCode code);

// What a program reads instead of the sentence; an empty field is absent (pipeline/describe_json.h
// writes them as JSON, web/decoder/photo-info.d.ts types them).
struct ErrorFields {
  // The file a set lacks, MissingCompanion and NoDepth: "depth-map", "colour-image", "left-view",
  // "right-view".
  std::string missing;
  // A role no test could give among the files ("depth-map": which of two images is the depth
  // map), with the files in question.
  std::string ambiguous;
  std::vector<std::string> files;
  // UnusablePair: the quality gate's check that failed (stereo/pair_geometry.h): "same-scene",
  // "camera-moved", "scene-still", "overlap".
  std::string check;
};

struct Error {
  ErrorCode code;
  std::string message;
  ErrorFields fields = {};
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For functions that produce nothing but can fail.
struct Done {};
using Status = Result<Done>;

// The fields of the common cases, for make_error's last argument.
inline ErrorFields missing_file(std::string what) {
  ErrorFields f;
  f.missing = std::move(what);
  return f;
}
inline ErrorFields ambiguous_role(std::string role, std::vector<std::string> files) {
  ErrorFields f;
  f.ambiguous = std::move(role);
  f.files = std::move(files);
  return f;
}
inline ErrorFields failed_check(std::string check) {
  ErrorFields f;
  f.check = std::move(check);
  return f;
}

inline Error make_error(ErrorCode code, std::string message, ErrorFields fields = {}) {
  return Error{code, std::move(message), std::move(fields)};
}

}  // namespace pxav
