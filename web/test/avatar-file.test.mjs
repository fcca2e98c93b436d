// The .pxav reader and writer: round trips, exact bytes of a tiny file, and one clear error for
// every way a file can be wrong. Run: node --test web/test/avatar-file.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { readAvatarFile, writeAvatarFile, crc32 } from '../element/avatar-file.js';

function tinyAvatar(overrides = {}) {
  return {
    gridWidth: 4,
    gridHeight: 3,
    layerCount: 3,
    cellSize: 0.01,
    layerStep: 0.02,
    near: 0.4,
    exaggeration: 2,
    palette: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]),
    options: 'grid=4\npalette=3',
    cells: {
      x: new Uint16Array([3, 0, 1]),
      y: new Uint16Array([2, 0, 1]),
      layer: new Uint8Array([2, 0, 1]),
      colour: new Uint8Array([1, 2, 0]),
    },
    ...overrides,
  };
}

// Rewrites the trailing CRC so that a corruption is caught by the check it targets.
function withFreshCrc(bytes) {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(copy.length - 4, crc32(copy.subarray(0, copy.length - 4)), true);
  return copy;
}

function patch(bytes, edit) {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer), copy);
  return withFreshCrc(copy);
}

test('crc32 matches the zlib/PNG check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('writes the exact bytes of a tiny file', () => {
  const bytes = writeAvatarFile(tinyAvatar());
  // 40 header + 9 palette + 16 options + 2 occupancy + 2 cells (3 cells x 4 bits) + 4 CRC
  assert.equal(bytes.length, 73);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x50, 0x58, 0x41, 0x56, 1, 0, 40, 0]);
  // Occupancy: positions 0, 5 and 11 in raster order, least significant bit first.
  assert.deepEqual([...bytes.subarray(65, 67)], [0b00100001, 0b00001000]);
  // Cells in raster order: (layer 0, colour 2), (1, 0), (2, 1); 2 bits each, LSB first.
  assert.deepEqual([...bytes.subarray(67, 69)], [0b00011000, 0b00000110]);
});

test('round trip keeps every field, cells sorted into raster order', () => {
  const avatar = readAvatarFile(writeAvatarFile(tinyAvatar()));
  assert.equal(avatar.gridWidth, 4);
  assert.equal(avatar.gridHeight, 3);
  assert.equal(avatar.layerCount, 3);
  assert.equal(avatar.cellSize, Math.fround(0.01));
  assert.equal(avatar.layerStep, Math.fround(0.02));
  assert.equal(avatar.near, Math.fround(0.4));
  assert.equal(avatar.exaggeration, 2);
  assert.deepEqual([...avatar.palette], [255, 0, 0, 0, 255, 0, 0, 0, 255]);
  assert.equal(avatar.options, 'grid=4\npalette=3');
  assert.deepEqual([...avatar.cells.x], [0, 1, 3]);
  assert.deepEqual([...avatar.cells.y], [0, 1, 2]);
  assert.deepEqual([...avatar.cells.layer], [0, 1, 2]);
  assert.deepEqual([...avatar.cells.colour], [2, 0, 1]);
});

test('round trip at the edges: one layer, one colour, no cells, full grid, 256 of each', () => {
  const single = tinyAvatar({ layerCount: 1, palette: new Uint8Array([1, 2, 3]) });
  single.cells.layer.fill(0);
  single.cells.colour.fill(0);
  const bytes = writeAvatarFile(single);
  assert.equal(bytes.length, 40 + 3 + 16 + 2 + 0 + 4, 'zero bits per cell when L = K = 1');
  assert.equal(readAvatarFile(bytes).cells.x.length, 3);

  const empty = tinyAvatar({
    cells: { x: new Uint16Array(0), y: new Uint16Array(0), layer: new Uint8Array(0), colour: new Uint8Array(0) },
  });
  assert.equal(readAvatarFile(writeAvatarFile(empty)).cells.x.length, 0);

  const n = 16 * 16;
  const full = tinyAvatar({
    gridWidth: 16,
    gridHeight: 16,
    layerCount: 256,
    palette: new Uint8Array(256 * 3).map((_, i) => i % 256),
    cells: {
      x: Uint16Array.from({ length: n }, (_, i) => i % 16),
      y: Uint16Array.from({ length: n }, (_, i) => i >> 4),
      layer: Uint8Array.from({ length: n }, (_, i) => 255 - i),
      colour: Uint8Array.from({ length: n }, (_, i) => i),
    },
  });
  const back = readAvatarFile(writeAvatarFile(full));
  assert.deepEqual([...back.cells.layer], [...full.cells.layer]);
  assert.deepEqual([...back.cells.colour], [...full.cells.colour]);
});

