// Reads and writes pixel avatar files (`.pxav`, version 1), exactly as specified in
// wasm/src/format/AVATAR_FILE_FORMAT.md. Plain JS so the <pixel-avatar> element never needs the
// wasm module. The reader is strict: every length, index and padding bit is checked and any
// problem throws an Error that says what is wrong ("avatar file: ..."), because a silently
// half-read avatar is worse than a clear message.

const MAGIC = [0x50, 0x58, 0x41, 0x56]; // "PXAV"
const VERSION = 1;
const HEADER_SIZE = 40;
const MAX_GRID = 1024;
const MAX_LAYERS = 256;
const MAX_PALETTE = 256;
const MAX_OPTIONS = 4096;

function fail(message) {
  throw new Error(`avatar file: ${message}`);
}

// Bits needed to store an index below `count` (0 when there is only one choice).
function bitsFor(count) {
  return count <= 1 ? 0 : 32 - Math.clz32(count - 1);
}

let crcTable = null;

/** CRC-32 (IEEE 802.3, as zlib and PNG) of `bytes`. */
export function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function asBytes(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('avatar file: expected an ArrayBuffer or a Uint8Array');
}

function checkRange(name, value, lo, hi) {
  if (value < lo || value > hi) fail(`${name} ${value} is outside ${lo}..${hi}`);
}

function checkFloat(name, value, { positive }) {
  if (!Number.isFinite(value)) fail(`${name} is not a finite number`);
  if (positive ? !(value > 0) : !(value >= 0)) fail(`${name} ${value} must be ${positive ? '> 0' : '>= 0'}`);
}

/**
 * Parses a `.pxav` file. Throws an Error with a clear message when anything is wrong.
 * @param {ArrayBuffer|Uint8Array} input
 */
export function readAvatarFile(input) {
  const bytes = asBytes(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) fail('bad magic (not a PXAV file)');
  if (bytes.length < 8) fail(`truncated: ${bytes.length} bytes, the header alone needs ${HEADER_SIZE}`);
  const version = view.getUint16(4, true);
  if (version !== VERSION) fail(`unsupported version ${version} (this reader knows version ${VERSION})`);
  const headerSize = view.getUint16(6, true);
  if (headerSize < HEADER_SIZE) fail(`header size ${headerSize} is below ${HEADER_SIZE}`);
  if (bytes.length < headerSize) fail(`truncated: ${bytes.length} bytes, the header alone needs ${headerSize}`);

  const gridWidth = view.getUint16(8, true);
  const gridHeight = view.getUint16(10, true);
  const layerCount = view.getUint16(12, true);
  const paletteSize = view.getUint16(14, true);
  const cellCount = view.getUint32(16, true);
  const cellSize = view.getFloat32(20, true);
  const layerStep = view.getFloat32(24, true);
  const near = view.getFloat32(28, true);
  const exaggeration = view.getFloat32(32, true);
  const optionsLength = view.getUint32(36, true);

  checkRange('grid width', gridWidth, 1, MAX_GRID);
  checkRange('grid height', gridHeight, 1, MAX_GRID);
  checkRange('layer count', layerCount, 1, MAX_LAYERS);
  checkRange('palette size', paletteSize, 1, MAX_PALETTE);
  checkRange('cell count', cellCount, 0, gridWidth * gridHeight);
  checkFloat('cell size', cellSize, { positive: true });
  checkFloat('layer step', layerStep, { positive: false });
  checkFloat('near depth', near, { positive: false });
  checkFloat('exaggeration', exaggeration, { positive: true });
  checkRange('options length', optionsLength, 0, MAX_OPTIONS);

  // Every section's size follows from the header, so the total length is known before reading.
  const layerBits = bitsFor(layerCount);
  const colourBits = bitsFor(paletteSize);
  const paletteAt = headerSize;
  const optionsAt = paletteAt + paletteSize * 3;
  const occupancyAt = optionsAt + optionsLength;
  const occupancyBytes = Math.ceil((gridWidth * gridHeight) / 8);
  const cellsAt = occupancyAt + occupancyBytes;
  const cellBytes = Math.ceil((cellCount * (layerBits + colourBits)) / 8);
  const checksumAt = cellsAt + cellBytes;
  const expectedLength = checksumAt + 4;

  if (bytes.length < expectedLength) fail(`truncated: ${bytes.length} bytes, expected ${expectedLength}`);
  if (bytes.length > expectedLength) fail(`${bytes.length - expectedLength} trailing bytes after the checksum`);
  if (crc32(bytes.subarray(0, checksumAt)) !== view.getUint32(checksumAt, true)) fail('checksum mismatch');

  const palette = bytes.slice(paletteAt, optionsAt);
  // The options text is informational: the one thing the spec lets a reader take loosely.
  const options = new TextDecoder().decode(bytes.subarray(optionsAt, occupancyAt));

  const cells = {
    x: new Uint16Array(cellCount),
    y: new Uint16Array(cellCount),
    layer: new Uint8Array(cellCount),
    colour: new Uint8Array(cellCount),
  };

  const positions = gridWidth * gridHeight;
  let found = 0;
  for (let p = 0; p < positions; p++) {
    if (!((bytes[occupancyAt + (p >> 3)] >> (p & 7)) & 1)) continue;
    if (found === cellCount) fail(`occupancy has more set bits than the cell count ${cellCount}`);
    cells.x[found] = p % gridWidth;
    cells.y[found] = (p / gridWidth) | 0;
    found++;
  }
  if (found !== cellCount) fail(`occupancy has ${found} set bits but the cell count is ${cellCount}`);
  for (let p = positions; p < occupancyBytes * 8; p++) {
    if ((bytes[occupancyAt + (p >> 3)] >> (p & 7)) & 1) fail('occupancy padding bits are not zero');
  }

  // One bit stream, least significant bit first: layer index, then palette index, per cell.
  let bit = 0;
  const readBits = (count) => {
    let value = 0;
    for (let i = 0; i < count; i++, bit++) value |= ((bytes[cellsAt + (bit >> 3)] >> (bit & 7)) & 1) << i;
    return value;
  };
  for (let i = 0; i < cellCount; i++) {
    const layer = readBits(layerBits);
    const colour = readBits(colourBits);
    if (layer >= layerCount) fail(`layer ${layer} at cell ${i} is not below layer count ${layerCount}`);
    if (colour >= paletteSize) fail(`palette index ${colour} at cell ${i} is not below palette size ${paletteSize}`);
    cells.layer[i] = layer;
    cells.colour[i] = colour;
  }
  for (; bit < cellBytes * 8; bit++) {
    if ((bytes[cellsAt + (bit >> 3)] >> (bit & 7)) & 1) fail('cell padding bits are not zero');
  }

  return { gridWidth, gridHeight, layerCount, cellSize, layerStep, near, exaggeration, palette, options, cells };
}

