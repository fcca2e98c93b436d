// The preview page on a phone, in headless Chromium emulating one (390x844 CSS px, device pixel
// ratio 3, touch): the intro and the drop zone are short, once a photo is chosen its avatar is on
// the first screen, above its controls and the photo and depth map (and a photo chosen while the
// page is scrolled away brings the avatar back into view); the controls are 44 px touch targets;
// a vertical swipe that starts on the avatar scrolls the page, a horizontal one stays with the
// avatar (it tilts). Screenshots: web/test-results/phone-*.png.
// Needs the wasm core at web/lib/ (make wasm); uses ../shared/data/ where present.
// Run: node --test web/test/browser-phone.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  browserMissing,
  distinctColours,
  pauseRendering,
  readScreenshot,
  skipOrFailInCI,
  startBrowser,
} from './helpers.mjs';

const WEB = new URL('../', import.meta.url);
const SHARED = new URL('../../../shared/data/', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

const photos = [
  new URL('real/pug.heic', SHARED),
  new URL('jpeg/vase_portrait_disparity.jpg', SHARED),
  new URL('sample/sample.heic', WEB),
].filter((url) => existsSync(url));
const skip =
  browserMissing() ??
  (existsSync(new URL('lib/pixel-avatar-core.wasm', WEB))
    ? null
    : 'web/lib/pixel-avatar-core.wasm not built yet (make wasm)') ??
  (photos.length ? null : 'no photo to upload: neither ../shared/data nor web/sample/sample.heic has one');
skipOrFailInCI('browser-phone', skip);

const nameOf = (url) => fileURLToPath(url).split('/').pop();

describe('the preview page on a phone', { skip: skip ?? false }, () => {
  let env;
  let context;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startBrowser();
    context = await env.browser.newContext(PHONE);
  });
  after(async () => {
    await context?.close();
    await env?.close();
  });

  async function open() {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(env.server.url + 'preview/');
    await page.waitForFunction(
      () => ['idle', 'ready', 'error'].includes(document.querySelector('#status').dataset.state),
      null,
      { timeout: 120_000 },
    );
    return { page, errors };
  }

  async function choose(page, url) {
    await page.setInputFiles('#file', fileURLToPath(url));
    await page.waitForFunction(
      (name) =>
        document.querySelector('#status').dataset.state === 'ready' &&
        document.querySelector('#status-text').textContent.startsWith(name),
      nameOf(url),
      { timeout: 180_000 },
    );
  }

  // The avatar's box once the page has done its scrolling (smooth scrolling ends in view).
  const avatarOnScreen = (page) =>
    page
      .waitForFunction(
        () => {
          const rect = document.querySelector('#avatar').getBoundingClientRect();
          return (
            rect.height > 200 &&
            rect.top >= 0 &&
            rect.bottom <= innerHeight && { top: rect.top, bottom: rect.bottom, scrollY }
          );
        },
        null,
        { timeout: 30_000 },
      )
      .then((handle) => handle.jsonValue());

  test('after a photo, the avatar is on the first screen, before its controls, photo and depth', async (t) => {
    const { page, errors } = await open();
    // The drop zone and the intro take little of the first screen.
    const intro = await page.evaluate(() => ({
      header: document.querySelector('.top').getBoundingClientRect().height,
      dropzone: document.querySelector('#dropzone').getBoundingClientRect().height,
      width: document.documentElement.scrollWidth,
    }));
    t.diagnostic(`header ${intro.header.toFixed(0)} px, drop zone ${intro.dropzone.toFixed(0)} px`);
    assert.ok(
      intro.header + intro.dropzone < 300,
      `the intro and drop zone take ${(intro.header + intro.dropzone).toFixed(0)} px`,
    );
    assert.equal(intro.width, 390, 'the page is wider than the phone');

    await choose(page, photos[0]);
    const box = await avatarOnScreen(page);
    t.diagnostic(
      `${nameOf(photos[0])}: the avatar spans ${box.top.toFixed(0)}..${box.bottom.toFixed(0)} of 844 px (scrollY ${box.scrollY})`,
    );
    // The morph from the sample's avatar ends (a transition to itself resolves when the cells arrive).
    await page.$eval('#avatar', (el) => el.transitionTo(0));
    const order = await page.evaluate(() =>
      ['#avatar', '#controls', '#photo', '#depth'].map((s) => document.querySelector(s).getBoundingClientRect().top),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      `the order on screen is not avatar, controls, photo, depth: ${order}`,
    );

    // The first screen as the person sees it (the element drew it while it was on screen).
    await pauseRendering(page);
    const screen = await readScreenshot(await page.screenshot({ path: SHOTS + 'phone-first-screen.png' }));
    assert.equal(screen.width, 390 * 3, 'the screenshot is not at device pixel ratio 3');
    const avatar = await readScreenshot(await page.locator('#avatar').screenshot({ path: SHOTS + 'phone-avatar.png' }));
    assert.ok(distinctColours(avatar, 60) >= 6, 'the avatar looks blank');
    await pauseRendering(page, false);

    // The controls are touch targets of at least 44 CSS px.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('#controls input, #controls select, #controls button, #dropzone')]
        .filter((el) => el.offsetParent !== null && el.type !== 'checkbox')
        .map((el) => ({ what: el.id || el.textContent.trim() || el.type, height: el.getBoundingClientRect().height }))
        .filter(({ height }) => height < 44),
    );
    assert.deepEqual(small, [], 'controls smaller than 44 px');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(
    'a photo chosen while scrolled away brings its avatar into view',
    {
      skip:
        skipOrFailInCI(
          'browser-phone: a second photo',
          photos.length < 2 ? 'one photo only (../shared/data is absent)' : null,
        ) ?? false,
    },
    async (t) => {
      const { page } = await open();
      await choose(page, photos[0]);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      assert.ok(
        await page.evaluate(() => document.querySelector('#avatar').getBoundingClientRect().bottom < 0),
        'the avatar is still on screen',
      );
      await choose(page, photos[1]);
      const box = await avatarOnScreen(page);
      t.diagnostic(
        `${nameOf(photos[1])}: the avatar spans ${box.top.toFixed(0)}..${box.bottom.toFixed(0)} (scrollY ${box.scrollY})`,
      );
      await page.close();
    },
  );

  test('a vertical swipe on the avatar scrolls the page; a horizontal one stays with the avatar', async () => {
    const { page } = await open();
    await choose(page, photos[0]);
    await avatarOnScreen(page);
    assert.equal(await page.$eval('#avatar', (el) => getComputedStyle(el).touchAction), 'pan-y pinch-zoom');
    // What reaches the element: pointer moves, and a cancel when the browser takes the gesture.
    await page.evaluate(() => {
      window.__pointer = { move: 0, cancel: 0 };
      const el = document.querySelector('#avatar');
      el.addEventListener('pointermove', () => window.__pointer.move++);
      el.addEventListener('pointercancel', () => window.__pointer.cancel++);
    });
    const cdp = await context.newCDPSession(page);
    const box = await page.$eval('#avatar', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    });
    const swipe = async (from, to) => {
      const steps = 12;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from[0], y: from[1] }] });
      for (let i = 1; i <= steps; i++) {
        const x = from[0] + ((to[0] - from[0]) * i) / steps;
        const y = from[1] + ((to[1] - from[1]) * i) / steps;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    const state = () => page.evaluate(() => ({ scrollY, ...window.__pointer }));

    const start = await state();
    await page.evaluate(() => {
      window.__scrolled = new Promise((resolve) => addEventListener('scrollend', resolve, { once: true }));
    });
    await swipe([box.x + box.w * 0.5, box.y + box.h * 0.8], [box.x + box.w * 0.5, box.y + box.h * 0.2]);
    // The page scrolls, to its end (scrollend, after any fling): the swipe was the page's.
    await page.evaluate(() => window.__scrolled);
    const vertical = await state();
    assert.ok(
      vertical.scrollY > start.scrollY + 50,
      `a vertical swipe scrolled the page by ${vertical.scrollY - start.scrollY} px`,
    );
    assert.ok(vertical.cancel > start.cancel, 'the element kept a vertical swipe (no pointercancel)');

    const now = await page.$eval('#avatar', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    });
    await swipe([now.x + now.w * 0.2, now.y + now.h * 0.5], [now.x + now.w * 0.8, now.y + now.h * 0.5]);
    // A frame later, any scroll would have begun.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const horizontal = await state();
    assert.equal(horizontal.scrollY, vertical.scrollY, 'a horizontal swipe scrolled the page');
    assert.ok(
      horizontal.move - vertical.move >= 6,
      `the element saw ${horizontal.move - vertical.move} moves of a horizontal swipe`,
    );
    assert.equal(horizontal.cancel, vertical.cancel, 'the browser took the horizontal swipe');
    await cdp.detach();
    await page.close();
  });
});
