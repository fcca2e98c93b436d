#!/usr/bin/env node
// Writes the deployable static site: one folder that any static file server can serve, with no
// project server and no node_modules behind it.
//
//   <out>/index.html               links to the two pages
//   <out>/preview/                 the upload-and-preview page, its script bundled and minified by
//                                  esbuild (the decoder's client inside)
//   <out>/decoder/                 the decoder's two workers (decode, colour part), each bundled and
//                                  minified the same way; the page starts them from here
//   <out>/embed/                   the blog-like example (index.html) and the one-file page
//   <out>/dist/bundle/             the one-file element (three.js inside), which both pages load
//   <out>/dist/element/            the element for pages that have three.js (to take, not used here)
//   <out>/lib/                     the wasm core and its JS glue (only the preview page loads them),
//                                  and the person model (fetched by the preview for photos without a matte)
//   <out>/sample/                  the built-in sample photo and the sample avatars
//   <name>.br, <name>.gz           beside every text file, the wasm core and the models: the same
//                                  bytes compressed (brotli, gzip by Zopfli) for servers that send them
//
// The pages need no import map (the element they load is the one-file build), so no inline
// script is left and the site works under RECOMMENDED_CSP, which allows nothing beyond 'self' but
// 'wasm-unsafe-eval' (the preview's workers compile the wasm core).
//
//   node web/tools/build-site.mjs [out folder, default build/site]     (make site)
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build as esbuild, transform } from 'esbuild';
import { bundleElement, minifyElement } from './build-element.mjs';
import { gzipBest } from './gzip-best.mjs';

const WEB = new URL('../', import.meta.url);

/** The Content-Security-Policy the site is tested under (README: "Deploying the site"). */
export const RECOMMENDED_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// Where the pages' scripts import the element (the source, or the minified modules that need
// three.js by import map), the site loads the one-file build, shared by both pages. The wasm
// glue stays its own file in lib/: it has node-only branches a browser bundle cannot resolve.
const siteImports = {
  name: 'site-imports',
  setup(build) {
    build.onResolve({ filter: /(^|\/)(element|dist\/element)\/pixel-avatar\.js$/ }, () => ({
      path: '../dist/bundle/pixel-avatar.js',
      external: true,
    }));
    build.onResolve({ filter: /\/lib\/pixel-avatar-core\.js$/ }, () => ({
      path: '../lib/pixel-avatar-core.js',
      external: true,
    }));
  },
};

const withoutMap = (code) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');

// An HTML page for the site: the import map goes (nothing on these pages imports 'three').
function sitePage(html) {
  return html.replace(/[ \t]*<script type="importmap">[\s\S]*?<\/script>\n?/g, '');
}

/** Builds the site into `out` (emptied first); returns the list of files written, relative. */
export async function buildSite(out) {
  const root = resolve(out);
  const missing = [
    'lib/pixel-avatar-core.wasm',
    'lib/pixel-avatar-core.js',
    'lib/selfie_segmentation.tflite',
    'lib/face_detection_short_range.tflite',
    'sample/sample.heic',
    'sample/bust.pxav',
  ].filter((name) => !existsSync(new URL(name, WEB)));
  if (missing.length > 0)
    throw new Error(`build the wasm core and the samples first (make wasm web): missing web/${missing.join(', web/')}`);
  rmSync(root, { recursive: true, force: true });
  const written = [];
  const write = (name, contents) => {
    const file = resolve(root, name);
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, contents);
    written.push(name);
  };
  const copy = (from, name) => write(name, readFileSync(new URL(from, WEB)));

  // Both element builds.
  const [modules, bundle] = await Promise.all([minifyElement(), bundleElement()]);
  for (const { name, code } of modules) write(`dist/element/${name}`, withoutMap(code));
  write('dist/bundle/pixel-avatar.js', withoutMap(bundle.code));

  // The pages' scripts and styles.
  const scripts = await esbuild({
    entryPoints: [
      'preview/preview.js',
      'decoder/decode-worker.js',
      'decoder/colour-part-worker.js',
      'embed/embed.js',
      'preview/preview.css',
      'embed/embed.css',
    ].map((name) => fileURLToPath(new URL(name, WEB))),
    outbase: fileURLToPath(WEB),
    outdir: root,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins: [siteImports],
  });
  for (const file of scripts.outputFiles) write(file.path.slice(root.length + 1), file.contents);

  for (const page of ['preview/index.html', 'embed/index.html', 'embed/one-file.html']) {
    write(page, sitePage(readFileSync(new URL(page, WEB), 'utf8')));
  }
  copy('lib/pixel-avatar-core.wasm', 'lib/pixel-avatar-core.wasm');
  copy('lib/selfie_segmentation.tflite', 'lib/selfie_segmentation.tflite');
  copy('lib/face_detection_short_range.tflite', 'lib/face_detection_short_range.tflite');
  // The glue minified on its own (no bundling: see siteImports).
  const glue = await transform(readFileSync(new URL('lib/pixel-avatar-core.js', WEB), 'utf8'), {
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
  });
  write('lib/pixel-avatar-core.js', glue.code);
  for (const name of readdirSync(new URL('sample/', WEB)).filter(
    (n) => /\.(heic|pxav)$/.test(n) && n !== 'corrupt.pxav',
  )) {
    copy(`sample/${name}`, `sample/${name}`);
  }
  write(
    'index.html',
    `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Pixel avatar</title></head>
<body>
<h1>Pixel avatar</h1>
<ul>
  <li><a href="preview/">Make a pixel avatar from a depth photo</a> (everything happens in the page)</li>
  <li><a href="embed/">A blog post with avatars</a>, and <a href="embed/one-file.html">a page with the one-file build</a></li>
</ul>
</body>
</html>
`,
  );
  // Precompressed copies beside the text and wasm files, for servers that send them as they are
  // (nginx gzip_static and brotli_static, Caddy's precompressed, web/serve.mjs): brotli at its
  // highest quality and gzip by Zopfli, done once here instead of on every request.
  for (const name of [...written]) {
    if (!COMPRESSIBLE.test(name)) continue;
    const bytes = readFileSync(resolve(root, name));
    write(`${name}.br`, brotli(bytes));
    write(`${name}.gz`, gzipBest(bytes));
  }
  return written.sort();
}

// What the site compresses: text, the wasm core, the models; not the photos and avatars, which
// are compressed already.
const COMPRESSIBLE = /\.(html|js|css|wasm|tflite|svg|json)$/;
export const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../../build/site/', import.meta.url));
  try {
    const files = await buildSite(out);
    const bytes = files.reduce((total, name) => total + readFileSync(resolve(out, name)).length, 0);
    console.log(`site: ${files.length} files, ${(bytes / 1024).toFixed(0)} KB, in ${out}`);
    console.log(
      `serve it with any static file server; recommended header: Content-Security-Policy: ${RECOMMENDED_CSP}`,
    );
  } catch (error) {
    console.error(`site: ${error.message}`);
    process.exit(1);
  }
}