test('accepts an ArrayBuffer and a Uint8Array that is a window into a larger buffer', () => {
  const bytes = writeAvatarFile(tinyAvatar());
  assert.equal(readAvatarFile(bytes.slice().buffer).cells.x.length, 3);
  const padded = new Uint8Array(bytes.length + 10);
  padded.set(bytes, 5);
  assert.equal(readAvatarFile(padded.subarray(5, 5 + bytes.length)).cells.x.length, 3);
});

test('skips the rest of a larger header (later versions may grow it)', () => {
  const bytes = writeAvatarFile(tinyAvatar());
  const grown = new Uint8Array(bytes.length + 8);
  grown.set(bytes.subarray(0, 40), 0);
  grown.set(bytes.subarray(40, bytes.length - 4), 48);
  new DataView(grown.buffer).setUint16(6, 48, true);
  assert.deepEqual([...readAvatarFile(withFreshCrc(grown)).cells.colour], [2, 0, 1]);
});

const good = writeAvatarFile(tinyAvatar());
const corruptions = [
  ['empty input', new Uint8Array(0), /bad magic/],
  ['bad magic', patch(good, (v) => v.setUint8(0, 0x51)), /bad magic/],
  ['a HEIC-like header', new TextEncoder().encode('\0\0\0\x18ftypheic'), /bad magic/],
  ['version 2', patch(good, (v) => v.setUint16(4, 2, true)), /unsupported version 2/],
  ['header size 39', patch(good, (v) => v.setUint16(6, 39, true)), /header size 39 is below 40/],
  ['grid width 0', patch(good, (v) => v.setUint16(8, 0, true)), /grid width 0 is outside 1\.\.1024/],
  ['grid height 1025', patch(good, (v) => v.setUint16(10, 1025, true)), /grid height 1025 is outside/],
  ['layer count 0', patch(good, (v) => v.setUint16(12, 0, true)), /layer count 0 is outside 1\.\.256/],
  ['palette size 257', patch(good, (v) => v.setUint16(14, 257, true)), /palette size 257 is outside 1\.\.256/],
  ['cell count above W*H', patch(good, (v) => v.setUint32(16, 13, true)), /cell count 13 is outside 0\.\.12/],
  ['cell size 0', patch(good, (v) => v.setFloat32(20, 0, true)), /cell size 0 must be > 0/],
  ['cell size NaN', patch(good, (v) => v.setFloat32(20, NaN, true)), /cell size is not a finite number/],
  ['negative layer step', patch(good, (v) => v.setFloat32(24, -1, true)), /layer step -1 must be >= 0/],
  ['infinite near', patch(good, (v) => v.setFloat32(28, Infinity, true)), /near depth is not a finite number/],
  ['exaggeration 0', patch(good, (v) => v.setFloat32(32, 0, true)), /exaggeration 0 must be > 0/],
  ['options too long', patch(good, (v) => v.setUint32(36, 4097, true)), /options length 4097 is outside 0\.\.4096/],
  ['truncated header', good.subarray(0, 20), /truncated: 20 bytes, the header alone needs 40/],
  ['truncated body', good.subarray(0, good.length - 1), /truncated: 72 bytes, expected 73/],
  ['trailing bytes', new Uint8Array([...good, 0, 0]), /2 trailing bytes after the checksum/],
  ['checksum', good.map((b, i) => (i === 45 ? b ^ 1 : b)), /checksum mismatch/],
  [
    'more occupancy bits than cells',
    patch(good, (v, b) => {
      b[65] |= 0b10;
    }),
    /more set bits than the cell count 3/,
  ],
  [
    'fewer occupancy bits than cells',
    patch(good, (v, b) => {
      b[65] &= ~1;
    }),
    /2 set bits but the cell count is 3/,
  ],
  [
    'occupancy padding',
    patch(good, (v, b) => {
      b[66] |= 0x80;
    }),
    /occupancy padding bits are not zero/,
  ],
  // Cell 1 gets layer 3 with a valid colour (bits 4..7 of byte 67: layer=3, colour=0).
  [
    'layer out of range',
    patch(good, (v, b) => {
      b[67] = (b[67] & 0x0f) | 0x30;
    }),
    /layer 3 at cell 1 is not below layer count 3/,
  ],
  // Cell 2 gets colour 3 (bits 2..3 of byte 68), only 3 colours in the palette.
  [
    'palette index out of range',
    patch(good, (v, b) => {
      b[68] |= 0b1100;
    }),
    /palette index 3 at cell 2 is not below palette size 3/,
  ],
  [
    'cell padding',
    patch(good, (v, b) => {
      b[68] |= 0x80;
    }),
    /cell padding bits are not zero/,
  ],
];

