// Two views on the preview page in headless Chromium: the left and right images of a stereo pair
// (the project's generated pair, with exact disparity, and Middlebury's Tsukuba when
// ../shared/data has it), one cross-eyed image with its layout chosen, and Apple's spatial photo,
// each shown as photo, depth, the disparity map and a live avatar; views of different sizes get
// the core's sentence on the page.
// Run: node --test web/test/browser-stereo.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserMissing, skipOrFailInCI, skipTestOrFailInCI, openPage, startBrowser } from './helpers.mjs';
// fast-png is a package of the web front end (web/package.json).
const { encode } = await import(new URL('../node_modules/fast-png/lib/index.js', import.meta.url));

const WEB = new URL('../', import.meta.url);
const SHARED = new URL('../../../shared/data/', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));
const cli = fileURLToPath(new URL('../../build/native/bin/pixel-avatar', import.meta.url));

const skip =
  browserMissing() ??
  (existsSync(new URL('lib/pixel-avatar-core.wasm', WEB))
    ? null
    : 'web/lib/pixel-avatar-core.wasm not built yet (make wasm)') ??
  (existsSync(cli) ? null : 'the CLI is not built yet (make cli): it writes the stereo pair');
skipOrFailInCI('browser-stereo', skip);

const waitForState = (page, state, timeout = 120_000) =>
  page.waitForFunction((want) => document.querySelector('#status')?.dataset.state === want, state, {
    timeout,
    polling: 100,
  });

describe('stereo on the preview page', { skip: skip ?? false }, () => {
  let env, dir;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'pxav-stereo-page-'));
    execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(dir, 'pair.png'), '-q']);
    execFileSync(cli, ['sample', '--scene', 'stereo', '--layout', 'cross-eyed', '-o', join(dir, 'cross.png'), '-q']);
    env = await startBrowser();
  });
  after(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    const opened = await openPage(env.browser, env.server.url + 'preview/', {
      viewport: { width: 1200, height: 1100 },
    });
    await opened.page.waitForLoadState('networkidle');
    await opened.page.waitForFunction(() => document.querySelector('#status').dataset.state !== 'loading', null, {
      timeout: 60_000,
    });
    if ((await opened.page.$eval('#status', (el) => el.dataset.state)) === 'working')
      await waitForState(opened.page, 'ready');
    return opened;
  }

  // The disparity panel shows a real map: many colours, the image as large as the matched views.
  async function disparityShown(page, width) {
    await page.waitForFunction(
      () => {
        const img = document.querySelector('#disparity');
        return !document.querySelector('#disparity-panel').hidden && img.complete && img.naturalWidth > 0;
      },
      null,
      { timeout: 60_000 },
    );
    const { w, colours } = await page.$eval('#disparity', (img) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4)
        seen.add(((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3));
      return { w: img.naturalWidth, colours: seen.size };
    });
    assert.equal(w, width, 'the disparity map has the matched size');
    assert.ok(colours > 20, `the disparity map looks flat (${colours} colours)`);
  }

  test('two colour images become a stereo pair: disparity, relative depth, a live avatar', async () => {
    const { page, errors } = await open();
    // Chosen right first: the names say which is which.
    await page.setInputFiles('#file', [join(dir, 'pair-right.png'), join(dir, 'pair-left.png')]);
    await waitForState(page, 'ready');
    assert.equal(
      await page.$eval('#error', (el) => el.hidden),
      true,
      await page.$eval('#error', (el) => el.textContent),
    );
    assert.equal(
      await page.$eval('#stereo-options input[name=stereo]', (el) => el.checked),
      true,
      'two colour images and no depth map open as a stereo pair',
    );
    assert.match(
      await page.$eval('#stereo output[name=views]', (el) => el.textContent),
      /left: pair-left\.png, right: pair-right\.png/,
    );
    assert.match(await page.$eval('#depth-caption', (el) => el.textContent), /relative: no known scale/);
    await disparityShown(page, 320);
    assert.ok((await page.$eval('#avatar', (el) => el.cellCount)) > 100, 'the avatar has cells');

    // The calibration makes the depth metric; the page reopens the pair with it.
    await page.fill('#stereo textarea[name=setup]', 'f=400 baseline=0.05 disparities=80');
    await page.waitForFunction(() => !/relative/.test(document.querySelector('#depth-caption').textContent), null, {
      timeout: 60_000,
    });
    await waitForState(page, 'ready');
    await page.screenshot({ path: SHOTS + 'preview-stereo.png', fullPage: true });
    assert.deepEqual(errors, []);
  });

  test("views of different sizes get the core's sentence", async () => {
    const { page } = await open();
    const left = readFileSync(join(dir, 'pair-left.png'));
    // A 16x12 grey-green PNG as the "right" view.
    const tiny = encode({ width: 16, height: 12, channels: 3, depth: 8, data: new Uint8Array(16 * 12 * 3).fill(90) });
    writeFileSync(join(dir, 'odd-left.png'), left);
    writeFileSync(join(dir, 'odd-right.png'), tiny);
    await page.click('#stereo-options summary');
    await page.check('#stereo-options input[name=stereo]');
    await page.setInputFiles('#file', [join(dir, 'odd-left.png'), join(dir, 'odd-right.png')]);
    await waitForState(page, 'error');
    assert.match(
      await page.$eval('#error', (el) => el.textContent),
      /the two views must have the same size \(left 320x240, right 16x12\)/,
    );
  });

  test('one cross-eyed image with its layout chosen is a stereo pair', async () => {
    const { page, errors } = await open();
    await page.click('#stereo-options summary');
    await page.selectOption('#stereo select[name=layout]', 'cross-eyed');
    await page.setInputFiles('#file', [join(dir, 'cross.png')]);
    await waitForState(page, 'ready');
    assert.equal(
      await page.$eval('#error', (el) => el.hidden),
      true,
      await page.$eval('#error', (el) => el.textContent),
    );
    // The halves of a 640 px image: 320 px views.
    await disparityShown(page, 320);
    assert.ok((await page.$eval('#avatar', (el) => el.cellCount)) > 100, 'the avatar has cells');
    // Back to two files: the lone image is a colour image without depth again, and says so.
    await page.selectOption('#stereo select[name=layout]', '');
    await waitForState(page, 'error');
    assert.deepEqual(errors, []);
  });

  // The time is reported, not asserted: the page's speed is measured by web/bench/preview-time.mjs.
  test("Apple's spatial photo needs no setting: matched on the page", async (t) => {
    const url = new URL('real/spatial_photo.heic', SHARED);
    if (!existsSync(url)) return skipTestOrFailInCI(t, '../shared/data/real/spatial_photo.heic is absent');
    const { page, errors } = await open();
    const started = Date.now();
    await page.setInputFiles('#file', fileURLToPath(url));
    await waitForState(page, 'ready');
    const ms = Date.now() - started;
    t.diagnostic(`spatial_photo.heic: chosen to avatar on the page in ${ms} ms`);
    await disparityShown(page, 640);
    assert.match(await page.$eval('#disparity-caption', (el) => el.textContent), /disparities 0\.\.69 px/);
    assert.ok((await page.$eval('#avatar', (el) => el.cellCount)) > 200);
    await page.screenshot({ path: SHOTS + 'preview-spatial.png', fullPage: true });
    assert.deepEqual(errors, []);
  });
});
