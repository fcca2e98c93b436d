// The preview page's decoder lifecycle in headless Chromium: the decode worker is terminated
// when idle and started again on demand (the page keeps the compiled wasm, so no second .wasm
// download), with the open photo sent again first, so rebuilding and exporting still work; the
// colour pool of a grid photo likewise stops when idle. ?idle=MS shortens the idle time. A colour
// worker that fails while decoding makes the page say so (it used to wait forever), and the next
// photo is decoded in one worker.
// Needs the wasm core (make wasm) and the built-in sample, a grid HEIC (make web).
// Run: node --test web/test/browser-lifecycle.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../serve.mjs';
import { browserMissing, skipOrFailInCI, openPage, startBrowser } from './helpers.mjs';

const WEB = new URL('../', import.meta.url);
const skip =
  browserMissing() ??
  (['lib/pixel-avatar-core.wasm', 'sample/sample.heic'].every((name) => existsSync(new URL(name, WEB)))
    ? null
    : 'the wasm core or the sample photo are not built (make wasm web)');
skipOrFailInCI('browser-lifecycle', skip);

const IDLE_MS = 800;
const dataset = (page, key) => page.$eval('#status', (el, k) => el.dataset[k], key);
async function waitFor(page, key, value, timeout = 60_000) {
  try {
    await page.waitForFunction(([k, v]) => document.querySelector('#status')?.dataset[k] === v, [key, value], {
      timeout,
      polling: 50,
    });
  } catch (error) {
    const seen = await page.evaluate(
      () =>
        `${JSON.stringify(document.querySelector('#status').dataset)} ${document.querySelector('#error').textContent}`,
    );
    throw new Error(`waiting for data-${key}=${value}: ${seen}`, { cause: error });
  }
}

// Records every change of the status element's data-* attributes, in order.
function recordLifecycle() {
  window.__lifecycle = [];
  new MutationObserver((records) => {
    for (const r of records)
      window.__lifecycle.push(`${r.attributeName.slice(5)}=${r.target.getAttribute(r.attributeName)}`);
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-decoder', 'data-pool', 'data-workers'],
  });
}

