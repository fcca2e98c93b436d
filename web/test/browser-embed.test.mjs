// The <pixel-avatar> element in headless Chromium (software WebGL), on the embed demo page, which
// loads the minified element (web/dist/element/): the suite builds it first from web/element/,
// so what is tested is the current source, minified as blogs get it.
// Needs the sample avatars: node web/tools/make-sample-avatars.mjs
// Run: node --test web/test/browser-embed.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readAvatarFile } from '../element/avatar-file.js';
import { buildBundle, buildElement, ONE_FILE_PAGE, pageTransfer } from '../tools/build-element.mjs';
import {
  animationFrames,
  browserMissing,
  coloursPresent,
  distinctColours,
  openPage,
  pauseRendering,
  readScreenshot,
  rendererUrl,
  skipOrFailInCI,
  startBrowser,
  waitForFrames,
} from './helpers.mjs';

const SAMPLE = new URL('../sample/', import.meta.url);
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const samplesMissing = existsSync(new URL('bust.pxav', SAMPLE))
  ? null
  : 'web/sample/ is empty: run node web/tools/make-sample-avatars.mjs first';
const skip = skipOrFailInCI('browser-embed', browserMissing(), samplesMissing);

const paletteOf = (name) => {
  const { palette } = readAvatarFile(readFileSync(new URL(name, SAMPLE)));
  return Array.from({ length: palette.length / 3 }, (_, i) => [...palette.subarray(i * 3, i * 3 + 3)]);
};

// Records the element's events from the very start. They do not bubble, so listen in the
// capture phase, on document: a "load" event never reaches window from an element.
function recordEvents() {
  window.__events = [];
  for (const type of ['load', 'error', 'transitionend']) {
    document.addEventListener(
      type,
      (event) => {
        if (event.target?.localName === 'pixel-avatar') {
          window.__events.push({ type, id: event.target.id, detail: event.detail });
        }
      },
      true,
    );
  }
}

// Counts WebGL contexts the page asks for, whoever asks.
function countContexts() {
  window.__webglContexts = 0;
  for (const proto of [HTMLCanvasElement.prototype, globalThis.OffscreenCanvas?.prototype].filter(Boolean)) {
    const original = proto.getContext;
    proto.getContext = function (type, ...rest) {
      const context = original.call(this, type, ...rest);
      if (/^(webgl2?|experimental-webgl)$/.test(type)) {
        window.__webglContexts++;
        window.__webgl = context; // the last one, for the context loss test
      }
      return context;
    };
  }
}

const waitForEvent = (page, type, id, timeout = 60_000) =>
  page.waitForFunction(([t, i]) => window.__events.some((e) => e.type === t && (!i || e.id === i)), [type, id], {
    timeout,
    polling: 50,
  });

