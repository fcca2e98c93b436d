#!/usr/bin/env bash
# The code before the subject cut, for bench/cut_score's "before" tables in the same run as the
# code now: a git worktree of bdc7758 (the last commit before issue 22's cut) in
# build/cut-before/src, configured against the same third_party/install, with the CURRENT
# bench/cut_score.cpp and avatar/saliency_scores.{h,cpp} copied in (the benchmark and its metrics
# exist once; only the code they measure differs) and compiled with -DPXAV_CUT_BEFORE (no seed;
# depth maps handed over as brighter = nearer 8-bit PGM, since that reader takes neither JPEG
# depth nor polarity=), and that tree's bench_pipeline (the quantisation's time before, for
# bench/compare-builds.mjs). Prints cut_score's path: build/cut-before/build/bench/cut_score.
#
#   bash bench/cut-before.sh            (idempotent: rebuilds only what changed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commit=bdc7758
out="$root/build/cut-before"
src="$out/src"
want="$(git -C "$root" rev-parse "$commit^{commit}")"

# A worktree at exactly that commit; anything else there is replaced.
if [ -e "$src" ] && [ "$(git -C "$src" rev-parse HEAD 2>/dev/null || true)" != "$want" ]; then
  git -C "$root" worktree remove --force "$src" 2>/dev/null || rm -rf "$src"
  git -C "$root" worktree prune
fi
if [ ! -e "$src" ]; then
  mkdir -p "$out"
  git -C "$root" worktree add --detach "$src" "$want" >/dev/null 2>&1
fi

# The same dependencies as the current build (an ignored folder the worktree does not have).
[ -e "$src/third_party/install" ] || ln -s "$root/third_party/install" "$src/third_party/install"

# The benchmark and its metrics as they are now; copied only when changed, so make rebuilds only them.
copy() { cmp -s "$1" "$2" || cp "$1" "$2"; }
copy "$root/bench/cut_score.cpp" "$src/bench/cut_score.cpp"
copy "$root/wasm/src/avatar/saliency_scores.h" "$src/wasm/src/avatar/saliency_scores.h"
copy "$root/wasm/src/avatar/saliency_scores.cpp" "$src/wasm/src/avatar/saliency_scores.cpp"

if [ ! -f "$out/build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$out/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-DPXAV_CUT_BEFORE >"$out/cmake.log" 2>&1 ||
    { echo "cut-before: cmake failed, see $out/cmake.log" >&2; exit 1; }
fi
cmake --build "$out/build" --target cut_score bench_pipeline -j"${JOBS:-2}" >"$out/build.log" 2>&1 ||
  { echo "cut-before: build failed, see $out/build.log" >&2; exit 1; }
echo "$out/build/bench/cut_score"
