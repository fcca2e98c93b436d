// The module's libpng is configured down to what the core reads (third_party/build.sh: no
// transformation but expansion, no ancillary chunk but tRNS): every form of PNG a colour + depth
// pair may come in must still decode to its exact pixels, with the chunks it no longer knows
// skipped. The files are written here, so the expected pixels are known exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { loadCore } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';

const core = await loadCore();

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

// Adam7's passes: first column and row, then column and row steps (PNG specification, 8.2).
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

// A PNG whose pixel (x, y) has the samples `samplesAt(x, y)` (bitDepth bits each, packed from
// the high bits), every row unfiltered; `chunks` go between IHDR and IDAT.
function png({ width, height, colourType, bitDepth, interlaced = false, chunks = [] }, samplesAt) {
  const passes = interlaced ? ADAM7 : [[0, 0, 1, 1]];
  const rows = [];
  for (const [x0, y0, dx, dy] of passes) {
    for (let y = y0; y < height; y += dy) {
      const samples = [];
      for (let x = x0; x < width; x += dx) samples.push(...samplesAt(x, y));
      if (samples.length === 0) continue;
      const row = new Uint8Array(1 + Math.ceil((samples.length * bitDepth) / 8));
      samples.forEach((value, i) => {
        if (bitDepth === 16) row.set([value >> 8, value & 0xff], 1 + 2 * i);
        else row[1 + Math.floor((i * bitDepth) / 8)] |= value << (8 - bitDepth - ((i * bitDepth) % 8));
      });
      rows.push(row);
    }
  }
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([bitDepth, colourType, 0, 0, interlaced ? 1 : 0], 8);
  const raw = Buffer.concat(rows);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...chunks,
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  return new Uint8Array(Buffer.concat(parts));
}

const W = 13,
  H = 11; // odd sizes: partial bytes at low bit depths, Adam7 passes of uneven lengths
const depth = png({ width: W, height: H, colourType: 0, bitDepth: 16 }, (x, y) => [1200 + 10 * x + 7 * y]);
const palette = Array.from({ length: 16 }, (_, i) => [i * 16, 255 - i * 9, (i * 53) % 256]);
const text = (type, body) => chunk(type, new TextEncoder().encode(body));

// name -> the file's description, its samples, and the RGB the core must see.
const FORMS = {
  'RGB, 8 bits': [
    { colourType: 2, bitDepth: 8 },
    (x, y) => [x * 19, y * 23, (x * y) % 256],
    (x, y) => [x * 19, y * 23, (x * y) % 256],
  ],
  'RGB, 8 bits, interlaced (Adam7)': [
    { colourType: 2, bitDepth: 8, interlaced: true },
    (x, y) => [x * 19, y * 23, (x + 3 * y) % 256],
    (x, y) => [x * 19, y * 23, (x + 3 * y) % 256],
  ],
  'palette, 4 bits, with tRNS': [
    {
      colourType: 3,
      bitDepth: 4,
      chunks: [chunk('PLTE', new Uint8Array(palette.flat())), chunk('tRNS', new Uint8Array([0, 128, 255]))],
    },
    (x, y) => [(x + y) % 16],
    (x, y) => palette[(x + y) % 16],
  ],
  'grey, 1 bit': [
    { colourType: 0, bitDepth: 1 },
    (x, y) => [(x + y) % 2],
    (x, y) => Array(3).fill(((x + y) % 2) * 255),
  ],
  'grey, 2 bits, interlaced': [
    { colourType: 0, bitDepth: 2, interlaced: true },
    (x, y) => [(x * y) % 4],
    (x, y) => Array(3).fill(((x * y) % 4) * 85),
  ],
  'grey and alpha, 8 bits': [{ colourType: 4, bitDepth: 8 }, (x, y) => [x * 17, y * 20], (x) => Array(3).fill(x * 17)],
  'RGBA, 8 bits, with the ancillary chunks cameras and editors write': [
    {
      colourType: 6,
      bitDepth: 8,
      chunks: [
        chunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])),
        chunk('sRGB', new Uint8Array([0])),
        chunk('pHYs', new Uint8Array([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
        text('tEXt', 'Software\0pixel-avatar test'),
        text('iTXt', 'Comment\0\0\0\0\0a note'),
        chunk('tIME', new Uint8Array([0x07, 0xea, 12, 7, 12, 0, 0])),
        text('eXIf', 'MM\0*\0\0\0\x08\0\0'),
      ],
    },
    (x, y) => [255 - x * 11, y * 9, 77, (x * 31) % 256],
    (x, y) => [255 - x * 11, y * 9, 77],
  ],
};

for (const [name, [form, samplesAt, rgbAt]] of Object.entries(FORMS)) {
  test(`a colour PNG as ${name} decodes to its exact pixels`, () => {
    const photo = png({ width: W, height: H, ...form }, samplesAt);
    const session = new CoreSession(core);
    try {
      session.open(
        [
          { name: 'photo.png', bytes: photo },
          { name: 'photo_depth.png', bytes: depth },
        ],
        { settings: { depth: 'encoding=scaled-z scale=0.001 fx=20 fy=20 cx=6 cy=5' } },
      );
      assert.deepEqual([session.width, session.height], [W, H]);
      const expected = new Uint8Array(W * H * 3);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expected.set(rgbAt(x, y), (y * W + x) * 3);
      assert.deepEqual(session.colour(), expected);
      const metres = session.depth();
      assert.ok(
        Math.abs(metres[W * H - 1] - (1200 + 10 * (W - 1) + 7 * (H - 1)) / 1000) < 1e-6,
        `depth ${metres[W * H - 1]}`,
      );
    } finally {
      session.free();
    }
  });
}
