#include "person_model_file.h"

#include "io/file_io.h"

namespace pxav {

std::string built_in_person_model_path() {
#ifdef PXAV_PERSON_MODEL_PATH
  return PXAV_PERSON_MODEL_PATH;
#else
  return {};
#endif
}

std::optional<PersonModel> load_person_model(const PersonModelChoice& choice, std::string& warning) {
  warning.clear();
  if (choice.off) return std::nullopt;
  const std::string path = choice.path.empty() ? built_in_person_model_path() : choice.path;
  if (path.empty()) {
    warning = "this build has no person model (give one with --person-model); the subject is cut from depth alone";
    return std::nullopt;
  }
  auto bytes = read_file(path);
  if (!bytes) {
    warning = "no person model: " + bytes.error().message + "; the subject is cut from depth alone";
    return std::nullopt;
  }
  auto model = read_person_model(*bytes);
  if (!model) {
    warning = "the person model " + path + " cannot be used: " + model.error().message +
              "; the subject is cut from depth alone";
    return std::nullopt;
  }
  return std::move(*model);
}

}  // namespace pxav
