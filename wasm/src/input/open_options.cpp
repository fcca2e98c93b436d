#include "input/open_options.h"

#include "core/key_values.h"

namespace pxav {

Result<OpenOptions> parse_open_options(std::string_view text) {
  auto items = parse_key_values(text);
  if (!items) return items.error();
  OpenOptions o;
  for (const auto& [key, value] : *items) {
    const std::string item = key + "=" + value;
    if (key == "max-megapixels" || key == "max-depth-megapixels" || key == "max-stereo-megabytes") {
      const auto v = parse_number(value);
      if (!v || !(*v > 0))
        return make_error(ErrorCode::InvalidArgument, "open option '" + item + "': expected a positive number");
      (key == "max-megapixels"         ? o.max_megapixels
       : key == "max-depth-megapixels" ? o.max_depth_megapixels
                                       : o.max_stereo_megabytes) = *v;
    } else if (key == "decode-colour" || key == "exact-colour") {
      const auto v = parse_bool(value);
      if (!v) return make_error(ErrorCode::InvalidArgument, "open option '" + item + "': expected 0 or 1");
      (key == "decode-colour" ? o.decode_colour : o.exact_colour) = *v;
    } else {
      return make_error(ErrorCode::InvalidArgument, "unknown open option '" + key +
                                                        "' (known: max-megapixels, max-depth-megapixels, "
                                                        "decode-colour, exact-colour, max-stereo-megabytes)");
    }
  }
  return o;
}

std::string_view reader_setting(const OpenOptions& options, std::string_view name) {
  const auto it = options.settings.find(name);
  return it == options.settings.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace pxav
