#!/usr/bin/env node
// Benchmark (not a test): the JS cost of one animation frame with 10k and 60k cells, and the
// embed payload. The per-frame JS time must not grow with the cell count: all per-cell motion
// is in the vertex shader. Headless Chromium renders with SwiftShader (software), so frames are
// slow; the figure that matters is the JS time, measured with performance.now() around each
// view's update-and-draw call in the loop (rendererStats.drawMs), averaged over many frames.
// The copy into the element's 2D canvas (drawImage) is reported apart: with software GL it waits
// for the rasteriser, so it measures SwiftShader rather than our code.
// The payload is reported for the element's source modules and for their minified copies (what
// the embed page loads; minified here in memory, as web/tools/build-element.mjs does).
//
//   node web/tools/make-sample-avatars.mjs && node web/bench/frame-time.mjs
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { browserMissing, openPage, startBrowser } from '../test/helpers.mjs';
import { gzipSize, minifyElement, printSizes } from '../tools/build-element.mjs';

const WEB = new URL('../', import.meta.url);
const CASES = [
  { cells: 10_000, frames: 40 },
  { cells: 60_000, frames: 15 },
];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function frameTimes() {
  const why = browserMissing();
  if (why) {
    console.log(`frame times skipped: ${why}`);
    return [];
  }
  const { server, browser, close } = await startBrowser();
  const rows = [];
  try {
    for (const { cells, frames } of CASES) {
      const { page, errors } = await openPage(browser, server.url + 'bench/frame-time.html');
      const result = await page.evaluate(
        async ([count, frameCount]) => {
          const { writeAvatarFile } = await import('/element/avatar-file.js');
          const { rendererStats } = await import('/element/renderer.js');
          // A square, fully occupied grid with 16 colours on 12 layers: worst case for its size.
          const side = Math.ceil(Math.sqrt(count));
          const n = side * side;
          const x = new Uint16Array(n),
            y = new Uint16Array(n),
            layer = new Uint8Array(n),
            colour = new Uint8Array(n);
          for (let i = 0; i < n; i++) {
            x[i] = i % side;
            y[i] = Math.floor(i / side);
            layer[i] = (x[i] * 7 + y[i] * 3) % 12;
            colour[i] = (x[i] + y[i]) % 16;
          }
          const palette = new Uint8Array(48).map((_, i) => (i * 53) % 256);
          const bytes = writeAvatarFile({
            gridWidth: side,
            gridHeight: side,
            layerCount: 12,
            cellSize: 0.01,
            layerStep: 0.01,
            near: 0.5,
            exaggeration: 1,
            palette,
            options: '',
            cells: { x, y, layer, colour },
          });
          const el = document.getElementById('bench');
          await el.load(bytes);
          // Let the intro (cells growing in, 1.6 s from the first frame) finish: measure idle frames.
          await new Promise((resolve) => setTimeout(resolve, 2000));
          const waitFrames = (k) =>
            new Promise((resolve) => {
              const target = rendererStats.frames + k;
              const poll = () => (rendererStats.frames >= target ? resolve() : setTimeout(poll, 20));
              poll();
            });
          await waitFrames(3);
          const start = { ...rendererStats, t: performance.now() };
          await waitFrames(frameCount);
          const frames = rendererStats.frames - start.frames;
          return {
            cells: el.cellCount,
            frames,
            drawMs: (rendererStats.drawMs - start.drawMs) / frames,
            copyMs: (rendererStats.copyMs - start.copyMs) / frames,
            fps: (frames * 1000) / (performance.now() - start.t),
          };
        },
        [cells, frames],
      );
      if (errors.length) console.error(errors);
      rows.push(result);
      await page.close();
    }
  } finally {
    await close();
  }
  return rows;
}

const rows = await frameTimes();
if (rows.length) {
  console.log('\nPer-frame JS time of the animation loop (headless Chromium, SwiftShader, 640x480)');
  console.log('| cells  | frames | JS update+draw ms/frame | copy to element ms/frame | fps  |');
  console.log('|-------:|-------:|------------------------:|-------------------------:|-----:|');
  for (const r of rows) {
    console.log(
      `| ${String(r.cells).padStart(6)} | ${String(r.frames).padStart(6)} | ${r.drawMs.toFixed(3).padStart(23)} | ${r.copyMs.toFixed(1).padStart(24)} | ${r.fps.toFixed(1).padStart(4)} |`,
    );
  }
  const ratio = rows[1].drawMs / rows[0].drawMs;
  console.log(
    `JS time ratio ${rows[1].cells} / ${rows[0].cells} cells: ${ratio.toFixed(2)} (cell ratio ${(rows[1].cells / rows[0].cells).toFixed(1)}; should stay near 1)`,
  );
}

console.log("\nEmbed payload (gzip -9; three.js excluded, it is the page's own)");
printSizes(await minifyElement());
const sampleDir = new URL('sample/', WEB);
const samples = existsSync(sampleDir)
  ? readdirSync(sampleDir).filter((f) => f.endsWith('.pxav') && f !== 'corrupt.pxav')
  : [];
for (const name of samples) {
  const bytes = readFileSync(new URL(name, sampleDir));
  console.log(`sample/${name}: ${kb(bytes.length)} raw, ${kb(gzipSize(bytes))} gzip`);
}
