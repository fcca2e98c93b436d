// The PLY and PCD files the core writes load in three.js's own PLYLoader and PCDLoader (the
// loaders a page would use), with the same points and colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PLYLoader } from '../../web/node_modules/three/examples/jsm/loaders/PLYLoader.js';
import { PCDLoader } from '../../web/node_modules/three/examples/jsm/loaders/PCDLoader.js';
import { loadCore } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';

const core = await loadCore();
const sample = new Uint8Array(readFileSync(new URL('../../web/sample/sample.heic', import.meta.url)));

function validPoints(s) {
  const { xyz, rgb } = s.makePoints();
  const out = { xyz: [], rgb: [] };
  for (let i = 0; i < xyz.length / 3; i++) {
    if (Number.isNaN(xyz[i * 3])) continue;
    out.xyz.push(xyz[i * 3], xyz[i * 3 + 1], xyz[i * 3 + 2]);
    out.rgb.push(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
  }
  return out;
}

// three.js loaders hand colours over in linear light (they assume sRGB files): convert ours.
const toLinear = (byte) => {
  const c = byte / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

function assertSame(geometry, expected, name) {
  const position = geometry.getAttribute('position');
  const colour = geometry.getAttribute('color');
  assert.equal(position.array.length, expected.xyz.length, `${name}: point count`);
  for (let i = 0; i < position.array.length; i++) {
    assert.equal(position.array[i], Math.fround(expected.xyz[i]), `${name}: position ${i}`);
  }
  const scale = colour.normalized ? 255 : 1; // Uint8 normalised (PLY) or float (PCD)
  for (let i = 0; i < colour.array.length; i++) {
    const got = colour.array[i] / scale;
    assert.ok(Math.abs(got - toLinear(expected.rgb[i])) <= 1 / 255 + 1e-6, `${name}: colour ${i}: ${got}`);
  }
}

const bufferOf = (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

test('PLY (binary little-endian) loads in three.js PLYLoader', () => {
  const s = new CoreSession(core);
  try {
    s.open([{ name: 'photo.heic', bytes: sample }]);
    const expected = validPoints(s);
    const geometry = new PLYLoader().parse(bufferOf(s.export('ply', 'points')));
    assertSame(geometry, expected, 'ply');
  } finally {
    s.free();
  }
});

test('PCD v0.7 binary and ASCII load in three.js PCDLoader', () => {
  const s = new CoreSession(core);
  try {
    s.open([{ name: 'photo.heic', bytes: sample }]);
    const expected = validPoints(s);
    for (const format of ['pcd', 'pcd-ascii']) {
      const points = new PCDLoader().parse(bufferOf(s.export(format, 'points')));
      assertSame(points.geometry, expected, format);
    }
  } finally {
    s.free();
  }
});

test('avatar exports load too: one point per cell', () => {
  const s = new CoreSession(core);
  try {
    s.open([{ name: 'photo.heic', bytes: sample }]);
    s.buildAvatar('grid=32');
    const ply = new PLYLoader().parse(bufferOf(s.export('ply', 'avatar')));
    const pcd = new PCDLoader().parse(bufferOf(s.export('pcd', 'avatar')));
    const cells = ply.getAttribute('position').count;
    assert.ok(cells > 100, `${cells} cells`);
    assert.equal(pcd.geometry.getAttribute('position').count, cells);
  } finally {
    s.free();
  }
});
