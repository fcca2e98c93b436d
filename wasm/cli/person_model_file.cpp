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

std::string built_in_face_model_path() {
#ifdef PXAV_FACE_MODEL_PATH
  return PXAV_FACE_MODEL_PATH;
#else
  return {};
#endif
}

namespace {

// The face detector for the person model, or a warning why there is none.
std::optional<FaceModel> load_face_model(const std::string& given, std::string& warning) {
  const std::string path = given.empty() ? built_in_face_model_path() : given;
  const std::string without = "; a person is taken only where the camera marked a face";
  if (path.empty()) {
    warning = "this build has no face model (give one with --face-model)" + without;
    return std::nullopt;
  }
  auto bytes = read_file(path);
  if (!bytes) {
    warning = "no face model: " + bytes.error().message + without;
    return std::nullopt;
  }
  auto model = read_face_model(*bytes);
  if (!model) {
    warning = "the face model " + path + " cannot be used: " + model.error().message + without;
    return std::nullopt;
  }
  return std::move(*model);
}

}  // namespace

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
  model->faces = load_face_model(choice.face_path, warning);
  return std::move(*model);
}

}  // namespace pxav
