// Wasm (node, SIMD) against the native build of the same code and against libheif-js (npm,
// libheif 1.19.8 compiled by its authors), all measured in this one run on pug.heic.
// Prints medians and ratios; the goals from the issues are printed beside them. Not a test.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadCore, readShared } from '../wasm/test/load-core.mjs';
import { CoreSession } from '../web/decoder/core-session.js';

const RUNS = Number(process.env.RUNS ?? 11);
const bytes = await readShared('real/pug.heic');
if (!bytes) {
  console.log('bench-wasm: SKIPPED, ../shared/data/real/pug.heic is absent');
  process.exit(0);
}

// [median, min] of timed runs after one warm-up (async work allowed). On a shared 2-core machine
// the minimum is the steadier figure of the work itself.
async function timing(runs, work) {
  await work();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await work();
    t.push(performance.now() - a);
  }
  t.sort((x, y) => x - y);
  return [t[t.length >> 1], t[0]];
}

// Native first, in its own process (single-threaded build of the same C++).
const nativeBin = new URL('../build/native/bench/bench_pipeline', import.meta.url).pathname;
const native = JSON.parse(execFileSync(nativeBin, ['--json', '--runs', String(RUNS)], { encoding: 'utf8' }));

const core = await loadCore();
const s = new CoreSession(core);
const toPoints = await timing(RUNS, () => { s.openHeic(bytes); s.makePoints(); });
s.openHeic(bytes);
const heapAfterDecode = core.HEAPU8.byteLength;
const quantise = await timing(RUNS * 4, () => s.buildAvatar(''));
const whole = await timing(RUNS, () => { s.openHeic(bytes); s.buildAvatar(''); });
const avatarBytes = s.buildAvatar('').avatar.length;
s.free();

// libheif-js: decode the primary image to RGBA, the step its users need before anything else.
// Its display() finishes in a setTimeout, so this one is timed asynchronously.
const require = createRequire(import.meta.url);
const libheif = require(new URL('../web/node_modules/libheif-js/wasm-bundle.js', import.meta.url).pathname);
function peerDecode() {
  const decoder = new libheif.HeifDecoder();
  const [image] = decoder.decode(bytes);
  const w = image.get_width(), h = image.get_height();
  const target = { data: new Uint8ClampedArray(w * h * 4), width: w, height: h };
  return new Promise((resolve, reject) => image.display(target, (result) => {
    image.free();
    if (result) resolve(); else reject(new Error('libheif-js failed to decode pug.heic'));
  }));
}
const peer = await timing(RUNS, peerDecode);

const wasmFile = await readFile(new URL('../web/lib/pixel-avatar-core.wasm', import.meta.url));
const fmt = ([median, min]) => `${median.toFixed(1).padStart(8)} ${min.toFixed(1).padStart(8)} ms`;
const ratio = (a, b) => `${(a[0] / b[0]).toFixed(2)}x / ${(a[1] / b[1]).toFixed(2)}x`;
const row = (name, t, note = '') => console.log(`  ${name.padEnd(40)} ${fmt(t)}  ${note}`);
console.log(`pug.heic, ${RUNS} runs after a warm-up, one thread everywhere; ratios of medians / of minima`);
console.log(`  ${''.padEnd(40)}   median      min`);
row('native: bytes -> metric point set', native.toPoints);
row('wasm:   bytes -> metric point set', toPoints, `${ratio(toPoints, native.toPoints)} native (goal <= 1.2x)`);
row('libheif-js: primary image -> RGBA', peer, `${ratio(peer, toPoints)} our wasm pipeline (goal >= 2x)`);
row('native: quantise 768x576 at defaults', native.quantise);
row('wasm:   quantise 768x576 at defaults', quantise, `${ratio(quantise, native.quantise)} native (goal <= 1.3x)`);
row('native: bytes -> avatar file', native.whole);
row('wasm:   bytes -> avatar file', whole, `${ratio(whole, native.whole)} native`);
console.log(`  avatar file at defaults: ${avatarBytes} bytes (goal <= 8192); wasm module ${wasmFile.length} bytes`);
console.log(`  wasm heap after decoding pug.heic: ${(heapAfterDecode / 2 ** 20).toFixed(1)} MiB (never shrinks; tile by tile, the RGB frame alone would be 34.9 MiB)`);
