// The strict PNG decoder (web/decoder/png-decode.js) against PNGs written here with node:zlib:
// every filter type, grey 8 and 16 bits, RGB and RGBA, and the files it must refuse.
// Run: node --test web/test/png-decode.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { decodeDepthPng, decodePng, PngError, readPngHeader } from '../decoder/png-decode.js';

const CHANNELS = { 0: 1, 2: 3, 6: 4 };

// Applies PNG filter `type` to one row of bytes (the encoder's side of the spec, section 9).
function filterRow(type, row, up, bpp) {
  const out = new Uint8Array(row.length + 1);
  out[0] = type;
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
    const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
    const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][type];
    out[i + 1] = (row[i] - predictor) & 0xff;
  }
  return out;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  return out; // CRC left 0: the decoder does not check it
}

// A PNG of `samples` (width * height * channels values), rows filtered with filters[y % n].
function encodePng({ width, height, bitDepth, colourType, samples, filters = [0] }) {
  const bytesPerSample = bitDepth / 8;
  const bpp = CHANNELS[colourType] * bytesPerSample;
  const stride = width * bpp;
  const raw = new Uint8Array(height * stride);
  samples.forEach((v, i) => {
    if (bytesPerSample === 2) raw.set([v >> 8, v & 0xff], i * 2);
    else raw[i] = v;
  });
  const rows = [];
  for (let y = 0; y < height; y++) {
    const up = y > 0 ? raw.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    rows.push(filterRow(filters[y % filters.length], raw.subarray(y * stride, (y + 1) * stride), up, bpp));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

// Samples that make every filter's predictor matter: gradients, noise and wrap-around.
function samplesFor(width, height, channels, max) {
  return Array.from({ length: width * height * channels }, (_, i) => (i * 7919 + ((i * i) % 251) * 31) % (max + 1));
}

for (const bitDepth of [8, 16]) {
  for (const [name, filter] of [['None', 0], ['Sub', 1], ['Up', 2], ['Average', 3], ['Paeth', 4]]) {
    test(`grey ${bitDepth}-bit, filter ${name}`, async () => {
      const samples = samplesFor(13, 7, 1, 2 ** bitDepth - 1);
      const png = await decodePng(encodePng({ width: 13, height: 7, bitDepth, colourType: 0, samples, filters: [filter] }));
      assert.equal(png.width, 13);
      assert.equal(png.height, 7);
      assert.equal(png.channels, 1);
      assert.ok(png.data instanceof (bitDepth === 16 ? Uint16Array : Uint8Array));
      assert.deepEqual([...png.data], samples);
    });
  }
}

test('all filters mixed, RGB and RGBA 8-bit', async () => {
  for (const colourType of [2, 6]) {
    const channels = CHANNELS[colourType];
    const samples = samplesFor(9, 10, channels, 255);
    const png = await decodePng(encodePng({ width: 9, height: 10, bitDepth: 8, colourType, samples, filters: [0, 1, 2, 3, 4] }));
    assert.equal(png.channels, channels);
    assert.deepEqual([...png.data], samples);
  }
});

test('a 16-bit depth map keeps its 16 bits', async () => {
  const samples = [0, 1, 255, 256, 7500, 46500, 65535, 12345];
  const depth = await decodeDepthPng(encodePng({ width: 4, height: 2, bitDepth: 16, colourType: 0, samples, filters: [4] }));
  assert.deepEqual({ ...depth, data: [...depth.data] }, { width: 4, height: 2, bitDepth: 16, data: samples });
});

test('refused: not a PNG, damaged files, unsupported kinds', async () => {
  const good = encodePng({ width: 4, height: 4, bitDepth: 8, colourType: 0, samples: samplesFor(4, 4, 1, 255) });
  const refuse = (bytes, pattern, decode = decodePng) => assert.rejects(decode(bytes), (error) => {
    assert.ok(error instanceof PngError, `${error}`);
    assert.match(error.message, pattern);
    return true;
  });

  await refuse(Buffer.from('GIF89a, not a png at all'), /^not a PNG$/);
  await refuse(new Uint8Array(0), /^not a PNG$/);
  await refuse(good.subarray(0, good.length - 20), /truncated|longer than the file/);
  await refuse(good.subarray(0, good.length - 12), /no IEND/);
  const badFilter = Buffer.from(good);
  const idat = deflateSync(Buffer.from([7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  await refuse(Buffer.concat([badFilter.subarray(0, 33), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]), /filter type 7/);
  const short = Buffer.concat([good.subarray(0, 33), chunk('IDAT', deflateSync(Buffer.alloc(10))), chunk('IEND', Buffer.alloc(0))]);
  await refuse(short, /10 bytes of image data, expected 20/);
  const garbage = Buffer.concat([good.subarray(0, 33), chunk('IDAT', Buffer.from('not zlib data')), chunk('IEND', Buffer.alloc(0))]);
  await refuse(garbage, /does not decompress/);

  const rgb16 = encodePng({ width: 2, height: 2, bitDepth: 16, colourType: 2, samples: samplesFor(2, 2, 3, 65535) });
  await refuse(rgb16, /16-bit RGB PNG is not supported/);
  const rgb8 = encodePng({ width: 2, height: 2, bitDepth: 8, colourType: 2, samples: samplesFor(2, 2, 3, 255) });
  await refuse(rgb8, /^depth map: only 8- or 16-bit grey PNG is supported$/, decodeDepthPng);
  await refuse(Buffer.from('nope'), /^depth map: not a PNG$/, decodeDepthPng);
  assert.deepEqual(readPngHeader(rgb8).colourType, 2);
});
