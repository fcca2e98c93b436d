// Types for avatar-file.js: the `.pxav` reader and writer (wasm/src/format/AVATAR_FILE_FORMAT.md).

/** One cell per grid position, in raster order (row 0 = top, left to right). */
export interface AvatarCells {
  x: Uint16Array;
  y: Uint16Array;
  /** 0 = the layer nearest the camera. */
  layer: Uint8Array;
  /** Index into `palette` (in RGB triples). */
  colour: Uint8Array;
}

export interface Avatar {
  gridWidth: number;
  gridHeight: number;
  layerCount: number;
  /** Edge of one cell in metres. */
  cellSize: number;
  /** True metric depth between two layers, in metres. */
  layerStep: number;
  /** Planar depth of layer 0, in metres. */
  near: number;
  /** The renderer spaces layers by layerStep * exaggeration. */
  exaggeration: number;
  /** sRGB triples, 3 bytes per palette entry (1..256 entries). */
  palette: Uint8Array;
  /** "key=value" lines describing how the avatar was made. Informational. */
  options: string;
  cells: AvatarCells;
}

/**
 * Parses a `.pxav` file strictly. Throws an Error whose message starts with "avatar file: " and
 * says what is wrong (bad magic, version, sizes, truncation, trailing bytes, checksum, indices).
 */
export function readAvatarFile(input: ArrayBuffer | Uint8Array): Avatar;

/** Encodes an avatar as `.pxav` bytes; cells may be in any order. Throws on invalid input. */
export function writeAvatarFile(avatar: Avatar): Uint8Array;

/** CRC-32 (IEEE 802.3, as zlib and PNG). */
export function crc32(bytes: Uint8Array): number;
