// Stereo pairs in the wasm module: the same disparity map (PFM, byte for byte) and the same avatar
// file as the native CLI, for the synthetic pair the CLI writes (PNG views and a HEIF stereo
// file and MPO, and side-by-side images in both orders), the Middlebury pairs (Tsukuba also with its
// right view rolled, so rectified first: uncalibrated, and calibrated from a focal length), the 3D
// camera's MPO of ../shared/data/stereo_wild (its EXIF focal length read; its shifted views fall
// back to the uncalibrated rectification) and Apple's
// spatial photo when ../shared/data has them; and the errors for pairs that cannot be matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCore, sharedData } from './load-core.mjs';
// fast-png is a package of the web front end (web/package.json).
const { encode } = await import(new URL('../../web/node_modules/fast-png/lib/index.js', import.meta.url));
import { CoreSession } from '../../web/decoder/core-session.js';
import { skipTestOrFailInCI } from '../../web/test/skip.mjs';

const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;
const core = await loadCore();
const sharedPath = (relative) => fileURLToPath(new URL(relative, sharedData));
const dir = mkdtempSync(join(tmpdir(), 'pxav-stereo-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(dir, 'pair.png'), '-q']);
execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(dir, 'pair.heic'), '-q']);
execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(dir, 'pair.mpo'), '-q']);
for (const layout of ['side-by-side', 'cross-eyed'])
  execFileSync(cli, ['sample', '--scene', 'stereo', '--layout', layout, '-o', join(dir, `${layout}.png`), '-q']);

// A binary PPM turned by `degrees` about its centre (bilinear, black outside): an unrectified view
// both sides then read from the same bytes.
function rolledPpm(bytes, degrees) {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(text);
  if (!m) throw new Error('not a binary 8-bit PPM');
  const [w, h, start] = [Number(m[1]), Number(m[2]), m[0].length];
  const src = bytes.subarray(start);
  const out = new Uint8Array(w * h * 3);
  const a = (degrees * Math.PI) / 180,
    c = Math.cos(a),
    s = Math.sin(a),
    cx = (w - 1) / 2,
    cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = c * (x - cx) + s * (y - cy) + cx,
        sy = -s * (x - cx) + c * (y - cy) + cy;
      const x0 = Math.floor(sx),
        y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
      const fx = sx - x0,
        fy = sy - y0;
      for (let k = 0; k < 3; k++) {
        const p = (yy, xx) => src[(yy * w + xx) * 3 + k];
        out[(y * w + x) * 3 + k] = Math.round(
          (1 - fy) * ((1 - fx) * p(y0, x0) + fx * p(y0, x0 + 1)) +
            fy * ((1 - fx) * p(y0 + 1, x0) + fx * p(y0 + 1, x0 + 1)),
        );
      }
    }
  }
  const header = new TextEncoder().encode(`P6\n${w} ${h}\n255\n`);
  const file = new Uint8Array(header.length + out.length);
  file.set(header);
  file.set(out, header.length);
  return file;
}

// Both sides on the same files: the CLI's disparity PFM and avatar, the module's.
function agree(t, name, files, setup) {
  const [left, right] = files;
  const args = setup.calib ? ['--calib', setup.calib] : ['--stereo', setup.params];
  if (right.path === undefined) {
    execFileSync(cli, ['disparity', left.path, ...args, '-o', join(dir, `${name}.pfm`), '-q']);
    execFileSync(cli, ['convert', left.path, ...args, '-o', join(dir, `${name}.pxav`), '-q']);
  } else {
    execFileSync(cli, ['disparity', left.path, '--right', right.path, ...args, '-o', join(dir, `${name}.pfm`), '-q']);
    execFileSync(cli, ['convert', left.path, '--right', right.path, ...args, '-o', join(dir, `${name}.pxav`), '-q']);
  }
  const s = new CoreSession(core);
  try {
    const started = performance.now();
    const info = s.open(
      files.filter((f) => f.bytes).map(({ name, bytes, role }) => ({ name, bytes, role })),
      { settings: { stereo: setup.calib ? readFileSync(setup.calib, 'utf8') : setup.params } },
    );
    t.diagnostic(
      `${name}: opened and matched in ${(performance.now() - started).toFixed(0)} ms in node; ` +
        `matched at ${info.stereo.matchedSize}`,
    );
    assert.deepEqual(
      s.export('pfm', 'disparity'),
      new Uint8Array(readFileSync(join(dir, `${name}.pfm`))),
      `${name}: disparity maps differ`,
    );
    assert.deepEqual(
      s.buildAvatar('').avatar,
      new Uint8Array(readFileSync(join(dir, `${name}.pxav`))),
      `${name}: avatar files differ`,
    );
  } finally {
    s.free();
  }
}

