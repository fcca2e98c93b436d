// Depth JPEGs where the product runs: vase_portrait_disparity.jpg (iPhone X, 12 MP, Apple MPF)
// from bytes to avatar file in wasm (node, and headless Chromium in one page), against our native
// pipeline and against libjpeg-turbo with SIMD decoding the same primary at full size natively,
// all in this one run. The wasm pipeline decodes the photo at a quarter of its size (DCT scaling),
// which is what lets it beat a native full-size decode. Also the peak memory of the CLI.
// Pairs of single runs, ABBA (bench/abba.mjs); ratios are medians of pair ratios.
//   PAIRS=12 node bench/bench-jpeg.mjs      (CHROMIUM=0 skips the browser)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore, readShared } from '../wasm/test/load-core.mjs';
import { pairs, serving, timed } from './abba.mjs';
import { CoreSession } from '../web/decoder/core-session.js';
import { browserMissing, openPage, startBrowser } from '../web/test/helpers.mjs';

const PAIRS = Number(process.env.PAIRS ?? 12);
const relative = 'jpeg/vase_portrait_disparity.jpg';
const path = new URL(`../../shared/data/${relative}`, import.meta.url).pathname;
const bytes = await readShared(relative);
if (!bytes) {
  console.log(`bench-jpeg: SKIPPED, ../shared/data/${relative} is absent`);
  process.exit(0);
}

// Our native pipeline (bench_pipeline: "whole" is pipeline::convert; "full-decode" our patched
// libjpeg-turbo at full size), and the peer: Debian's unpatched libjpeg-turbo with SIMD decoding
// the primary at full size (bench/jpeg_decode_peer.c), what a native JPEG user starts from.
const bench = new URL('../build/native/bench/', import.meta.url).pathname;
const ours = await serving(`${bench}bench_pipeline`, [path, '--serve']);
const debian = await serving(`${bench}jpeg_decode_peer`, [path]);
const native = (what) => ours.run(what);
const peer = () => debian.run('decode');

const core = await loadCore();
const s = new CoreSession(core);
const files = [{ name: 'vase.jpg', bytes }];
const wasmWhole = () =>
  timed(() => {
    s.open(files);
    s.buildAvatar('');
  });

const vsNative = await pairs(PAIRS, () => native('whole'), wasmWhole);
const vsDecode = await pairs(PAIRS, peer, wasmWhole);
const oursDecode = await pairs(PAIRS, peer, () => native('full-decode'));

let chromium = null;
if (!browserMissing() && process.env.CHROMIUM !== '0') {
  const env = await startBrowser({ extraArgs: ['--js-flags=--expose-gc'] });
  const version = env.browser.version().split('.')[0];
  const { page } = await openPage(env.browser, `${env.server.url}bench-jpeg-blank`);
  await page.evaluate(async (base64) => {
    const { default: create } = await import('/lib/pixel-avatar-core.js');
    const { CoreSession } = await import('/decoder/core-session.js');
    const session = new CoreSession(await create());
    const photo = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    window.benchWhole = async () => {
      window.gc();
      await new Promise((resolve) => setTimeout(resolve, 40));
      const start = performance.now();
      session.open([{ name: 'vase.jpg', bytes: photo }]);
      session.buildAvatar('');
      return performance.now() - start;
    };
  }, Buffer.from(bytes).toString('base64'));
  for (let i = 0; i < 3; i++) await page.evaluate(() => window.benchWhole()); // tier up
  const inPage = () => page.evaluate(() => window.benchWhole());
  chromium = {
    version,
    vsNative: await pairs(PAIRS, () => native('whole'), inPage),
    vsDecode: await pairs(PAIRS, peer, inPage),
  };
  await env.close();
}
ours.stop();
debian.stop();
s.free();

// Peak memory of the CLI converting the file (GNU time's maximum resident set size).
const dir = mkdtempSync(join(tmpdir(), 'pxav-bench-'));
let peakMiB;
try {
  const cli = new URL('../build/native/bin/pixel-avatar', import.meta.url).pathname;
  peakMiB = peakResidentMiB(cli, ['convert', path, '-o', join(dir, 'vase.pxav'), '-q']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function peakResidentMiB(cli, args) {
  const text = execFileSync('bash', ['-c', `/usr/bin/time -f %M "$0" "$@" 2>&1 >/dev/null`, cli, ...args]).toString();
  return Number(text.trim().split('\n').pop()) / 1024;
}

const row = (name, ms, note = '') => console.log(`  ${name.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms  ${note}`);
const x = (r) => `${r.toFixed(2)}x`;
const both = (p) => `${x(p.ratio)} (fastest runs: ${x(p.best)})`;
console.log(
  `vase_portrait_disparity.jpg (3024x4032, MPF): ${PAIRS} ABBA pairs of single runs; medians, median of pair ratios`,
);
row('native: bytes -> avatar file', vsNative.a);
row('native: Debian libjpeg-turbo SIMD, full size', vsDecode.a, '(the peer: the primary to RGB)');
row(
  'native: our libjpeg-turbo SIMD, full size',
  oursDecode.b,
  `${both(oursDecode)} the peer (patched: fast Huffman path with restarts)`,
);
row(
  'wasm (node): bytes -> avatar file',
  vsNative.b,
  `${both(vsNative)} native pipeline; ${both(vsDecode)} the native full decode (goal < 1x)`,
);
if (chromium) {
  row(
    `wasm (Chromium ${chromium.version}): bytes -> avatar file`,
    chromium.vsNative.b,
    `${both(chromium.vsNative)} native pipeline (goal <= 1.3x); ${both(chromium.vsDecode)} the native full decode (goal < 1x)`,
  );
}
console.log(`  peak RSS of pixel-avatar convert: ${peakMiB?.toFixed(1)} MiB (goal <= 40 MB)`);
