// Catch2's runner. The suite runs from the repository root (ctest sets the working directory).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
