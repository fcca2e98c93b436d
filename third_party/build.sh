#!/usr/bin/env bash
# Builds the pinned libde265, libheif and libjpeg-turbo as static, decoder-first libraries for one target:
#   third_party/build.sh native   -> third_party/install/native/{include,lib}
#   third_party/build.sh wasm     -> third_party/install/wasm-lean/{include,lib}   (needs emcmake)
#   third_party/build.sh fuzz     -> third_party/install/fuzz/{include,lib}   (clang-14, for libFuzzer)
# Native libheif also gets the x265 encoder: the test suite writes its own HEIC fixtures.
# The wasm build is decoder only (HEVC through libde265), with wasm SIMD and loop filters kept.
# For wasm, zlib and libpng too (natively Debian's binary packages serve): the core reads and
# writes PNG files in both builds, so a colour + depth pair decodes to the same pixels in each.
# libjpeg-turbo: with its x86-64 SIMD (NASM) natively, scalar C in wasm and in the fuzz build
# (its SIMD is assembly); the JPEG tests check that the two decode to the same pixels.
# Idempotent: an install stamp newer than the sources and this script skips the work.
set -euo pipefail
target="${1:?usage: build.sh native|wasm|fuzz}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src"
# The wasm libraries live under their own name, wasm-lean (libheif for size, see below): a
# build with other flags never overwrites another's, and a change of flags gets a new name.
dir="$target"
[ "$target" = wasm ] && dir=wasm-lean
bld="$here/build/$dir"
prefix="$here/install/$dir"
stamp="$prefix/.pixel-avatar-built"
mkdir -p "$bld" "$prefix"
jobs="${JOBS:-$(nproc)}"

"$here/fetch.sh"  # quick when the sources are already unpacked and patched

