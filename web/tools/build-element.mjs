#!/usr/bin/env node
// Builds the two forms of the <pixel-avatar> element that pages embed, from web/element/:
//
// - web/dist/element/: for pages that have three.js. Each module is minified on its own by terser,
//   with a source map. The modules stay ES modules with their relative imports and the bare
//   'three' import (the page's own three.js, through its import map), so a page can load
//   /dist/element/pixel-avatar.js exactly as it would load the source.
// - web/dist/bundle/pixel-avatar.js: one file for pages without three.js. esbuild bundles the
//   element with three's source modules (three/src/, which three's package marks free of side
//   effects, so what the element does not reach is dropped; three's prebuilt module is one
//   piece that does not shake) and terser minifies the result. Two things the element can never
//   reach are left out on purpose: the GLSL of three's built-in materials (ShaderLib, and every
//   ShaderChunk but the ones WebGLProgram itself pastes into a ShaderMaterial), since the element
//   draws with its own ShaderMaterial and sets no background, shadows or environment map; and the
//   comments and indentation of the GLSL that stays, as three's own build strips them.
//
// web/element/ stays the source of truth, readable and commented; web/dist/ is a build output.
//
//   node web/tools/build-element.mjs           (prints raw and gzip sizes per module and the bundle)
//   node web/tools/build-element.mjs --summary (one line per build: what `make size` prints)
//   node web/tools/build-element.mjs --package (also fills web/package/ for npm pack: its prepack)
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { minify } from 'terser';

const SOURCE = new URL('../element/', import.meta.url);
const OUTPUT = new URL('../dist/element/', import.meta.url);
const BUNDLE_OUTPUT = new URL('../dist/bundle/', import.meta.url);
const THREE_SOURCE = new URL('../node_modules/three/src/', import.meta.url);
// The embed payload goal for the element's JS, gzipped (three.js excluded).
export const GOAL_GZIP_BYTES = 12 * 1024;
// The goal for the one-file build, three.js included, gzipped.
export const BUNDLE_GOAL_GZIP_BYTES = 130 * 1024;

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The element's modules minified, in memory: [{ name, source, code, map }]. */
export async function minifyElement() {
  const names = readdirSync(SOURCE)
    .filter((name) => name.endsWith('.js'))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const source = readFileSync(new URL(name, SOURCE), 'utf8');
      // Keyed by the path from the output folder, so the map points at the real source file.
      const { code, map } = await minify(
        { [`../../element/${name}`]: source },
        {
          module: true, // ES module: strict, top-level names may be mangled, imports and exports kept
          compress: { passes: 2 },
          sourceMap: { filename: name, url: `${name}.map` },
        },
      );
      return { name, source, code, map };
    }),
  );
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

// GLSL without comments, indentation and blank lines (what three's own build does to its chunks).
function stripGlsl(glsl) {
  return glsl
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/[ \t]*\/\/.*$/gm, '')
    .replace(/^[ \t]+/gm, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{2,}/g, '\n');
}

