// The deployable static site (make site, web/tools/build-site.mjs), built into a temporary folder
// and served by the plain static server with the recommended Content-Security-Policy on every
// response (plus report-uri, so a violation anywhere, workers included, reaches the test): the
// preview page makes an avatar from the built-in sample, the embed pages show theirs, nothing is
// requested from node_modules or outside the site, and no violation is reported.
// Needs the wasm core (make wasm) and the samples (make web).
// Run: node --test web/test/site.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAvatarFile } from '../element/avatar-file.js';
import { buildSite, RECOMMENDED_CSP } from '../tools/build-site.mjs';
import {
  browserMissing,
  skipOrFailInCI,
  distinctColours,
  openPage,
  pauseRendering,
  readScreenshot,
  startBrowser,
  waitForFrames,
} from './helpers.mjs';

const WEB = new URL('../', import.meta.url);
const SHOTS = fileURLToPath(new URL('test-results/', WEB));
const skip =
  browserMissing() ??
  (['lib/pixel-avatar-core.wasm', 'sample/sample.heic', 'sample/bust.pxav'].every((name) =>
    existsSync(new URL(name, WEB)),
  )
    ? null
    : 'the wasm core or the samples are not built (make wasm web)');
skipOrFailInCI('site', skip);

describe('the static site under the recommended CSP', { skip: skip ?? false }, () => {
  let site;
  let env;
  const reports = [];
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = mkdtempSync(join(tmpdir(), 'pixel-avatar-site-'));
    await buildSite(site);
    env = await startBrowser({
      serve: {
        root: site,
        csp: `${RECOMMENDED_CSP}; report-uri /csp-report`,
        onCspReport: (report) => reports.push(report),
      },
    });
  });
  after(async () => {
    await env?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  // The page's own record of violations too (securitypolicyviolation), besides the reports.
  const open = async (path) => {
    const opened = await openPage(env.browser, null, { viewport: { width: 1200, height: 1000 } });
    await opened.page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    opened.page.on('worker', (worker) =>
      worker.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') opened.errors.push(`worker: ${m.text()}`);
      }),
    );
    await opened.page.goto(env.server.url + path);
    return opened;
  };

  const checkClean = async (page, requests, errors) => {
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(reports, [], 'the browser reported a CSP violation');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(env.server.url)),
      [],
      'a request left the site',
    );
    // The decoder's two workers are served from decoder/, each one bundled file: nothing else there.
    assert.deepEqual(
      requests.filter((url) =>
        /node_modules|\/element\/|\/decoder\/(?!(decode-worker|colour-part-worker)\.js(\?|$))/.test(url),
      ),
      [],
      'a source module was requested',
    );
  };

  test('the pages have no inline script and the site has no import map', () => {
    for (const page of ['preview/index.html', 'embed/index.html', 'embed/one-file.html', 'index.html']) {
      const html = readFileSync(join(site, page), 'utf8');
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, `${page} has an inline script`);
      assert.doesNotMatch(html, /\sstyle=/, `${page} has an inline style`);
    }
  });

  test('the wasm core is served precompressed as application/wasm, the same bytes once decoded', async () => {
    const original = readFileSync(join(site, 'lib/pixel-avatar-core.wasm'));
    for (const coding of ['br', 'gzip']) {
      // fetch decodes the body as a browser does; the headers say what travelled.
      const response = await fetch(env.server.url + 'lib/pixel-avatar-core.wasm', {
        headers: { 'Accept-Encoding': coding },
      });
      assert.equal(response.headers.get('content-encoding'), coding);
      assert.equal(response.headers.get('content-type'), 'application/wasm');
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(original), `${coding}: other bytes`);
      const compressed = readFileSync(join(site, `lib/pixel-avatar-core.wasm.${coding === 'br' ? 'br' : 'gz'}`));
      assert.ok(compressed.length < original.length / 2, `${coding}: ${compressed.length} of ${original.length} bytes`);
    }
  });

  test('the preview page makes an avatar from the built-in sample', async () => {
    const { page, requests, errors } = await open('preview/');
    await page.waitForFunction(
      () => ['ready', 'error'].includes(document.querySelector('#status')?.dataset.state),
      null,
      { timeout: 120_000, polling: 100 },
    );
    assert.equal(
      await page.$eval('#status', (el) => el.dataset.state),
      'ready',
      await page.$eval('#error', (el) => el.textContent),
    );
    const cells = await page.$eval('#avatar', (el) => el.cellCount);
    assert.ok(cells > 100, `the avatar has ${cells} cells`);
    await waitForFrames(page, '#avatar', 3);
    await pauseRendering(page);
    const shot = await readScreenshot(
      await page.locator('#avatar').screenshot({ path: SHOTS + 'site-preview-avatar.png' }),
    );
    assert.ok(distinctColours(shot, 20) >= 6, 'the avatar looks blank');
    const paths = requests.map((url) => new URL(url).pathname);
    for (const file of [
      '/dist/bundle/pixel-avatar.js',
      '/decoder/decode-worker.js',
      '/lib/pixel-avatar-core.wasm',
      '/sample/sample.heic',
    ]) {
      assert.ok(paths.includes(file), `${file} was not loaded: ${paths.join(', ')}`);
    }
    await checkClean(page, requests, errors);
    await page.close();
  });

  test('the embed pages show their avatars', async () => {
    for (const [path, ids] of [
      ['embed/', ['hero', 'second']],
      ['embed/one-file.html', ['hero']],
    ]) {
      const { page, requests, errors } = await open(path);
      for (const id of ids) {
        await page.waitForFunction((s) => document.querySelector(s)?.cellCount > 0, `#${id}`, { timeout: 60_000 });
        await waitForFrames(page, `#${id}`, 3);
      }
      const bust = readAvatarFile(readFileSync(new URL('sample/bust.pxav', WEB))).cells.x.length;
      assert.equal(await page.$eval('#hero', (el) => el.cellCount), bust);
      await pauseRendering(page);
      const shot = await readScreenshot(
        await page.locator('#hero').screenshot({ path: `${SHOTS}site-${path.replace(/\W+/g, '-')}hero.png` }),
      );
      assert.ok(distinctColours(shot, 20) >= 6, `${path}: the avatar looks blank`);
      assert.equal(requests.filter((url) => url.endsWith('.wasm')).length, 0, `${path} requested wasm`);
      await checkClean(page, requests, errors);
      await page.close();
    }
  });
});