const view = (path, role) => ({ path, name: basename(path), bytes: new Uint8Array(readFileSync(path)), role });

test('stereo: the synthetic pair matches the same natively and in wasm', (t) => {
  agree(t, 'synthetic', [view(join(dir, 'pair-left.png'), 'left'), view(join(dir, 'pair-right.png'), 'right')], {
    params: 'f=400 baseline=0.05 disparities=80',
  });
});

test('stereo: the synthetic HEIF stereo file matches the same natively and in wasm', (t) => {
  agree(t, 'synthetic-heif', [view(join(dir, 'pair.heic')), {}], { params: 'disparities=80' });
});

for (const [pair, left, right, disparities] of [
  ['tsukuba', 'scene1.row3.col3.ppm', 'scene1.row3.col4.ppm', 16],
  ['cones', 'im2.ppm', 'im6.ppm', 64],
]) {
  test(`stereo: Middlebury ${pair} matches the same natively and in wasm`, (t) => {
    if (!existsSync(sharedPath(`stereo/${pair}/${left}`)))
      return skipTestOrFailInCI(t, `../shared/data/stereo/${pair} is absent`);
    agree(
      t,
      pair,
      [view(sharedPath(`stereo/${pair}/${left}`), 'left'), view(sharedPath(`stereo/${pair}/${right}`), 'right')],
      { params: `disparities=${disparities} scale=1` },
    );
  });
}

test('stereo: the synthetic MPO matches the same natively and in wasm', (t) => {
  agree(t, 'synthetic-mpo', [view(join(dir, 'pair.mpo')), {}], { params: 'scale=1' });
});

test('stereo: side-by-side images in both orders match the same natively and in wasm', (t) => {
  for (const layout of ['side-by-side', 'cross-eyed'])
    agree(t, layout, [view(join(dir, `${layout}.png`)), {}], { params: `layout=${layout} disparities=80` });
  // Both orders are the same pair, and the CLI's --layout is the setting.
  assert.deepEqual(readFileSync(join(dir, 'side-by-side.pfm')), readFileSync(join(dir, 'cross-eyed.pfm')));
  execFileSync(cli, [
    'disparity',
    join(dir, 'cross-eyed.png'),
    '--layout',
    'cross-eyed',
    '--stereo',
    'disparities=80',
    '-o',
    join(dir, 'cross-eyed-flag.pfm'),
    '-q',
  ]);
  assert.deepEqual(readFileSync(join(dir, 'cross-eyed-flag.pfm')), readFileSync(join(dir, 'cross-eyed.pfm')));
  const s = new CoreSession(core);
  try {
    const image = view(join(dir, 'side-by-side.png'));
    const info = s.open([{ name: image.name, bytes: image.bytes }], { settings: { stereo: 'layout=side-by-side' } });
    assert.equal(info.stereo.layout, 'side-by-side');
    assert.equal(info.stereo.swapped, false);
    assert.throws(
      () => s.open([{ name: image.name, bytes: image.bytes }], { settings: { stereo: 'layout=over-under' } }),
      /layout must be side-by-side \(left view on the left\), cross-eyed/,
    );
    assert.throws(
      () =>
        s.open(
          [
            {
              name: 'odd.png',
              bytes: encode({ width: 321, height: 100, data: new Uint8Array(321 * 100 * 3), channels: 3 }),
            },
          ],
          { settings: { stereo: 'layout=side-by-side' } },
        ),
      /odd\.png \(321x100\) cannot be a side-by-side pair: its width is odd/,
    );
  } finally {
    s.free();
  }
});