describe('<pixel-avatar> on the embed page', { skip: skip ?? false }, () => {
  let env;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await Promise.all([buildElement(), buildBundle()]);
    env = await startBrowser();
  });
  after(async () => {
    await env?.close();
  });

  const open = async (options = {}) => {
    const opened = await openPage(env.browser, null, options);
    await opened.page.addInitScript(recordEvents);
    await opened.page.addInitScript(countContexts);
    await opened.page.goto(env.server.url + 'embed/');
    return opened;
  };

  test('loads, draws the avatar, requests no wasm and stays on 127.0.0.1', async () => {
    const { page, requests, errors } = await open();
    await waitForEvent(page, 'load', 'hero');
    await waitForFrames(page, '#hero', 3);
    assert.equal(
      await page.$eval('#hero', (el) => el.cellCount),
      readAvatarFile(readFileSync(new URL('bust.pxav', SAMPLE))).cells.x.length,
    );
    assert.equal(
      await page.$eval('#hero', (el) => el.getAttribute('role') + '|' + el.getAttribute('aria-label')),
      'img|A pixel avatar of a person that turns into a cat and back',
    );

    await pauseRendering(page);
    const shot = await page.locator('#hero').screenshot({ path: SHOTS + 'embed-hero.png' });
    await page.screenshot({ path: SHOTS + 'embed-page.png' });
    const image = await readScreenshot(shot);
    // Sway and shading shift colours a little: allow some tolerance, and demand many colours.
    const found = coloursPresent(image, paletteOf('bust.pxav'), { tolerance: 24, minPixels: 15 });
    assert.ok(found >= 6, `only ${found} of the bust's palette colours are on screen`);
    assert.ok(distinctColours(image) >= 8, 'the avatar looks blank');

    assert.equal(requests.filter((url) => url.endsWith('.wasm')).length, 0, 'a .wasm was requested');
    const modules = requests.filter((url) => url.endsWith('.js')).map((url) => new URL(url).pathname);
    assert.ok(
      modules.includes('/dist/element/pixel-avatar.js'),
      `the minified element was not loaded: ${modules.join(', ')}`,
    );
    assert.deepEqual(
      modules.filter((path) => path.startsWith('/element/')),
      [],
      'the unminified element was loaded',
    );
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(env.server.url)),
      [],
      'a request left 127.0.0.1',
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the one-file build draws on a page without three.js, loading exactly what make size counts', async (t) => {
    const { page, requests, errors } = await openPage(env.browser, null);
    await page.addInitScript(recordEvents);
    await page.addInitScript(countContexts);
    await page.goto(env.server.url + 'embed/one-file.html');
    await waitForEvent(page, 'load', 'hero');
    await waitForFrames(page, '#hero', 3);
    assert.equal(
      await page.$eval('#hero', (el) => el.cellCount),
      readAvatarFile(readFileSync(new URL('bust.pxav', SAMPLE))).cells.x.length,
    );
    // The morph to the cat works in the bundled three.js too (its shaders compiled, no built-in material asked for).
    assert.equal(
      await page.$eval('#hero', async (el) => {
        await el.transitionTo(1);
        return el.currentIndex;
      }),
      1,
    );
    await pauseRendering(page);
    const shot = await page.locator('#hero').screenshot({ path: SHOTS + 'embed-one-file.png' });
    const found = coloursPresent(await readScreenshot(shot), paletteOf('cat.pxav'), { tolerance: 24, minPixels: 15 });
    assert.ok(found >= 4, `only ${found} of the cat's palette colours are on screen`);

    const paths = requests.map((url) => new URL(url).pathname);
    const scripts = paths.filter((path) => path.endsWith('.js'));
    assert.deepEqual(scripts, ['/dist/bundle/pixel-avatar.js'], 'the page should load one script');
    assert.equal(paths.filter((path) => path.includes('three')).length, 0, 'three.js was requested separately');
    const expected = pageTransfer(ONE_FILE_PAGE);
    assert.deepEqual(
      paths.filter((path) => path.endsWith('.pxav')).sort(),
      expected.avatars.map((a) => a.url.pathname.replace(/^.*\/web/, '')).sort(),
    );
    assert.equal(await page.evaluate(() => window.__webglContexts), 1);
    assert.deepEqual(errors, []);
    t.diagnostic(`one-file page: ${(expected.total / 1024).toFixed(1)} KB (JS gzip + avatars)`);
    await page.close();
  });

  test('transitionTo() morphs to the next avatar and fires transitionend', async () => {
    const { page } = await open();
    await waitForEvent(page, 'load', 'hero');
    const catCells = readAvatarFile(readFileSync(new URL('cat.pxav', SAMPLE))).cells.x.length;
    const index = await page.$eval('#hero', async (el) => {
      await el.transitionTo(1);
      return el.currentIndex;
    });
    assert.equal(index, 1);
    await waitForEvent(page, 'transitionend', 'hero');
    const event = await page.evaluate(() => window.__events.find((e) => e.type === 'transitionend' && e.id === 'hero'));
    assert.equal(event.detail.index, 1);
    assert.equal(await page.$eval('#hero', (el) => el.cellCount), catCells);
    await pauseRendering(page);
    const shot = await page.locator('#hero').screenshot({ path: SHOTS + 'embed-after-transition.png' });
    const found = coloursPresent(await readScreenshot(shot), paletteOf('cat.pxav'), { tolerance: 24, minPixels: 15 });
    assert.ok(found >= 4, `only ${found} of the cat's palette colours are on screen`);
    await page.close();
  });

  test('prefers-reduced-motion: no idle animation, instant transitions, exact colours', async () => {
    const { page } = await open({ reducedMotion: 'reduce' });
    await waitForEvent(page, 'load', 'hero');
    await waitForFrames(page, '#hero', 1);
    // Nothing moves, so the loop goes quiet: the element draws no frame for 10 of the page's
    // animation frames in a row, and then none in 30 more.
    const settled = await page.$eval(
      '#hero',
      (el) =>
        new Promise((resolve) => {
          let last = el.frameCount,
            still = 0;
          const step = () => {
            if (el.frameCount !== last) [last, still] = [el.frameCount, 0];
            else if (++still >= 10) return resolve(last);
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    await animationFrames(page, 30);
    assert.equal(await page.$eval('#hero', (el) => el.frameCount), settled, 'still animating under reduced motion');

    // Instant: the transition ends within two of the element's frames.
    await page.$eval('#hero', (el) => el.transitionTo(1));
    const after = await page.$eval('#hero', (el) => el.frameCount);
    assert.ok(after - settled <= 2, `a reduced-motion transition drew ${after - settled} frames`);

    // Facing the viewer without sway, front faces show the exact palette colours.
    const shot = await page.locator('#hero').screenshot({ path: SHOTS + 'embed-reduced-motion.png' });
    const found = coloursPresent(await readScreenshot(shot), paletteOf('cat.pxav'), { tolerance: 2, minPixels: 10 });
    assert.ok(found >= 6, `only ${found} exact cat colours`);
    await page.close();
  });

  test('ten elements share one WebGL context, and the last one removed frees it', async () => {
    const { page, errors } = await open();
    await waitForEvent(page, 'load', 'hero');
    // Eight more next to the page's two, in a fixed strip so all ten are on screen.
    await page.evaluate(() => {
      const strip = document.createElement('div');
      strip.style.cssText = 'position: fixed; left: 0; top: 0; display: flex; flex-wrap: wrap; width: 400px';
      for (let i = 0; i < 8; i++) {
        const el = document.createElement('pixel-avatar');
        el.id = `a${i}`;
        el.setAttribute('src', i % 2 ? '../sample/cat.pxav' : '../sample/bust.pxav');
        el.setAttribute('cell', i % 3 ? 'cube' : 'square');
        el.style.width = el.style.height = '90px';
        strip.append(el);
      }
      document.body.append(strip);
    });
    for (const id of ['hero', 'second', ...Array.from({ length: 8 }, (_, i) => `a${i}`)]) {
      await waitForFrames(page, `#${id}`, 1);
    }
    const renderer = await rendererUrl(page);
    const { contexts, stats } = await page.evaluate(
      async (url) => ({
        contexts: window.__webglContexts,
        stats: { ...(await import(url)).rendererStats },
      }),
      renderer,
    );
    assert.equal(contexts, 1, `${contexts} WebGL contexts were created`);
    assert.equal(stats.contextsCreated, 1);
    assert.equal(stats.live, true);

    await pauseRendering(page);
    await page.screenshot({ path: SHOTS + 'embed-ten.png' });
    await pauseRendering(page, false);
    await page.evaluate(() => document.querySelectorAll('pixel-avatar').forEach((el) => el.remove()));
    const live = await page.evaluate(async (url) => (await import(url)).rendererStats.live, renderer);
    assert.equal(live, false, 'the shared renderer outlived its last element');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a lost WebGL context (WEBGL_lose_context) is survived, and drawing resumes when it is restored', async () => {
    const { page, errors } = await open();
    await waitForEvent(page, 'load', 'hero');
    await waitForFrames(page, '#hero', 3);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          window.__webgl.canvas.addEventListener('webglcontextlost', () => resolve(), { once: true });
          window.__lose = window.__webgl.getExtension('WEBGL_lose_context');
          window.__lose.loseContext();
        }),
    );
    assert.equal(await page.evaluate(() => window.__webgl.isContextLost()), true);
    // While lost: the elements keep working (a transition is asked for), nothing throws.
    await page.$eval('#hero', (el) => {
      el.transitionTo(1).catch(() => {});
    });
    await animationFrames(page, 10);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          window.__webgl.canvas.addEventListener('webglcontextrestored', () => resolve(), { once: true });
          window.__lose.restoreContext();
        }),
    );
    await waitForFrames(page, '#hero', 3);
    await page.waitForFunction(() => document.querySelector('#hero').currentIndex === 1);
    await page.$eval('#hero', (el) => el.settled); // the morph to the cat ends
    await waitForFrames(page, '#hero', 2);
    await pauseRendering(page);
    const shot = await page.locator('#hero').screenshot({ path: SHOTS + 'embed-context-restored.png' });
    const found = coloursPresent(await readScreenshot(shot), paletteOf('cat.pxav'), { tolerance: 24, minPixels: 15 });
    assert.ok(found >= 4, `after the restore only ${found} of the cat's palette colours are on screen`);
    assert.equal(
      await page.evaluate(() => window.__webglContexts),
      1,
      'a second context was created instead of restoring',
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a transition started mid-way starts from where the cells are and ends on its avatar', async () => {
    const { page, errors } = await open();
    await waitForEvent(page, 'load', 'hero');
    await waitForFrames(page, '#hero', 2);
    // Half-way to the cat, back to the bust: it must end on the bust, with every cell drawn.
    const index = await page.$eval('#hero', async (el) => {
      // No cycling of its own: on a busy machine the next one could start before the checks below.
      el.interval = 3_600_000;
      const toCat = el.transitionTo(1);
      // Some way into the morph (20 of its frames), whatever the frame rate.
      const start = el.frameCount;
      await new Promise((resolve) => {
        const step = () => (el.frameCount >= start + 20 ? resolve() : requestAnimationFrame(step));
        requestAnimationFrame(step);
      });
      await Promise.all([toCat, el.transitionTo(0)]);
      return el.currentIndex;
    });
    assert.equal(index, 0);
    assert.equal(
      await page.$eval('#hero', (el) => el.cellCount),
      readAvatarFile(readFileSync(new URL('bust.pxav', SAMPLE))).cells.x.length,
    );
    await waitForFrames(page, '#hero', 2);
    await pauseRendering(page);
    const shot = await page.locator('#hero').screenshot({ path: SHOTS + 'embed-interrupted.png' });
    const found = coloursPresent(await readScreenshot(shot), paletteOf('bust.pxav'), { tolerance: 24, minPixels: 15 });
    assert.ok(found >= 6, `only ${found} of the bust's palette colours are on screen`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  // The element's cycle waits for a still-loading avatar; a src change meanwhile must leave the new
  // list on screen, whatever the old load does (the wait checks the list's generation). A src
  // change also aborts the old list's fetches, which alone would hide a missing check: so here the
  // page's fetch ignores the abort, and the old avatar arrives, whole, after the list changed.
  test('a cycle waiting for a slow avatar does not show it once src changed', async () => {
    const { page, errors } = await open();
    await waitForEvent(page, 'load', 'hero');
    // The second avatar of a cycle is held back by the test until src has changed again.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    await page.route(
      (url) => url.search === '?slow',
      async (route) => {
        await held;
        await route.continue();
      },
    );
    await page.evaluate(() => {
      const fetchWithAbort = window.fetch;
      window.fetch = async (url, options = {}) => {
        const response = await fetchWithAbort(url, { ...options, signal: undefined });
        if (String(url).endsWith('?slow')) {
          // The test waits for this read: the old avatar's bytes are then in the element's hands.
          const read = response.arrayBuffer();
          window.__slowRead = read;
          response.arrayBuffer = () => read;
        }
        return response;
      };
    });
    const loads = () => page.evaluate(() => window.__events.filter((e) => e.type === 'load' && e.id === 'race').length);
    await page.evaluate(() => {
      const el = document.createElement('pixel-avatar');
      el.id = 'race';
      el.interval = 0; // advance as soon as the first avatar has arrived
      el.setAttribute('loading', 'eager');
      el.style.cssText = 'position: fixed; left: 0; top: 0; width: 120px; height: 120px';
      el.setAttribute('src', '../sample/bust.pxav?fast ../sample/cat.pxav?slow');
      document.body.append(el);
    });
    await waitForEvent(page, 'load', 'race');
    await page.$eval('#race', (el) => el.settled);
    await animationFrames(page, 5); // the cycle's timer (0 ms after arriving) has fired: it waits for the held avatar
    assert.equal(await page.$eval('#race', (el) => el.currentIndex), 0);
    await page.$eval('#race', (el) => {
      el.src = '../sample/bust.pxav?again';
    });
    await page.waitForFunction(() => window.__events.filter((e) => e.type === 'load' && e.id === 'race').length >= 2);
    // Now the old list's second avatar arrives, whole: the old cycle's wait is over.
    release();
    await page.waitForFunction(() => window.__slowRead !== undefined);
    assert.equal(await page.evaluate(async () => (await window.__slowRead).byteLength > 0), true);
    await animationFrames(page, 10);
    // Still the one avatar of the new list: the old list's second entry was not presented.
    assert.equal(await page.$eval('#race', (el) => el.currentIndex), 0);
    const bustCells = readAvatarFile(readFileSync(new URL('bust.pxav', SAMPLE))).cells.x.length;
    assert.equal(await page.$eval('#race', (el) => el.cellCount), bustCells);
    assert.equal(await loads(), 2);
    assert.deepEqual(
      await page.evaluate(() =>
        window.__events.filter(
          (e) => e.id === 'race' && (e.type === 'error' || (e.type === 'transitionend' && e.detail.index !== 0)),
        ),
      ),
      [],
      'an old avatar was shown (transitionend) or failed (error) after the list changed',
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a corrupt or missing file gives an error event and a visible message', async () => {
    const { page } = await open();
    await waitForEvent(page, 'load', 'hero');
    await page.$eval('#second', (el) => {
      el.src = '../sample/corrupt.pxav';
    });
    await waitForEvent(page, 'error', 'second');
    const detail = await page.evaluate(() => window.__events.find((e) => e.type === 'error').detail);
    assert.equal(detail.message, 'avatar file: checksum mismatch');
    const text = await page.locator('#second .message').innerText();
    assert.match(text, /could not be shown: avatar file: checksum mismatch/);
    assert.ok(await page.locator('#second .message').isVisible());
    await page.locator('#second').screenshot({ path: SHOTS + 'embed-corrupt.png' });

    await page.$eval('#second', (el) => {
      el.src = '../sample/missing.pxav';
    });
    await page.waitForFunction(() => window.__events.filter((e) => e.type === 'error').length >= 2);
    assert.match(await page.locator('#second .message').innerText(), /HTTP 404/);

    // load() with bad bytes rejects, with the same message.
    const rejected = await page.$eval('#hero', (el) =>
      el.load(new Uint8Array([1, 2, 3])).then(
        () => 'resolved',
        (e) => e.message,
      ),
    );
    assert.equal(rejected, 'avatar file: bad magic (not a PXAV file)');
    await page.close();
  });

  test('lazy loading waits until the element comes near the viewport', async () => {
    const { page, requests } = await open();
    await waitForEvent(page, 'load', 'hero');
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '4000px';
      const el = document.createElement('pixel-avatar');
      el.id = 'far';
      el.setAttribute('src', '../sample/cat.pxav?lazy');
      document.body.append(spacer, el);
    });
    await animationFrames(page, 10); // the element had its frames to notice it is far away
    assert.equal(requests.filter((url) => url.includes('?lazy')).length, 0, 'loaded while far away');
    await page.locator('#far').scrollIntoViewIfNeeded();
    await waitForEvent(page, 'load', 'far');
    assert.equal(requests.filter((url) => url.includes('?lazy')).length, 1);
    await page.close();
  });
});
