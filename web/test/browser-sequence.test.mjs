// The preview page's "put it on a page" panel in headless Chromium: avatars made with other
// settings are added to a sequence, reordered and removed with the keyboard, played as
// transitions in the live <pixel-avatar>, copied as embed code (both builds), downloaded as a
// .zip with a ready page, and still there after a reload.
// Needs the wasm core (make wasm) and the built-in sample (make web).
// Run: node --test web/test/browser-sequence.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readAvatarFile } from '../element/avatar-file.js';
import { buildBundle } from '../tools/build-element.mjs';
import {
  browserMissing,
  skipOrFailInCI,
  openPage,
  pauseRendering,
  readZip,
  startBrowser,
  waitForFrames,
} from './helpers.mjs';

const WEB = new URL('../', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));
const skip =
  browserMissing() ??
  (['lib/pixel-avatar-core.wasm', 'sample/sample.heic'].every((name) => existsSync(new URL(name, WEB)))
    ? null
    : 'the wasm core or the sample photo are not built (make wasm web)');
skipOrFailInCI('browser-sequence', skip);

async function ready(page) {
  try {
    await page.waitForFunction(() => document.querySelector('#status')?.dataset.state === 'ready', null, {
      timeout: 120_000,
      polling: 100,
    });
  } catch (error) {
    const seen = await page.evaluate(
      () =>
        `${JSON.stringify(document.querySelector('#status').dataset)} ${document.querySelector('#status').textContent.trim()} ${document.querySelector('#error').textContent}`,
    );
    throw new Error(`the page did not get ready: ${seen}`, { cause: error });
  }
}
const names = (page) => page.$$eval('#sequence li .name', (spans) => spans.map((s) => s.textContent));

