#!/usr/bin/env node
// A contact sheet: every real file in ../shared/data that makes an avatar, converted by the
// native CLI at the defaults (and the selfie also with --no-matte), drawn by the real
// <pixel-avatar> element in headless Chromium from the front and turned (the element's full
// pointer tilt, 0.5 rad about the vertical axis), all in one PNG, so a reviewer sees at a glance
// what a change did to every avatar.
//
//   node bench/contact-sheet.mjs [-o OUT.png] [--cli PATH] [--title TEXT]
//
// OUT defaults to build/contact-sheet.png; --cli to build/native/bin/pixel-avatar (give another
// build's CLI for a "before" sheet). Needs web/node_modules (make web) and /usr/bin/chromium.
//
//   node bench/contact-sheet.mjs --cuts DIR [-o OUT.png] [--title TEXT]
//
// The subject cuts instead of avatars: one row per real file with a reference mask (the rgbd_sod
// samples, the matte photos): the colour, the reference (hand-made mask or Apple's matte), the
// cut's seed, our cut, and, when present, the cut before and grabCut's, from the folders
// bench/cut_score and bench/grabcut_opencv.py wrote under DIR (make bench: build/cut): seed/
// (--dump-seed), after/ and before/ (--dump), grabcut/. OUT defaults to DIR/contact-sheet.png.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserMissing, openPage, pauseRendering, startBrowser } from '../web/test/helpers.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'data');
const TUM = ['--depth-params', 'encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5'];
const ENTRIES = [
  { label: 'real/pug.heic', files: ['real/pug.heic'] },
  { label: 'real/selfie_front_truedepth.heic (matte)', files: ['real/selfie_front_truedepth.heic'] },
  {
    label: 'real/selfie_front_truedepth.heic --no-matte',
    files: ['real/selfie_front_truedepth.heic'],
    args: ['--no-matte'],
  },
  { label: 'jpeg/vase_portrait_disparity.jpg', files: ['jpeg/vase_portrait_disparity.jpg'] },
  { label: 'jpeg/gdepth_lensblur_depthy.jpg', files: ['jpeg/gdepth_lensblur_depthy.jpg'] },
  { label: 'jpeg/gdepth_lensblur_table.jpg', files: ['jpeg/gdepth_lensblur_table.jpg'] },
  { label: 'rgbd/tum (colour + depth)', files: ['rgbd/tum/TUM_color.png'], depth: 'rgbd/tum/TUM_depth.png', args: TUM },
];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const cutsDir = option('--cuts', null);
if (cutsDir) {
  await cutSheet(
    cutsDir,
    option('-o', join(cutsDir, 'contact-sheet.png')),
    option('--title', `subject cuts (${cutsDir})`),
  );
  process.exit(0);
}
const out = option('-o', join(ROOT, 'build', 'contact-sheet.png'));
const cli = option('--cli', join(ROOT, 'build', 'native', 'bin', 'pixel-avatar'));
const title = option('--title', `pixel-avatar contact sheet (${cli})`);

const why =
  browserMissing() ??
  (existsSync(cli) ? null : `${cli} is missing (make cli)`) ??
  (existsSync(SHARED) ? null : `${SHARED} is absent (the shared test data)`);
if (why) {
  console.error(`contact-sheet: ${why}`);
  process.exit(1);
}

// Convert every file with the CLI; a file that fails shows its error on the sheet.
const work = mkdtempSync(join(tmpdir(), 'contact-sheet-'));
const rows = [];
for (const [i, entry] of ENTRIES.entries()) {
  const files = entry.files.map((f) => join(SHARED, f));
  if (!files.every(existsSync) || (entry.depth && !existsSync(join(SHARED, entry.depth)))) continue;
  const pxav = join(work, `${i}.pxav`);
  const depth = entry.depth ? ['--depth', join(SHARED, entry.depth)] : [];
  const run = spawnSync(cli, ['convert', ...files, ...depth, ...(entry.args ?? []), '-o', pxav], { encoding: 'utf8' });
  const summary = (run.stderr.match(/avatar: .*/) ?? [''])[0];
  rows.push(
    run.status === 0
      ? { label: entry.label, url: `/contact-sheet/${i}.pxav`, bytes: readFileSync(pxav), summary }
      : { label: entry.label, error: run.stderr.trim().split('\n').pop() ?? 'failed' },
  );
}

