// The wasm module decodes the real files with the same results as the native build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore, readShared } from './load-core.mjs';
import { CoreSession, CoreError } from '../../web/decoder/core-session.js';
import { skipTestOrFailInCI } from '../../web/test/skip.mjs';

const core = await loadCore();

test('pug.heic: depth image, representation and calibration', async (t) => {
  const bytes = await readShared('real/pug.heic');
  if (!bytes) return skipTestOrFailInCI(t, '../shared/data/real/pug.heic is absent');
  const s = new CoreSession(core);
  try {
    const info = s.open([{ name: 'photo.heic', bytes: bytes }]);
    assert.equal(info.depth.width, 768);
    assert.equal(info.depth.height, 576);
    assert.equal(info.depth.representation, 'disparity');
    assert.ok(Math.abs(info.depth.min - 1.498047) < 1e-6);
    assert.ok(Math.abs(info.depth.max - 4.382812) < 1e-6);
    assert.equal(info.intrinsics.source, 'apple-xmp');
    assert.ok(Math.abs(info.intrinsics.fx - 577.6) < 0.1);
    assert.equal(info.colourSource, 'tiles');
    const z = s.depth();
    let lo = Infinity,
      hi = -Infinity;
    for (const v of z) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    assert.ok(lo > 0.22 && lo < 0.24, `nearest ${lo}`);
    assert.ok(hi > 0.66 && hi < 0.68, `farthest ${hi}`);
  } finally {
    s.free();
  }
});

test('selfie and no-depth photos', async (t) => {
  const selfie = await readShared('real/selfie_front_truedepth.heic');
  const arrow = await readShared('real/arrow_nodepth.heic');
  if (!selfie || !arrow) return skipTestOrFailInCI(t, '../shared/data/real is absent');
  const s = new CoreSession(core);
  try {
    const info = s.open([{ name: 'photo.heic', bytes: selfie }]);
    assert.equal(info.depth.width, 480);
    assert.equal(info.depth.height, 640);
    assert.equal(info.portraitMatte, true);
    assert.throws(
      () => s.open([{ name: 'photo.heic', bytes: arrow }]),
      (e) => e instanceof CoreError && e.code === 'no-depth' && /Portrait mode/.test(e.message),
    );
  } finally {
    s.free();
  }
});

test('50 decodes of pug.heic keep the wasm heap flat', async (t) => {
  const bytes = await readShared('real/pug.heic');
  if (!bytes) return skipTestOrFailInCI(t, '../shared/data/real/pug.heic is absent');
  const s = new CoreSession(core);
  try {
    const sizes = [];
    for (let i = 0; i < 50; i++) {
      s.open([{ name: 'photo.heic', bytes: bytes }]);
      s.makePoints();
      s.buildAvatar('');
      sizes.push(core.HEAPU8.byteLength);
    }
    // The heap may grow while the first decodes find their working set, then must stop growing.
    assert.equal(sizes[49], sizes[9], `heap grew from ${sizes[9]} to ${sizes[49]} bytes`);
  } finally {
    s.free();
  }
});