// Sets a slider and waits for the avatar it makes.
async function rebuildWith(page, id, value) {
  const before = await page.$eval('#avatar', (el) => el.cellCount);
  await page.$eval(
    `#${id}`,
    (input, v) => {
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    String(value),
  );
  await page.waitForFunction(
    (b) => {
      const n = document.querySelector('#avatar').cellCount;
      return n > 0 && n !== b;
    },
    before,
    { timeout: 120_000 },
  );
  await ready(page);
}

describe('the preview page writes the embed', { skip: skip ?? false }, () => {
  let env;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildBundle(); // the .zip of the one-file build carries it
    env = await startBrowser();
  });
  after(async () => {
    await env?.close();
  });

  test('a sequence: add, reorder and remove by keyboard, play, copy, download, reload', async () => {
    const { page, errors } = await openPage(env.browser, null, { viewport: { width: 1200, height: 1400 } });
    page.on('console', (m) => {
      if (m.type() === 'warning') console.log('# page warning:', m.text());
    });
    page.on('worker', (w) => w.on('console', (m) => console.log('# worker:', m.text())));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    await page.goto(env.server.url + 'preview/');
    await ready(page);
    assert.equal(await page.isVisible('#embed'), true, 'the panel is hidden after an avatar was made');
    // An empty sequence embeds the avatar on screen.
    assert.match(await page.textContent('#embed-code'), /<pixel-avatar src="avatar\.pxav"/);

    await page.click('#sequence-add');
    await rebuildWith(page, 'grid', 32);
    await page.click('#sequence-add');
    await rebuildWith(page, 'grid', 48);
    await page.click('#sequence-add');
    assert.deepEqual(await names(page), [
      'sample.heic (grid 64, palette 16)',
      'sample.heic (grid 32, palette 16)',
      'sample.heic (grid 48, palette 16)',
    ]);

    // Keyboard: Alt+Up moves the focused avatar up (and keeps the focus on it), Delete removes.
    await page.focus('#sequence li:nth-child(2)');
    await page.keyboard.press('Alt+ArrowUp');
    assert.deepEqual(await names(page), [
      'sample.heic (grid 32, palette 16)',
      'sample.heic (grid 64, palette 16)',
      'sample.heic (grid 48, palette 16)',
    ]);
    assert.equal(
      await page.evaluate(() => document.activeElement.querySelector('.name')?.textContent),
      'sample.heic (grid 32, palette 16)',
    );
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Delete');
    assert.deepEqual(await names(page), ['sample.heic (grid 32, palette 16)', 'sample.heic (grid 64, palette 16)']);
    // Tab reaches the item's buttons: Enter on "Move down" moves it.
    await page.focus('#sequence li:nth-child(1) button[data-action="down"]');
    await page.keyboard.press('Enter');
    assert.deepEqual(await names(page), ['sample.heic (grid 64, palette 16)', 'sample.heic (grid 32, palette 16)']);
    await page.focus('#sequence li:nth-child(2)');
    await page.keyboard.press('Alt+ArrowUp');
    const order = await names(page);
    assert.deepEqual(order, ['sample.heic (grid 32, palette 16)', 'sample.heic (grid 64, palette 16)']);
    const cells = await page.$$eval('#sequence li .meta', (spans) =>
      spans.map((s) => Number(s.textContent.split(' ')[0].replace(/\D/g, ''))),
    );

    // Play: the live preview morphs from one avatar to the next.
    await page.evaluate(() => {
      window.__transitions = [];
      document
        .querySelector('#sequence-preview')
        .addEventListener('transitionend', (e) => window.__transitions.push(e.target.cellCount));
    });
    await page.selectOption('#sequence-transition', 'scatter');
    await page.fill('#sequence-interval', '2');
    await page.dispatchEvent('#sequence-interval', 'change');
    await page.click('#sequence-play');
    assert.equal(await page.getAttribute('#sequence-play', 'aria-pressed'), 'true');
    // Both avatars of the sequence end a transition on the preview. (A morph started before the
    // listener, the last "add", may still end after it: its event is not one of the sequence's.)
    await page
      .waitForFunction((want) => want.every((n) => window.__transitions.includes(n)), cells, { timeout: 60_000 })
      .catch(async () => {
        assert.fail(
          `the preview did not show both avatars: ${cells} wanted, ${await page.evaluate(() => window.__transitions)} shown`,
        );
      });
    await waitForFrames(page, '#sequence-preview', 2);
    await page.click('#sequence-play'); // pause
    assert.equal(await page.getAttribute('#sequence-play', 'aria-pressed'), 'false');
    await pauseRendering(page);
    await page.locator('#embed').screenshot({ path: SHOTS + 'preview-sequence.png' });
    await pauseRendering(page, false);

    // Copy: the clipboard gets what the page shows, for the one-file build...
    const code = await page.textContent('#embed-code');
    assert.match(code, /<script type="module" src="pixel-avatar\.js"><\/script>/);
    assert.match(
      code,
      /<pixel-avatar src="avatar-1\.pxav avatar-2\.pxav" alt="My pixel avatars" transition="scatter" interval="2000"><\/pixel-avatar>/,
    );
    await page.click('#embed-copy');
    await page.waitForFunction(() => /copied/.test(document.querySelector('#embed-status').textContent));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    // ...and for pages with three.js.
    await page.check('input[name="embed-build"][value="three"]');
    const threeCode = await page.textContent('#embed-code');
    assert.match(threeCode, /<script type="importmap">/);
    assert.match(threeCode, /<pixel-avatar src="avatar-1\.pxav avatar-2\.pxav"/);
    await page.check('input[name="embed-build"][value="bundle"]');

    // Download: the avatars in order, a page with the snippet, and the element itself.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#embed-download')]);
    assert.equal(download.suggestedFilename(), 'pixel-avatars.zip');
    const files = readZip(new Uint8Array(readFileSync(await download.path())));
    assert.deepEqual(
      files.map((f) => f.name),
      ['avatar-1.pxav', 'avatar-2.pxav', 'index.html', 'pixel-avatar.js'],
    );
    assert.deepEqual(
      files.slice(0, 2).map((f) => readAvatarFile(f.bytes).cells.x.length),
      cells,
    );
    assert.ok(new TextDecoder().decode(files[2].bytes).includes(code), 'the page in the .zip lacks the snippet');
    assert.deepEqual(
      [...files[3].bytes.subarray(0, 64)],
      [...readFileSync(new URL('dist/bundle/pixel-avatar.js', WEB)).subarray(0, 64)],
    );

    // A reload keeps the sequence and the choices.
    await page.reload();
    await ready(page);
    assert.deepEqual(await names(page), order);
    assert.equal(await page.inputValue('#sequence-transition'), 'scatter');
    assert.equal(await page.textContent('#embed-code'), code);
    await page.waitForFunction(() => document.querySelector('#sequence-preview').cellCount > 0, null, {
      timeout: 60_000,
    });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
