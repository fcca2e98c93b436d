// Types for pixel-avatar.js: the <pixel-avatar> element, its attributes (as properties), methods
// and events, and its entry in HTMLElementTagNameMap, so document.querySelector('pixel-avatar')
// and document.createElement('pixel-avatar') are typed.
import type { Avatar } from './avatar-file.js';

export type PixelAvatarTransition = 'morph' | 'scatter' | 'none';
export type PixelAvatarCell = 'cube' | 'square';
export type PixelAvatarLoading = 'lazy' | 'eager';

/** `load`: an avatar of the src list (or given to load()) is parsed and on its way to the screen. */
export interface PixelAvatarLoadDetail {
  index: number;
  /** The URL it came from; null when load() was given bytes. */
  src: string | null;
  cellCount: number;
}

/** `error`: an avatar could not be fetched or read; the element shows the message too. */
export interface PixelAvatarErrorDetail {
  message: string;
}

/** `transitionend`: the morph (or scatter) to avatar `index` has ended. */
export interface PixelAvatarTransitionEndDetail {
  index: number;
}

export interface PixelAvatarEventMap extends Omit<HTMLElementEventMap, 'load' | 'error' | 'transitionend'> {
  load: CustomEvent<PixelAvatarLoadDetail>;
  error: CustomEvent<PixelAvatarErrorDetail>;
  transitionend: CustomEvent<PixelAvatarTransitionEndDetail>;
}

export declare class PixelAvatarElement extends HTMLElement {
  static readonly observedAttributes: string[];

  /** `src`: one or more avatar URLs, space-separated; several are cycled through. */
  src: string;
  /** `alt`: the accessible label (the element has role="img"). */
  alt: string;
  /** `transition`: how one avatar turns into the next (default morph). */
  transition: PixelAvatarTransition;
  /** `interval`: milliseconds between avatars when cycling (default 4000). */
  interval: number;
  /** `cell`: cubes (default) or camera-facing squares. */
  cell: PixelAvatarCell;
  /** `auto-rotate`: turn slowly about the vertical axis. */
  autoRotate: boolean;
  /** `interactive`: tilt towards the pointer; a finger tilts it sideways, vertical swipes still scroll the page. */
  interactive: boolean;
  /** `loading`: lazy (default: load when near the viewport) or eager. */
  loading: PixelAvatarLoading;
  /** `poster`: an image URL shown until the first frame is drawn. */
  poster: string;

  /** Cells of the avatar on screen (or the one being transitioned to). */
  readonly cellCount: number;
  /** Frames drawn so far. */
  readonly frameCount: number;
  /** Index (in src) of the avatar on screen, -1 before the first one. */
  readonly currentIndex: number;
  /** Resolves once the avatar on screen has arrived: its grow-in or transition has ended. */
  readonly settled: Promise<void>;
  /** The parsed avatar on screen, or null. */
  readonly avatar: Avatar | null;

  /**
   * Shows one avatar from a URL or from .pxav bytes, morphing from the one on screen; replaces
   * the src list. Resolves with its cell count; rejects (and fires `error`) if it cannot be read.
   */
  load(source: string | URL | ArrayBuffer | Uint8Array): Promise<number>;
  /** Morphs to avatar `index` of the src list; resolves when the transition has ended. */
  transitionTo(index: number): Promise<void>;

  addEventListener<K extends keyof PixelAvatarEventMap>(
    type: K,
    listener: (this: PixelAvatarElement, event: PixelAvatarEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof PixelAvatarEventMap>(
    type: K,
    listener: (this: PixelAvatarElement, event: PixelAvatarEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** Figures of the page-wide renderer, updated in place (for tests and benchmarks). */
export interface RendererStats {
  /** WebGL renderers created on this page (one at a time is the point). */
  contextsCreated: number;
  /** Loop iterations that drew at least one view. */
  frames: number;
  /** JS time spent updating uniforms and issuing draws, summed over frames. */
  drawMs: number;
  /** Time spent copying the shared canvas into the elements' canvases. */
  copyMs: number;
  /** Whether a shared renderer exists right now. */
  live: boolean;
}

export declare const rendererStats: RendererStats;

/** Stops (true) or resumes (false) drawing on the whole page. */
export declare function pauseRendering(paused: boolean): void;

declare global {
  interface HTMLElementTagNameMap {
    'pixel-avatar': PixelAvatarElement;
  }
}
