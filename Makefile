# The user-facing verbs. `make demo` and `make test` are the README's two commands: each installs
# what is missing, builds what is stale, and then does its job.
#
#   make demo        build everything the page needs and serve it on http://127.0.0.1:8080
#   make test        native Catch2 suite (ctest), AddressSanitizer run, fuzzing, wasm tests in
#                    node, browser tests in headless Chromium (the phone layout too), and the
#                    embed, preview and package pages in Firefox and WebKit (on Xvfb)
#   make bench       benchmarks: decode and quantisation (native vs wasm vs libheif-js), depth
#                    JPEGs (wasm vs native vs Debian's libjpeg-turbo), the subject cut (real
#                    masks and mattes, against OpenCV's grabCut and the code before; contact
#                    sheet in build/cut), page, stereo (Middlebury scores and times against
#                    OpenCV's matchers; wasm in Chromium vs native), the first photo in
#                    Chromium, Firefox and WebKit
#   make cli         just the pixel-avatar command-line tool (build/native/bin/pixel-avatar)
#   make size        what the wasm module holds per library and per folder of ours, its size (raw,
#                    gzip, brotli), and both element builds' (modules for pages with three.js, one
#                    file with three.js inside), raw and gzip
#   make site        the deployable static site in build/site/ (preview page, embed pages, wasm core,
#                    both element builds, samples; minified; any static file server, CSP in README)
#   make format      apply .clang-format to the C++ and Prettier to the JavaScript (make test fails
#                    on unformatted code, and on ESLint's findings: make check-js)

SHELL := /bin/bash
JOBS ?= $(shell nproc)
PORT ?= 8080
FUZZ_SECONDS ?= 60
# Debian's emcc runs its JS optimizer with a node that must find acorn here.
export NODE_PATH := /usr/share/nodejs

NATIVE := build/native
ASAN := build/asan
FUZZ := build/fuzz
WASMB := build/wasm
CLI := $(NATIVE)/bin/pixel-avatar
WASM_OUT := web/lib/pixel-avatar-core.wasm

.PHONY: all setup deps native cli wasm web demo test test-native check-asan fuzz test-wasm \
        test-browser check-format check-js check-types format bench size site clean distclean

all: native wasm

setup:
	@bash third_party/install-packages.sh

# Pinned libheif + libde265 from Debian's sources, built once per target (cached); the pinned
# person-segmentation model from the npm registry (third_party/models.lock).
deps:
	@bash third_party/build.sh native
	@bash third_party/build.sh wasm
	@bash third_party/fetch-models.sh

$(NATIVE)/CMakeCache.txt:
	cmake -S . -B $(NATIVE) -DCMAKE_BUILD_TYPE=Release

native cli: deps $(NATIVE)/CMakeCache.txt
	@cmake --build $(NATIVE) -j$(JOBS)

$(WASMB)/CMakeCache.txt:
	emcmake cmake -S . -B $(WASMB) -DCMAKE_BUILD_TYPE=Release

wasm: deps $(WASMB)/CMakeCache.txt
	@cmake --build $(WASMB) -j$(JOBS)

# What the pages serve besides their sources: the built-in sample (a synthetic portrait made by
# the CLI) with its avatars, the embed page's avatars, the minified element (web/dist/), and the
# person model (web/lib/, beside the core).
web: native
	@mkdir -p web/sample web/lib
	@cp third_party/install/models/selfie_segmentation.tflite web/lib/  # fetched by make deps; the page fetches it when a photo needs it
	@cp third_party/install/models/face_detection_short_range.tflite web/lib/  # fetched with it: the person decision's faces
	@$(CLI) sample -o web/sample/sample.heic -q
	@$(CLI) convert web/sample/sample.heic -o web/sample/sample.pxav -q
	@$(CLI) convert web/sample/sample.heic -o web/sample/sample-gameboy.pxav --grid 32 --palette-name gameboy -q
	@node web/tools/make-sample-avatars.mjs
	@node web/tools/build-element.mjs >/dev/null

demo: setup wasm web
	@echo "pixel-avatar demo: open http://127.0.0.1:$(PORT)/preview/ (embed example: /embed/); Ctrl-C stops"
	@node web/serve.mjs $(PORT)

test: setup native wasm web
	@$(MAKE) --no-print-directory check-format check-js check-types test-native check-asan fuzz test-wasm test-browser

# Our C++ (not third_party's), in the style of .clang-format.
CXX_SOURCES = $(shell git ls-files '*.cpp' '*.h' | grep -v '^third_party/')
# Our JavaScript (and its .d.ts), in Prettier's style (.prettierrc.json) and free of ESLint's
# findings (web/eslint.config.mjs); the tools are pinned dev dependencies in web/package.json.
JS_SOURCES = $(shell git ls-files '*.js' '*.mjs' '*.d.ts')
JS_BIN = web/node_modules/.bin
format:
	@clang-format -i $(CXX_SOURCES)
	@$(JS_BIN)/prettier --log-level warn --write $(JS_SOURCES)

