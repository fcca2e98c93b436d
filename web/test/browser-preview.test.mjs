// The upload-and-preview page in headless Chromium: decode a real HEIC in the worker (wasm),
// show photo, depth and avatar, rebuild on a control change, report bad files, and make no
// network request once loaded; the worker pool gives what one worker gives; a 16-bit colour +
// depth PNG pair opens with its preset.
// Needs the wasm core at web/lib/ (make wasm) and uses the shared test data next to the repo
// (../shared/data/) where present; a skipped suite says why in its output.
// Run: node --test web/test/browser-preview.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  browserMissing,
  skipOrFailInCI,
  distinctColours,
  openPage,
  pauseRendering,
  readScreenshot,
  startBrowser,
} from './helpers.mjs';
import { badInputs, cliError } from '../../wasm/test/bad-inputs.mjs';

const WEB = new URL('../', import.meta.url);
const SHARED = new URL('../../../shared/data/', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));

// The photo to upload: the shared pug.heic, else the project's own sample.
const photoUrl = [new URL('real/pug.heic', SHARED), new URL('sample/sample.heic', WEB)].find((url) => existsSync(url));
const tumUrls = ['rgbd/tum/TUM_color.png', 'rgbd/tum/TUM_depth.png'].map((name) => new URL(name, SHARED));

const skip =
  browserMissing() ??
  (existsSync(new URL('lib/pixel-avatar-core.wasm', WEB)) && existsSync(new URL('lib/pixel-avatar-core.js', WEB))
    ? null
    : 'web/lib/pixel-avatar-core.{js,wasm} not built yet (make wasm)') ??
  (photoUrl ? null : 'no photo to upload: neither ../shared/data/real/pug.heic nor web/sample/sample.heic exists');

skipOrFailInCI('browser-preview', skip);

const STATUS = '#status';
const waitForState = (page, state, timeout = 120_000) =>
  page.waitForFunction(([s, want]) => document.querySelector(s)?.dataset.state === want, [STATUS, state], {
    timeout,
    polling: 100,
  });

