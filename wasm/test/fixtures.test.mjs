// The fixture expectations of native-tests/test_heic_fixtures.cpp, checked in wasm on HEIC files
// the native CLI writes (pixel-avatar sample --scene ...), so both builds meet the same bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCore } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';

const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;
const core = await loadCore();
const dir = mkdtempSync(join(tmpdir(), 'pxav-fixtures-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name, ...args) {
  const file = join(dir, `${name}.heic`);
  execFileSync(cli, ['sample', '-o', file, '-q', ...args]);
  return new Uint8Array(readFileSync(file));
}

function withSession(bytes, body) {
  const s = new CoreSession(core);
  try {
    return body(s, s.open([{ name: 'photo.heic', bytes: bytes }]));
  } finally {
    s.free();
  }
}

for (const encoding of ['disparity', 'inverse-z', 'z']) {
  test(`a flat wall stored as ${encoding} stays flat within 0.5%`, () => {
    withSession(fixture(`wall-${encoding}`, '--scene', 'wall', '--depth-encoding', encoding), (s, info) => {
      assert.equal(info.depth.representation, encoding);
      const { xyz } = s.makePoints();
      let worst = 0;
      for (let i = 2; i < xyz.length; i += 3) worst = Math.max(worst, Math.abs(-xyz[i] - 1.2) / 1.2);
      assert.ok(worst < 0.005, `worst deviation ${worst}`);
    });
  });
}

test('a sphere of radius 0.15 m comes back within 1%', () => {
  withSession(fixture('sphere', '--scene', 'sphere'), (s) => {
    const { xyz } = s.makePoints();
    const z = s.depth();
    const w = s.width;
    // Points well inside the silhouette (the sphere is nearer than 0.9 m; its rim mixes with the wall).
    const inside = (i) => z[i] < 0.9 && z[i - 1] < 0.9 && z[i + 1] < 0.9 && z[i - w] < 0.9 && z[i + w] < 0.9;
    // Least squares for |p|^2 = 2 c.p + k through the 4x4 normal equations.
    const A = Array.from({ length: 4 }, () => new Float64Array(4));
    const b = new Float64Array(4);
    for (let i = w + 1; i < z.length - w - 1; i++) {
      if (!inside(i)) continue;
      const p = [xyz[i * 3], xyz[i * 3 + 1], xyz[i * 3 + 2]];
      const row = [2 * p[0], 2 * p[1], 2 * p[2], 1];
      const rhs = p[0] ** 2 + p[1] ** 2 + p[2] ** 2;
      for (let r = 0; r < 4; r++) {
        b[r] += row[r] * rhs;
        for (let c = 0; c < 4; c++) A[r][c] += row[r] * row[c];
      }
    }
    for (let col = 0; col < 4; col++) {
      // Gaussian elimination
      for (let r = col + 1; r < 4; r++) {
        const f = A[r][col] / A[col][col];
        for (let c = col; c < 4; c++) A[r][c] -= f * A[col][c];
        b[r] -= f * b[col];
      }
    }
    const x = new Float64Array(4);
    for (let r = 3; r >= 0; r--) {
      let sum = b[r];
      for (let c = r + 1; c < 4; c++) sum -= A[r][c] * x[c];
      x[r] = sum / A[r][r];
    }
    const radius = Math.sqrt(x[3] + x[0] ** 2 + x[1] ** 2 + x[2] ** 2);
    assert.ok(Math.abs(radius - 0.15) / 0.15 < 0.01, `radius ${radius}`);
    assert.ok(Math.abs(x[2] + 0.6) < 0.01, `centre z ${x[2]}`);
  });
});

test('a photo turned by irot keeps its depth and colour registered', () => {
  const flat = withSession(fixture('bust', '--scene', 'bust'), (s, info) => ({
    info,
    colour: s.colour(),
    depth: s.depth(),
  }));
  withSession(fixture('bust-90', '--scene', 'bust', '--rotate', '90'), (s, info) => {
    assert.equal(info.depth.width, flat.info.depth.height);
    assert.equal(info.depth.height, flat.info.depth.width);
    assert.equal(info.photo.width, flat.info.photo.height);
    // The turned depth and colour are the unturned ones turned the same way: compare the
    // subject's share of pixels and that the skin-coloured pixels are near ones in both.
    const colour = s.colour();
    const depth = s.depth();
    let skin = 0,
      skinNear = 0;
    for (let i = 0; i < depth.length; i++) {
      const [r, g, b] = [colour[i * 3], colour[i * 3 + 1], colour[i * 3 + 2]];
      if (r > 200 && g > 150 && g < 200 && b > 110 && b < 170) {
        skin++;
        if (depth[i] < 1.0) skinNear++;
      }
    }
    assert.ok(skin > 500, `${skin} skin pixels`);
    assert.ok(skinNear / skin > 0.97, `${skinNear} of ${skin} skin pixels are near`);
  });
});

// native-tests/test_heic_damaged.cpp's case in wasm: the built-in sample is a grid photo; its first
// tile reference ('dimg' in 'iref') is pointed at the depth map's XMP item, which is no image.
// libheif 1.19.7 crashed there (natively a segfault, in wasm a trap); it must be an error value.
function pointFirstTileAtMetadata(bytes) {
  const b = new Uint8Array(bytes);
  const view = new DataView(b.buffer);
  const tag = (at) => String.fromCharCode(...b.subarray(at, at + 4));
  const find = (begin, end, type) => {
    for (let at = begin; at + 8 <= end;) {
      const size = view.getUint32(at);
      if (size < 8 || at + size > end) return null;
      if (tag(at + 4) === type) return [at + 8, at + size];
      at += size;
    }
    return null;
  };
  const meta = find(0, b.length, 'meta');
  const iinf = find(meta[0] + 4, meta[1], 'iinf');
  const iref = find(meta[0] + 4, meta[1], 'iref');
  assert.ok(iinf && iref && b[iinf[0]] === 0 && b[iref[0]] === 0, 'expected version-0 iinf and iref boxes');
  // A box's size, refusing one too small to step over (a zero would loop for ever).
  const boxSize = (at) => {
    const size = view.getUint32(at);
    assert.ok(size >= 8, `a box of ${size} bytes at ${at}`);
    return size;
  };
  let mimeId = null;
  for (let at = iinf[0] + 6; at + 8 <= iinf[1]; at += boxSize(at)) {
    if (b[at + 8] === 2 && tag(at + 16) === 'mime') mimeId = view.getUint16(at + 12);
  }
  assert.ok(mimeId !== null, 'expected an XMP (mime) item');
  for (let at = iref[0] + 4; at + 8 <= iref[1]; at += boxSize(at)) {
    if (tag(at + 4) === 'dimg') {
      view.setUint16(at + 12, mimeId);
      return b;
    }
  }
  throw new Error('expected a dimg reference');
}

test('a grid tile that is not an image gives an error and no trap', () => {
  const bytes = fixture('bust');
  withSession(bytes, (s, info) =>
    assert.ok(info.heic.tiles[0] * info.heic.tiles[1] > 1, `the sample is a grid: ${info.heic.tiles}`),
  );
  const damaged = pointFirstTileAtMetadata(bytes);
  const s = new CoreSession(core);
  try {
    assert.throws(
      () => s.open([{ name: 'photo.heic', bytes: damaged }]),
      (e) => e.code === 'corrupt' && /grid image/.test(e.message),
    );
    // The module is still sound afterwards: the undamaged photo decodes again.
    const info = s.open([{ name: 'photo.heic', bytes: bytes }]);
    assert.ok(info.depth.width > 0);
  } finally {
    s.free();
  }
});
