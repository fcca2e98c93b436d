#include "core/result.h"

namespace pxav {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::UnsupportedFormat: return "unsupported-format";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::NoDepth: return "no-depth";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::Io: return "io";
    case ErrorCode::BadAvatarFile: return "bad-avatar-file";
    case ErrorCode::Internal: return "internal";
    case ErrorCode::MissingCompanion: return "missing-companion";
    case ErrorCode::UnusablePair: return "unusable-pair";
  }
  return "unknown";
}

}  // namespace pxav