/**
 * Encodes an avatar (the shape readAvatarFile returns) as `.pxav` bytes. Cells may come in any
 * order; they are written in raster order. Throws on anything the reader would refuse.
 * @returns {Uint8Array}
 */
export function writeAvatarFile(avatar) {
  const { gridWidth, gridHeight, layerCount, cells } = avatar;
  const palette = avatar.palette;
  const paletteSize = palette.length / 3;
  const options = new TextEncoder().encode(avatar.options ?? '');
  const cellCount = cells.x.length;

  if (!Number.isInteger(paletteSize)) fail('palette length is not a multiple of 3');
  checkRange('grid width', gridWidth, 1, MAX_GRID);
  checkRange('grid height', gridHeight, 1, MAX_GRID);
  checkRange('layer count', layerCount, 1, MAX_LAYERS);
  checkRange('palette size', paletteSize, 1, MAX_PALETTE);
  checkRange('cell count', cellCount, 0, gridWidth * gridHeight);
  // Checked as the float32 the file will hold: 1e300 is finite in JS but not in the file.
  checkFloat('cell size', Math.fround(avatar.cellSize), { positive: true });
  checkFloat('layer step', Math.fround(avatar.layerStep), { positive: false });
  checkFloat('near depth', Math.fround(avatar.near), { positive: false });
  checkFloat('exaggeration', Math.fround(avatar.exaggeration), { positive: true });
  checkRange('options length', options.length, 0, MAX_OPTIONS);

  const order = Array.from({ length: cellCount }, (_, i) => i);
  const rasterIndex = (i) => cells.y[i] * gridWidth + cells.x[i];
  order.sort((a, b) => rasterIndex(a) - rasterIndex(b));

  const layerBits = bitsFor(layerCount);
  const colourBits = bitsFor(paletteSize);
  const occupancyBytes = Math.ceil((gridWidth * gridHeight) / 8);
  const cellBytes = Math.ceil((cellCount * (layerBits + colourBits)) / 8);
  const occupancyAt = HEADER_SIZE + paletteSize * 3 + options.length;
  const cellsAt = occupancyAt + occupancyBytes;
  const checksumAt = cellsAt + cellBytes;
  const bytes = new Uint8Array(checksumAt + 4);
  const view = new DataView(bytes.buffer);

  bytes.set(MAGIC, 0);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, HEADER_SIZE, true);
  view.setUint16(8, gridWidth, true);
  view.setUint16(10, gridHeight, true);
  view.setUint16(12, layerCount, true);
  view.setUint16(14, paletteSize, true);
  view.setUint32(16, cellCount, true);
  view.setFloat32(20, avatar.cellSize, true);
  view.setFloat32(24, avatar.layerStep, true);
  view.setFloat32(28, avatar.near, true);
  view.setFloat32(32, avatar.exaggeration, true);
  view.setUint32(36, options.length, true);
  bytes.set(palette, HEADER_SIZE);
  bytes.set(options, HEADER_SIZE + paletteSize * 3);

  let bit = 0;
  const writeBits = (value, count) => {
    for (let i = 0; i < count; i++, bit++) bytes[cellsAt + (bit >> 3)] |= ((value >> i) & 1) << (bit & 7);
  };
  let previous = -1;
  for (const i of order) {
    const x = cells.x[i],
      y = cells.y[i],
      layer = cells.layer[i],
      colour = cells.colour[i];
    if (x >= gridWidth || y >= gridHeight) fail(`cell ${i} at (${x}, ${y}) is outside the grid`);
    const p = rasterIndex(i);
    if (p === previous) fail(`two cells at (${x}, ${y})`);
    previous = p;
    if (layer >= layerCount) fail(`layer ${layer} at cell ${i} is not below layer count ${layerCount}`);
    if (colour >= paletteSize) fail(`palette index ${colour} at cell ${i} is not below palette size ${paletteSize}`);
    bytes[occupancyAt + (p >> 3)] |= 1 << (p & 7);
    writeBits(layer, layerBits);
    writeBits(colour, colourBits);
  }

  view.setUint32(checksumAt, crc32(bytes.subarray(0, checksumAt)), true);
  return bytes;
}
