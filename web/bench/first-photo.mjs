#!/usr/bin/env node
// Benchmark (not a test): the preview page's first photo in each engine, from the file chosen (the
// file input's change event) to the first frame the avatar element draws with its avatar, timed
// in the page (performance.now()); also to the element's load event (the avatar decoded and built
// in the worker, parsed by the element), so the decoding and the drawing can be told apart. For pug.heic (a 12 MP HEIC stored as 48 tiles) and the vase
// portrait JPEG (12 MP, Apple MPF), in Chromium (headless, playwright-core), Firefox ESR and WebKitGTK's
// MiniBrowser (headful on Xvfb: web/test/engines.mjs). Each run is a fresh page that has opened
// its built-in sample first, as a visitor's page does (the wasm module compiled, the decoder
// warm); the page's own pool size; prefers-reduced-motion, so the sample's idle animation
// (software WebGL here) does not compete for the cores. Median of RUNS runs, and its ratio to
// Chromium's median measured in the same run.
//
//   node web/bench/first-photo.mjs            (PXAV_ENGINES=chromium,firefox to choose engines)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../serve.mjs';
import { ENGINE_NAMES, engineMissing, launchEngine, selectedEngines } from '../test/engines.mjs';

const RUNS = Number(process.env.RUNS) || 3;
const SHARED = new URL('../../../shared/data/', import.meta.url);
const PHOTOS = [new URL('real/pug.heic', SHARED), new URL('jpeg/vase_portrait_disparity.jpg', SHARED)];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// In the page, before the file is set: records the change event's time, and resolves
// window.__firstPhoto with the milliseconds to the avatar's first frame after its load event.
function armTimer() {
  const avatar = document.getElementById('avatar');
  const status = document.getElementById('status');
  window.__firstPhoto = new Promise((resolve, reject) => {
    let chosen = 0;
    document.addEventListener(
      'change',
      () => {
        chosen = performance.now();
      },
      { capture: true, once: true },
    );
    avatar.addEventListener(
      'load',
      () => {
        const loaded = performance.now() - chosen;
        const frames = avatar.frameCount;
        const poll = () =>
          avatar.frameCount > frames
            ? resolve({ ms: performance.now() - chosen, loaded })
            : requestAnimationFrame(poll);
        poll();
      },
      { once: true },
    );
    new MutationObserver(() => {
      if (status.dataset.state === 'error') reject(new Error(document.getElementById('error').textContent));
    }).observe(status, { attributes: true });
  });
}

async function firstPhoto(browser, url, path) {
  const page = await browser.newPage({ width: 1280, height: 900 });
  try {
    await page.goto(`${url}preview/`);
    await page.waitFor(
      () => ['idle', 'ready', 'error'].includes(document.getElementById('status')?.dataset.state),
      null,
      { timeout: 120_000, what: 'the page to settle' },
    );
    await page.evaluate(armTimer);
    await page.setFiles('#file', [path]);
    return await page.waitFor(
      () =>
        window.__firstPhoto.then(
          (times) => times,
          (error) => ({ error: error.message }),
        ),
      null,
      { timeout: 300_000, what: 'the first avatar frame' },
    );
  } finally {
    await page.close();
  }
}

const photos = PHOTOS.filter((url) => existsSync(url));
if (photos.length === 0) {
  console.log(`first photo per engine skipped: ${fileURLToPath(SHARED)} has neither pug.heic nor the vase JPEG`);
  process.exit(0);
}
const engines = selectedEngines(['chromium', 'firefox', 'webkit']);
const server = await startServer({ port: 0 });
const results = new Map(); // engine -> [median per photo]
const versions = [];
try {
  for (const engine of engines) {
    const missing = engineMissing(engine);
    if (missing) {
      console.log(`${ENGINE_NAMES[engine]} skipped: ${missing}`);
      continue;
    }
    const browser = await launchEngine(engine, { reducedMotion: true });
    versions.push(browser.version);
    try {
      const medians = [];
      for (const url of photos) {
        const times = [];
        for (let run = 0; run < RUNS; run++) {
          const result = await firstPhoto(browser, server.url, fileURLToPath(url));
          if (result.error) throw new Error(`${engine}, ${url.pathname}: ${result.error}`);
          times.push(result);
        }
        medians.push({
          times: times.map((t) => t.ms),
          median: median(times.map((t) => t.ms)),
          loaded: median(times.map((t) => t.loaded)),
        });
      }
      results.set(engine, medians);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}

const names = photos.map((url) => fileURLToPath(url).split('/').pop());
console.log(
  `\nPreview page, first photo: file chosen -> first avatar frame, median of ${RUNS} runs, ratio to Chromium's median`,
);
console.log(`(${versions.join('; ')}; software WebGL; Firefox and WebKit headful on Xvfb)`);
console.log('| engine   | photo                       | median ms | to Chromium | of it, to load event | runs (ms)');
console.log('|----------|-----------------------------|----------:|------------:|---------------------:|----------');
const chromium = results.get('chromium');
for (const [engine, medians] of results) {
  medians.forEach(({ times, median: m, loaded }, i) => {
    const ratio = chromium ? `${(m / chromium[i].median).toFixed(2)}x` : '-';
    console.log(
      `| ${ENGINE_NAMES[engine].padEnd(8)} | ${names[i].padEnd(27)} | ${m.toFixed(0).padStart(9)} | ${ratio.padStart(11)} | ${loaded.toFixed(0).padStart(20)} | ${times.map((t) => t.toFixed(0)).join(' ')}`,
    );
  });
}
