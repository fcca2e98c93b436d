#!/usr/bin/env node
// Benchmark (not a test): how long the preview page takes from a dropped photo to the first
// frame of its avatar, with the colour decoded by one worker (?workers=1) and by the pool
// (one worker per core, at most 4). Median of 3 fresh page loads each, in headless Chromium.
//
// Two cases, because browsers compile wasm lazily and optimise hot functions while they run:
//   cold: the first photo on a page that decoded nothing yet (the built-in sample is withheld);
//   warm: a photo dropped after the page decoded its sample, which is what visitors see.
// The pages run with prefers-reduced-motion, so the sample avatar's idle animation (software
// WebGL here, far slower than a GPU) does not compete with the decoding for the cores.
//
//   node web/bench/preview-time.mjs
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { browserMissing, openPage, startBrowser } from '../test/helpers.mjs';

const RUNS = 3;
const PUG = new URL('../../../shared/data/real/pug.heic', import.meta.url);
const SAMPLE = new URL('../sample/sample.heic', import.meta.url);
// The page sizes its pool from navigator.hardwareConcurrency, which is this machine's core count.
const POOL = Math.min(availableParallelism(), 4);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Drops `bytes` on the page's dropzone as `name`; resolves with the milliseconds from the drop
// to the first frame the avatar element draws with the new avatar.
async function dropToFirstFrame(page, bytes, name) {
  const file = await page.evaluateHandle(
    ([base64, fileName]) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName, { type: 'image/heic' }));
      return transfer;
    },
    [Buffer.from(bytes).toString('base64'), name],
  );
  return page.evaluate(
    (dataTransfer) =>
      new Promise((resolve, reject) => {
        const avatar = document.getElementById('avatar');
        const status = document.getElementById('status');
        // The element fires "load" when it has the new avatar; its next drawn frame is the first.
        avatar.addEventListener(
          'load',
          () => {
            const frames = avatar.frameCount;
            const poll = () =>
              avatar.frameCount > frames ? resolve(performance.now() - start) : requestAnimationFrame(poll);
            poll();
          },
          { once: true },
        );
        new MutationObserver(() => {
          if (status.dataset.state === 'error') reject(new Error(document.getElementById('error').textContent));
        }).observe(status, { attributes: true });
        const start = performance.now();
        document
          .getElementById('dropzone')
          .dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
      }),
    file,
  );
}

async function measure(browser, url, workers, bytes, name, { warm }) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const { page, errors } = await openPage(browser, null, {
      viewport: { width: 1280, height: 800 },
      reducedMotion: 'reduce',
    });
    if (!warm) await page.route('**/sample/sample.heic', (route) => route.fulfill({ status: 404 }));
    await page.goto(`${url}preview/?workers=${workers}`);
    // Settled: the decoder said hello, and the sample (if any) is open.
    await page.waitForFunction(
      () => ['idle', 'ready', 'error'].includes(document.getElementById('status').dataset.state),
      null,
      { timeout: 120_000 },
    );
    // The pool the page asks for (data-pool-size, there from the start), and after the photo the
    // workers that decoded it (data-workers; both photos timed here are stored in tiles).
    const asked = await page.$eval('#status', (el) => Number(el.dataset.poolSize));
    if (asked !== workers) throw new Error(`asked for ${workers} workers, the page asks for ${asked}`);
    times.push(await dropToFirstFrame(page, bytes, name));
    const used = await page.$eval('#status', (el) => Number(el.dataset.workers));
    if (used !== workers) throw new Error(`asked for ${workers} workers, ${used} decoded ${name}`);
    const unexpected = errors.filter((e) => !/404/.test(e));
    if (unexpected.length) console.error(unexpected.join('\n'));
    await page.close();
  }
  return times;
}

const why = browserMissing();
if (why) {
  console.log(`preview time skipped: ${why}`);
  process.exit(0);
}
let photo = PUG;
if (!existsSync(PUG)) {
  console.log(`note: ${fileURLToPath(PUG)} is absent; timing web/sample/sample.heic instead (a smaller photo)`);
  photo = SAMPLE;
}
const name = fileURLToPath(photo).split(/[\\/]/).pop();
const bytes = readFileSync(photo);

const hasSample = existsSync(SAMPLE);
const { server, browser, close } = await startBrowser();
try {
  const row = (label, times) =>
    console.log(
      `| ${label.padEnd(28)} | ${times.map((t) => t.toFixed(0).padStart(5)).join(' ')} | ${median(times).toFixed(0).padStart(6)} |`,
    );
  console.log(
    `\nPreview page, ${name} dropped -> first avatar frame (headless Chromium, ${availableParallelism()} cores)`,
  );
  console.log('| decoding                     | runs (ms)         | median |');
  console.log('|------------------------------|------------------:|-------:|');
  const ratios = [];
  for (const warm of hasSample ? [false, true] : [false]) {
    const single = await measure(browser, server.url, 1, bytes, name, { warm });
    row(`${warm ? 'warm' : 'cold'}, 1 worker`, single);
    if (POOL < 2) continue;
    const pooled = await measure(browser, server.url, POOL, bytes, name, { warm });
    row(`${warm ? 'warm' : 'cold'}, pool of ${POOL} workers`, pooled);
    ratios.push(`${warm ? 'warm' : 'cold'} ${(median(single) / median(pooled)).toFixed(2)}x`);
  }
  if (!hasSample)
    console.log('no web/sample/sample.heic: the warm case needs it (node web/tools/make-sample-avatars.mjs)');
  console.log(
    POOL < 2 ? 'one core: the page uses no pool here' : `speed-up, median 1 worker / median pool: ${ratios.join(', ')}`,
  );
} finally {
  await close();
}