for (const [name, bytes, message] of corruptions) {
  test(`rejects: ${name}`, () => {
    assert.throws(
      () => readAvatarFile(bytes),
      (error) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /^avatar file: /);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}

test('finds a bad palette index deep in the bit stream (cell 113 of 200)', () => {
  // 20 colours take 5 bits, so index 25 is storable but not below the palette size.
  const n = 200;
  const avatar = tinyAvatar({
    gridWidth: 20,
    gridHeight: 10,
    layerCount: 1,
    palette: new Uint8Array(20 * 3),
    cells: {
      x: Uint16Array.from({ length: n }, (_, i) => i % 20),
      y: Uint16Array.from({ length: n }, (_, i) => (i / 20) | 0),
      layer: new Uint8Array(n),
      colour: Uint8Array.from({ length: n }, (_, i) => i % 20),
    },
  });
  const bytes = writeAvatarFile(avatar);
  const cellsAt = 40 + 20 * 3 + 16 + 25;
  const bad = patch(bytes, (v, b) => {
    for (let i = 0; i < 5; i++) {
      const bit = 113 * 5 + i;
      b[cellsAt + (bit >> 3)] = (b[cellsAt + (bit >> 3)] & ~(1 << (bit & 7))) | (((25 >> i) & 1) << (bit & 7));
    }
  });
  assert.throws(() => readAvatarFile(bad), {
    message: 'avatar file: palette index 25 at cell 113 is not below palette size 20',
  });
});

test('writer refuses what the reader would refuse', () => {
  assert.throws(() => writeAvatarFile(tinyAvatar({ gridWidth: 0 })), /grid width 0/);
  assert.throws(() => writeAvatarFile(tinyAvatar({ cellSize: 1e300 })), /cell size is not a finite number/);
  assert.throws(() => writeAvatarFile(tinyAvatar({ palette: new Uint8Array(4) })), /multiple of 3/);
  const clash = tinyAvatar();
  clash.cells.x[1] = 3;
  clash.cells.y[1] = 2;
  assert.throws(() => writeAvatarFile(clash), /two cells at \(3, 2\)/);
  const outside = tinyAvatar();
  outside.cells.x[0] = 4;
  assert.throws(() => writeAvatarFile(outside), /outside the grid/);
  const colour = tinyAvatar();
  colour.cells.colour[0] = 3;
  assert.throws(() => writeAvatarFile(colour), /palette index 3 at cell 0 is not below palette size 3/);
});
