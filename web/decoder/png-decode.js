// A small, strict PNG decoder for depth maps, for browsers and node 20 alike (no DOM, no
// node:zlib). Browsers decode PNGs themselves, but only to 8-bit RGBA: createImageBitmap turns a
// 16-bit depth map (a Kinect's millimetres, say) into 8 bits and loses nearly all of it.
//
// Supported: grey 8/16-bit, grey + alpha 8-bit, RGB 8-bit and RGBA 8-bit, not interlaced. Anything
// else is refused with a PngError that says why. The zlib stream is inflated by the platform's
// DecompressionStream('deflate'); CRCs are not checked, chunk lengths and the data size are.

export class PngError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PngError';
  }
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Channels per colour type (PNG spec, IHDR); palette (3) is not supported.
const CHANNELS = { 0: 1, 2: 3, 4: 2, 6: 4 };
const COLOUR_TYPE_NAMES = { 0: 'grey', 2: 'RGB', 3: 'palette', 4: 'grey + alpha', 6: 'RGBA' };
// Decoded sizes beyond this are refused before allocating (a 16-bit 100-megapixel map is 200 MB).
const MAX_PIXELS = 100e6;

/**
 * Reads the IHDR of a PNG without decoding it: { width, height, bitDepth, colourType, interlaced }.
 * Throws PngError("not a PNG") for anything else.
 */
export function readPngHeader(input) {
  const bytes = asBytes(input);
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError('not a PNG');
  const [first] = chunks(bytes, 8);
  if (first?.type !== 'IHDR' || first.data.length !== 13) throw new PngError('damaged PNG: it does not start with a header (IHDR)');
  const view = new DataView(first.data.buffer, first.data.byteOffset, 13);
  return {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth: view.getUint8(8),
    colourType: view.getUint8(9),
    interlaced: view.getUint8(12) !== 0,
    compression: view.getUint8(10),
    filterMethod: view.getUint8(11),
  };
}

/**
 * Decodes a PNG to { width, height, bitDepth, channels, data }, data holding width * height *
 * channels samples, row by row: a Uint8Array for 8-bit images, a Uint16Array for 16-bit ones.
 */
export async function decodePng(input) {
  const bytes = asBytes(input);
  const header = readPngHeader(bytes);
  const { width, height, bitDepth, colourType } = header;
  const channels = CHANNELS[colourType];
  const supported = colourType === 0 ? bitDepth === 8 || bitDepth === 16 : channels && bitDepth === 8;
  if (!supported) {
    throw new PngError(`${bitDepth}-bit ${COLOUR_TYPE_NAMES[colourType] ?? `colour type ${colourType}`} PNG is not supported`);
  }
  if (header.compression !== 0 || header.filterMethod !== 0) throw new PngError('damaged PNG: unknown compression or filter method');
  if (header.interlaced) throw new PngError('interlaced PNG is not supported');
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) {
    throw new PngError(`PNG size ${width}x${height} is outside what can be decoded here`);
  }

  const idat = [];
  let ended = false;
  for (const chunk of chunks(bytes, 8)) {
    if (chunk.type === 'IDAT') idat.push(chunk.data);
    if (chunk.type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw new PngError('damaged PNG: it is truncated (no IEND chunk)');
  if (idat.length === 0) throw new PngError('damaged PNG: it has no image data');

  const bytesPerPixel = (channels * bitDepth) / 8;
  const stride = width * bytesPerPixel;
  const raw = await inflate(idat);
  if (raw.length !== height * (stride + 1)) {
    throw new PngError(`damaged PNG: ${raw.length} bytes of image data, expected ${height * (stride + 1)}`);
  }
  const pixels = unfilter(raw, height, stride, bytesPerPixel);
  return { width, height, bitDepth, channels, data: bitDepth === 16 ? bigEndian16(pixels) : pixels };
}

/**
 * Decodes a depth map: a grey PNG of 8 or 16 bits, as { width, height, bitDepth, data }.
 * Errors start with "depth map:", so the page can show them as they are.
 */
export async function decodeDepthPng(input) {
  try {
    const { colourType, bitDepth } = readPngHeader(input);
    if (colourType !== 0 || (bitDepth !== 8 && bitDepth !== 16)) {
      throw new PngError('only 8- or 16-bit grey PNG is supported');
    }
    const { width, height, data } = await decodePng(input);
    return { width, height, bitDepth, data };
  } catch (error) {
    if (error instanceof PngError) throw new PngError(`depth map: ${error.message}`);
    throw error;
  }
}

// ---- the parts ---------------------------------------------------------------------------------

function asBytes(input) {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(input);
}

// The chunks from `offset` on, as { type, data }, each length checked against the file.
function* chunks(bytes, offset) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new PngError('damaged PNG: it is truncated inside a chunk header');
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (length > bytes.length - offset - 12) throw new PngError(`damaged PNG: chunk ${type} is longer than the file`);
    yield { type, data: bytes.subarray(offset + 8, offset + 8 + length) };
    offset += 12 + length;
  }
}

async function inflate(parts) {
  try {
    const stream = new Blob(parts).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new PngError(`damaged PNG: its image data does not decompress (${error.message})`);
  }
}

// Undoes the per-row filters (PNG spec, section 9), into rows without their filter-type byte.
// Filters work on bytes, bytesPerPixel apart, whatever the bit depth.
function unfilter(raw, height, stride, bytesPerPixel) {
  const out = new Uint8Array(height * stride);
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : zeros;
    switch (type) {
      case 0: // None
        row.set(line);
        break;
      case 1: // Sub: plus the byte one pixel to the left
        for (let i = 0; i < stride; i++) row[i] = line[i] + (i >= bytesPerPixel ? row[i - bytesPerPixel] : 0);
        break;
      case 2: // Up: plus the byte above
        for (let i = 0; i < stride; i++) row[i] = line[i] + up[i];
        break;
      case 3: // Average of left and above
        for (let i = 0; i < stride; i++) row[i] = line[i] + (((i >= bytesPerPixel ? row[i - bytesPerPixel] : 0) + up[i]) >> 1);
        break;
      case 4: // Paeth: whichever of left, above, above-left is closest to left + above - above-left
        for (let i = 0; i < stride; i++) {
          const a = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
          const b = up[i];
          const c = i >= bytesPerPixel ? up[i - bytesPerPixel] : 0;
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          row[i] = line[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw new PngError(`damaged PNG: row ${y} has filter type ${type}`);
    }
  }
  return out;
}

// PNG stores 16-bit samples most significant byte first.
function bigEndian16(bytes) {
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (bytes[2 * i] << 8) | bytes[2 * i + 1];
  return out;
}