# zlib and libpng are a handful of C files each: compiled directly, with libpng's own prebuilt
# configuration header, rather than through their build systems (which probe the host).
build_png_wasm() {
  local png_stamp="$prefix/.pixel-avatar-png-built" o="$bld/png" f
  if [ -f "$png_stamp" ] && [ "$png_stamp" -nt "$src/zlib/.pixel-avatar-ready" ] \
     && [ "$png_stamp" -nt "$src/libpng1.6/.pixel-avatar-ready" ] && [ "$png_stamp" -nt "$0" ]; then
    return 0
  fi
  echo "third_party: building zlib and libpng (wasm)"
  rm -rf "$o"; mkdir -p "$o/z" "$o/png" "$prefix/include" "$prefix/lib"
  # Reading is -O3 (inflate, libpng's row filters and transformations: every PNG a photo comes
  # in); writing (deflate: the PNG exports) and the rest for size (-Oz).
  local flags=(-msimd128 -mbulk-memory -mnontrapping-fptoint -msign-ext) level
  for f in adler32 crc32 inflate inffast inftrees deflate trees zutil compress uncompr; do
    case "$f" in adler32|crc32|inflate|inffast|inftrees) level=-O3 ;; *) level=-Oz ;; esac
    emcc "$level" "${flags[@]}" -c "$src/zlib/$f.c" -o "$o/z/$f.o"
  done
  emar rcs "$prefix/lib/libz.a" "$o"/z/*.o
  cp "$src/zlib/zlib.h" "$src/zlib/zconf.h" "$prefix/include/"
  # libpng's configuration (pnglibconf.h) is its way to compile features out: the core only reads
  # (png_writer.cpp writes on zlib alone), with no transformation but expanding palettes, low
  # bit depths and tRNS, and needs no ancillary chunk (text, ICC, gamma, time, ...: skipped as
  # unknown). Off: writing, the simplified and progressive APIs, every other transformation,
  # every ancillary chunk but tRNS, stdio. 25 KB gzip of the module; the pixels read are the
  # same (native = wasm tests, on Debian's full libpng natively).
  local drop='WRITE|WRITE_[A-Za-z0-9_]*|SIMPLIFIED_[A-Z_]*|PROGRESSIVE_READ|INFO_IMAGE|STDIO|CONSOLE_IO'
  drop+='|READ_(ALPHA_MODE|BACKGROUND|BGR|COMPOSITE_NODIV|EXPAND_16|FILLER|GAMMA|GRAY_TO_RGB|INVERT_ALPHA|INVERT)'
  drop+='|READ_(PACKSWAP|QUANTIZE|RGB_TO_GRAY|SCALE_16_TO_8|SHIFT|STRIP_16_TO_8|STRIP_ALPHA|SWAP_ALPHA|SWAP)'
  drop+='|READ_USER_TRANSFORM|USER_TRANSFORM_INFO|USER_TRANSFORM_PTR|READ_TEXT|TEXT|READ_COMPRESSED_TEXT'
  drop+='|(READ_)?(tEXt|zTXt|iTXt|sPLT|iCCP|hIST|pCAL|sCAL|oFFs|pHYs|tIME|bKGD|cHRM|eXIf|sBIT|gAMA|sRGB)'
  drop+='|CONVERT_tIME|TIME_RFC1123|COLORSPACE|GAMMA|MNG_FEATURES|INCH_CONVERSIONS|SAVE_INT_32'
  drop+='|(READ_|SAVE_|STORE_|SET_)?UNKNOWN_CHUNKS|(READ_)?USER_CHUNKS|HANDLE_AS_UNKNOWN|BUILD_GRAYSCALE_PALETTE'
  drop+='|(READ_)?GET_PALETTE_MAX|(READ_)?CHECK_FOR_INVALID_INDEX|FORMAT_AFIRST|FORMAT_BGR|BENIGN_READ_ERRORS'
  grep -vE "^#define PNG_($drop)_SUPPORTED\$" "$src/libpng1.6/scripts/pnglibconf.h.prebuilt" > "$o/png/pnglibconf.h"
  for f in png pngerror pngget pngmem pngpread pngread pngrio pngrtran pngrutil pngset pngtrans pngwio pngwrite \
           pngwtran pngwutil; do
    case "$f" in pngread|pngrio|pngrtran|pngrutil) level=-O3 ;; *) level=-Oz ;; esac
    emcc "$level" "${flags[@]}" -DPNG_ARM_NEON_OPT=0 -DPNG_INTEL_SSE_OPT=0 -I"$o/png" -I"$src/zlib" \
      -c "$src/libpng1.6/$f.c" -o "$o/png/$f.o"
  done
  emar rcs "$prefix/lib/libpng16.a" "$o"/png/*.o
  cp "$src/libpng1.6/png.h" "$src/libpng1.6/pngconf.h" "$o/png/pnglibconf.h" "$prefix/include/"
  touch "$png_stamp"
}
[ "$target" = wasm ] && export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # Debian's emcc runs acorn from here
[ "$target" = wasm ] && { command -v emcc >/dev/null || { echo "build.sh: emcc not found: apt-get install emscripten" >&2; exit 1; }; build_png_wasm; }

# Only the static libjpeg (jpeg62 API, as Debian's libjpeg62-turbo): no TurboJPEG, no programs.
build_jpeg() {
  local jpeg_stamp="$prefix/.pixel-avatar-jpeg-built" o="$bld/libjpeg-turbo" wrap=(env) flags simd
  if [ -f "$jpeg_stamp" ] && [ "$jpeg_stamp" -nt "$src/libjpeg-turbo/.pixel-avatar-ready" ] && [ "$jpeg_stamp" -nt "$0" ] \
     && [ "$jpeg_stamp" -nt "$here/libjpeg-turbo-cold-files.cmake" ]; then
    return 0
  fi
  case "$target" in
    native) flags="-O3"; simd=(-DWITH_SIMD=1 -DREQUIRE_SIMD=1)
            command -v nasm >/dev/null || { echo "build.sh: nasm not found (libjpeg-turbo's SIMD): apt-get install nasm" >&2; exit 1; } ;;
    wasm)   flags="-O3 -msimd128 -mbulk-memory -mnontrapping-fptoint -msign-ext"; wrap=(emcmake)
            # CMake's check_type_size misreads wasm objects (it finds sizeof(size_t) = 9): state them.
            simd=(-DWITH_SIMD=0 -DHAVE_SIZE_T=TRUE -DSIZE_T=4 -DHAVE_UNSIGNED_LONG=TRUE -DUNSIGNED_LONG=4
                  -DCMAKE_PROJECT_INCLUDE="$here/libjpeg-turbo-cold-files.cmake") ;;
    fuzz)   flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,fuzzer-no-link"; simd=(-DWITH_SIMD=0)
            wrap=(env CC=clang-14 CXX=clang++-14) ;;
  esac
  echo "third_party: building libjpeg-turbo ($target)"
  "${wrap[@]}" cmake -S "$src/libjpeg-turbo" -B "$o" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$flags" \
    -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF "${simd[@]}" \
    > "$bld.jpeg.log" 2>&1 || { tail -30 "$bld.jpeg.log"; exit 1; }
  cmake --build "$o" --target jpeg-static -j"$jobs" >> "$bld.jpeg.log" 2>&1 || { tail -30 "$bld.jpeg.log"; exit 1; }
  mkdir -p "$prefix/include" "$prefix/lib"
  cp "$src/libjpeg-turbo/jpeglib.h" "$src/libjpeg-turbo/jmorecfg.h" "$src/libjpeg-turbo/jerror.h" "$o/jconfig.h" "$prefix/include/"
  cp "$o/libjpeg.a" "$prefix/lib/"
  touch "$jpeg_stamp"
}
build_jpeg

if [ -f "$stamp" ] && [ "$stamp" -nt "$src/libheif/.pixel-avatar-ready" ] \
   && [ "$stamp" -nt "$src/libde265/.pixel-avatar-ready" ] && [ "$stamp" -nt "$0" ]; then
  exit 0
fi

case "$target" in
  native)
    cmake_wrap=(env)
    # libde265 decodes on the calling thread, as in wasm: "single-threaded" means the same thing
    # in both builds, and no thread is started and joined for each of a photo's tiles.
    cflags="-O3 -DLIBHEIF_LIBDE265_DECODE_ON_CALLING_THREAD"
    heif_codecs=(-DWITH_X265=ON -DWITH_X265_PLUGIN=OFF)
    heif_release="-O3 -DNDEBUG"
    de265_opts=() ;;
  wasm)
    command -v emcmake >/dev/null || { echo "build.sh: emcmake not found: apt-get install emscripten" >&2; exit 1; }
    cmake_wrap=(emcmake)
    # Keep the deblocking and SAO loop filters on (project patch libheif-libde265-decoder-options):
    # output bit-identical to native.
    # __EMSCRIPTEN_STANDALONE_WASM__ skips libheif's embind bindings; we export plain C.
    # HEVC intra pictures only (project patch libde265-wasm-without-inter-prediction): an HEIF
    # image item is one picture decoded by itself, so motion compensation is dead code there
    # (19 KB gzip of the module). The native and fuzz builds keep the whole decoder.
    cflags="-O3 -msimd128 -mbulk-memory -mnontrapping-fptoint -msign-ext -msse4.1 -DLIBHEIF_WASM_KEEP_LOOP_FILTERS -D__EMSCRIPTEN_STANDALONE_WASM__ -DLIBDE265_INTRA_ONLY"
    heif_codecs=(-DWITH_X265=OFF)
    # libheif for size: it parses boxes and hands tiles to libde265; its own pixel loops (colour
    # conversion) run only where the core cannot convert a tile itself. libde265 stays -O3.
    # As LLVM bitcode with virtual function elimination: every box class has virtual dump() and
    # write() methods that only libheif's debugging and writing API call, and a vtable keeps a
    # virtual method alive in an ordinary link; at the module's link (LTO) the unused ones go
    # (16 KB gzip of the module; libheif's classes are hidden, nothing outside calls them).
    heif_release="-Oz -DNDEBUG -flto -fvisibility=hidden -fvisibility-inlines-hidden -fwhole-program-vtables -fvirtual-function-elimination"
    de265_opts=(-DLIBDE265_WASM_SIMD=ON) ;;
  fuzz)
    # Decoder only, with coverage and AddressSanitizer, so the HEIC fuzz target explores libheif's
    # and libde265's parsing and catches their memory errors, not only ours.
    command -v clang++-14 >/dev/null || { echo "build.sh: clang++-14 not found: apt-get install clang-14" >&2; exit 1; }
    cmake_wrap=(env CC=clang-14 CXX=clang++-14)
    cflags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,fuzzer-no-link -DLIBHEIF_LIBDE265_DECODE_ON_CALLING_THREAD"
    heif_codecs=(-DWITH_X265=OFF)
    heif_release="-O3 -DNDEBUG"
    de265_opts=() ;;
  *) echo "build.sh: unknown target '$target' (native, wasm or fuzz)" >&2; exit 1 ;;
esac

echo "third_party: building libde265 ($target)"
"${cmake_wrap[@]}" cmake -S "$src/libde265" -B "$bld/libde265" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS="$cflags" -DCMAKE_CXX_FLAGS="$cflags" -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DBUILD_SHARED_LIBS=OFF -DENABLE_SDL=OFF -DENABLE_DECODER=OFF -DENABLE_ENCODER=OFF \
  "${de265_opts[@]}" > "$bld.de265.log" 2>&1 || { tail -30 "$bld.de265.log"; exit 1; }
cmake --build "$bld/libde265" -j"$jobs" >> "$bld.de265.log" 2>&1 || { tail -30 "$bld.de265.log"; exit 1; }
cmake --install "$bld/libde265" >> "$bld.de265.log" 2>&1

echo "third_party: building libheif ($target)"
"${cmake_wrap[@]}" cmake -S "$src/libheif" -B "$bld/libheif" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS="$cflags" -DCMAKE_CXX_FLAGS="$cflags" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_FLAGS_RELEASE="$heif_release" -DCMAKE_CXX_FLAGS_RELEASE="$heif_release" \
  -DCMAKE_FIND_ROOT_PATH="$prefix" \
  -DBUILD_SHARED_LIBS=OFF -DENABLE_PLUGIN_LOADING=OFF \
  -DENABLE_MULTITHREADING_SUPPORT=OFF -DENABLE_PARALLEL_TILE_DECODING=OFF \
  -DWITH_LIBDE265=ON -DWITH_LIBDE265_PLUGIN=OFF \
  -DLIBDE265_INCLUDE_DIR="$prefix/include" -DLIBDE265_LIBRARY="$prefix/lib/libde265.a" \
  "${heif_codecs[@]}" \
  -DWITH_KVAZAAR=OFF -DWITH_UVG266=OFF -DWITH_VVDEC=OFF -DWITH_VVENC=OFF \
  -DWITH_OpenH264_DECODER=OFF -DWITH_DAV1D=OFF -DWITH_AOM_DECODER=OFF -DWITH_AOM_ENCODER=OFF \
  -DWITH_SvtEnc=OFF -DWITH_RAV1E=OFF -DWITH_JPEG_DECODER=OFF -DWITH_JPEG_ENCODER=OFF \
  -DWITH_OpenJPEG_ENCODER=OFF -DWITH_OpenJPEG_DECODER=OFF -DWITH_FFMPEG_DECODER=OFF \
  -DWITH_OPENJPH_ENCODER=OFF -DWITH_UNCOMPRESSED_CODEC=OFF -DWITH_LIBSHARPYUV=OFF \
  -DWITH_EXAMPLES=OFF -DWITH_GDK_PIXBUF=OFF -DWITH_FUZZERS=OFF -DBUILD_TESTING=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_Doxygen=ON -DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_JPEG=ON -DCMAKE_DISABLE_FIND_PACKAGE_PNG=ON \
  > "$bld.heif.log" 2>&1 || { tail -30 "$bld.heif.log"; exit 1; }
# Only the library: libheif always configures its heifio helper, so no 'cmake --install'.
cmake --build "$bld/libheif" --target heif -j"$jobs" >> "$bld.heif.log" 2>&1 || { tail -30 "$bld.heif.log"; exit 1; }
mkdir -p "$prefix/include/libheif" "$prefix/lib"
cp "$src"/libheif/libheif/api/libheif/heif*.h "$bld/libheif/libheif/heif_version.h" "$prefix/include/libheif/"
cp "$bld/libheif/libheif/libheif.a" "$prefix/lib/"
touch "$stamp"
echo "third_party: $target libraries in third_party/install/$dir"