test('stereo: Tsukuba with its right view rolled 2 degrees is rectified the same natively and in wasm', (t) => {
  const right = sharedPath('stereo/tsukuba/scene1.row3.col4.ppm');
  if (!existsSync(right)) return skipTestOrFailInCI(t, '../shared/data/stereo/tsukuba is absent');
  writeFileSync(join(dir, 'tsukuba-rolled.ppm'), rolledPpm(readFileSync(right), 2));
  agree(
    t,
    'tsukuba-rolled',
    [view(sharedPath('stereo/tsukuba/scene1.row3.col3.ppm'), 'left'), view(join(dir, 'tsukuba-rolled.ppm'), 'right')],
    { params: 'scale=1' },
  );
  const s = new CoreSession(core);
  try {
    const info = s.open(
      [
        view(sharedPath('stereo/tsukuba/scene1.row3.col3.ppm'), 'left'),
        view(join(dir, 'tsukuba-rolled.ppm'), 'right'),
      ].map(({ name, bytes, role }) => ({ name, bytes, role })),
      { settings: { stereo: 'scale=1' } },
    );
    t.diagnostic(
      `rolled Tsukuba: rectified ${info.stereo.rectified}, residual ${info.stereo.residualPx} px, ` +
        `${info.stereo.inliers} of ${info.stereo.matches} matches inliers`,
    );
    assert.equal(info.stereo.rectified, true);
    assert.ok(info.stereo.residualPx <= 0.5);
  } finally {
    s.free();
  }
  // With a focal length: rectified calibrated (the essential matrix), the same in both builds.
  agree(
    t,
    'tsukuba-rolled-focal',
    [view(sharedPath('stereo/tsukuba/scene1.row3.col3.ppm'), 'left'), view(join(dir, 'tsukuba-rolled.ppm'), 'right')],
    { params: 'scale=1 f=384' },
  );
  const c = new CoreSession(core);
  try {
    const info = c.open(
      [
        view(sharedPath('stereo/tsukuba/scene1.row3.col3.ppm'), 'left'),
        view(join(dir, 'tsukuba-rolled.ppm'), 'right'),
      ].map(({ name, bytes, role }) => ({ name, bytes, role })),
      { settings: { stereo: 'scale=1 f=384' } },
    );
    t.diagnostic(`rolled Tsukuba, f=384: ${info.stereo.rectification}, residual ${info.stereo.residualPx} px`);
    assert.equal(info.stereo.rectification, 'calibrated from the focal length');
    assert.ok(info.stereo.residualPx <= 0.5);
  } finally {
    c.free();
  }
});

test("stereo: the 3D camera's MPO (its EXIF focal length read) matches the same natively and in wasm", (t) => {
  const path = sharedPath('stereo_wild/panasonic_gx8_3dlens/Panasonic-DMC-GX8.mpo');
  // A plain skip even in CI: the shared data's stereo_wild folder may hold only its README (its
  // files come from the sources it names).
  if (!existsSync(path)) return t.skip('../shared/data/stereo_wild/panasonic_gx8_3dlens is absent');
  agree(t, 'wild-mpo', [view(path), {}], { params: '' });
  const s = new CoreSession(core);
  try {
    const info = s.open([{ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }]);
    t.diagnostic(
      `MPO: ${info.stereo.rectification}, focal ${info.stereo.knownFocalPx} px (${info.stereo.focalSource}), ` +
        `residual ${info.stereo.residualPx} px`,
    );
    assert.equal(info.stereo.focalSource, 'EXIF FocalLengthIn35mmFilm');
  } finally {
    s.free();
  }
});

