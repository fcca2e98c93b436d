// Writes every .pxav, .ply and .pcd that the CLI and the wasm module make for the real files in
// ../shared/data and for generated fixtures, or compares a fresh set against one written before:
// the check that a refactoring changed no output byte.
//
//   node wasm/test/snapshot-outputs.mjs write DIR     (before the change)
//   node wasm/test/snapshot-outputs.mjs compare DIR   (after it: exit 1 on any difference)
//
// The wasm side goes through web/decoder/core-session.js. (The set this was first checked against
// came from the build before the pipeline, whose session had one opener per input kind.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadCore } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';

const [mode, outDir] = process.argv.slice(2);
if (!['write', 'compare'].includes(mode) || !outDir) {
  console.error('usage: node wasm/test/snapshot-outputs.mjs write|compare DIR');
  process.exit(2);
}
const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;
const shared = new URL('../../../shared/data/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'pxav-snapshot-'));
const fresh = mode === 'write' ? outDir : join(work, 'fresh');
mkdirSync(fresh, { recursive: true });

// Inputs: [name, CLI arguments that name the photo, wasm opener]
const inputs = [];
const heic = (name, path) => inputs.push({ name, args: [path], files: [path] });
for (const [name, args] of [
  ['bust', []],
  ['wall', ['--scene', 'wall']],
  ['sphere', ['--scene', 'sphere']],
  ['wall-inverse-z', ['--scene', 'wall', '--depth-encoding', 'inverse-z']],
  ['wall-z-270', ['--scene', 'wall', '--depth-encoding', 'z', '--rotate', '270']],
  ['sphere-90', ['--scene', 'sphere', '--rotate', '90', '--depth-encoding', 'inverse-z']],
  ['bust-180', ['--rotate', '180']],
]) {
  const file = join(work, `${name}.heic`);
  execFileSync(cli, ['sample', '-o', file, '-q', ...args]);
  heic(`fixture-${name}`, file);
}
for (const name of ['pug', 'selfie_front_truedepth']) {
  const file = join(shared, 'real', `${name}.heic`);
  if (existsSync(file)) heic(name, file);
  else console.log(`skipped ${name}.heic: not in ../shared/data/real`);
}
const tum = join(shared, 'rgbd/tum');
const tumParams = 'encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5';
if (existsSync(join(tum, 'TUM_color.png'))) {
  inputs.push({
    name: 'tum',
    args: [join(tum, 'TUM_color.png'), '--depth', join(tum, 'TUM_depth.png'), '--depth-params', tumParams],
    files: [join(tum, 'TUM_color.png'), join(tum, 'TUM_depth.png')],
    settings: { depth: tumParams },
  });
} else console.log('skipped the TUM pair: not in ../shared/data/rgbd/tum');
// Stereo inputs (matched into depth first): the generated pair as PNG views, HEIF stereo file and
// MPO; Middlebury's Tsukuba and Apple's spatial photo when ../shared/data has them. Their
// disparity maps are compared too.
execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(work, 'pair.png'), '-q']);
execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(work, 'pair.heic'), '-q']);
execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(work, 'pair.mpo'), '-q']);
const stereoInput = (name, left, right, stereo) =>
  inputs.push({
    name,
    args: [left, ...(right ? ['--right', right] : []), ...(stereo ? ['--stereo', stereo] : [])],
    files: right ? [left, right] : [left],
    roles: right ? ['left', 'right'] : [''],
    settings: stereo ? { stereo } : {},
    stereo: true,
  });
stereoInput(
  'stereo-pair',
  join(work, 'pair-left.png'),
  join(work, 'pair-right.png'),
  'f=400 baseline=0.05 disparities=80',
);
stereoInput('stereo-heif', join(work, 'pair.heic'), '', 'disparities=80');
stereoInput('stereo-mpo', join(work, 'pair.mpo'), '', 'scale=1');
const tsukuba = join(shared, 'stereo/tsukuba');
if (existsSync(join(tsukuba, 'scene1.row3.col3.ppm')))
  stereoInput(
    'tsukuba',
    join(tsukuba, 'scene1.row3.col3.ppm'),
    join(tsukuba, 'scene1.row3.col4.ppm'),
    'disparities=16 scale=1',
  );
else console.log('skipped Tsukuba: not in ../shared/data/stereo/tsukuba');
if (existsSync(join(shared, 'real/spatial_photo.heic')))
  stereoInput('spatial', join(shared, 'real/spatial_photo.heic'), '', '');
