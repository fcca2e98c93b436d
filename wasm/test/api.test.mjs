// The module exports exactly the C API of wasm/binding/pixel_avatar_api.h, and the colour work
// split over several sessions (as the preview page's worker pool does) matches one session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore, readShared } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';

const core = await loadCore();

test('every function of pixel_avatar_api.h is exported', () => {
  const header = readFileSync(new URL('../binding/pixel_avatar_api.h', import.meta.url), 'utf8');
  const names = [...new Set([...header.matchAll(/\b(pxav_[a-z_]+)\(/g)].map((m) => m[1]))];
  assert.ok(names.length > 20);
  for (const name of names) assert.equal(typeof core[`_${name}`], 'function', `${name} is not exported`);
});

async function sampleOrPug() {
  return (await readShared('real/pug.heic'))
    ?? new Uint8Array(readFileSync(new URL('../../web/sample/sample.heic', import.meta.url)));
}

test('colour decoded by three sessions equals colour decoded by one', async () => {
  const bytes = await sampleOrPug();
  const whole = new CoreSession(core);
  const main = new CoreSession(core, { decodeColour: false });
  const helpers = [0, 1, 2].map(() => new CoreSession(core));
  try {
    whole.openHeic(bytes);
    main.openHeic(bytes);
    const { width, height } = main;
    const sums = new Uint32Array(width * height * 3);
    const counts = new Uint32Array(width * height);
    helpers.forEach((h, part) => {
      const p = h.decodeColourPart(bytes, width, height, part, helpers.length);
      p.sums.forEach((v, i) => { sums[i] += v; });
      p.counts.forEach((v, i) => { counts[i] += v; });
    });
    main.setColourSums(sums, counts);
    assert.deepEqual(main.colour(), whole.colour());
    assert.deepEqual(main.buildAvatar('').avatar, whole.buildAvatar('').avatar);
  } finally {
    [whole, main, ...helpers].forEach((s) => s.free());
  }
});
