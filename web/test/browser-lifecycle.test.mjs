// The preview page's decoder lifecycle in headless Chromium: the decode worker is terminated
// when idle and started again on demand (the page keeps the compiled wasm, so no second .wasm
// download), with the open photo sent again first, so rebuilding and exporting still work; the
// colour pool of a grid photo likewise stops when idle. ?idle=MS shortens the idle time.
// Needs the wasm core (make wasm) and the built-in sample, a grid HEIC (make web).
// Run: node --test web/test/browser-lifecycle.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
});
