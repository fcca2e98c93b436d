// Wasm (node, SIMD) against the native build of the same code and against libheif-js (npm,
// libheif 1.19.8 compiled by its authors), all measured in this one run on pug.heic.
// Prints medians and ratios; the goals from the issues are printed beside them. Not a test.
//
// This machine is shared and its speed drifts by 20-40% within seconds, so contenders are
// measured in pairs of single runs, back to back, the order flipping every pair (ABBA), and
// each ratio is the median of the per-pair ratios: a slow spell then hits both sides of a pair.
// The native side is a long-lived bench_pipeline --serve process that times one run per request.
//   PAIRS=12 node bench/bench-wasm.mjs      (VERBOSE=1 also prints every pair's two times)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadCore, readShared } from '../wasm/test/load-core.mjs';
import { pairs, serving, timed } from './abba.mjs';
import { decodeToRgba } from '../web/bench/libheif-rgba.js';
import { addColourParts, CoreSession, openInParts } from '../web/decoder/core-session.js';
import { browserMissing, openPage, startBrowser } from '../web/test/helpers.mjs';

const PAIRS = Number(process.env.PAIRS ?? 12);
const bytes = await readShared('real/pug.heic');
if (!bytes) {
  console.log('bench-wasm: SKIPPED, ../shared/data/real/pug.heic is absent');
  process.exit(0);
}

// A full garbage collection before every timed run (bench/abba.mjs): libheif-js leaves a 48 MB
// RGBA frame per decode behind, and V8 collecting it (on its background threads too, on a 2-core
// machine) during whoever runs next would charge one contender for another's garbage.

// ---- the contenders ------------------------------------------------------------------------------

// Native: one run per request line, answered with its milliseconds.
const nativeBin = new URL('../build/native/bench/bench_pipeline', import.meta.url).pathname;
const server = await serving(nativeBin, [
  new URL('../../shared/data/real/pug.heic', import.meta.url).pathname,
  '--serve',
]);
const native = (what) => server.run(what);

// Our wasm, one thread.
const core = await loadCore();
const s = new CoreSession(core);
const files = [{ name: 'pug.heic', bytes }];
s.open(files);
const heapAfterDecode = core.HEAPU8.byteLength;
const avatarBytes = s.buildAvatar('').avatar.length;
const wasm = {
  points: () => {
    s.open(files);
    s.makePoints();
  },
  quantise: () => s.buildAvatar(''),
  whole: () => {
    s.open(files);
    s.buildAvatar('');
  },
};

// libheif-js: decode the primary image to RGBA, the step its users need before anything else.
const require = createRequire(import.meta.url);
const libheif = require(new URL('../web/node_modules/libheif-js/wasm-bundle.js', import.meta.url).pathname);
const peerDecode = () => decodeToRgba(libheif, bytes);

// ---- single thread everywhere -------------------------------------------------------------------

const wasmTime = (what) => () => timed(wasm[what]);
const nativeTime = (what) => () => native(what);
const points = await pairs(PAIRS, nativeTime('points'), wasmTime('points'));
const quantise = await pairs(PAIRS * 4, nativeTime('quantise'), wasmTime('quantise'));
const whole = await pairs(PAIRS, nativeTime('whole'), wasmTime('whole'));
const peer = await pairs(PAIRS, wasmTime('points'), () => timed(peerDecode));

// ---- the same module in Chromium ----------------------------------------------------------------
// The product runs in browsers, whose V8 is newer than this node's and compiles wasm differently.
// Same pairs against native, and against libheif-js in the same page; the page is the static
// server's 404 page, which gives both modules the server's origin without any page script of
// ours around them. Each timed run follows a full collection, as in node. CHROMIUM=0 skips this.
let inChromium = null;
let quantiseInChromium = null;
let peerInChromium = null;
let chromiumVersion = '';
if (!browserMissing() && process.env.CHROMIUM !== '0') {
  const env = await startBrowser({ extraArgs: ['--js-flags=--expose-gc'] });
  chromiumVersion = env.browser.version();
  const { page } = await openPage(env.browser, `${env.server.url}bench-wasm-blank`);
  await page.evaluate(async (base64) => {
    const { default: create } = await import('/lib/pixel-avatar-core.js');
    const { CoreSession } = await import('/decoder/core-session.js');
    const { default: createLibheif } = await import('/node_modules/libheif-js/libheif-wasm/libheif-bundle.mjs');
    const { decodeToRgba } = await import('/bench/libheif-rgba.js');
    const session = new CoreSession(await create());
    const libheif = createLibheif();
    const photo = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const timed = async (work) => {
      window.gc();
      await new Promise((resolve) => setTimeout(resolve, 40));
      const start = performance.now();
      await work();
      return performance.now() - start;
    };
    window.benchPoints = () =>
      timed(() => {
        session.open([{ name: 'pug.heic', bytes: photo }]);
        session.makePoints();
      });
    window.benchPeer = () => timed(() => decodeToRgba(libheif, photo));
    // The quantisation (the subject cut, grid, palette, layers) of the photo the page opened last.
    window.benchQuantise = () => {
      session.open([{ name: 'pug.heic', bytes: photo }]);
      return timed(() => session.buildAvatar(''));
    };
  }, Buffer.from(bytes).toString('base64'));
  // Chromium compiles each function with its baseline compiler first and optimises it only after
  // it has run a while; a few runs let the hot functions reach their optimised code.
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.benchPoints());
  for (let i = 0; i < 2; i++) await page.evaluate(() => window.benchPeer());
  inChromium = await pairs(PAIRS, nativeTime('points'), () => page.evaluate(() => window.benchPoints()));
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.benchQuantise());
  quantiseInChromium = await pairs(PAIRS * 2, nativeTime('quantise'), () =>
    page.evaluate(() => window.benchQuantise()),
  );
  peerInChromium = await pairs(
    PAIRS,
    () => page.evaluate(() => window.benchPoints()),
    () => page.evaluate(() => window.benchPeer()),
  );
  await env.close();
}
server.stop();

