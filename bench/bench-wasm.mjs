// Wasm (node, SIMD) against the native build of the same code and against libheif-js (npm,
// libheif 1.19.8 compiled by its authors), all measured in this one run on pug.heic.
// Prints medians and ratios; the goals from the issues are printed beside them. Not a test.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadCore, readShared } from '../wasm/test/load-core.mjs';
import { CoreSession } from '../web/decoder/core-session.js';

// Rounds interleave the three contenders, so a slow spell of this shared machine hits them all;
// each figure is the median over rounds of the round's minimum, and each ratio the median of the
// per-round ratios.
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const RUNS = Number(process.env.RUNS ?? 3);
const bytes = await readShared('real/pug.heic');
if (!bytes) {
  console.log('bench-wasm: SKIPPED, ../shared/data/real/pug.heic is absent');
  process.exit(0);
}

// Minimum of timed runs after one warm-up (async work allowed).
async function fastest(runs, work) {
  await work();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await work();
    best = Math.min(best, performance.now() - a);
  }
  return best;
}
const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];

const nativeBin = new URL('../build/native/bench/bench_pipeline', import.meta.url).pathname;
const core = await loadCore();
const s = new CoreSession(core);
s.openHeic(bytes);
const heapAfterDecode = core.HEAPU8.byteLength;
const avatarBytes = s.buildAvatar('').avatar.length;

// libheif-js: decode the primary image to RGBA, the step its users need before anything else.
// Its display() finishes in a setTimeout, so it is timed asynchronously.
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

const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  // Native: the single-threaded build of the same C++, in its own process; [median, min] pairs.
  const n = JSON.parse(execFileSync(nativeBin, ['--json', '--runs', String(RUNS)], { encoding: 'utf8' }));
  rounds.push({
    nativePoints: n.toPoints[1], nativeQuantise: n.quantise[1], nativeWhole: n.whole[1],
    wasmPoints: await fastest(RUNS, () => { s.openHeic(bytes); s.makePoints(); }),
    wasmQuantise: (s.openHeic(bytes), await fastest(RUNS * 4, () => s.buildAvatar(''))),
    wasmWhole: await fastest(RUNS, () => { s.openHeic(bytes); s.buildAvatar(''); }),
    peer: await fastest(RUNS, peerDecode),
  });
}
s.free();
const fig = (key) => median(rounds.map((r) => r[key]));
const ratio = (a, b) => median(rounds.map((r) => r[a] / r[b]));

const wasmFile = await readFile(new URL('../web/lib/pixel-avatar-core.wasm', import.meta.url));
const row = (name, ms, note = '') => console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms  ${note}`);
console.log(`pug.heic, ${ROUNDS} interleaved rounds of ${RUNS} runs, one thread everywhere`);
console.log('(figures: median over rounds of each round\'s fastest run; ratios: median of per-round ratios)');
row('native: bytes -> metric point set', fig('nativePoints'));
row('wasm:   bytes -> metric point set', fig('wasmPoints'), `${ratio('wasmPoints', 'nativePoints').toFixed(2)}x native (goal <= 1.2x)`);
row('libheif-js: primary image -> RGBA', fig('peer'), `${ratio('peer', 'wasmPoints').toFixed(2)}x our wasm pipeline (goal >= 2x)`);
row('native: quantise 768x576 at defaults', fig('nativeQuantise'));
row('wasm:   quantise 768x576 at defaults', fig('wasmQuantise'), `${ratio('wasmQuantise', 'nativeQuantise').toFixed(2)}x native (goal <= 1.3x)`);
row('native: bytes -> avatar file', fig('nativeWhole'));
row('wasm:   bytes -> avatar file', fig('wasmWhole'), `${ratio('wasmWhole', 'nativeWhole').toFixed(2)}x native`);
console.log(`  avatar file at defaults: ${avatarBytes} bytes (goal <= 8192); wasm module ${wasmFile.length} bytes`);
console.log(`  wasm heap after decoding pug.heic: ${(heapAfterDecode / 2 ** 20).toFixed(1)} MiB (never shrinks; tile by tile, the RGB frame alone would be 34.9 MiB)`);
