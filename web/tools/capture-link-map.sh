#!/bin/sh
# The measurement link's launcher (CMake target pixel_avatar_core_sizes): runs the link command
# with its standard output into a file, where -Wl,--print-map has wasm-ld write the link map
# (Emscripten 3.1.6 drops -Wl,--Map=FILE as an unsupported flag).
#   capture-link-map.sh MAP_FILE COMMAND...
out="$1"
shift
exec "$@" >"$out"