else console.log('skipped spatial_photo.heic: not in ../shared/data/real');

const avatarOptions = [
  ['defaults', [], ''],
  ['small', ['--grid', '24', '--palette', '6', '--layers', '5', '--dither'], 'grid=24 palette=6 layers=5 dither=1'],
  ['gameboy', ['--grid', '32', '--palette-name', 'gameboy'], 'grid=32 palette-name=gameboy'],
  ['no-matte', ['--no-matte'], 'matte=0'],
  ['near-far', ['--near', '0.3', '--far', '0.9'], 'near=0.3 far=0.9'],
];
const exports = [
  ['points.ply', ['--full']],
  ['points.pcd', ['--full']],
  ['points-ascii.pcd', ['--full', '--ascii']],
  ['avatar.ply', ['--avatar']],
  ['avatar.pcd', ['--avatar']],
];

// ---- native ----------------------------------------------------------------------------------
let written = 0;
for (const input of inputs) {
  const run = (out, extra) => {
    try {
      execFileSync(
        cli,
        [...(out.endsWith('.pxav') ? ['convert'] : ['export']), ...input.args, '-o', join(fresh, out), '-q', ...extra],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      written++;
    } catch (error) {
      writeFileSync(join(fresh, `${out}.error`), String(error.stderr));
    }
  };
  for (const [tag, args] of avatarOptions) run(`native-${input.name}-${tag}.pxav`, args);
  for (const [tag, args] of exports) run(`native-${input.name}-${tag}`, args);
  if (input.stereo) {
    try {
      execFileSync(cli, ['disparity', ...input.args, '-o', join(fresh, `native-${input.name}-disparity.pfm`), '-q'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      written++;
    } catch (error) {
      writeFileSync(join(fresh, `native-${input.name}-disparity.pfm.error`), String(error.stderr));
    }
  }
}

// ---- wasm ------------------------------------------------------------------------------------
const core = await loadCore();
function open(session, input) {
  const files = input.files.map((path, i) => ({
    name: basename(path),
    bytes: new Uint8Array(readFileSync(path)),
    role: input.roles?.[i] ?? '',
  }));
  return session.open(files, { settings: input.settings ?? {} });
}
for (const input of inputs) {
  const s = new CoreSession(core);
  try {
    open(s, input);
    const save = (out, bytes) => {
      writeFileSync(join(fresh, out), bytes);
      written++;
    };
    save(`wasm-${input.name}-points.ply`, s.export('ply', 'points'));
    save(`wasm-${input.name}-points.pcd`, s.export('pcd', 'points'));
    save(`wasm-${input.name}-points-ascii.pcd`, s.export('pcd-ascii', 'points'));
    if (input.stereo) save(`wasm-${input.name}-disparity.pfm`, s.export('pfm', 'disparity'));
    for (const [tag, , text] of avatarOptions) {
      try {
        save(`wasm-${input.name}-${tag}.pxav`, s.buildAvatar(text).avatar);
        if (tag === 'defaults') {
          save(`wasm-${input.name}-avatar.ply`, s.export('ply', 'avatar'));
          save(`wasm-${input.name}-avatar.pcd`, s.export('pcd', 'avatar'));
        }
      } catch (error) {
        writeFileSync(join(fresh, `wasm-${input.name}-${tag}.pxav.error`), error.message);
      }
    }
  } finally {
    s.free();
  }
}

if (mode === 'write') {
  console.log(`wrote ${written} files to ${outDir}`);
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
let same = 0;
const problems = [];
for (const name of readdirSync(outDir).filter((n) => !n.endsWith('.error'))) {
  const path = join(fresh, name);
  if (!existsSync(path)) problems.push(`${name}: not written now`);
  else if (Buffer.compare(readFileSync(path), readFileSync(join(outDir, name))) !== 0)
    problems.push(`${name}: differs`);
  else same++;
}
const extra = readdirSync(fresh).filter((n) => !n.endsWith('.error') && !existsSync(join(outDir, n)));
console.log(
  `${same} files byte-identical; ${problems.length} differ or are missing; ${extra.length} new (${extra.join(', ')})`,
);
for (const p of problems) console.log(`  ${p}`);
rmSync(work, { recursive: true, force: true });
process.exit(problems.length ? 1 : 0);
