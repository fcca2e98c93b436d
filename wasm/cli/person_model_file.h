// Where the CLI finds the person model: --person-model PATH, else the file the build fetched
// (third_party/fetch-models.sh, its path compiled in), unless --no-person-model. The face
// detector travels with it (--face-model PATH, else the fetched file); without one the person
// decision has only the camera's faces, which the CLI says on stderr. A model that is
// missing or unreadable is not fatal: the subject is then cut from depth alone, and the CLI says
// so on stderr (the issue of a photo without a matte is the cut's, not the command's).
#pragma once

#include <optional>
#include <string>

#include "person/person_model.h"

namespace pxav {

struct PersonModelChoice {
  std::string path;       // --person-model, empty = the built-in location
  bool off = false;       // --no-person-model
  std::string face_path;  // --face-model, empty = the built-in location
};

// The model, or nothing (off, or a problem, which `warn` hears as one sentence).
std::optional<PersonModel> load_person_model(const PersonModelChoice& choice, std::string& warning);

// The path the build installed the model at (empty when the build had none).
std::string built_in_person_model_path();
std::string built_in_face_model_path();

}  // namespace pxav