describe('the preview page', { skip: skip ?? false }, () => {
  let env;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startBrowser();
  });
  after(async () => {
    await env?.close();
  });

  // Opens the page and waits until everything it loads up front has arrived (the worker says
  // whether the decoder is ready; the sample, if any, has been tried).
  async function open(query = '') {
    const opened = await openPage(env.browser, env.server.url + 'preview/' + query, {
      viewport: { width: 1200, height: 1000 },
    });
    await opened.page.waitForLoadState('networkidle');
    await opened.page.waitForFunction(() => document.querySelector('#status').dataset.state !== 'loading', null, {
      timeout: 60_000,
    });
    if ((await opened.page.$eval(STATUS, (el) => el.dataset.state)) === 'working')
      await waitForState(opened.page, 'ready');
    opened.loadedRequests = opened.requests.length;
    return opened;
  }

  test('a HEIC upload becomes photo, depth, histogram and a live avatar', async () => {
    const { page, requests, errors, loadedRequests } = await open();
    assert.equal(await page.$eval('#error', (el) => el.hidden), true, 'an error is shown at start');

    await page.setInputFiles('#file', fileURLToPath(photoUrl));
    await waitForState(page, 'ready');
    const cells = await page.$eval('#avatar', (el) => el.cellCount);
    assert.ok(cells > 100, `the avatar has ${cells} cells`);
    await page.waitForFunction(() => document.querySelector('#avatar').frameCount > 2, null, { timeout: 60_000 });

    // The panels are drawn: photo, turbo depth, histogram.
    for (const id of ['photo', 'depth', 'histogram']) {
      const colours = await page.$eval(`#${id}`, (canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        const seen = new Set();
        for (let i = 0; i < data.length; i += 16)
          seen.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
        return seen.size;
      });
      assert.ok(colours > 8, `#${id} looks blank (${colours} colours)`);
    }

    await pauseRendering(page);
    await page.screenshot({ path: SHOTS + 'preview-page.png', fullPage: true });
    const avatarShot = await readScreenshot(
      await page.locator('#avatar').screenshot({ path: SHOTS + 'preview-avatar.png' }),
    );
    assert.ok(distinctColours(avatarShot, 20) >= 6, 'the avatar looks blank');
    // The avatar's own palette shows up on screen.
    const palette = await page.$eval('#avatar', (el) => [...el.avatar.palette]);
    let hits = 0;
    for (let k = 0; k < palette.length; k += 3) {
      let n = 0;
      for (let i = 0; i < avatarShot.pixels.length; i += 4) {
        if (
          Math.abs(avatarShot.pixels[i] - palette[k]) <= 24 &&
          Math.abs(avatarShot.pixels[i + 1] - palette[k + 1]) <= 24 &&
          Math.abs(avatarShot.pixels[i + 2] - palette[k + 2]) <= 24
        )
          n++;
      }
      if (n >= 10) hits++;
    }
    assert.ok(hits >= Math.min(4, palette.length / 3), `only ${hits} palette colours on screen`);
    await pauseRendering(page, false);

    // A smaller grid rebuilds the avatar (in the worker, debounced) with fewer cells.
    await page.$eval('#grid', (input) => {
      input.value = '32';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(
      (before) => {
        const count = document.querySelector('#avatar').cellCount;
        return count > 0 && count !== before;
      },
      cells,
      { timeout: 120_000 },
    );
    const smaller = await page.$eval('#avatar', (el) => el.cellCount);
    assert.ok(smaller < cells, `grid 32 gave ${smaller} cells, grid 64 gave ${cells}`);

    assert.equal(requests.length, loadedRequests, `requests after load: ${requests.slice(loadedRequests).join(', ')}`);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(env.server.url)),
      [],
      'a request left 127.0.0.1',
    );
    assert.deepEqual(
      errors.filter((e) => !/sample\.heic|404/.test(e)),
      [],
    );
    await page.close();
  });

  // The same sentence as the CLI and the wasm module (wasm/test/errors.test.mjs), on the page.
  test('bad files show the clear error of the core, as the CLI says it', async (t) => {
    const { cases, dir } = badInputs();
    const { page, requests, loadedRequests } = await open();
    try {
      for (const { name, path, code } of cases) {
        const { message } = cliError(path);
        const expected = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        await page.setInputFiles('#file', path);
        await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#error').innerText), expected, {
          timeout: 60_000,
        });
        assert.ok(await page.locator('#error').isVisible(), name);
        assert.equal(await page.$eval(STATUS, (el) => el.dataset.state), 'error', name);
        const shown = await page.locator('#error').innerText();
        t.diagnostic(`${name}: ${shown}`);
        // The page's hint follows the error's code: a pair the gate refused is not a photo without depth.
        if (code !== 'no-depth') assert.doesNotMatch(shown, /This photo has no depth map/, name);
        if (name === 'corrupted.heic') await page.screenshot({ path: SHOTS + 'preview-bad-file.png' });
      }
      assert.equal(requests.length, loadedRequests, 'a bad file made the page fetch something');
    } finally {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the worker pool decodes a grid photo exactly as one worker does', async () => {
    // What the page shows of a photo: its colour as drawn, and the avatar the element holds.
    const outcome = async (query) => {
      const { page, errors } = await open(query);
      await page.setInputFiles('#file', fileURLToPath(photoUrl));
      await waitForState(page, 'ready');
      const result = await page.evaluate(() => {
        const canvas = document.getElementById('photo');
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        const { avatar, cellCount } = document.getElementById('avatar');
        return {
          workers: document.getElementById('status').dataset.workers,
          photo: [canvas.width, canvas.height, ...data],
          cellCount,
          avatar: [...avatar.palette, ...Object.values(avatar.cells).flatMap((column) => [...column])],
        };
      });
      assert.deepEqual(
        errors.filter((e) => !/sample\.heic|404/.test(e)),
        [],
      );
      await page.close();
      return result;
    };
    const single = await outcome('?workers=1');
    const pooled = await outcome('?workers=2');
    assert.equal(single.workers, '1');
    assert.equal(pooled.workers, '2', 'the pool did not start');
    assert.ok(single.cellCount > 100);
    assert.equal(pooled.cellCount, single.cellCount);
    // Bit-identical colour, hence the same avatar (deepEqual on arrays this long stays quiet).
    assert.ok(
      pooled.photo.every((v, i) => v === single.photo[i]) && pooled.photo.length === single.photo.length,
      'the photo differs between the pool and one worker',
    );
    assert.ok(
      pooled.avatar.every((v, i) => v === single.avatar[i]) && pooled.avatar.length === single.avatar.length,
      'the avatar differs between the pool and one worker',
    );
  });

  // Depth JPEGs: Apple's MPF portrait JPEG and Google's Lens Blur (relative depth, said so).
  const jpegUrls = ['jpeg/vase_portrait_disparity.jpg', 'jpeg/gdepth_lensblur_depthy.jpg'].map(
    (name) => new URL(name, SHARED),
  );
  test(
    'depth JPEGs (Apple MPF, Google GDepth) become avatars; relative depth is said so',
    {
      skip:
        skipOrFailInCI(
          'browser-preview: depth JPEGs',
          jpegUrls.every((url) => existsSync(url)) ? null : 'no ../shared/data/jpeg/',
        ) ?? false,
    },
    async () => {
      const { page, errors } = await open();
      for (const [url, size, relative] of [
        [jpegUrls[0], '576×768', false],
        [jpegUrls[1], '580×1024', true],
      ]) {
        await page.setInputFiles('#file', fileURLToPath(url));
        await page.waitForFunction(
          (want) => document.querySelector('#depth-caption').textContent.includes(want),
          size,
          { timeout: 60_000 },
        );
        await waitForState(page, 'ready');
        assert.equal(
          await page.$eval('#error', (el) => el.hidden),
          true,
          await page.$eval('#error', (el) => el.textContent),
        );
        const caption = await page.locator('#depth-caption').innerText();
        assert.equal(/relative: no known scale/.test(caption), relative, caption);
        const cells = await page.$eval('#avatar', (el) => el.cellCount);
        assert.ok(cells > 500, `${url.pathname}: the avatar has ${cells} cells`);
      }
      await pauseRendering(page);
      await page.screenshot({ path: SHOTS + 'preview-jpeg.png', fullPage: true });
      assert.deepEqual(
        errors.filter((e) => !/sample\.heic|404/.test(e)),
        [],
      );
      await page.close();
    },
  );

  test(
    'a 16-bit TUM colour + depth PNG pair with the TUM preset becomes an avatar',
    {
      skip:
        skipOrFailInCI(
          'browser-preview: TUM',
          tumUrls.every((url) => existsSync(url)) ? null : 'no ../shared/data/rgbd/tum/',
        ) ?? false,
    },
    async () => {
      const { page, requests, loadedRequests } = await open();
      await page.click('#rgbd-options summary');
      await page.selectOption('#rgbd select[name=preset]', 'tum');
      assert.equal(
        await page.$eval('#rgbd output[name=params]', (el) => el.value),
        'encoding=scaled-z  scale=0.0002  fx=525  fy=525  cx=319.5  cy=239.5',
      );
      await page.setInputFiles(
        '#file',
        tumUrls.map((url) => fileURLToPath(url)),
      );
      await waitForState(page, 'ready');
      assert.equal(await page.$eval('#error', (el) => el.hidden), true);
      assert.match(await page.locator('#depth-caption').innerText(), /640×480/);
      const cells = await page.$eval('#avatar', (el) => el.cellCount);
      assert.ok(cells > 100, `the avatar has ${cells} cells`);
      // All 16 bits arrived: the nearest layer lies metres away (TUM: 1.5 to 9 m). Cut to 8 bits
      // (what the browser's own PNG decoding gives), the depth would be centimetres.
      const near = await page.$eval('#avatar', (el) => el.avatar.near);
      assert.ok(near > 1 && near < 9, `the avatar's nearest layer is at ${near} m`);
      await page.screenshot({ path: SHOTS + 'preview-tum.png' });

      // Another preset reopens the pair with its settings.
      await page.selectOption('#rgbd select[name=preset]', 'inverse');
      await page.waitForFunction((before) => document.querySelector('#avatar').cellCount !== before, cells, {
        timeout: 60_000,
      });
      await waitForState(page, 'ready');
      assert.equal(requests.length, loadedRequests);
      await page.close();
    },
  );
});
