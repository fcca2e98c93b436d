// Types for decoder-client.js: the page's side of the decoder, and the requests its worker
// (decode-worker.js) answers, each with its arguments and its answer.

import type { ErrorFields, PhotoInfo } from './photo-info.js';
import type { ExportContent, ExportFormat, ReaderSettings } from './core-session.js';

export type { ExportContent, ExportFormat, PhotoInfo, ReaderSettings };

/** What the core says went wrong: a stable code (core-session.js's ERROR_NAMES, or 'unavailable'
 * when the decoder itself cannot work), one sentence, and the fields a program decides by (what
 * is missing, which check failed); a request rejects with one. */
export interface DecoderError extends Error {
  name: 'CoreError';
  code: string;
  fields?: ErrorFields;
}

/** One file handed to the core: a photo, a colour image or its depth map, a stereo view. */
export interface DecoderFile {
  name: string;
  bytes: ArrayBuffer;
  /** 'left' or 'right' for the views of a stereo pair; empty otherwise. */
  role?: string;
}

/** An opened photo at the depth map's size: the colour as RGBA, the depth as float metres. */
export interface DecodedPhoto {
  info: PhotoInfo;
  width: number;
  height: number;
  /** RGBA bytes, ImageData's layout. */
  colour: ArrayBuffer;
  /** Float32 samples, one per pixel. */
  depth: ArrayBuffer;
}

/** Each request the decode worker answers: its arguments and its answer. */
export interface DecoderRequests {
  /** Opens the files (whatever they are: the core decides, and says what is missing). */
  open: {
    args: { files: DecoderFile[]; settings?: ReaderSettings };
    answer: DecodedPhoto;
  };
  /**
   * Builds the avatar of the open photo. personModel and faceModel: the .tflite bytes, null (the
   * page has none: cut from depth), or absent (not fetched yet: a photo that wants the model
   * then answers { needsPersonModel: true } without building).
   */
  build: {
    args: { options?: string; personModel?: ArrayBuffer | null; faceModel?: ArrayBuffer | null };
    answer:
      | { needsPersonModel: true }
      | {
          needsPersonModel?: undefined;
          /** The .pxav file. */
          avatar: ArrayBuffer;
          /** The foreground decision (pxav_foreground_json's fields). */
          foreground: Record<string, unknown>;
          /** Why a person model that was given cannot be used, or null. */
          personModelError: string | null;
        };
  };
  /** A file of the open photo (or of its avatar, once built). */
  export: {
    args: { format: ExportFormat; what?: ExportContent };
    answer: { data: ArrayBuffer };
  };
}

export type DecoderRequestType = keyof DecoderRequests;

/** A request to send again to a new worker before another: what rebuilds the page's state. */
export type DecoderReplay = {
  [T in DecoderRequestType]: { type: T; args: DecoderRequests[T]['args']; transfer?: Transferable[] };
}[DecoderRequestType];

export interface DecoderProgress {
  /** What the decoder is doing, in words ("decoding tiles 12/48"). */
  stage: string;
  /** Of `total` (tiles decoded), when the stage counts. */
  done?: number;
  total?: number;
}

export interface DecoderStatus {
  decoder?: 'running' | 'stopped';
  pool?: 'running' | 'stopped';
  /** How many workers decoded the last grid photo. */
  workers?: number;
}

export interface DecoderClientOptions {
  /** How many workers share a grid photo's tiles (1: no pool). Default 1. */
  workers?: number;
  /** Terminate the worker after this long without a request. Default 20000 ms. */
  idleMs?: number;
  /** A new worker has the core. */
  onReady?(hello: { workers: number }): void;
  onStatus?(status: DecoderStatus): void;
  onProgress?(progress: DecoderProgress): void;
  /** The decoder cannot work (its core did not load, or its worker failed): say so. */
  onFailed?(message: string): void;
  /** The requests that rebuild the page's state in a new worker, before a request of `type`. */
  reopen?(type: DecoderRequestType): DecoderReplay[];
}

export declare class DecoderClient {
  constructor(options?: DecoderClientOptions);
  readonly workers: number;
  readonly idleMs: number;
  /** Workers started so far. */
  readonly starts: number;
  /**
   * Sends a request (starting the worker if none runs); resolves with its answer, rejects with a
   * DecoderError. `transfer`: buffers of `args` to move to the worker rather than copy.
   */
  call<T extends DecoderRequestType>(
    type: T,
    args: DecoderRequests[T]['args'],
    transfer?: Transferable[],
  ): Promise<DecoderRequests[T]['answer']>;
  /** Terminates the worker (and its colour pool); its requests reject; the next call starts another. */
  stop(): void;
}
