// The npm package of the element (web/package/) as a user gets it (package-consumer.mjs: packed,
// installed offline into a scratch project with two ten-line pages): TypeScript checks a consumer
// against the package's types, node imports the avatar-file reader through `exports`, and
// headless Chromium shows an avatar on both pages, served by the plain static server: one with
// three.js and an import map, one with the one-file build alone (engines-package.test.mjs shows
// them in Firefox and WebKit).
// Needs the sample avatars (node web/tools/make-sample-avatars.mjs) and web/node_modules.
// Run: node --test web/test/package.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readAvatarFile } from '../element/avatar-file.js';
import {
  browserMissing,
  skipOrFailInCI,
  coloursPresent,
  distinctColours,
  openPage,
  pauseRendering,
  readScreenshot,
  startBrowser,
  waitForFrames,
} from './helpers.mjs';
import { makeConsumerProject, NAME, SAMPLE, WEB } from './package-consumer.mjs';
import { typecheck } from './typecheck.mjs';

const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const { version: THREE_VERSION } = JSON.parse(readFileSync(join(WEB, 'node_modules/three/package.json'), 'utf8'));
const skip =
  browserMissing() ??
  (existsSync(SAMPLE) ? null : 'web/sample/ is empty: run node web/tools/make-sample-avatars.mjs first');
skipOrFailInCI('package', skip);

// A consumer in TypeScript: the tag name map, attribute types, event details, the reader.
const CONSUMER_TS = `import '${NAME}';
import type { PixelAvatarElement } from '${NAME}';
import { readAvatarFile } from '${NAME}/avatar-file';
const el: PixelAvatarElement = document.createElement('pixel-avatar');
const found = document.querySelector('pixel-avatar');
if (found) found.transition = 'scatter';
el.autoRotate = true;
el.addEventListener('load', (event) => { const cells: number = event.detail.cellCount; console.log(cells); });
el.addEventListener('error', (event) => { const message: string = event.detail.message; console.log(message); });
const shown: Promise<number> = el.load(new Uint8Array(0));
const grid: number = readAvatarFile(new Uint8Array(0)).gridWidth;
// @ts-expect-error not a transition the element knows
el.transition = 'spin';
console.log(shown, grid);
`;

describe(`the npm package ${NAME}`, { skip: skip ?? false }, () => {
  let consumer;
  let scratch;
  let env;
  const paletteOfSample = () => {
    const { palette } = readAvatarFile(readFileSync(SAMPLE));
    return Array.from({ length: palette.length / 3 }, (_, i) => [...palette.subarray(i * 3, i * 3 + 3)]);
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    consumer = makeConsumerProject();
    scratch = consumer.dir;
    env = await startBrowser({ serve: { root: scratch } });
  });
  after(async () => {
    await env?.close();
    consumer?.remove();
  });

  test('the tarball holds the builds, the types and the README, and installs offline', () => {
    const installed = join(scratch, 'node_modules', NAME);
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/element/pixel-avatar.js',
      'dist/element/renderer.js',
      'dist/element/avatar-file.js',
      'dist/bundle/pixel-avatar.js',
      'types/pixel-avatar.d.ts',
      'types/avatar-file.d.ts',
    ]) {
      assert.ok(existsSync(join(installed, file)), `${file} is missing from the package`);
    }
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.private, undefined);
    // The peer range starts at the three.js these tests run.
    assert.match(manifest.peerDependencies.three ?? '', new RegExp(`^>=${THREE_VERSION.replaceAll('.', '\\.')} `));
    assert.equal(manifest.dependencies, undefined, 'the package should depend on nothing');
    assert.equal(
      JSON.parse(readFileSync(join(scratch, 'node_modules/three/package.json'), 'utf8')).version,
      THREE_VERSION,
    );
    // The package ships no source maps (their sources are not in it), so no comment points at one.
    assert.doesNotMatch(readFileSync(join(installed, 'dist/element/pixel-avatar.js'), 'utf8'), /sourceMappingURL/);
  });

  test('TypeScript accepts a consumer of the types (and refuses a wrong attribute value)', () => {
    writeFileSync(join(scratch, 'consumer.ts'), CONSUMER_TS);
    const { ok, output } = typecheck(scratch, 'consumer.ts');
    assert.ok(
      ok,
      `tsc failed:
${output}`,
    );
  });

  test('node imports the avatar-file reader through exports', async () => {
    const reader = await import(pathToFileURL(join(scratch, 'node_modules', NAME, 'dist/element/avatar-file.js')).href);
    const resolved = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { readAvatarFile } from '${NAME}/avatar-file'; import { readFileSync } from 'node:fs';
       console.log(readAvatarFile(readFileSync('me.pxav')).cells.x.length);`,
      ],
      { cwd: scratch, encoding: 'utf8' },
    );
    const cells = readAvatarFile(readFileSync(SAMPLE)).cells.x.length;
    assert.equal(Number(resolved.trim()), cells);
    assert.equal(reader.readAvatarFile(readFileSync(SAMPLE)).cells.x.length, cells);
  });

  for (const [page, what] of [
    ['index.html', 'with three.js and an import map'],
    ['one-file.html', 'with the one-file build alone'],
  ]) {
    test(`a ten-line page ${what} shows the avatar`, async () => {
      const { page: tab, errors, requests } = await openPage(env.browser, env.server.url + page);
      await tab.waitForFunction(() => document.querySelector('#me')?.cellCount > 0, null, { timeout: 60_000 });
      await waitForFrames(tab, '#me', 3);
      assert.equal(await tab.$eval('#me', (el) => el.cellCount), readAvatarFile(readFileSync(SAMPLE)).cells.x.length);
      await tab.$eval('#me', (el) => el.settled); // the avatar has grown in
      await pauseRendering(tab);
      const shot = await tab.locator('#me').screenshot({ path: `${SHOTS}package-${page.replace('.html', '')}.png` });
      const image = await readScreenshot(shot);
      const found = coloursPresent(image, paletteOfSample(), { tolerance: 24, minPixels: 15 });
      assert.ok(found >= 6, `only ${found} of the avatar's palette colours are on screen`);
      assert.ok(distinctColours(image) >= 8, 'the avatar looks blank');
      const paths = requests.map((url) => new URL(url).pathname);
      assert.equal(
        paths.some((p) => p.includes('/three/')),
        page === 'index.html',
        'three.js loaded (or not) as the page says',
      );
      assert.deepEqual(errors, []);
      await tab.close();
    });
  }
});
