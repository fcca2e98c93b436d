// The upload-and-preview page in Firefox and WebKit (engines.mjs; PXAV_ENGINES picks others): the
// wasm core in the page's decode worker turns an HEIC photo, a depth JPEG and a stereo pair into
// live avatars; bad files show the core's sentence, as the CLI says it; at phone width the avatar
// comes first; the worker pool decodes a grid photo exactly as one worker does. Screenshots go to web/test-results/<engine>-preview-*.png.
// Chromium's fuller suites are browser-preview.test.mjs and browser-stereo.test.mjs.
// Needs the wasm core at web/lib/ (make wasm) and the CLI (make cli: it writes the stereo pair and
// the bad files); uses ../shared/data/ where present (pug.heic, the vase JPEG, bad/).
// Run: node --test web/test/engines-preview.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../serve.mjs';
import { distinctColours, readScreenshot, skipOrFailInCI } from './helpers.mjs';
import { describeEngine, launchEngine, selectedEngines } from './engines.mjs';
import { badInputs, cliError } from '../../wasm/test/bad-inputs.mjs';

const WEB = new URL('../', import.meta.url);
const SHARED = new URL('../../../shared/data/', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));
const CLI = fileURLToPath(new URL('../build/native/bin/pixel-avatar', WEB));

// The HEIC to upload: the shared pug.heic (a grid of tiles, so the pool has work), else the sample.
const heicUrl = [new URL('real/pug.heic', SHARED), new URL('sample/sample.heic', WEB)].find((url) => existsSync(url));
const jpegUrl = new URL('jpeg/vase_portrait_disparity.jpg', SHARED);

const otherSkip =
  (existsSync(new URL('lib/pixel-avatar-core.wasm', WEB))
    ? null
    : 'web/lib/pixel-avatar-core.wasm not built yet (make wasm)') ??
  (existsSync(CLI) ? null : 'the CLI is not built yet (make cli): it writes the stereo pair and the bad files') ??
  (heicUrl ? null : 'no HEIC to upload: neither ../shared/data/real/pug.heic nor web/sample/sample.heic exists');

// In the page: the page says `state` for the file(s) named `name` (the status line starts with it).
const settled = ([state, name]) => {
  const status = document.querySelector('#status');
  return (
    status.dataset.state === state && (!name || document.querySelector('#status-text').textContent.startsWith(name))
  );
};

// In the page: what the page shows of the open photo, as numbers small enough to send back: the
// avatar's cells and frames, and FNV-1a hashes of the photo's pixels as drawn and of the avatar.
const shown = () => {
  const hash = (values) => {
    let h = 0x811c9dc5;
    for (const v of values) h = Math.imul(h ^ (v & 0xff), 0x01000193) >>> 0;
    return h;
  };
  const canvas = document.getElementById('photo');
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const seen = new Set();
  for (let i = 0; i < data.length; i += 16)
    seen.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
  const el = document.getElementById('avatar');
  const { avatar } = el;
  return {
    workers: document.getElementById('status').dataset.workers ?? null,
    photo: `${canvas.width}x${canvas.height}:${hash(data)}`,
    photoColours: seen.size,
    cells: el.cellCount,
    frames: el.frameCount,
    avatar: avatar ? hash([...avatar.palette, ...Object.values(avatar.cells).flatMap((column) => [...column])]) : null,
    error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
    depthCaption: document.getElementById('depth-caption').textContent,
  };
};

// In the page: the avatar's morph from the one before (the sample's) has ended. It fires no event
// once it is over, so a transition to itself is asked for: it starts where the cells are and
// resolves when they have arrived.
const settle = () => document.querySelector('#avatar').transitionTo(0);

