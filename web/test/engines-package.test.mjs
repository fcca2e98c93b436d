// The npm package's consumer pages in Firefox and WebKit (engines.mjs; PXAV_ENGINES picks others):
// the package packed and installed into a scratch project (package-consumer.mjs), whose two
// ten-line pages, one with three.js and an import map and one with the one-file build alone, show
// the avatar in its own colours. Screenshots: web/test-results/<engine>-package-*.png. The
// package's other checks (contents, types, node) are in package.test.mjs.
// Needs the sample avatars (node web/tools/make-sample-avatars.mjs) and web/node_modules.
// Run: node --test web/test/engines-package.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readAvatarFile } from '../element/avatar-file.js';
import { startServer } from '../serve.mjs';
import { coloursPresent, distinctColours, readScreenshot } from './helpers.mjs';
import { describeEngine, launchEngine, selectedEngines } from './engines.mjs';
import { makeConsumerProject, PAGES, SAMPLE } from './package-consumer.mjs';

const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const samplesMissing = existsSync(SAMPLE)
  ? null
  : 'web/sample/ is empty: run node web/tools/make-sample-avatars.mjs first';

let consumer = null; // packed and installed once for every engine
after(() => consumer?.remove());

for (const engine of selectedEngines()) {
  describeEngine(
    engine,
    "the npm package's consumer pages",
    () => {
      let server;
      let browser;
      before(async () => {
        mkdirSync(SHOTS, { recursive: true });
        consumer ??= makeConsumerProject();
        server = await startServer({ port: 0, root: consumer.dir });
        browser = await launchEngine(engine);
      });
      after(async () => {
        await browser?.close();
        await server?.close();
      });

      for (const file of Object.keys(PAGES)) {
        test(`${file} shows the avatar`, async (t) => {
          t.diagnostic(browser.version);
          const sample = readAvatarFile(readFileSync(SAMPLE));
          const page = await browser.newPage({ width: 800, height: 600 });
          try {
            await page.goto(server.url + file);
            await page.waitFor(
              (cells) => {
                const el = document.querySelector('#me');
                return el?.cellCount === cells && el.frameCount >= 3;
              },
              sample.cells.x.length,
              { what: 'the avatar drawn' },
            );
            // The avatar grows in without an event: a transition to itself ends where the growing ends.
            await page.evaluate(() => document.querySelector('#me').transitionTo(0));
            const paths = await page.evaluate(() =>
              performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
            );
            assert.equal(
              paths.some((p) => p.includes('/three/')),
              file === 'index.html',
              'three.js loaded (or not) as the page says',
            );
            const image = await readScreenshot(
              await page.screenshot(`${SHOTS}${engine}-package-${file.replace('.html', '')}.png`, '#me'),
            );
            const palette = Array.from({ length: sample.palette.length / 3 }, (_, i) => [
              ...sample.palette.subarray(i * 3, i * 3 + 3),
            ]);
            const found = coloursPresent(image, palette, { tolerance: 24, minPixels: 15 });
            assert.ok(found >= 6, `only ${found} of the avatar's palette colours are on screen`);
            assert.ok(distinctColours(image) >= 8, 'the avatar looks blank');
          } finally {
            await page.close();
          }
        });
      }
    },
    { otherSkip: samplesMissing },
  );
}