// The template literals of a module of GLSL (`/* glsl */` strings, three's *.glsl.js) stripped.
const stripGlslModule = (source) =>
  source.replace(
    /\/\* glsl \*\/\s*`([^`]*)`|^(export default \/\* glsl \*\/ )?`([^`]*)`/gm,
    (match, tagged, prefix, plain) =>
      tagged !== undefined ? `\`${stripGlsl(tagged)}\`` : `${prefix ?? ''}\`${stripGlsl(plain)}\``,
  );

// The ShaderChunk entries a ShaderMaterial program can use: those WebGLProgram pastes in by name
// (ShaderChunk[ 'name' ]) and those the element's own shaders #include.
function chunksNeeded() {
  const program = readFileSync(new URL('renderers/webgl/WebGLProgram.js', THREE_SOURCE), 'utf8');
  const shaders = readFileSync(new URL('shaders.js', SOURCE), 'utf8');
  const names = new Set([...program.matchAll(/ShaderChunk\[ '(\w+)' \]/g)].map((m) => m[1]));
  for (const m of shaders.matchAll(/#include +<(\w+)>/g)) names.add(m[1]);
  return [...names].sort();
}

// esbuild plugin: 'three' from its source modules, with only the GLSL the element can reach.
const threeFromSource = {
  name: 'three-from-source',
  setup(build) {
    build.onResolve({ filter: /^three$/ }, () => ({ path: fileURLToPath(new URL('Three.js', THREE_SOURCE)) }));
    build.onLoad({ filter: /[\\/]renderers[\\/]shaders[\\/]ShaderChunk\.js$/ }, () => {
      const names = chunksNeeded();
      const imports = names.map((name) => `import ${name} from './ShaderChunk/${name}.glsl.js';`).join('\n');
      return { contents: `${imports}\nexport const ShaderChunk = { ${names.join(', ')} };\n`, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]renderers[\\/]shaders[\\/]ShaderLib\.js$/ }, () => ({
      contents: `export const ShaderLib = new Proxy({}, { get(target, name) {
        throw new Error('pixel-avatar (one-file build): three.js built-in material ' + String(name) + ' is not included');
      } });\n`,
      loader: 'js',
    }));
    build.onLoad({ filter: /(\.glsl\.js|[\\/]element[\\/]shaders\.js)$/ }, ({ path }) => ({
      contents: stripGlslModule(readFileSync(path, 'utf8')),
      loader: 'js',
    }));
  },
};

/** The one-file element (three.js inside), in memory: { name, code, map, inputs }. */
export async function bundleElement() {
  const result = await esbuild({
    entryPoints: [fileURLToPath(new URL('pixel-avatar.js', SOURCE))],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    sourcemap: 'external',
    outfile: 'pixel-avatar.js',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [threeFromSource],
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js')).text;
  const esbuildMap = result.outputFiles.find((file) => file.path.endsWith('.map')).text;
  // terser after esbuild: a few KB less (toplevel mangling, more passes), the map chained.
  const { code, map } = await minify(
    { 'pixel-avatar.js': js },
    {
      module: true,
      compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true },
      mangle: true,
      sourceMap: { content: esbuildMap, filename: 'pixel-avatar.js', url: 'pixel-avatar.js.map' },
    },
  );
  return { name: 'pixel-avatar.js', code, map, inputs: Object.values(result.metafile.outputs)[0].inputs };
}

/** Writes web/dist/bundle/; returns what bundleElement gave. */
export async function buildBundle() {
  const bundle = await bundleElement();
  mkdirSync(BUNDLE_OUTPUT, { recursive: true });
  // The map's sources are relative to the output folder: web/element/ and web/node_modules/three/.
  const map = JSON.parse(bundle.map);
  map.sources = map.sources.map((source) => source.replace(/^.*?(element\/|node_modules\/)/, '../../$1'));
  writeFileSync(new URL(bundle.name, BUNDLE_OUTPUT), bundle.code);
  writeFileSync(new URL(`${bundle.name}.map`, BUNDLE_OUTPUT), JSON.stringify(map));
  return bundle;
}

/**
 * What a page loads besides its HTML and CSS: its module scripts (gzip -9, as a server would send
 * them) and the avatars its <pixel-avatar> elements name, read from the files beside it.
 * Returns { scripts: [{ url, gzip }], avatars: [{ url, bytes }], total }.
 */
export function pageTransfer(htmlUrl) {
  const html = readFileSync(htmlUrl, 'utf8');
  const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map(([, src]) => ({
    url: new URL(src, htmlUrl),
    gzip: gzipSize(readFileSync(new URL(src, htmlUrl))),
  }));
  const names = [...html.matchAll(/<pixel-avatar[^>]*\ssrc="([^"]+)"/g)].flatMap(([, list]) => list.split(/\s+/));
  const avatars = [...new Set(names)].map((src) => ({
    url: new URL(src, htmlUrl),
    bytes: readFileSync(new URL(src, htmlUrl)).length,
  }));
  const total = scripts.reduce((t, s) => t + s.gzip, 0) + avatars.reduce((t, a) => t + a.bytes, 0);
  return { scripts, avatars, total };
}

export const ONE_FILE_PAGE = new URL('../embed/one-file.html', import.meta.url);

/**
 * Copies both builds (without source maps: their sources are not in the package), the types and
 * the licence into web/package/, the npm package's folder; `npm pack` there runs this first.
 */
export function fillPackage(files, bundle) {
  const pkg = new URL('../package/', import.meta.url);
  for (const folder of ['dist/element/', 'dist/bundle/', 'types/']) {
    rmSync(new URL(folder, pkg), { recursive: true, force: true });
    mkdirSync(new URL(folder, pkg), { recursive: true });
  }
  const withoutMap = (code) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  for (const { name, code } of files) writeFileSync(new URL(`dist/element/${name}`, pkg), withoutMap(code));
  writeFileSync(new URL(`dist/bundle/${bundle.name}`, pkg), withoutMap(bundle.code));
  for (const name of readdirSync(SOURCE).filter((n) => n.endsWith('.d.ts'))) {
    copyFileSync(new URL(name, SOURCE), new URL(`types/${name}`, pkg));
  }
  copyFileSync(new URL('../../LICENSE', import.meta.url), new URL('LICENSE', pkg));
}

/** One line per build: the sizes `make size` prints. */
export function summary(files, bundle) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const modules = files.reduce((total, f) => total + gzipSize(f.code), 0);
  const whole = gzipSize(bundle.code);
  const verdict = (bytes, goal) => `goal <= ${kb(goal)}: ${bytes <= goal ? 'met' : 'NOT met'}`;
  const lines = [
    `element for pages with three.js (dist/element/, ${files.length} modules): ${kb(files.reduce((t, f) => t + f.code.length, 0))} raw, ${kb(modules)} gzip -9 (${verdict(modules, GOAL_GZIP_BYTES)})`,
    `element in one file with three.js (dist/bundle/pixel-avatar.js): ${kb(bundle.code.length)} raw, ${kb(whole)} gzip -9 (${verdict(whole, BUNDLE_GOAL_GZIP_BYTES)})`,
  ];
  if (existsSync(new URL('../sample/bust.pxav', import.meta.url))) {
    const page = pageTransfer(ONE_FILE_PAGE);
    const avatarBytes = page.avatars.reduce((t, a) => t + a.bytes, 0);
    lines.push(
      `embed/one-file.html transfers ${kb(page.total)}: JS ${kb(page.total - avatarBytes)} gzip + ${page.avatars.length} avatars ${kb(avatarBytes)} (HTML and CSS aside)`,
    );
  }
  return lines;
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
    console.log(
      `| ${f.name.padEnd(17)} | ${sourceRaw.padStart(10)} | ${sourceGzip} | ${minRaw.padStart(12)} | ${minGzip} |`,
    );
  }
  const totals = [
    sum((f) => f.source.length),
    sum((f) => gzipSize(f.source)),
    sum((f) => f.code.length),
    sum((f) => gzipSize(f.code)),
  ];
  console.log(
    `| total             | ${kb(totals[0]).padStart(10)} | ${kb(totals[1]).padStart(8)} | ${kb(totals[2]).padStart(12)} | ${kb(totals[3]).padStart(8)} |`,
  );
  const verdict = (bytes) => (bytes <= GOAL_GZIP_BYTES ? 'met' : 'NOT met');
  console.log(
    `goal: element JS <= ${kb(GOAL_GZIP_BYTES)} gzip (three.js excluded): source ${verdict(totals[1])}, minified ${verdict(totals[3])}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [files, bundle] = await Promise.all([buildElement(), buildBundle()]);
  if (process.argv.includes('--package')) fillPackage(files, bundle);
  if (process.argv.includes('--summary')) {
    for (const line of summary(files, bundle)) console.log(line);
  } else {
    console.log(
      `wrote ${files.length} modules and their source maps to web/dist/element/, one file to web/dist/bundle/`,
    );
    printSizes(files);
    for (const line of summary(files, bundle)) console.log(line);
  }
}
