// A project that uses the npm package of the element (web/package/) as a user gets it, for the
// package tests in every engine (package.test.mjs, engines-package.test.mjs): `npm pack` builds
// the tarball from the sources, a scratch project in a temporary folder installs it offline
// (three.js from web/node_modules/three, by its path, the version web/ tests against), with the
// sample avatar as me.pxav and two ten-line pages: one with three.js and an import map, one with
// the one-file build alone.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = fileURLToPath(new URL('../', import.meta.url));
export const PACKAGE = join(WEB, 'package');
export const SAMPLE = new URL('../sample/bust.pxav', import.meta.url);
export const { name: NAME, version: VERSION } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));

const npm = (args, cwd) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

// The ten-line pages a user would write, by file name.
export const PAGES = {
  'index.html': `<!doctype html>
<meta charset="utf-8">
<title>pixel-avatar-element with three.js</title>
<!-- The server's CSP allows the import map by its hash; an inline module script it would refuse. -->
<script type="importmap">{ "imports": { "three": "./node_modules/three/build/three.module.js" } }</script>
<script type="module" src="./node_modules/${NAME}/dist/element/pixel-avatar.js"></script>
<pixel-avatar id="me" src="me.pxav" alt="Me" loading="eager"></pixel-avatar>
`,
  'one-file.html': `<!doctype html>
<meta charset="utf-8">
<title>pixel-avatar-element, one file</title>
<script type="module" src="./node_modules/${NAME}/dist/bundle/pixel-avatar.js"></script>
<pixel-avatar id="me" src="me.pxav" alt="Me" loading="eager"></pixel-avatar>
`,
};

/** Packs the package and installs it into a new scratch project: { dir, remove() }. */
export function makeConsumerProject() {
  const dir = mkdtempSync(join(tmpdir(), 'pixel-avatar-package-'));
  try {
    npm(['pack', '--pack-destination', dir], PACKAGE); // prepack builds dist/ and types/
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    // Offline, three.js by a local path: the copy web/ installed (npm ci keeps tarballs in its
    // cache but not the registry's package documents, so three@version cannot resolve offline).
    npm(['install', '--offline', `./${NAME}-${VERSION}.tgz`, join(WEB, 'node_modules/three')], dir);
    copyFileSync(SAMPLE, join(dir, 'me.pxav'));
    for (const [file, html] of Object.entries(PAGES)) writeFileSync(join(dir, file), html);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
