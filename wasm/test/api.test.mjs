// The module exports exactly the C API of wasm/binding/pixel_avatar_api.h, its JS mirrors match the
// C and C++ names, the wrapper checks its arguments, and the colour work split over several
// sessions (as the preview page's worker pool does) matches one session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore, readShared } from './load-core.mjs';
import {
  CoreError,
  CoreSession,
  ERROR_NAMES,
  EXPORT_CONTENTS,
  EXPORT_FORMATS,
  openInParts,
  sharedBy,
} from '../../web/decoder/core-session.js';

const core = await loadCore();

// The C names in the header, with the exports list and the JS mirrors, must agree both ways.
const header = readFileSync(new URL('../binding/pixel_avatar_api.h', import.meta.url), 'utf8');
const resultHeader = readFileSync(new URL('../src/core/result.h', import.meta.url), 'utf8');
const exportsList = readFileSync(new URL('../binding/exports.txt', import.meta.url), 'utf8');

test('exports.txt lists exactly the functions of pixel_avatar_api.h, and the module exports them', () => {
  const declared = new Set([...header.matchAll(/\b(pxav_[a-z_0-9]+)\(/g)].map((m) => `_${m[1]}`));
  const listed = new Set(exportsList.split('\n').filter((line) => line.startsWith('_')));
  assert.ok(declared.size > 25);
  assert.deepEqual([...listed].sort(), [...declared].sort());
  for (const name of declared) assert.equal(typeof core[name], 'function', `${name} is not exported`);
});

test('the JS error names are the C status codes and the C++ ErrorCode, number for number', () => {
  const cNames = Object.fromEntries(
    [...header.matchAll(/PXAV_(OK|ERROR_[A-Z_]+) = (\d+)/g)].map(([, name, n]) => [
      Number(n),
      name === 'OK' ? 'ok' : name.slice(6).toLowerCase().replaceAll('_', '-'),
    ]),
  );
  const cppNames = { 0: 'ok' };
  const body = resultHeader.slice(resultHeader.indexOf('enum class ErrorCode'));
  for (const [, name, n] of body.matchAll(/^\s+([A-Za-z]+) = (\d+),/gm))
    cppNames[Number(n)] = name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  const js = Object.fromEntries(ERROR_NAMES.map((name, n) => [n, name]));
  assert.deepEqual(js, cNames);
  assert.deepEqual(js, cppNames);
});

test('the JS export constants are PXAV_FORMAT_* and PXAV_CONTENT_* of the header', () => {
  const named = (prefix) =>
    Object.fromEntries(
      [...header.matchAll(new RegExp(`PXAV_${prefix}_([A-Z_]+) = (\\d+)`, 'g'))].map(([, name, n]) => [
        name.toLowerCase().replaceAll('_', '-'),
        Number(n),
      ]),
    );
  assert.deepEqual(named('FORMAT'), EXPORT_FORMATS);
  assert.deepEqual(named('CONTENT'), EXPORT_CONTENTS);
});

test('the wrapper refuses wrong types and lengths before touching the heap', () => {
  const s = new CoreSession(core);
  try {
    assert.throws(
      () => s.open([]),
      (e) => e instanceof CoreError && e.code === 'invalid-argument',
    );
    assert.throws(() => s.open([{ name: 'x.heic', bytes: 'not bytes' }]), /must be bytes/);
    assert.throws(() => s.open([{ name: 7, bytes: new Uint8Array(4) }]), /name must be a string/);
    assert.throws(() => s.setColourSums([1, 2, 3], new Uint32Array(1)), /Uint32Arrays/);
    assert.throws(() => s.export('obj'), /export format/);
    assert.throws(() => s.open([{ name: 'x.heic', bytes: new Uint8Array(4) }], { maxPixels: -1 }), /positive/);
    // The core checks what JS cannot: the sums must fit the photo's colour grid.
    assert.throws(() => s.setColourSums(new Uint32Array(3), new Uint32Array(1)), /open a photo/);
  } finally {
    s.free();
  }
});

async function sampleOrPug() {
  return (
    (await readShared('real/pug.heic')) ??
    new Uint8Array(readFileSync(new URL('../../web/sample/sample.heic', import.meta.url)))
  );
}

test('colour decoded by three sessions equals colour decoded by one', async () => {
  const bytes = await sampleOrPug();
  const files = [{ name: 'photo.heic', bytes }];
  const whole = new CoreSession(core);
  const main = new CoreSession(core);
  const helpers = [0, 1, 2].map(() => new CoreSession(core));
  try {
    whole.open(files);
    const info = await openInParts(main, files, {}, sharedBy(helpers));
    assert.equal(info.colourParts, 0, 'the colour is complete once the sums are in');
    assert.deepEqual(main.colour(), whole.colour());
    assert.deepEqual(main.buildAvatar('').avatar, whole.buildAvatar('').avatar);
    // The grid is the depth map's stored frame; wrong sizes are refused by the core, with its size.
    main.open(files, { decodeColour: false });
    const { count, width, height } = main.colourParts();
    assert.ok(count >= 1);
    assert.throws(
      () => main.setColourSums(new Uint32Array(3), new Uint32Array(1)),
      (e) => e.code === 'invalid-argument' && e.message.includes(`${width}x${height}`),
    );
  } finally {
    [whole, main, ...helpers].forEach((s) => s.free());
  }
});