check-js:
	@$(JS_BIN)/prettier --log-level warn --check $(JS_SOURCES) || { echo "JavaScript not in the house style: run 'make format'" >&2; exit 1; }
	@$(JS_BIN)/eslint --max-warnings 0 --config web/eslint.config.mjs $(filter-out %.d.ts,$(JS_SOURCES))
	@echo "check-js: $(words $(JS_SOURCES)) JavaScript files in the house style (Prettier) and lint-free (ESLint)"

# The types of the core's JS face and of its JSON (web/decoder/*.d.ts) checked by the pinned
# TypeScript against the JS that implements and calls them (web/tsconfig.json: checkJs on
# core-session.js and the decoder workers). The wasm build's JS gets its types beside it.
check-types:
	@mkdir -p web/lib && cp wasm/binding/pixel-avatar-core.d.ts web/lib/
	@$(JS_BIN)/tsc -p web/tsconfig.json
	@echo "check-types: web/tsconfig.json's JavaScript agrees with its .d.ts (tsc)"

check-format:
	@clang-format --dry-run --Werror $(CXX_SOURCES) || { echo "C++ not in the house style: run 'make format'" >&2; exit 1; }
	@echo "check-format: $(words $(CXX_SOURCES)) C++ files in the house style (.clang-format)"

test-native:
	@cd $(NATIVE) && ctest --output-on-failure -j$(JOBS)

# The native suite again under AddressSanitizer + UndefinedBehaviorSanitizer (leaks included).
check-asan: deps
	@[ -f $(ASAN)/CMakeCache.txt ] || cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPXAV_ASAN=ON >/dev/null
	@cmake --build $(ASAN) -j$(JOBS) --target pxav_tests
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/native-tests/lsan.supp UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j$(JOBS)