for (const engine of selectedEngines()) {
  describeEngine(
    engine,
    'the preview page',
    () => {
      let server;
      let browser;
      let dir;
      before(async () => {
        mkdirSync(SHOTS, { recursive: true });
        dir = mkdtempSync(join(tmpdir(), 'pxav-engine-preview-'));
        execFileSync(CLI, ['sample', '--scene', 'stereo', '-o', join(dir, 'pair.png'), '-q']);
        server = await startServer({ port: 0 });
        browser = await launchEngine(engine);
      });
      after(async () => {
        await browser?.close();
        await server?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      // Opens the page and waits until what it does on its own is done (the sample, if any, is open).
      async function open(query = '') {
        const page = await browser.newPage({ width: 1200, height: 1000 });
        await page.goto(`${server.url}preview/${query}`);
        await page.waitFor(
          () => ['idle', 'ready', 'error'].includes(document.querySelector('#status')?.dataset.state),
          null,
          { timeout: 120_000, what: 'the page to settle' },
        );
        return page;
      }

      async function choose(page, paths, state = 'ready') {
        const name = paths.map((path) => path.split('/').pop()).join(' + ');
        await page.setFiles('#file', paths);
        await page.waitFor(settled, [state, state === 'ready' ? name : null], {
          timeout: 180_000,
          what: `${name}: ${state}`,
        });
        return page.evaluate(shown);
      }

      test('an HEIC photo becomes photo, depth and a live avatar', async (t) => {
        t.diagnostic(browser.version);
        const page = await open();
        try {
          const result = await choose(page, [fileURLToPath(heicUrl)]);
          assert.equal(result.error, null);
          assert.ok(result.cells > 100, `the avatar has ${result.cells} cells`);
          assert.ok(result.photoColours > 8, `the photo looks blank (${result.photoColours} colours)`);
          await page.evaluate(settle);
          const image = await readScreenshot(await page.screenshot(`${SHOTS}${engine}-preview-avatar.png`, '#avatar'));
          assert.ok(distinctColours(image, 20) >= 6, 'the avatar looks blank');
          await page.screenshot(`${SHOTS}${engine}-preview-heic.png`);
        } finally {
          await page.close();
        }
      });

      test(
        'a depth JPEG (Apple MPF) becomes an avatar',
        {
          skip:
            skipOrFailInCI(
              'engines-preview: a depth JPEG',
              existsSync(jpegUrl) ? null : 'no ../shared/data/jpeg/vase_portrait_disparity.jpg',
            ) ?? false,
        },
        async () => {
          const page = await open();
          try {
            const result = await choose(page, [fileURLToPath(jpegUrl)]);
            assert.equal(result.error, null);
            assert.match(result.depthCaption, /576×768/);
            assert.ok(result.cells > 500, `the avatar has ${result.cells} cells`);
            await page.screenshot(`${SHOTS}${engine}-preview-jpeg.png`);
          } finally {
            await page.close();
          }
        },
      );

      test('two colour images become a stereo pair with a disparity map and an avatar', async () => {
        const page = await open();
        try {
          // Chosen right first: the names say which is which.
          const result = await choose(page, [join(dir, 'pair-right.png'), join(dir, 'pair-left.png')]);
          assert.equal(result.error, null);
          assert.equal(
            await page.evaluate(() => document.querySelector('#stereo-options input[name=stereo]').checked),
            true,
          );
          assert.match(await page.text('#stereo output[name=views]'), /left: pair-left\.png, right: pair-right\.png/);
          assert.match(result.depthCaption, /relative: no known scale/);
          const disparity = await page.waitFor(
            () => {
              const img = document.querySelector('#disparity');
              return (
                !document.querySelector('#disparity-panel').hidden &&
                img.complete &&
                img.naturalWidth > 0 &&
                img.naturalWidth
              );
            },
            null,
            { what: 'the disparity map' },
          );
          assert.equal(disparity, 320);
          assert.ok(result.cells > 100, `the avatar has ${result.cells} cells`);
          await page.screenshot(`${SHOTS}${engine}-preview-stereo.png`);
        } finally {
          await page.close();
        }
      });

      test("bad files show the core's sentence, as the CLI says it", async (t) => {
        const { cases, dir: badDir } = badInputs();
        const page = await open();
        try {
          // One of each kind of failure: a damaged HEIC (or a damaged JPEG without the shared data),
          // a JPEG without depth, a file of text.
          const names = ['corrupted.heic', 'cut.jpg', 'plain.jpg', 'notes.txt'];
          for (const { name, path } of cases.filter((c) => names.includes(c.name))) {
            const { message } = cliError(path);
            await page.setFiles('#file', [path]);
            const text = await page.waitFor(
              (expected) =>
                document.querySelector('#status').dataset.state === 'error' &&
                document.querySelector('#error').textContent.includes(expected) &&
                document.querySelector('#error').innerText,
              message,
              { what: `the error for ${name}` },
            );
            t.diagnostic(`${name}: ${text}`);
            assert.ok(
              await page.evaluate(() => document.querySelector('#error').getBoundingClientRect().height > 0),
              `${name}: the error is not visible`,
            );
            if (name === 'corrupted.heic' || name === 'cut.jpg')
              await page.screenshot(`${SHOTS}${engine}-preview-bad-file.png`);
          }
        } finally {
          await page.close();
          rmSync(badDir, { recursive: true, force: true });
        }
      });

      // The phone layout (preview.css) in this engine's own CSS: a narrow window (WebKitGTK's is at
      // least about 450 px wide, still phone width), no touch emulation; browser-phone.test.mjs has
      // the touch checks in Chromium.
      test('at phone width the avatar comes first, on the first screen', async (t) => {
        const page = await browser.newPage({ width: 390, height: 844 });
        try {
          await page.goto(`${server.url}preview/`);
          await page.waitFor(
            () => ['idle', 'ready', 'error'].includes(document.querySelector('#status')?.dataset.state),
            null,
            { timeout: 120_000, what: 'the page to settle' },
          );
          await choose(page, [fileURLToPath(heicUrl)]);
          const layout = await page.waitFor(
            () => {
              const rect = document.querySelector('#avatar').getBoundingClientRect();
              const tops = ['#avatar', '#controls', '#photo', '#depth'].map(
                (s) => document.querySelector(s).getBoundingClientRect().top,
              );
              return (
                rect.top >= 0 &&
                rect.bottom <= innerHeight && {
                  width: innerWidth,
                  height: innerHeight,
                  top: rect.top,
                  bottom: rect.bottom,
                  tops,
                }
              );
            },
            null,
            { what: 'the avatar on the first screen' },
          );
          t.diagnostic(
            `${layout.width}x${layout.height}: the avatar spans ${layout.top.toFixed(0)}..${layout.bottom.toFixed(0)}`,
          );
          assert.ok(layout.width <= 600, `the window is ${layout.width} px wide`);
          assert.deepEqual(
            [...layout.tops].sort((a, b) => a - b),
            layout.tops,
            `not avatar, controls, photo, depth: ${layout.tops}`,
          );
          await page.evaluate(settle);
          await page.screenshot(`${SHOTS}${engine}-preview-phone.png`);
        } finally {
          await page.close();
        }
      });

      test('the worker pool decodes a grid photo exactly as one worker does', async () => {
        const outcome = async (workers) => {
          const page = await open(`?workers=${workers}`);
          try {
            return await choose(page, [fileURLToPath(heicUrl)]);
          } finally {
            await page.close();
          }
        };
        const single = await outcome(1);
        const pooled = await outcome(2);
        assert.equal(single.workers, '1');
        // Only a photo stored in tiles (pug.heic) is shared out; the sample is one piece.
        if (heicUrl.pathname.endsWith('pug.heic')) assert.equal(pooled.workers, '2', 'the pool did not start');
        assert.ok(single.cells > 100);
        assert.deepEqual(pooled, { ...single, workers: pooled.workers, frames: pooled.frames });
      });
    },
    { otherSkip },
  );
}
