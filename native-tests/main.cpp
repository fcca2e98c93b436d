// Catch2's runner. The suite runs from the repository root (ctest sets the working directory).
// ctest runs one test case per process: a case that skipped for want of shared data exits with
// test::kSkipExitCode, which ctest reports as skipped (SKIP_RETURN_CODE in CMakeLists.txt).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "support.h"

namespace {
bool skipped = false;
}

void pxav::test::mark_skipped() { skipped = true; }

int main(int argc, char** argv) {
  const int failed = Catch::Session().run(argc, argv);
  return failed == 0 && skipped ? pxav::test::kSkipExitCode : failed;
}
