// Wasm (node, SIMD) against the native build of the same code and against libheif-js (npm,
// libheif 1.19.8 compiled by its authors), all measured in this one run on pug.heic.
// Prints medians and ratios; the goals from the issues are printed beside them. Not a test.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadCore, readShared } from '../wasm/test/load-core.mjs';
import { CoreSession } from '../web/decoder/core-session.js';

const RUNS = Number(process.env.RUNS ?? 5);
const bytes = await readShared('real/pug.heic');
if (!bytes) {
  console.log('bench-wasm: SKIPPED, ../shared/data/real/pug.heic is absent');
  process.exit(0);
}

function median(runs, work) {
  work();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    work();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  return t[t.length >> 1];
}

// Native first, in its own process (single-threaded build of the same C++).
const nativeBin = new URL('../build/native/bench/bench_pipeline', import.meta.url).pathname;
const native = JSON.parse(execFileSync(nativeBin, ['--json', '--runs', String(RUNS)], { encoding: 'utf8' }));

const core = await loadCore();
const s = new CoreSession(core);
const toPoints = median(RUNS, () => { s.openHeic(bytes); s.makePoints(); });
s.openHeic(bytes);
const heapAfterDecode = core.HEAPU8.byteLength;
const quantise = median(RUNS * 4, () => s.buildAvatar(''));
const whole = median(RUNS, () => { s.openHeic(bytes); s.buildAvatar(''); });
const avatarBytes = s.buildAvatar('').avatar.length;
s.free();

// libheif-js: decode the primary image to RGBA, the step its users need before anything else.
const require = createRequire(import.meta.url);
const libheif = require(new URL('../web/node_modules/libheif-js/wasm-bundle.js', import.meta.url).pathname);
const peer = median(RUNS, () => {
  const decoder = new libheif.HeifDecoder();
  const [image] = decoder.decode(bytes);
  const w = image.get_width(), h = image.get_height();
  const target = { data: new Uint8ClampedArray(w * h * 4), width: w, height: h };
  let done = false;
  image.display(target, (result) => { done = result !== null; });
  if (!done) throw new Error('libheif-js failed to decode pug.heic');
  image.free();
});

const wasmFile = await readFile(new URL('../web/lib/pixel-avatar-core.wasm', import.meta.url));
const row = (name, ms, note = '') => console.log(`  ${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${note}`);
console.log(`pug.heic, median of ${RUNS} runs (one warm-up), one thread everywhere`);
row('native: bytes -> metric point set', native.toPointsMs);
row('wasm:   bytes -> metric point set', toPoints,
  `${(toPoints / native.toPointsMs).toFixed(2)}x native (goal <= 1.2x)`);
row('libheif-js: primary image -> RGBA', peer,
  `wasm pipeline is ${(peer / toPoints).toFixed(2)}x faster (goal >= 2x)`);
row('native: quantise 768x576 at defaults', native.quantiseMs);
row('wasm:   quantise 768x576 at defaults', quantise,
  `${(quantise / native.quantiseMs).toFixed(2)}x native (goal <= 1.3x)`);
row('native: bytes -> avatar file', native.wholeMs);
row('wasm:   bytes -> avatar file', whole, `${(whole / native.wholeMs).toFixed(2)}x native`);
console.log(`  avatar file at defaults: ${avatarBytes} bytes (goal <= 8192); wasm module ${wasmFile.length} bytes`);
console.log(`  wasm heap after decoding pug.heic: ${(heapAfterDecode / 2 ** 20).toFixed(1)} MiB (tile by tile; the RGB frame alone would be 34.9 MiB)`);
