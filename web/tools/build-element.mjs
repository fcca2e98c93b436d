#!/usr/bin/env node
// Builds the minified <pixel-avatar> element that pages embed: each module of web/element/ is
// minified on its own by terser into web/dist/element/, with a source map. The modules stay ES
// modules with their relative imports and the bare 'three' import (the page's own three.js), so
// a page can load /dist/element/pixel-avatar.js exactly as it would load the source.
// web/element/ stays the source of truth, readable and commented; web/dist/ is a build output.
//
//   node web/tools/build-element.mjs          (prints raw and gzip sizes)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';

const SOURCE = new URL('../element/', import.meta.url);
const OUTPUT = new URL('../dist/element/', import.meta.url);
// The embed payload goal for the element's JS, gzipped (three.js excluded).
export const GOAL_GZIP_BYTES = 12 * 1024;

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The element's modules minified, in memory: [{ name, source, code, map }]. */
export async function minifyElement() {
  const names = readdirSync(SOURCE).filter((name) => name.endsWith('.js')).sort();
  return Promise.all(names.map(async (name) => {
    const source = readFileSync(new URL(name, SOURCE), 'utf8');
    // Keyed by the path from the output folder, so the map points at the real source file.
    const { code, map } = await minify({ [`../../element/${name}`]: source }, {
      module: true, // ES module: strict, top-level names may be mangled, imports and exports kept
      compress: { passes: 2 },
      sourceMap: { filename: name, url: `${name}.map` },
    });
    return { name, source, code, map };
  }));
}

/** Writes web/dist/element/; returns what minifyElement gave. */
export async function buildElement() {
  const files = await minifyElement();
  mkdirSync(OUTPUT, { recursive: true });
  for (const { name, code, map } of files) {
    writeFileSync(new URL(name, OUTPUT), code);
    writeFileSync(new URL(`${name}.map`, OUTPUT), map);
  }
  return files;
}

/** Prints per-file and total sizes, source and minified, raw and gzip -9, against the goal. */
export function printSizes(files) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const cells = (text) => [text.length, gzipSize(text)].map((n) => kb(n).padStart(8));
  const sum = (pick) => files.reduce((total, f) => total + pick(f), 0);
  console.log('| element module    | source raw |     gzip | minified raw |     gzip |');
  console.log('|-------------------|-----------:|---------:|-------------:|---------:|');
  for (const f of files) {
    const [sourceRaw, sourceGzip] = cells(f.source);
    const [minRaw, minGzip] = cells(f.code);
    console.log(`| ${f.name.padEnd(17)} | ${sourceRaw.padStart(10)} | ${sourceGzip} | ${minRaw.padStart(12)} | ${minGzip} |`);
  }
  const totals = [sum((f) => f.source.length), sum((f) => gzipSize(f.source)), sum((f) => f.code.length), sum((f) => gzipSize(f.code))];
  console.log(`| total             | ${kb(totals[0]).padStart(10)} | ${kb(totals[1]).padStart(8)} | ${kb(totals[2]).padStart(12)} | ${kb(totals[3]).padStart(8)} |`);
  const verdict = (bytes) => (bytes <= GOAL_GZIP_BYTES ? 'met' : 'NOT met');
  console.log(`goal: element JS <= ${kb(GOAL_GZIP_BYTES)} gzip (three.js excluded): source ${verdict(totals[1])}, minified ${verdict(totals[3])}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildElement();
  console.log(`wrote ${files.length} modules and their source maps to web/dist/element/`);
  printSizes(files);
}
