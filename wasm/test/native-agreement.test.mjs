// The same C++ runs natively and in wasm: both must give the same point set (within 1e-6 m) and
// byte-identical avatar files for the same input and options. The native side is the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadCore, readShared } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';
import { skipTestOrFailInCI } from '../../web/test/skip.mjs';

const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;
const sample = new URL('../../web/sample/sample.heic', import.meta.url).pathname;
const core = await loadCore();

// Positions and colours from a binary little-endian PLY with float x y z + uchar r g b (our
// exporter's layout).
function plyColours(bytes) {
  const text = new TextDecoder().decode(bytes.subarray(0, 512));
  const end = text.indexOf('end_header\n') + 'end_header\n'.length;
  const count = Number(/element vertex (\d+)/.exec(text)[1]);
  const rgb = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) rgb.set(bytes.subarray(end + i * 15 + 12, end + i * 15 + 15), i * 3);
  return rgb;
}

function plyPositions(bytes) {
  const text = new TextDecoder().decode(bytes.subarray(0, 512));
  const end = text.indexOf('end_header\n') + 'end_header\n'.length;
  const count = Number(/element vertex (\d+)/.exec(text)[1]);
  const view = new DataView(bytes.buffer, bytes.byteOffset + end);
  const xyz = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) for (let c = 0; c < 3; c++) xyz[i * 3 + c] = view.getFloat32(i * 15 + c * 4, true);
  return xyz;
}

// The person and face models the CLI uses by default (third_party/fetch-models.sh), given to the session too:
// every avatar whose subject the cut decides is then made with it on both sides.
const personModelPath = new URL('../../third_party/install/models/selfie_segmentation.tflite', import.meta.url);
const personModel = existsSync(personModelPath) ? new Uint8Array(readFileSync(personModelPath)) : null;
const faceModelPath = new URL('../../third_party/install/models/face_detection_short_range.tflite', import.meta.url);
const faceModel = existsSync(faceModelPath) ? new Uint8Array(readFileSync(faceModelPath)) : null;

