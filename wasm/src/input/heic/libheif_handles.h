// Owners for libheif's C handles, so every early return frees what was opened, and a scope that
// holds libheif initialised while it is used: shared by the HEIC reader and the fixture writer
// (synth/heic_writer.cpp), each of which would otherwise spell them out again.
#pragma once

#include <libheif/heif.h>

#include <memory>

namespace pxav::libheif {

struct ContextDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleDeleter {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageDeleter {
  void operator()(heif_image* i) const { heif_image_release(i); }
};
struct DecodingOptionsDeleter {
  void operator()(heif_decoding_options* o) const { heif_decoding_options_free(o); }
};
using Context = std::unique_ptr<heif_context, ContextDeleter>;
using Handle = std::unique_ptr<heif_image_handle, HandleDeleter>;
using Image = std::unique_ptr<heif_image, ImageDeleter>;
using DecodingOptions = std::unique_ptr<heif_decoding_options, DecodingOptionsDeleter>;

// libheif keeps a reference count for its plugin registry; holding one for the duration of a
// read or write keeps our modules free of global state of their own.
struct Scope {
  Scope() { heif_init(nullptr); }
  ~Scope() { heif_deinit(); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

}  // namespace pxav::libheif
