#!/usr/bin/env node
// Takes the README's screenshots, 1280x800, in headless Chromium:
//   web/screenshots/preview.png  the preview page with ../shared/data/real/pug.heic open
//                                (web/sample/sample.heic when the shared data is absent)
//   web/screenshots/embed.png    the embed demo page (minified element: build it first)
//   web/screenshots/sequence.png the preview page's "put it on a page" panel: a sequence of three
//                                avatars (the photo at two grid sizes and the sample), the embed
//                                code copied
// They are committed, so keep them small: the render loop is paused for a still frame.
//
//   node web/tools/make-sample-avatars.mjs && node web/tools/build-element.mjs && node web/tools/take-screenshots.mjs
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserMissing, openPage, pauseRendering, startBrowser, waitForFrames } from '../test/helpers.mjs';

const OUT = new URL('../screenshots/', import.meta.url);
const PHOTOS = [
  new URL('../../../shared/data/real/pug.heic', import.meta.url),
  new URL('../sample/sample.heic', import.meta.url),
];
const VIEWPORT = { width: 1280, height: 800 };

const why = browserMissing();
if (why) {
  console.error(`no screenshots: ${why}`);
  process.exit(1);
}
const photo = PHOTOS.find((url) => existsSync(url));
if (!photo) {
  console.error('no photo: neither ../shared/data/real/pug.heic nor web/sample/sample.heic exists');
  process.exit(1);
}
if (photo !== PHOTOS[0]) console.log('note: ../shared/data/real/pug.heic is absent, showing the sample photo');
mkdirSync(OUT, { recursive: true });

const { server, browser, close } = await startBrowser();
const saved = (name) =>
  console.log(`${fileURLToPath(new URL(name, OUT))}: ${(statSync(new URL(name, OUT)).size / 1024).toFixed(0)} KB`);
try {
  {
    const { page } = await openPage(browser, server.url + 'preview/', { viewport: VIEWPORT });
    // The sample opens by itself at load: wait for it, then open the photo.
    await page.waitForFunction(
      () => ['idle', 'ready'].includes(document.getElementById('status').dataset.state),
      null,
      { timeout: 120_000 },
    );
    // The photo's avatar morphs in from the sample's: a fixed number of frames after 'ready' can
    // still be the sample's shape when frames come fast, so wait for the morph to end.
    await page.evaluate(() => {
      const avatar = document.getElementById('avatar');
      window.photoShown = new Promise((resolve) => avatar.addEventListener('transitionend', resolve, { once: true }));
    });
    await page.setInputFiles('#file', fileURLToPath(photo));
    await page.waitForFunction(() => document.getElementById('status').dataset.state === 'working');
    await page.waitForFunction(() => document.getElementById('status').dataset.state === 'ready', null, {
      timeout: 120_000,
    });
    await page.evaluate(() => window.photoShown);
    await waitForFrames(page, '#avatar', 3);
    await pauseRendering(page);
    await page.screenshot({ path: fileURLToPath(new URL('preview.png', OUT)) });
    saved('preview.png');
    await page.close();
  }
  {
    const { page } = await openPage(browser, null, { viewport: { width: 1280, height: 1500 } });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(server.url + 'preview/');
    const ready = () =>
      page.waitForFunction(() => document.getElementById('status').dataset.state === 'ready', null, {
        timeout: 120_000,
      });
    const built = async (change) => {
      const before = await page.$eval('#avatar', (el) => el.cellCount);
      await change();
      await page.waitForFunction((b) => document.getElementById('avatar').cellCount !== b, before, {
        timeout: 120_000,
      });
      await ready();
    };
    await ready(); // the sample
    await built(() => page.setInputFiles('#file', fileURLToPath(photo)));
    await page.click('#sequence-add');
    await built(() =>
      page.$eval('#grid', (input) => {
        input.value = '32';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    );
    await page.click('#sequence-add');
    await built(() => page.setInputFiles('#file', fileURLToPath(PHOTOS[1])));
    await page.click('#sequence-add');
    await page.click('#sequence-play');
    await page.waitForTimeout(2500); // one transition and a bit
    await page.click('#sequence-play');
    await page.click('#embed-copy');
    await page.focus('#sequence li:nth-child(2)');
    await page.waitForTimeout(1800);
    await pauseRendering(page);
    await page.locator('#embed').screenshot({ path: fileURLToPath(new URL('sequence.png', OUT)) });
    saved('sequence.png');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  }
  {
    const { page } = await openPage(browser, server.url + 'embed/', { viewport: VIEWPORT });
    await waitForFrames(page, '#hero', 5);
    await waitForFrames(page, '#second', 5);
    // Both avatars fly in when they load (1.6 s, the element's TRANSITION_MS): let them land.
    await page.waitForTimeout(2000);
    await waitForFrames(page, '#hero', 2);
    await pauseRendering(page);
    await page.screenshot({ path: fileURLToPath(new URL('embed.png', OUT)) });
    saved('embed.png');
    await page.close();
  }
} finally {
  await close();
}