// ---- the page's way on a multi-core machine -----------------------------------------------------
// The depth opens here while worker threads, one wasm instance each, decode the colour tiles in
// parts, as web/decoder/colour-pool.js does (the page sizes its pool to the cores less one, for
// the page itself, at most 4; here all cores, at most 4, so a 2-core machine shows the split); the parts add up to exactly the single-thread colour,
// which is checked once. Started only now: idle worker isolates still compile and tier up their
// wasm in the background, which would slow the single-thread figures.
const THREADS = Math.min(availableParallelism(), 4);
const threads = await Promise.all(
  Array.from(
    { length: THREADS },
    () =>
      new Promise((resolve, reject) => {
        const worker = new Worker(new URL('./colour-part-thread.mjs', import.meta.url));
        worker.once('message', () => resolve(worker));
        worker.once('error', reject);
      }),
  ),
);
let nextJob = 1;
function decodePart(worker, job) {
  return new Promise((resolve, reject) => {
    const id = nextJob++;
    const listen = (reply) => {
      if (reply.id !== id) return;
      worker.off('message', listen);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply);
    };
    worker.on('message', listen);
    worker.postMessage({ ...job, id });
  });
}
const split = new CoreSession(core);
const inThreadsParts = async ({ options, width, height, maxParts }) => {
  const parts = Math.min(maxParts, THREADS);
  const shares = await Promise.all(
    threads.slice(0, parts).map((worker, part) => decodePart(worker, { files, options, width, height, part, parts })),
  );
  return shares.reduce(addColourParts);
};
async function pointsInThreads() {
  await openInParts(split, files, {}, inThreadsParts);
  return split.makePoints();
}
{
  const alone = (s.open(files), s.makePoints());
  const shared = await pointsInThreads();
  if (
    Buffer.compare(Buffer.from(alone.rgb.buffer), Buffer.from(shared.rgb.buffer)) !== 0 ||
    Buffer.compare(Buffer.from(alone.xyz.buffer), Buffer.from(shared.xyz.buffer)) !== 0
  ) {
    throw new Error('bench-wasm: the colour decoded in parts differs from the single-thread colour');
  }
}
const inThreads = await pairs(
  PAIRS,
  () => timed(pointsInThreads),
  () => timed(peerDecode),
);
s.free();
split.free();
await Promise.all(threads.map((worker) => worker.terminate()));

// ---- report -------------------------------------------------------------------------------------

const wasmFile = await readFile(new URL('../web/lib/pixel-avatar-core.wasm', import.meta.url));
const row = (name, ms, note = '') => console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms  ${note}`);
const x = (r) => `${r.toFixed(2)}x`;
const both = (p) => `${x(p.ratio)} (fastest runs: ${x(p.best)})`;
console.log(
  `pug.heic: ${PAIRS} ABBA pairs of single runs per line (quantise: ${PAIRS * 4}); median times, median of pair ratios`,
);
row('native: bytes -> metric point set', points.a);
row('wasm:   bytes -> metric point set', points.b, `${both(points)} native (goal <= 1.2x)`);
if (inChromium) {
  row(
    `wasm in Chromium ${chromiumVersion.split('.')[0]}: -> point set`,
    inChromium.b,
    `${both(inChromium)} native (same runs' native: ${inChromium.a.toFixed(1)} ms)`,
  );
}
row('libheif-js: primary image -> RGBA', peer.b, `${both(peer)} our wasm pipeline, 1 thread (goal >= 2x)`);
if (peerInChromium) {
  row(
    `libheif-js in Chromium ${chromiumVersion.split('.')[0]}: -> RGBA`,
    peerInChromium.b,
    `${both(peerInChromium)} our pipeline there, 1 thread (ours: ${peerInChromium.a.toFixed(1)} ms)`,
  );
}
row(`wasm, colour in ${THREADS} threads: -> point set`, inThreads.a, `libheif-js ${both(inThreads)} this`);
row('native: quantise 768x576 at defaults', quantise.a);
row('wasm:   quantise 768x576 at defaults', quantise.b, `${both(quantise)} native (goal <= 1.3x)`);
if (quantiseInChromium) {
  row(
    `wasm in Chromium ${chromiumVersion.split('.')[0]}: quantise`,
    quantiseInChromium.b,
    `${both(quantiseInChromium)} native (goal <= 1.3x; same runs' native: ${quantiseInChromium.a.toFixed(1)} ms)`,
  );
}
row('native: bytes -> avatar file', whole.a);
row('wasm:   bytes -> avatar file', whole.b, `${both(whole)} native`);
console.log(`  avatar file at defaults: ${avatarBytes} bytes (goal <= 8192); wasm module ${wasmFile.length} bytes`);
console.log(
  `  wasm heap after decoding pug.heic: ${(heapAfterDecode / 2 ** 20).toFixed(1)} MiB (never shrinks; tile by tile, the RGB frame alone would be 34.9 MiB)`,
);