const SIZE = 300;
const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const html = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">{ "imports": { "three": "/node_modules/three/build/three.module.js" } }</script>
<script type="module" src="/element/pixel-avatar.js"></script>
<style>
  body { margin: 0; padding: 16px; background: #1b1d22; color: #ddd; font: 13px system-ui, sans-serif; }
  h1 { font-size: 15px; margin: 0 0 12px; font-weight: 600; }
  .row { display: grid; grid-template-columns: 260px ${SIZE}px ${SIZE}px; gap: 8px; align-items: center; margin-bottom: 8px; }
  .label { overflow-wrap: anywhere; } .summary { color: #999; font-size: 11px; margin-top: 4px; }
  pixel-avatar { width: ${SIZE}px; height: ${SIZE}px; background: #25282f; }
  .error { color: #f88; grid-column: span 2; }
</style></head><body>
<h1>${escape(title)}<br><span class="summary">front | turned 0.5 rad (the element's full pointer tilt)</span></h1>
${rows
  .map(
    (
      row,
      i,
    ) => `<div class="row"><div class="label">${escape(row.label)}<div class="summary">${escape(row.summary ?? '')}</div></div>
${
  row.error
    ? `<div class="error">${escape(row.error)}</div>`
    : `<pixel-avatar id="front${i}" src="${row.url}" transition="none" loading="eager"></pixel-avatar>
<pixel-avatar id="turned${i}" class="turned" src="${row.url}" transition="none" loading="eager" interactive></pixel-avatar>`
}</div>`,
  )
  .join('\n')}
</body></html>`;

const { server, browser, close } = await startBrowser();
try {
  const height = 80 + rows.length * (SIZE + 8);
  const { page, errors } = await openPage(browser, null, {
    viewport: { width: 260 + 2 * SIZE + 48, height },
    reducedMotion: 'reduce',
  });
  await page.route('**/contact-sheet/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html });
    const row = rows.find((r) => r.url === path);
    return row
      ? route.fulfill({ contentType: 'application/octet-stream', body: row.bytes })
      : route.fulfill({ status: 404 });
  });
  await page.goto(server.url + 'contact-sheet/index.html');
  // With reduced motion a still avatar draws only when something changes: wait for a first
  // frame of each, then for one more of each turned copy after the pointer moves.
  const drawn = (selector, count) =>
    page.waitForFunction(([s, n]) => document.querySelector(s)?.frameCount >= n, [selector, count], {
      timeout: 120_000,
      polling: 100,
    });
  for (const [i, row] of rows.entries()) {
    if (row.error) continue;
    await drawn(`#front${i}`, 1);
    await drawn(`#turned${i}`, 1);
  }
  // The turned copies: the pointer at their right edge, mid-height (reduced motion: at once).
  const before = await page.$$eval('pixel-avatar.turned', (elements) =>
    elements.map((el) => {
      const r = el.getBoundingClientRect();
      const frames = el.frameCount;
      el.dispatchEvent(new PointerEvent('pointermove', { clientX: r.right, clientY: r.top + r.height / 2 }));
      return [el.id, frames];
    }),
  );
  for (const [id, frames] of before) await drawn(`#${id}`, frames + 1);
  await pauseRendering(page);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
  console.log(`${out}: ${rows.length} files, ${rows.filter((r) => r.error).length} with errors`);
  for (const row of rows) console.log(`  ${row.label}: ${row.error ?? row.summary}`);
} finally {
  await close();
  rmSync(work, { recursive: true, force: true });
}

// ---- --cuts: masks side by side, as images ------------------------------------------------------

async function cutSheet(dir, sheet, heading) {
  const why =
    browserMissing() ??
    (existsSync(join(dir, 'after')) ? null : `${join(dir, 'after')} is missing (run cut_score --dump)`);
  if (why) {
    console.error(`contact-sheet: ${why}`);
    process.exit(1);
  }
  const inDir = (sub, name) => (existsSync(join(dir, sub, name)) ? join(dir, sub, name) : null);
  const DATASETS = ['NJU2K', 'NJU2K-RFNet', 'DES', 'SSD', 'DUT-RGBD'];
  const keys = readdirSync(join(dir, 'after'))
    .filter((f) => f.endsWith('.cut.png'))
    .map((f) => f.slice(0, -'.cut.png'.length))
    .sort();
  const rows = [];
  for (const key of keys) {
    const dataset = key.slice(0, key.indexOf('_'));
    let colour, truth;
    if (DATASETS.includes(dataset)) {
      const name = key.slice(dataset.length + 1);
      const root = join(SHARED, 'rgbd_sod', dataset);
      colour = join(root, 'rgb', `${name}.jpg`);
      truth = join(root, 'gt', `${name}.png`);
    } else if (inDir('after', `${key}.matte.png`)) {
      colour = inDir('seed', `${key}.colour.png`);
      truth = inDir('after', `${key}.matte.png`);
    } else {
      continue; // a generated scene or a photo without a reference
    }
    rows.push({
      key,
      images: [
        colour,
        truth,
        inDir('seed', `${key}.seed.png`),
        inDir('after', `${key}.cut.png`),
        inDir('before', `${key}.cut.png`),
        inDir('grabcut', `${key}.png`),
      ],
    });
  }
  const COLUMNS = ['colour', 'reference', 'seed', 'our cut', 'before', 'grabCut'];
  const files = [];
  const url = (path) => {
    if (!path || !existsSync(path)) return null;
    files.push(path);
    return `/cuts/${files.length - 1}${extname(path)}`;
  };
  const H = 150;
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 16px; background: #1b1d22; color: #ddd; font: 13px system-ui, sans-serif; }
  h1 { font-size: 15px; margin: 0 0 12px; font-weight: 600; }
  table { border-collapse: collapse; } td, th { padding: 3px 6px; text-align: center; vertical-align: middle; }
  th { font-weight: 600; color: #aaa; } td.key { text-align: left; max-width: 170px; overflow-wrap: anywhere; }
  img { height: ${H}px; max-width: ${2 * H}px; display: block; image-rendering: pixelated; background: #333; }
  .none { color: #666; width: ${H}px; }
</style></head><body><h1>${escapeHtml(heading)}</h1><table>
<tr><th></th>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr>
${rows
  .map(
    (r) =>
      `<tr><td class="key">${escapeHtml(r.key)}</td>${r.images
        .map((p) => {
          const u = url(p);
          return u ? `<td><img src="${u}"></td>` : '<td class="none">-</td>';
        })
        .join('')}</tr>`,
  )
  .join('\n')}
</table></body></html>`;
  const { server, browser, close } = await startBrowser();
  try {
    const { page, errors } = await openPage(browser, null, {
      viewport: { width: 200 + 6 * (2 * H + 12), height: 200 },
    });
    await page.route('**/cuts/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html });
      const i = Number(path.split('/').pop().split('.')[0]);
      const file = files[i];
      if (!file) return route.fulfill({ status: 404 });
      const type = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
      return route.fulfill({ contentType: type, body: readFileSync(file) });
    });
    await page.goto(server.url + 'cuts/index.html');
    await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 60_000 });
    mkdirSync(dirname(sheet), { recursive: true });
    await page.screenshot({ path: sheet, fullPage: true });
    if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
    console.log(`${sheet}: ${rows.length} files (${COLUMNS.join(' | ')})`);
  } finally {
    await close();
  }
}

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
