// Types for core-session.js, the JS face of the wasm core's C API (wasm/binding/pixel_avatar_api.h).
// `make check-types` checks core-session.js against them (it implements these classes) and its
// callers in web/ through them.
import type { ErrorFields, ForegroundInfo, PhotoInfo } from './photo-info.js';

export type { ErrorFields, ForegroundInfo, PhotoInfo } from './photo-info.js';

/** The C status codes by number (PXAV_OK, PXAV_ERROR_*; core/result.h's ErrorCode names). */
export declare const ERROR_NAMES: readonly string[];
export type ErrorCode =
  | 'invalid-argument'
  | 'unsupported-format'
  | 'corrupt'
  | 'no-depth'
  | 'unsupported'
  | 'too-large'
  | 'io'
  | 'bad-avatar-file'
  | 'internal'
  | 'missing-companion'
  | 'unusable-pair';

export declare const EXPORT_FORMATS: { ply: 0; pcd: 1; 'pcd-ascii': 2; png: 3; pfm: 4 };
export declare const EXPORT_CONTENTS: {
  points: 0;
  avatar: 1;
  'avatar-layers': 2;
  'depth-view': 3;
  disparity: 4;
  'subject-mask': 5;
};
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export type ExportContent = keyof typeof EXPORT_CONTENTS;

/** What the core (or a wrapper's check) refused, with the fields programs act on. */
export declare class CoreError extends Error {
  constructor(code: string, message: string, fields?: ErrorFields);
  /** An ErrorCode, or 'unavailable' / 'internal' from the page's workers. */
  code: string;
  fields: ErrorFields;
}

export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/** One file of a set: the core decides what it is; role 'left' / 'right' / 'depth' tells it. */
export interface InputFile {
  name?: string;
  bytes: Bytes;
  role?: '' | 'depth' | 'left' | 'right' | string;
}

/**
 * The per-reader settings (pxav_set_reader_settings), one text per name; readers take only their
 * own. depth: what a colour + depth pair's numbers mean ("key=value", input/rgbd/rgbd_reader.h);
 * stereo: a stereo input's calibration and search range ("key=value" or a Middlebury calib.txt,
 * stereo/stereo_setup.h).
 */
export interface ReaderSettings {
  depth?: string;
  stereo?: string;
}

export interface DecodeOptions {
  /** Photos with more pixels are refused before decoding. */
  maxPixels?: number;
  maxDepthPixels?: number;
  exactColour?: boolean;
}

export interface OpenOptions extends DecodeOptions {
  /** false: depth only, the colour left to parts (colourParts, decodeColourPart). */
  decodeColour?: boolean;
  settings?: ReaderSettings;
}

export interface ColourParts {
  /** 0: the colour is complete; else it comes in `count` parts on a width x height grid. */
  count: number;
  width: number;
  height: number;
}

export interface ColourPart {
  sums: Uint32Array;
  counts: Uint32Array;
}

export interface PartRequest {
  width: number;
  height: number;
  part: number;
  parts: number;
}

export interface DecodePartsRequest {
  files: InputFile[];
  options: OpenOptions;
  width: number;
  height: number;
  maxParts: number;
}

/** openInParts' helper: the summed colour parts of the photo, however they were decoded. */
export type DecodeParts = (request: DecodePartsRequest) => Promise<ColourPart>;

/** The object createPixelAvatarCore() resolved to (its _pxav_* exports and HEAPU8). */
export type CoreModule = Record<string, any> & { HEAPU8: Uint8Array };

export declare class CoreSession {
  constructor(core: CoreModule);
  core: CoreModule;
  session: number;
  free(): void;
  /** Opens the files (the core decides what they are) and returns the info; throws CoreError. */
  open(files: InputFile[], options?: OpenOptions): PhotoInfo;
  /** Replaces the session's files (open and decodeColourPart read them). */
  addFiles(files: InputFile[]): void;
  colourParts(): ColourParts;
  decodeColourPart(request: PartRequest, options?: DecodeOptions): ColourPart;
  setColourSums(sums: Uint32Array, counts: Uint32Array): void;
  /** The open photo's info, or null when none is open. */
  info(): PhotoInfo | null;
  readonly width: number;
  readonly height: number;
  /** Metric depth (NaN = invalid), width x height. */
  depth(): Float32Array;
  /** RGB8, width x height x 3. */
  colour(): Uint8Array;
  makePoints(): { xyz: Float32Array; rgb: Uint8Array };
  /** options: "key=value" text (grid, palette, layers, exaggeration, near, far, ...). */
  buildAvatar(options?: string): { avatar: Uint8Array; foreground: ForegroundInfo | null };
  setPersonModel(bytes: Bytes | null): void;
  setFaceModel(bytes: Bytes | null): void;
  personModelWanted(options?: string): boolean;
  export(format: ExportFormat, what?: ExportContent): Uint8Array;
}

/** Adds one colour part into another, in place, and returns it. */
export declare function addColourParts(into: ColourPart, part: ColourPart): ColourPart;

/** Opens for depth, lets decodeParts sum the colour, hands it to the session; returns the info. */
export declare function openInParts(
  session: CoreSession,
  files: InputFile[],
  options: OpenOptions,
  decodeParts: DecodeParts,
): Promise<PhotoInfo>;

/** A decodeParts from helper sessions in this thread: one part per helper. */
export declare function sharedBy(helpers: CoreSession[]): DecodeParts;
