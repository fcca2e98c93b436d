// The <pixel-avatar> element on the embed pages in Firefox and WebKit (engines.mjs; PXAV_ENGINES
// picks others), both builds: the minified modules on a page with three.js (embed/index.html) and
// the one-file build (embed/one-file.html). In each: the element draws the avatar's own colours,
// `load` and `transitionend` fire with their details, a morph animates over several frames, and
// under prefers-reduced-motion nothing moves and a transition is instant. Screenshots go to
// web/test-results/<engine>-*.png. Chromium's fuller suite is browser-embed.test.mjs.
// Needs the sample avatars: node web/tools/make-sample-avatars.mjs
// Run: node --test web/test/engines-embed.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readAvatarFile } from '../element/avatar-file.js';
import { buildBundle, buildElement } from '../tools/build-element.mjs';
import { startServer } from '../serve.mjs';
import { coloursPresent, distinctColours, readScreenshot } from './helpers.mjs';
import { describeEngine, launchEngine, selectedEngines } from './engines.mjs';

const SAMPLE = new URL('../sample/', import.meta.url);
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const samplesMissing = existsSync(new URL('bust.pxav', SAMPLE))
  ? null
  : 'web/sample/ is empty: run node web/tools/make-sample-avatars.mjs first';

const avatarOf = (name) => readAvatarFile(readFileSync(new URL(name, SAMPLE)));
const paletteOf = (name) => {
  const { palette } = avatarOf(name);
  return Array.from({ length: palette.length / 3 }, (_, i) => [...palette.subarray(i * 3, i * 3 + 3)]);
};

let built = null; // both element builds, made once for all engines
const buildOnce = () => (built ??= Promise.all([buildElement(), buildBundle()]));

// In the page: #hero has an avatar with `cells` cells and has drawn at least `frames` frames.
const drawn = ([cells, frames]) => {
  const el = document.querySelector('#hero');
  return el?.cellCount === cells && el.frameCount >= frames;
};

// In the page: new sources for #hero, with its events recorded from before they can fire. Resolves
// with the load event's detail, then the transitionend detail of the morph to the new first
// avatar, and the frames drawn in between.
const reloadHero = (src) =>
  new Promise((resolve, reject) => {
    const el = document.querySelector('#hero');
    el.interval = 3_600_000; // no cycling of its own while the test looks
    let load = null;
    let framesAtLoad = 0;
    el.addEventListener('error', (event) => reject(new Error(event.detail.message)), { once: true });
    el.addEventListener(
      'load',
      (event) => {
        load = { ...event.detail };
        framesAtLoad = el.frameCount;
      },
      { once: true },
    );
    el.addEventListener(
      'transitionend',
      (event) => {
        resolve({
          load,
          transitionend: { ...event.detail },
          frames: el.frameCount - framesAtLoad,
          cells: el.cellCount,
        });
      },
      { once: true },
    );
    el.src = src;
  });

// In the page: transitionTo(index) on #hero, with its transitionend event and the frames it drew.
const morphHero = async (index) => {
  const el = document.querySelector('#hero');
  const before = el.frameCount;
  const event = new Promise((resolve) =>
    el.addEventListener('transitionend', (e) => resolve({ ...e.detail }), { once: true }),
  );
  await el.transitionTo(index);
  return { transitionend: await event, frames: el.frameCount - before, index: el.currentIndex, cells: el.cellCount };
};

