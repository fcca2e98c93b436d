#!/usr/bin/env bash
# Installs what the build and the tests need, by package name, from Debian's archive and the npm
# registry; nothing else is downloaded. Idempotent and quick when everything is present, so
# `make demo` and `make test` run it every time. Uses sudo when not root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

# Debian packages: compilers and libraries for both builds, the browsers for the page tests.
packages=(
  build-essential cmake pkg-config patch xz-utils bzip2
  nasm                            # libjpeg-turbo's SIMD in the native build
  emscripten nodejs               # the wasm build (Debian's Emscripten 3.1.6) and its JS optimizer
  libeigen3-dev catch2 libpng-dev libx265-dev
  libboost-graph-dev              # the subject cut's max-flow (header-only, both builds)
  libflatbuffers-dev              # reads the person model's TensorFlow Lite file (header-only, both builds)
  libjpeg62-turbo-dev             # the JPEG benchmark's peer: Debian's own libjpeg-turbo
  clang-14 libclang-rt-14-dev     # AddressSanitizer and libFuzzer runs
  clang-format                    # make format, and the style check in make test
  zopfli                          # the site's gzip copies (smaller than gzip -9, same format)
  chromium                        # headless browser tests through playwright-core
  firefox-esr                     # Firefox tests through puppeteer-core (WebDriver BiDi)
  webkit2gtk-driver               # WebKit tests: WebKitWebDriver and MiniBrowser, through selenium-webdriver
  xvfb                            # the display Firefox and WebKit run on (headless Firefox has no WebGL)
)

# `install-packages.sh bench` also installs the benchmarks' peers that the tests never need:
# Debian's OpenCV 4.6 for Python (bench/stereo_opencv.py, the stereo matcher's anchor figures).
if [ "${1:-}" = "bench" ]; then
  packages+=(python3-opencv python3-numpy)
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node comes from Debian or from another apt source the machine already has; npm must exist.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "setup: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
fi

# npm packages for the web front end and its tests, exactly as locked.
stamp="$root/web/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$root/web/package-lock.json" -nt "$stamp" ]; then
  echo "setup: installing npm packages (web/package-lock.json)"
  (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error) || { echo "setup: npm ci failed in web/" >&2; exit 1; }
fi