test('stereo: a 12 MP JPEG pair (decoded at a reduced DCT scale, rectified from EXIF) matches the same natively and in wasm', (t) => {
  const writer = new URL('../../build/native/bench/stereo_rectify_score', import.meta.url).pathname;
  if (!existsSync(writer))
    return skipTestOrFailInCI(t, 'build/native/bench/stereo_rectify_score is not built (it writes the pair)');
  execFileSync(writer, ['--write-phone', join(dir, 'phone')]);
  agree(t, 'phone', [view(join(dir, 'phone/left.jpg'), 'left'), view(join(dir, 'phone/right.jpg'), 'right')], {
    params: '',
  });
  const s = new CoreSession(core);
  try {
    const info = s.open(
      ['left', 'right'].map((role) => {
        const v = view(join(dir, `phone/${role}.jpg`), role);
        return { name: v.name, bytes: v.bytes, role };
      }),
    );
    assert.equal(info.stereo.viewsDecodedAt, '1/4');
    assert.equal(info.stereo.rectification, 'calibrated from the focal length');
  } finally {
    s.free();
  }
});

test("stereo: Apple's spatial photo matches the same natively and in wasm", (t) => {
  if (!existsSync(sharedPath('real/spatial_photo.heic')))
    return skipTestOrFailInCI(t, '../shared/data/real/spatial_photo.heic is absent');
  const path = sharedPath('real/spatial_photo.heic');
  const s = new CoreSession(core);
  try {
    execFileSync(cli, ['disparity', path, '-o', join(dir, 'spatial.pfm'), '-q']);
    execFileSync(cli, ['convert', path, '-o', join(dir, 'spatial.pxav'), '-q']);
    const started = performance.now();
    const info = s.open([{ name: 'spatial_photo.heic', bytes: new Uint8Array(readFileSync(path)) }]);
    t.diagnostic(
      `spatial photo: opened and matched in ${(performance.now() - started).toFixed(0)} ms in node, ` +
        `disparities ${info.stereo.disparities}, views decoded at ${info.heic.viewsDecodedAt}`,
    );
    assert.deepEqual(s.export('pfm', 'disparity'), new Uint8Array(readFileSync(join(dir, 'spatial.pfm'))));
    assert.deepEqual(s.buildAvatar('').avatar, new Uint8Array(readFileSync(join(dir, 'spatial.pxav'))));
  } finally {
    s.free();
  }
});

test('stereo: the module says what is wrong with a pair', () => {
  const left = view(join(dir, 'pair-left.png'), 'left');
  const s = new CoreSession(core);
  try {
    assert.throws(
      () => s.open([left], { settings: { stereo: 'disparities=80' } }),
      (e) => e.code === 'missing-companion' && e.fields.missing === 'right-view' && /right view/.test(e.message),
    );
    assert.throws(
      () => s.open([left, { ...left, role: 'right' }], { settings: { stereo: 'f=400 baseline=0' } }),
      /baseline must be a positive distance/,
    );
    assert.throws(
      () => s.open([left, { ...left, role: 'right' }], { settings: { stereo: 'disparities=400' } }),
      /wider than the image \(320 px\)/,
    );
    assert.throws(() => s.open([left, { ...left, role: 'middle' }], {}), /unknown file role 'middle'/);
    // The quality gate's refusals have their own code, and the check that failed.
    assert.throws(
      () => s.open([left, { ...left, role: 'right' }], {}),
      (e) =>
        e.code === 'unusable-pair' &&
        e.fields.check === 'camera-moved' &&
        /the camera did not move between the two shots/.test(e.message),
    );
    // A settings name no reader reads is refused, naming those there are.
    assert.throws(
      () => s.open([left, { ...left, role: 'right' }], { settings: { calibration: 'f=400' } }),
      (e) =>
        e.code === 'invalid-argument' && e.message === "unknown reader setting 'calibration' (known: stereo, depth)",
    );
    // So is an open option the session does not know (the stereo parameters' name before the
    // settings map), instead of opening as if it were absent.
    assert.throws(
      () => s.open([left, { ...left, role: 'right' }], { stereoParams: 'f=400' }),
      (e) => e.code === 'invalid-argument' && /^open: unknown option stereoParams \(known: maxPixels/.test(e.message),
    );
  } finally {
    s.free();
  }
});