for (const engine of selectedEngines()) {
  describeEngine(
    engine,
    'the embed pages',
    () => {
      let server;
      let browser;
      before(async () => {
        mkdirSync(SHOTS, { recursive: true });
        await buildOnce();
        server = await startServer({ port: 0 });
        browser = await launchEngine(engine);
      });
      after(async () => {
        await browser?.close();
        await server?.close();
      });

      test('the modules build draws, fires load and transitionend, and morphs', async (t) => {
        t.diagnostic(browser.version);
        const bust = avatarOf('bust.pxav').cells.x.length;
        const cat = avatarOf('cat.pxav').cells.x.length;
        const page = await browser.newPage({ width: 1000, height: 800 });
        try {
          await page.goto(server.url + 'embed/');
          await page.waitFor(drawn, [bust, 3], { what: 'the bust drawn on #hero' });
          assert.equal(
            await page.evaluate(() => document.querySelector('#hero').getAttribute('aria-label')),
            'A pixel avatar of a person that turns into a cat and back',
          );
          assert.equal(
            await page.evaluate(() =>
              [...document.scripts]
                .filter((s) => s.src)
                .map((s) => new URL(s.src, location).pathname)
                .join(),
            ),
            '/embed/embed.js',
          );

          const reloaded = await page.evaluate(reloadHero, '../sample/cat.pxav ../sample/bust.pxav');
          assert.deepEqual(reloaded.load, { index: 0, src: '../sample/cat.pxav', cellCount: cat });
          assert.deepEqual(reloaded.transitionend, { index: 0 });
          assert.equal(reloaded.cells, cat);
          // A morph draws frames on its way (under reduced motion it is one frame: see below).
          assert.ok(reloaded.frames >= 3, `the morph to the cat drew ${reloaded.frames} frames`);

          const morph = await page.evaluate(morphHero, 1);
          assert.deepEqual(morph.transitionend, { index: 1 });
          assert.equal(morph.index, 1);
          assert.equal(morph.cells, bust);
          assert.ok(morph.frames >= 3, `the morph to the bust drew ${morph.frames} frames`);

          const image = await readScreenshot(await page.screenshot(`${SHOTS}${engine}-embed-hero.png`, '#hero'));
          const found = coloursPresent(image, paletteOf('bust.pxav'), { tolerance: 24, minPixels: 15 });
          assert.ok(found >= 6, `only ${found} of the bust's palette colours are on screen`);
          assert.ok(distinctColours(image) >= 8, 'the avatar looks blank');
          await page.screenshot(`${SHOTS}${engine}-embed-page.png`);
        } finally {
          await page.close();
        }
      });

      test('the one-file build draws and morphs on a page without three.js', async () => {
        const bust = avatarOf('bust.pxav').cells.x.length;
        const page = await browser.newPage({ width: 1000, height: 800 });
        try {
          await page.goto(server.url + 'embed/one-file.html');
          await page.waitFor(drawn, [bust, 3], { what: 'the bust drawn on #hero' });
          assert.equal(
            await page.evaluate(() =>
              [...document.scripts]
                .filter((s) => s.src)
                .map((s) => new URL(s.src, location).pathname)
                .join(),
            ),
            '/dist/bundle/pixel-avatar.js',
          );
          assert.equal(
            await page.evaluate(() => 'THREE' in window || !!document.querySelector('script[type=importmap]')),
            false,
          );
          await page.evaluate(() => {
            document.querySelector('#hero').interval = 3_600_000;
          });
          const morph = await page.evaluate(morphHero, 1);
          assert.deepEqual(morph.transitionend, { index: 1 });
          assert.equal(morph.cells, avatarOf('cat.pxav').cells.x.length);
          assert.ok(morph.frames >= 3, `the morph to the cat drew ${morph.frames} frames`);
          const image = await readScreenshot(await page.screenshot(`${SHOTS}${engine}-embed-one-file.png`, '#hero'));
          const found = coloursPresent(image, paletteOf('cat.pxav'), { tolerance: 24, minPixels: 15 });
          assert.ok(found >= 4, `only ${found} of the cat's palette colours are on screen`);
        } finally {
          await page.close();
        }
      });

      test('prefers-reduced-motion: no idle animation, instant transitions, exact colours', async () => {
        // The preference is the browser's (a Firefox pref, a GTK setting for WebKit): its own launch.
        const still = await launchEngine(engine, { reducedMotion: true });
        const page = await still.newPage({ width: 1000, height: 800 });
        try {
          await page.goto(server.url + 'embed/');
          assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
          await page.waitFor(drawn, [avatarOf('bust.pxav').cells.x.length, 1], { what: 'the bust drawn on #hero' });
          // Over 30 of the page's own animation frames, the element draws none: nothing moves.
          const quiet = await page.evaluate(async () => {
            const el = document.querySelector('#hero');
            el.interval = 3_600_000;
            const frames = (n) =>
              new Promise((resolve) => {
                const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
                requestAnimationFrame(step);
              });
            await frames(2);
            const start = el.frameCount;
            await frames(30);
            return el.frameCount - start;
          });
          assert.equal(quiet, 0, `the element drew ${quiet} frames while nothing should move`);
          const morph = await page.evaluate(morphHero, 1);
          assert.deepEqual(morph.transitionend, { index: 1 });
          assert.ok(morph.frames <= 2, `a reduced-motion transition drew ${morph.frames} frames`);
          // Facing the viewer without sway, front faces show the palette's exact colours.
          const image = await readScreenshot(
            await page.screenshot(`${SHOTS}${engine}-embed-reduced-motion.png`, '#hero'),
          );
          const found = coloursPresent(image, paletteOf('cat.pxav'), { tolerance: 2, minPixels: 10 });
          assert.ok(found >= 6, `only ${found} exact cat colours`);
        } finally {
          await page.close();
          await still.close();
        }
      });
    },
    { otherSkip: samplesMissing },
  );
}
