// The preview page's subject views in headless Chromium: the camera's subject hints marked over
// the photo and listed under it, the cut the avatar was built from shown over the photo (the
// session's subject-mask export) following the options (matte off, a near/far window), and the
// subject's source in words. Uses ../shared/data (the full-body Portrait JPEG with its matte and
// face region, pug.heic's EXIF focus area); a suite whose files are absent says so and skips
// (under CI=true it fails instead).
// Run: node --test web/test/browser-subject.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserMissing, skipOrFailInCI, openPage, pauseRendering, startBrowser } from './helpers.mjs';

const WEB = new URL('../', import.meta.url);
const SHARED = new URL('../../../shared/data/', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));
const fullbody = new URL('real/fullbody_rear_portrait_matte.jpg', SHARED);
const pug = new URL('real/pug.heic', SHARED);

const setupMissing =
  browserMissing() ??
  (existsSync(new URL('lib/pixel-avatar-core.wasm', WEB)) && existsSync(new URL('lib/pixel-avatar-core.js', WEB))
    ? null
    : 'web/lib/pixel-avatar-core.{js,wasm} not built yet (make wasm)');
const sharedMissing = [fullbody, pug].filter((url) => !existsSync(url)).map((url) => fileURLToPath(url));
const skip = skipOrFailInCI(
  'browser-subject',
  setupMissing,
  sharedMissing.length === 2 ? `no shared data: ${sharedMissing.join(', ')} absent` : null,
);
const skipFile = (url) =>
  skipOrFailInCI('browser-subject: a shared photo', existsSync(url) ? null : `${fileURLToPath(url)} is absent`) ??
  false;

const STATUS = '#status';
const waitForState = (page, state, timeout = 120_000) =>
  page.waitForFunction(([s, want]) => document.querySelector(s)?.dataset.state === want, [STATUS, state], {
    timeout,
    polling: 100,
  });

// A marker's box and the photo's, in CSS pixels.
const boxes = (page, selector) =>
  page.evaluate((s) => {
    const rect = (el) => {
      const { x, y, width, height } = el.getBoundingClientRect();
      return { x, y, width, height };
    };
    return { marker: rect(document.querySelector(s)), photo: rect(document.querySelector('#photo')) };
  }, selector);

// The cut overlay's pixels: how many are clear (subject), dimmed (left out) and outline, and
// whether the depth pixel (x, y) is subject.
const cutStats = (page, x, y) =>
  page.$eval(
    '#cut',
    (canvas, [px, py]) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let clear = 0,
        dim = 0,
        edge = 0;
      for (let i = 3; i < data.length; i += 4) {
        if (data[i] === 0) clear++;
        else if (data[i] === 255) edge++;
        else dim++;
      }
      const at = data[(Math.round(py) * canvas.width + Math.round(px)) * 4 + 3];
      const atSubject = { 0: 'subject', 255: 'edge' }[at] ?? 'out';
      const visible = !canvas.hidden && canvas.offsetWidth > 0;
      return {
        clear,
        dim,
        edge,
        total: data.length / 4,
        atSubject,
        visible,
        width: canvas.width,
        height: canvas.height,
      };
    },
    [x, y],
  );