# libFuzzer, for a bounded time each, with coverage and sanitizers in all of our code: the avatar
# file reader; the HEIC reader with libheif and libde265 instrumented too (third_party/build.sh
# fuzz), seeded with the sample and small generated photos (plain, turned, tiled); the JPEG depth
# reader (MPF, XMP, Extended XMP, Dynamic Depth containers; libjpeg-turbo instrumented), seeded
# with generated JPEGs of each layout; the CLI's PNG, Netpbm and --depth-params readers; and the
# person model's TensorFlow Lite reader, seeded with the pinned model (make deps fetches it) and a
# tiny generated one that runs (the real model is too much work to run under the fuzzer).
FUZZ_RUN = set -o pipefail; $(FUZZ)/$(1) -max_total_time=$(FUZZ_SECONDS) -timeout=20 -print_final_stats=1 -rss_limit_mb=4096 $(FUZZ)/$(2) 2>&1 | tail -4
fuzz: native
	@bash third_party/build.sh fuzz
	@# Configured every time (quick): a fuzz target added since the last configure is then known.
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPXAV_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ) -j$(JOBS) --target fuzz_avatar_reader fuzz_heic_reader fuzz_jpeg_reader fuzz_image_readers fuzz_tflite_reader
	@mkdir -p $(FUZZ)/corpus $(FUZZ)/heic-corpus $(FUZZ)/jpeg-corpus $(FUZZ)/image-corpus $(FUZZ)/tflite-corpus && cp web/sample/*.pxav $(FUZZ)/corpus/ 2>/dev/null || true
	@$(CLI) sample --scene wall -o $(FUZZ)/heic-corpus/wall.heic -q
	@$(CLI) sample --scene sphere --rotate 90 --depth-encoding inverse-z -o $(FUZZ)/heic-corpus/sphere-turned.heic -q
	@$(CLI) sample -o $(FUZZ)/heic-corpus/bust.heic -q
	@for layout in mpf gdepth dynamic-depth; do $(CLI) sample --scene sphere --jpeg-layout $$layout -o $(FUZZ)/jpeg-corpus/sphere-$$layout.jpg -q; done
	@$(CLI) sample --scene stereo -o $(FUZZ)/jpeg-corpus/stereo.mpo -q
	@printf '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:Device="http://ns.google.com/photos/dd/1.0/device/" a="&amp;&#65;&&&"><Device:Cameras><rdf:Seq><rdf:li/></rdf:Seq></Device:Cameras></rdf:Description></rdf:RDF></x:xmpmeta>' > $(FUZZ)/jpeg-corpus/device.xmp
	@$(CLI) export web/sample/sample.heic -o $(FUZZ)/image-corpus/avatar.png -q
	@$(CLI) export web/sample/sample.heic -o $(FUZZ)/image-corpus/depth.png --depth-view -q
	@printf 'P5\n# grey, 16 bit\n2 1\n65535\n\001\002\003\004' > $(FUZZ)/image-corpus/grey16.pgm
	@printf 'P6\n1 1\n255\n\001\002\003' > $(FUZZ)/image-corpus/rgb.ppm
	@printf 'encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5' > $(FUZZ)/image-corpus/params.txt
	@printf 'cam0=[3979.911 0 1244.772; 0 3979.911 1019.507; 0 0 1]\ndoffs=124.343\nbaseline=193.001\nndisp=270\nvmin=23\n' > $(FUZZ)/image-corpus/calib.txt
	@printf 'f=400 baseline=0.05 doffs=2 disparities=80 min-disparity=4 scale=2' > $(FUZZ)/image-corpus/stereo.txt
	@$(call FUZZ_RUN,fuzz_avatar_reader,corpus)
	@$(call FUZZ_RUN,fuzz_heic_reader,heic-corpus)
	@$(call FUZZ_RUN,fuzz_jpeg_reader,jpeg-corpus)
	@$(call FUZZ_RUN,fuzz_image_readers,image-corpus)
	@bash third_party/fetch-models.sh && cp third_party/install/models/selfie_segmentation.tflite $(FUZZ)/tflite-corpus/
	@$(CLI) sample -o $(FUZZ)/tflite-corpus/tiny.tflite -q
	@$(call FUZZ_RUN,fuzz_tflite_reader,tflite-corpus)

test-wasm:
	@node --test wasm/test/*.test.mjs

test-browser:
	@node --test web/test/*.test.mjs

bench: setup native wasm web
	@bash third_party/install-packages.sh bench
	@$(NATIVE)/bench/bench_pipeline
	@node bench/bench-wasm.mjs
	@node bench/bench-jpeg.mjs
	@node bench/bench-stages.mjs
	@rm -rf build/cut && $(NATIVE)/bench/cut_score --dump build/cut/after --dump-seed build/cut/seed --label "the code now"
	@/usr/bin/python3 bench/grabcut_opencv.py build/cut/seed build/cut/grabcut
	@$(NATIVE)/bench/cut_score --score-masks build/cut/grabcut --label "grabCut (OpenCV) from the same seed"
	@cut_before=$$(bash bench/cut-before.sh) && $$cut_before --dump build/cut/before --label "the code before (bdc7758)"
	@node bench/contact-sheet.mjs --cuts build/cut
	@node bench/compare-builds.mjs build/cut-before/build/bench/bench_pipeline $(NATIVE)/bench/bench_pipeline --pairs 16
	@node web/bench/frame-time.mjs
	@node web/bench/preview-time.mjs
	@node web/bench/first-photo.mjs
	@node web/bench/memory.mjs
	@/usr/bin/python3 bench/stereo_opencv.py ../shared/data/stereo $(NATIVE)/stereo-peer
	@$(NATIVE)/bench/stereo_score ../shared/data/stereo --peer $(NATIVE)/stereo-peer
	@node bench/bench-person-page.mjs
	@node bench/bench-stereo.mjs
	@rm -rf $(NATIVE)/stereo-rectify && $(NATIVE)/bench/stereo_rectify_score --write $(NATIVE)/stereo-rectify ../shared/data/stereo
	@/usr/bin/python3 bench/stereo_rectify_opencv.py $(NATIVE)/stereo-rectify
	@$(NATIVE)/bench/stereo_rectify_score $(NATIVE)/stereo-rectify ../shared/data/stereo
	@$(MAKE) --no-print-directory size

# What the module holds per library and per folder of ours (web/tools/wasm-breakdown.mjs, from a
# measurement link with wasm-ld's map and the function names kept), then what the page downloads.
BROTLI_SIZE = node -e 'const z = require("zlib"), b = require("fs").readFileSync(process.argv[1]); console.log(z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length)'
size: wasm
	@cmake --build $(WASMB) --target pixel_avatar_core_sizes -j$(JOBS) >/dev/null
	@node web/tools/wasm-breakdown.mjs $(WASMB)/size/pixel-avatar-core.wasm $(WASMB)/size/link.map
	@printf '\nwasm module: %s bytes raw, %s bytes gzip -9, %s bytes gzip as make site serves it (Zopfli), %s bytes brotli -q 11 (goal: at most %s bytes gzip)\n' \
	  $$(stat -c %s $(WASM_OUT)) $$(gzip -9c $(WASM_OUT) | wc -c) $$(node web/tools/gzip-best.mjs $(WASM_OUT)) \
	  $$($(BROTLI_SIZE) $(WASM_OUT)) $$((480 * 1024))
	@printf 'JS glue: %s bytes raw, %s bytes gzip -9, %s bytes brotli -q 11\n' \
	  $$(stat -c %s web/lib/pixel-avatar-core.js) $$(gzip -9c web/lib/pixel-avatar-core.js | wc -c) \
	  $$($(BROTLI_SIZE) web/lib/pixel-avatar-core.js)
	@node web/tools/build-element.mjs --summary

site: wasm web
	@node web/tools/build-site.mjs build/site

clean:
	rm -rf build web/lib web/sample web/dist

distclean: clean
	rm -rf third_party/downloads third_party/src third_party/build third_party/install web/node_modules
