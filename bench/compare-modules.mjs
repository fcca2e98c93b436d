// Two builds of the wasm core against each other in node (a change of compile or link flags, a
// smaller module): every input kind, from bytes to avatar, in pairs of single runs back to back
// in ABBA order (bench/abba.mjs). Prints each side's median and the median of the per-pair
// ratios B/A; the outputs of the two builds are checked to be the same bytes. Not a test.
//
//   node bench/compare-modules.mjs DIR_A DIR_B      (each holds pixel-avatar-core.js and .wasm)
//   PAIRS=8 ... (default 6); ONLY=regex runs the inputs whose name matches
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pairs, timed } from './abba.mjs';
import { CoreSession } from '../web/decoder/core-session.js';

const [dirA, dirB] = process.argv.slice(2).map((d) => resolve(d));
if (!dirA || !dirB) {
  console.error('usage: node bench/compare-modules.mjs DIR_A DIR_B');
  process.exit(2);
}
const PAIRS = Number(process.env.PAIRS ?? 6);
const shared = new URL('../../shared/data/', import.meta.url).pathname;

// Each build in a folder of its own, so both ES modules can be imported in one process.
async function load(dir) {
  const copy = mkdtempSync(join(tmpdir(), 'pxav-module-'));
  for (const name of ['pixel-avatar-core.js', 'pixel-avatar-core.wasm'])
    copyFileSync(join(dir, name), join(copy, name));
  const { default: create } = await import(join(copy, 'pixel-avatar-core.js'));
  return new CoreSession(await create({ wasmBinary: readFileSync(join(copy, 'pixel-avatar-core.wasm')) }));
}
const a = await load(dirA);
const b = await load(dirB);

const file = (path, role = '') => ({ name: path.split('/').pop(), bytes: new Uint8Array(readFileSync(path)), role });
const cases = [
  { name: 'pug.heic, to avatar', files: ['real/pug.heic'], avatar: true },
  { name: 'vase JPEG (MPF), to avatar', files: ['jpeg/vase_portrait_disparity.jpg'], avatar: true },
  { name: 'GDepth JPEG, to avatar', files: ['jpeg/gdepth_lensblur_table.jpg'], avatar: true },
  {
    name: 'TUM PNG colour + depth, to avatar',
    files: ['rgbd/tum/TUM_color.png', 'rgbd/tum/TUM_depth.png'],
    options: { settings: { depth: 'encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5' } },
    avatar: true,
  },
  {
    name: 'cones PPM stereo pair, to points',
    files: ['stereo/cones/im2.ppm', 'stereo/cones/im6.ppm'],
    roles: ['left', 'right'],
    options: { settings: { stereo: 'disparities=64 scale=1' } },
  },
  { name: 'spatial HEIC, to points', files: ['real/spatial_photo.heic'] },
  { name: 'Panasonic MPO, to points', files: ['stereo_wild/panasonic_gx8_3dlens/Panasonic-DMC-GX8.mpo'] },
  { name: 'pug.heic avatar, PNG export', files: ['real/pug.heic'], avatar: true, exportPng: true },
];

console.log(`A = ${dirA}\nB = ${dirB}\n${PAIRS} ABBA pairs per input; medians in ms; ratio = median of per-pair B/A`);
console.log(`  ${'input'.padEnd(36)} ${'A'.padStart(8)} ${'B'.padStart(8)}   B/A`);
const ratios = [];
for (const c of cases.filter(({ name }) => new RegExp(process.env.ONLY ?? '').test(name))) {
  if (!c.files.every((f) => existsSync(join(shared, f)))) {
    console.log(`  ${c.name.padEnd(36)} skipped: ${c.files.join(', ')} not in ../shared/data`);
    continue;
  }
  const files = c.files.map((f, i) => file(join(shared, f), c.roles?.[i]));
  const run = (s) => {
    s.open(files, c.options);
    const avatar = c.avatar ? s.buildAvatar('').avatar : s.makePoints().xyz;
    return c.exportPng ? s.export('png', 'avatar') : avatar;
  };
  const outA = run(a);
  const outB = run(b);
  const same = outA.length === outB.length && Buffer.compare(Buffer.from(outA.buffer), Buffer.from(outB.buffer)) === 0;
  const r = await pairs(
    PAIRS,
    () => timed(() => run(a)),
    () => timed(() => run(b)),
  );
  ratios.push(r.ratio);
  console.log(
    `  ${c.name.padEnd(36)} ${r.a.toFixed(0).padStart(8)} ${r.b.toFixed(0).padStart(8)}   ${r.ratio.toFixed(3)}${same ? '' : '   OUTPUTS DIFFER'}`,
  );
}
const geomean = Math.exp(ratios.reduce((t, r) => t + Math.log(r), 0) / ratios.length);
console.log(`  geometric mean of the ratios: ${geomean.toFixed(3)}`);
a.free();
b.free();