describe('the decoder worker and the colour pool stop when idle', { skip: skip ?? false }, () => {
  let env;
  before(async () => {
    env = await startBrowser();
  });
  after(async () => {
    await env?.close();
  });

  test('idle: the worker goes; a rebuild and an export start it again with the photo reopened', async () => {
    const { page, requests, errors } = await openPage(env.browser, null);
    await page.addInitScript(recordLifecycle);
    await page.goto(`${env.server.url}preview/?workers=1&idle=${IDLE_MS}`);
    await waitFor(page, 'state', 'ready', 120_000);
    const cells = await page.$eval('#avatar', (el) => el.cellCount);
    await waitFor(page, 'decoder', 'stopped');

    // A setting changes: the decoder comes back, opens the sample again and builds.
    await page.$eval('#grid', (input) => {
      input.value = '32';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(
      (before) => {
        const n = document.querySelector('#avatar').cellCount;
        return n > 0 && n !== before;
      },
      cells,
      { timeout: 120_000 },
    );
    await waitFor(page, 'state', 'ready');
    assert.ok((await page.$eval('#avatar', (el) => el.cellCount)) < cells);
    await waitFor(page, 'decoder', 'stopped');

    // An export needs the photo in the worker too.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('button[data-export="ply"][data-what="avatar"]'),
    ]);
    const ply = readFileSync(await download.path());
    assert.match(ply.subarray(0, 16).toString('latin1'), /^ply\n/);
    await waitFor(page, 'decoder', 'stopped');

    const lifecycle = await page.evaluate(() => window.__lifecycle.filter((e) => e.startsWith('decoder=')));
    assert.deepEqual(lifecycle, [
      'decoder=running',
      'decoder=stopped',
      'decoder=running',
      'decoder=stopped',
      'decoder=running',
      'decoder=stopped',
    ]);
    const paths = requests.map((url) => new URL(url).pathname);
    assert.equal(paths.filter((p) => p.endsWith('/decode-worker.js')).length, 3, 'one worker start per use');
    assert.equal(paths.filter((p) => p.endsWith('.wasm')).length, 1, 'the wasm was downloaded again');
    assert.deepEqual(
      errors.filter((e) => !/404/.test(e)),
      [],
    );
    await page.close();
  });

  test('a grid photo starts the colour pool, which stops when idle', async () => {
    const { page, errors } = await openPage(env.browser, null);
    await page.addInitScript(recordLifecycle);
    await page.goto(`${env.server.url}preview/?workers=2&idle=${IDLE_MS}`);
    await waitFor(page, 'state', 'ready', 120_000);
    assert.equal(await dataset(page, 'workers'), '2', 'the sample (a 4x5 tile grid) was not decoded by the pool');
    await waitFor(page, 'decoder', 'stopped');
    const events = await page.evaluate(() => window.__lifecycle.filter((e) => !e.startsWith('workers=')));
    // The pool came with the grid photo and went before (or with) its decode worker.
    assert.deepEqual(events.slice(0, 2), ['decoder=running', 'pool=running']);
    assert.ok(
      events.indexOf('pool=stopped') > events.indexOf('pool=running'),
      `the pool never stopped: ${events.join(', ')}`,
    );
    assert.deepEqual(
      errors.filter((e) => !/404/.test(e)),
      [],
    );
    await page.close();
  });

  // The site as served, but its colour worker fails when given tiles: a listener added before the
  // real worker's keeps the request from it and throws (as a wasm abort outside any handler
  // would), which the decode worker sees as an error event on that colour worker.
  function siteWithFailingColourWorker() {
    const root = mkdtempSync(join(tmpdir(), 'failing-colour-worker-'));
    const web = fileURLToPath(WEB);
    for (const name of readdirSync(web).filter((n) => n !== 'decoder')) symlinkSync(join(web, name), join(root, name));
    mkdirSync(join(root, 'decoder'));
    for (const name of readdirSync(join(web, 'decoder'))) {
      const target = name === 'colour-part-worker.js' ? 'colour-part-worker-real.js' : name;
      symlinkSync(join(web, 'decoder', name), join(root, 'decoder', target));
    }
    // Imported first, so its listener is there before the real worker's.
    writeFileSync(
      join(root, 'decoder', 'break-colour-worker.js'),
      `self.addEventListener('message', (event) => {
  if (event.data.type !== 'decode') return;
  event.stopImmediatePropagation();
  throw new Error('the test broke this colour worker');
});
`,
    );
    writeFileSync(
      join(root, 'decoder', 'colour-part-worker.js'),
      "import './break-colour-worker.js';\nimport './colour-part-worker-real.js';\n",
    );
    return root;
  }

  test('a colour worker that fails mid-decode: the page shows the error, the next photo decodes in one worker', async () => {
    const root = siteWithFailingColourWorker();
    const server = await startServer({ port: 0, root });
    try {
      const { page, errors } = await openPage(env.browser, null);
      await page.addInitScript(recordLifecycle);
      await page.goto(`${server.url}preview/?workers=2&idle=60000`);
      // The sample (a grid photo) opens while the page loads: its pool decode fails.
      await waitFor(page, 'state', 'error', 120_000);
      const message = await page.$eval('#error', (el) => el.textContent);
      assert.match(message, /colour worker \d failed \(.*the test broke this colour worker\)/);
      assert.doesNotMatch(message, /decoder is not available/, 'the decode worker itself was given up');
      assert.equal(await dataset(page, 'pool'), 'stopped');
      // The same photo again: decoded in the decode worker alone, and it works.
      await page.setInputFiles('#file', fileURLToPath(new URL('sample/sample.heic', WEB)));
      await waitFor(page, 'state', 'ready', 120_000);
      assert.equal(await dataset(page, 'workers'), '1');
      assert.ok((await page.$eval('#avatar', (el) => el.cellCount)) > 100);
      assert.equal(await page.$eval('#error', (el) => el.hidden), true);
      const events = await page.evaluate(() => window.__lifecycle.filter((e) => e.startsWith('decoder=')));
      assert.deepEqual(events, ['decoder=running'], 'the decode worker was restarted');
      assert.deepEqual(
        errors.filter((e) => !/404|the test broke this colour worker/.test(e)),
        [],
      );
      await page.close();
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