// exactColour: the colour of every point must match byte for byte too (JPEG: libjpeg-turbo with
// SIMD natively, scalar C in wasm).
function compare(t, name, bytes, file, { exactColour = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pxav-'));
  try {
    execFileSync(cli, ['export', file, '-o', join(dir, 'points.ply'), '--full', '-q']);
    execFileSync(cli, ['convert', file, '-o', join(dir, 'avatar.pxav'), '-q']);
    execFileSync(cli, [
      'convert',
      file,
      '-o',
      join(dir, 'small.pxav'),
      '--grid',
      '24',
      '--palette',
      '6',
      '--layers',
      '5',
      '--dither',
      '-q',
    ]);
    execFileSync(cli, ['convert', file, '-o', join(dir, 'depth-only.pxav'), '--no-matte', '-q']);
    execFileSync(cli, ['export', file, '-o', join(dir, 'depth-view.png'), '--depth-view', '-q']);
    execFileSync(cli, ['export', file, '-o', join(dir, 'subject.png'), '--subject-mask', '--no-matte', '-q']);
    const s = new CoreSession(core);
    try {
      assert.ok(personModel && faceModel, 'the person or face model is missing: make deps fetches them');
      s.setPersonModel(personModel);
      s.setFaceModel(faceModel);
      s.open([{ name: basename(file), bytes: bytes }]);
      const native = plyPositions(new Uint8Array(readFileSync(join(dir, 'points.ply'))));
      const wasm = plyPositions(s.export('ply', 'points'));
      assert.equal(wasm.length, native.length, `${name}: point counts differ`);
      let worst = 0;
      for (let i = 0; i < wasm.length; i++) worst = Math.max(worst, Math.abs(wasm[i] - native[i]));
      t.diagnostic(`${name}: ${wasm.length / 3} points, max |native - wasm| = ${worst} m`);
      assert.ok(worst <= 1e-6, `${name}: points differ by ${worst} m`);
      if (exactColour) {
        assert.deepEqual(
          plyColours(s.export('ply', 'points')),
          plyColours(new Uint8Array(readFileSync(join(dir, 'points.ply')))),
          `${name}: the decoded colours differ`,
        );
      }

      assert.deepEqual(
        s.buildAvatar('').avatar,
        new Uint8Array(readFileSync(join(dir, 'avatar.pxav'))),
        `${name}: avatar files differ at the defaults`,
      );
      // The depth view over the subject's range (of the avatar just built, as the CLI's defaults).
      assert.deepEqual(
        s.export('png', 'depth-view'),
        new Uint8Array(readFileSync(join(dir, 'depth-view.png'))),
        `${name}: depth views differ`,
      );
      assert.deepEqual(
        s.buildAvatar('grid=24 palette=6 layers=5 dither=1').avatar,
        new Uint8Array(readFileSync(join(dir, 'small.pxav'))),
        `${name}: avatar files differ with options`,
      );
      // The subject cut without the matte: the person model's answer, the graph cut, the colour
      // band, the tidied grid, and the mask it leaves.
      assert.deepEqual(
        s.buildAvatar('matte=0').avatar,
        new Uint8Array(readFileSync(join(dir, 'depth-only.pxav'))),
        `${name}: avatar files differ without the matte`,
      );
      assert.deepEqual(
        s.export('png', 'subject-mask'),
        new Uint8Array(readFileSync(join(dir, 'subject.png'))),
        `${name}: subject masks differ without the matte`,
      );
    } finally {
      s.free();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the built-in sample: native and wasm agree', (t) => {
  assert.ok(existsSync(cli), 'build the native CLI first (make native)');
  assert.ok(existsSync(sample), 'make the sample first (make web)');
  compare(t, 'sample.heic', new Uint8Array(readFileSync(sample)), sample);
});

test('pug.heic: native and wasm agree', async (t) => {
  const bytes = await readShared('real/pug.heic');
  if (!bytes) return skipTestOrFailInCI(t, '../shared/data/real/pug.heic is absent');
  compare(t, 'pug.heic', bytes, new URL('../../../shared/data/real/pug.heic', import.meta.url).pathname);
});

test('selfie_front_truedepth.heic (portrait matte): native and wasm agree', async (t) => {
  const bytes = await readShared('real/selfie_front_truedepth.heic');
  if (!bytes) return skipTestOrFailInCI(t, '../shared/data/real/selfie_front_truedepth.heic is absent');
  compare(
    t,
    'selfie',
    bytes,
    new URL('../../../shared/data/real/selfie_front_truedepth.heic', import.meta.url).pathname,
  );
});

test('fullbody_rear_portrait_matte.jpg (a face hint, a floor): native and wasm agree', async (t) => {
  const bytes = await readShared('real/fullbody_rear_portrait_matte.jpg');
  if (!bytes) return skipTestOrFailInCI(t, '../shared/data/real/fullbody_rear_portrait_matte.jpg is absent');
  compare(
    t,
    'fullbody',
    bytes,
    new URL('../../../shared/data/real/fullbody_rear_portrait_matte.jpg', import.meta.url).pathname,
    { exactColour: true },
  );
});

for (const name of ['vase_portrait_disparity.jpg', 'gdepth_lensblur_depthy.jpg', 'gdepth_lensblur_table.jpg']) {
  test(`${name}: native and wasm agree, colour byte for byte`, async (t) => {
    const bytes = await readShared(`jpeg/${name}`);
    if (!bytes) return skipTestOrFailInCI(t, `../shared/data/jpeg/${name} is absent`);
    compare(t, name, bytes, new URL(`../../../shared/data/jpeg/${name}`, import.meta.url).pathname, {
      exactColour: true,
    });
  });
}

// Generated depth JPEGs of each layout, upright and stored turned (EXIF), written by the CLI.
for (const layout of ['mpf', 'gdepth', 'dynamic-depth']) {
  for (const rotate of ['0', '90']) {
    test(`a generated ${layout} JPEG (turned ${rotate}): native and wasm agree, colour byte for byte`, (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'pxav-jpeg-'));
      try {
        const file = join(dir, `${layout}-${rotate}.jpg`);
        execFileSync(cli, ['sample', '--scene', 'bust', '--jpeg-layout', layout, '--rotate', rotate, '-o', file, '-q']);
        compare(t, `${layout}-${rotate}.jpg`, new Uint8Array(readFileSync(file)), file, { exactColour: true });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
