#!/usr/bin/env node
// Benchmark (not a test): the wasm heap a photo needs, in headless Chromium. For each photo, a
// fresh instance of the core (lib/pixel-avatar-core.wasm, as the preview's decode worker makes
// it) opens the photo as one worker does (the whole colour in this instance, the page's 64 MP
// limit) and builds the avatar with the page's defaults; a wasm memory only grows, so its size
// after each step is the peak so far. Printed with the module's maximum (-sMAXIMUM_MEMORY in
// CMakeLists.txt).
//
//   node web/bench/memory.mjs
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserMissing, startBrowser } from '../test/helpers.mjs';

const SHARED = new URL('../../../shared/data/', import.meta.url);
const PHOTOS = [
  ['real/pug.heic', '12 MP HEIC (4032x3024, 48 tiles)'],
  ['jpeg/vase_portrait_disparity.jpg', '12 MP JPEG (3024x4032, Apple MPF)'],
  ['real/spatial_photo.heic', 'spatial photo (two 2560x2560 views)'],
]
  .map(([path, what]) => ({ url: new URL(path, SHARED), what }))
  .filter(({ url }) => existsSync(url));

const why = browserMissing();
if (why || PHOTOS.length === 0) {
  console.log(`memory skipped: ${why ?? 'no photos in ../shared/data'}`);
  process.exit(0);
}

const MB = 1024 * 1024;
const { server, browser, close } = await startBrowser();
try {
  const page = await browser.newPage();
  await page.route('**/__photo/**', (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/__photo/')[1]);
    route.fulfill({ body: readFileSync(new URL(name, SHARED)), contentType: 'application/octet-stream' });
  });
  // Any page of the site will do: the modules are imported from it, same origin.
  await page.goto(server.url + 'embed/one-file.html');
  const rows = [];
  for (const { url, what } of PHOTOS) {
    const path = fileURLToPath(url).slice(fileURLToPath(SHARED).length);
    const result = await page.evaluate(async (file) => {
      const { compileCore, instantiateCore } = await import('/decoder/core-module.js');
      const { CoreSession } = await import('/decoder/core-session.js');
      const wasm = await compileCore();
      const core = await instantiateCore(wasm);
      const heap = () => core.HEAPU8.buffer.byteLength;
      const start = heap();
      const bytes = await (await fetch(`/__photo/${encodeURIComponent(file)}`)).arrayBuffer();
      const session = new CoreSession(core);
      const t0 = performance.now();
      session.open([{ name: file.split('/').pop(), bytes }], { maxPixels: 64e6 });
      const opened = heap();
      session.buildAvatar('');
      const built = heap();
      const ms = performance.now() - t0;
      session.free();
      return { start, opened, built, ms };
    }, path);
    rows.push({ file: path.split('/').pop(), what, ...result });
  }
  console.log('\nWasm heap per photo (fresh core each; memory only grows, so "after" = peak), headless Chromium');
  console.log(
    '| photo                           | what                                   | start    | after open | after build |',
  );
  console.log(
    '|---------------------------------|----------------------------------------|---------:|-----------:|------------:|',
  );
  for (const r of rows) {
    console.log(
      `| ${r.file.padEnd(31)} | ${r.what.padEnd(38)} | ${(r.start / MB).toFixed(1).padStart(5)} MB | ${(r.opened / MB).toFixed(1).padStart(7)} MB | ${(r.built / MB).toFixed(1).padStart(8)} MB |`,
    );
  }
  const cmake = readFileSync(new URL('../../CMakeLists.txt', import.meta.url), 'utf8');
  const declared = /-sMAXIMUM_MEMORY=(\d+)/.exec(cmake)?.[1];
  const initial = /-sINITIAL_MEMORY=(\d+)/.exec(cmake)?.[1];
  console.log(
    `module memory (CMakeLists.txt): initial ${initial ? `${Number(initial) / MB} MB` : '?'}, maximum ${declared ? `${Number(declared) / MB} MB` : 'not found'}`,
  );
} finally {
  await close();
}