describe('the subject on the preview page', { skip: skip ?? false }, () => {
  let env;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startBrowser();
  });
  after(async () => {
    await env?.close();
  });

  async function open() {
    const opened = await openPage(env.browser, env.server.url + 'preview/', {
      viewport: { width: 1200, height: 1100 },
    });
    await opened.page.waitForLoadState('networkidle');
    await opened.page.waitForFunction(() => document.querySelector('#status').dataset.state !== 'loading', null, {
      timeout: 60_000,
    });
    const state = await opened.page.$eval(STATUS, (el) => el.dataset.state);
    if (state === 'working') await waitForState(opened.page, 'ready');
    return opened;
  }

  async function upload(page, url) {
    const before = await page.$eval('#avatar', (el) => el.cellCount);
    await page.setInputFiles('#file', fileURLToPath(url));
    // The new photo's avatar, not the sample's still on screen.
    await page.waitForFunction(
      (n) =>
        document.querySelector('#status').dataset.state === 'ready' &&
        document.querySelector('#avatar').cellCount !== n,
      before,
      { timeout: 120_000, polling: 100 },
    );
    const error = await page.$eval('#error', (el) => (el.hidden ? null : el.textContent));
    assert.equal(error, null);
  }

  test(
    'the full-body photo: face marked over the head, the cut shown and following the options',
    { skip: skipFile(fullbody) },
    async (t) => {
      const { page, errors, requests } = await open();
      // The built-in sample (if any) has no hints: nothing over the photo, nothing in its facts.
      if (await page.$eval('#panels', (el) => !el.hidden)) {
        assert.equal(await page.$$eval('#hints .hint-marker', (els) => els.length), 0);
        assert.equal(await page.$eval('#photo-facts', (el) => el.hidden), true);
      }
      await upload(page, fullbody);

      // Three hints at the head: EXIF's focus area, the XMP face (used) and the XMP focus area.
      const hints = await page.$$eval('#hints .hint-marker', (els) => els.map((el) => ({ ...el.dataset })));
      assert.deepEqual(hints.map(({ kind, source, used }) => `${kind} ${source} ${used}`).sort(), [
        'face xmp-regions true',
        'focus exif-subject-area false',
        'focus xmp-regions false',
      ]);
      const face = '#hints .hint-marker[data-kind=face]';
      assert.equal(await page.$eval(face, (el) => el.classList.contains('used')), true);
      const { marker, photo } = await boxes(page, face);
      const cx = (marker.x + marker.width / 2 - photo.x) / photo.width;
      const cy = (marker.y + marker.height / 2 - photo.y) / photo.height;
      t.diagnostic(
        `face marker centre at ${cx.toFixed(3)}, ${cy.toFixed(3)} of the photo, ` +
          `${marker.width.toFixed(1)}x${marker.height.toFixed(1)} px ` +
          `of ${photo.width.toFixed(0)}x${photo.height.toFixed(0)}`,
      );
      // The CLI: x 324.6, y 112.5, 68.5 x 68.4 depth pixels of 576 x 768.
      assert.ok(
        Math.abs(cx - 324.576 / 576) < 0.01 && Math.abs(cy - 112.512 / 768) < 0.01,
        'the face marker is misplaced',
      );
      assert.ok(cy < 0.3, 'the face marker is not over the upper part of the photo');
      assert.ok(Math.abs(marker.width / photo.width - 68.544 / 576) < 0.01, `face marker ${marker.width} px wide`);
      const facts = await page.locator('#photo-facts').innerText();
      assert.match(facts, /camera focused here \(EXIF SubjectArea\)/);
      assert.match(facts, /face \(XMP region\)/);
      assert.match(facts, /used: face$/);
      assert.equal(await page.locator('#subject-source').innerText(), "Subject from Apple's portrait matte");
      assert.equal(await page.locator('#matte-option').isVisible(), true);

      // The cut: dimmed around the person, the head inside it.
      assert.equal(await page.$eval('#cut', (el) => el.hidden), true, 'the cut shows before it is asked for');
      await page.check('#show-cut');
      await page.waitForFunction(
        () => {
          const cut = document.querySelector('#cut');
          return !cut.hidden && cut.dataset.subject;
        },
        null,
        { timeout: 60_000 },
      );
      await waitForState(page, 'ready', 10_000);
      const matteCut = await cutStats(page, 324.576, 112.512 + 20);
      t.diagnostic(`matte cut: ${JSON.stringify(matteCut)}`);
      assert.equal(matteCut.visible, true);
      assert.deepEqual([matteCut.width, matteCut.height], [576, 768], 'the mask is not depth-sized and upright');
      assert.ok(matteCut.clear > 0.03 * matteCut.total && matteCut.dim > 0.3 * matteCut.total, 'the cut looks empty');
      assert.ok(matteCut.edge > 100, 'no outline');
      assert.equal(matteCut.atSubject, 'subject', 'the face is not inside the cut');
      await pauseRendering(page);
      await page.screenshot({ path: SHOTS + 'subject-cut-page.png', fullPage: true });
      await page
        .locator('#panels figure')
        .first()
        .screenshot({ path: SHOTS + 'subject-cut-photo.png' });
      await pauseRendering(page, false);

      // Matte off: the cut from depth and colour, drawn again.
      await page.uncheck('#use-matte');
      await page.waitForFunction(() => /matte=0/.test(document.querySelector('#cut').dataset.options ?? ''), null, {
        timeout: 120_000,
      });
      await waitForState(page, 'ready');
      // Without the matte the person model looks, and its mask (a person: the XMP face lies in it)
      // joins the cut; the switch takes it out again.
      assert.equal(
        await page.locator('#subject-source').innerText(),
        'Subject from the person model, with depth and colour',
      );
      assert.equal(await page.locator('#person-option').isVisible(), true);
      assert.match(
        await page.locator('#person-note').innerText(),
        /^the person model sees a person \(.*a face inside\)$/,
      );
      const personCut = await cutStats(page, 324.576, 112.512 + 20);
      assert.equal(personCut.atSubject, 'subject', 'the face is not inside the person cut');
      await page.uncheck('#use-person');
      await page.waitForFunction(() => /person=0/.test(document.querySelector('#cut').dataset.options ?? ''), null, {
        timeout: 120_000,
      });
      await waitForState(page, 'ready');
      assert.equal(await page.locator('#subject-source').innerText(), 'Subject from depth and colour');
      const depthCut = await cutStats(page, 324.576, 112.512 + 20);
      t.diagnostic(`depth cut: ${JSON.stringify(depthCut)}`);
      assert.ok(depthCut.clear > 0.03 * depthCut.total && depthCut.dim > 0.3 * depthCut.total);
      assert.notEqual(depthCut.clear, matteCut.clear, 'matte off drew the same cut');
      await page
        .locator('#panels figure')
        .first()
        .screenshot({ path: SHOTS + 'subject-cut-depth.png' });

      // A near/far window dragged on the histogram: the manual cut, and the way back.
      const histogram = await page.locator('#histogram').boundingBox();
      await page.mouse.move(histogram.x + histogram.width * 0.98, histogram.y + histogram.height / 2);
      await page.mouse.down();
      await page.mouse.move(histogram.x + histogram.width * 0.9, histogram.y + histogram.height / 2, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction(() => /far=/.test(document.querySelector('#cut').dataset.options ?? ''), null, {
        timeout: 120_000,
      });
      await waitForState(page, 'ready');
      assert.equal(await page.locator('#subject-source').innerText(), 'Subject from your near/far window');
      assert.equal(await page.locator('#window-reset').isVisible(), true);
      await page.click('#window-reset');
      await page.waitForFunction(() => !/far=/.test(document.querySelector('#cut').dataset.options ?? ''), null, {
        timeout: 120_000,
      });
      await waitForState(page, 'ready');
      assert.equal(await page.locator('#subject-source').innerText(), 'Subject from depth and colour');
      assert.equal(await page.locator('#window-reset').isVisible(), false);

      // Hidden again on request.
      await page.uncheck('#show-cut');
      assert.equal(await page.$eval('#cut', (el) => el.hidden), true);
      const fetched = requests.filter((url) => url.endsWith('/selfie_segmentation.tflite'));
      assert.equal(fetched.length, 1, `the person model was fetched ${fetched.length} times`);
      assert.deepEqual(
        errors.filter((e) => !/sample\.heic|404/.test(e)),
        [],
      );
      await page.close();
    },
  );

  test(
    "pug.heic: the camera's focus area marked and listed; the person model sees no person",
    { skip: skipFile(pug) },
    async () => {
      const { page, errors, requests } = await open();
      await upload(page, pug);
      const hints = await page.$$eval('#hints .hint-marker', (els) =>
        els.map((el) => ({ ...el.dataset, className: el.className })),
      );
      assert.equal(hints.length, 1);
      assert.deepEqual([hints[0].kind, hints[0].source, hints[0].used], ['focus', 'exif-subject-area', 'true']);
      assert.match(hints[0].className, /\barea\b/);
      assert.match(hints[0].className, /\bused\b/);
      // The CLI: x 381.5, y 286.9, 420.8 x 252.8 depth pixels of 768 x 576.
      const { marker, photo } = await boxes(page, '#hints .hint-marker');
      const near = (a, b) => Math.abs(a - b) < 0.01;
      assert.ok(near((marker.x - photo.x) / photo.width, (381.524 - 420.762 / 2) / 768), 'left edge');
      assert.ok(near((marker.y - photo.y) / photo.height, (286.857 - 252.762 / 2) / 576), 'top edge');
      assert.ok(near(marker.width / photo.width, 420.762 / 768), 'width');
      assert.ok(near(marker.height / photo.height, 252.762 / 576), 'height');
      assert.equal(
        await page.locator('#photo-facts').innerText(),
        'Subject hints: camera focused here (EXIF SubjectArea); used: focus area',
      );
      assert.equal(await page.locator('#matte-option').isVisible(), false, 'pug.heic has no matte to switch off');
      assert.match(await page.locator('#subject-source').innerText(), /^Subject from (depth and colour)$/);
      // The segmenter marks the dog, but no face is in it: the cut stays the depth cut's.
      assert.match(
        await page.locator('#person-note').innerText(),
        /^the person model sees (a shape .* but no face: not taken for a person|no person)$/,
      );
      assert.ok(requests.filter((url) => url.endsWith('/selfie_segmentation.tflite')).length <= 1);
      assert.deepEqual(
        errors.filter((e) => !/sample\.heic|404/.test(e)),
        [],
      );
      await page.close();
    },
  );
});
