// <pixel-avatar>: shows pixel avatars (.pxav files) as an animated 3D cloud of cells and morphs
// between them. Modelled on <img> and model-viewer:
//
//   <pixel-avatar src="me.pxav me-2.pxav" alt="Portrait of me" transition="morph"></pixel-avatar>
//
// Attributes (each mirrored by a camelCase property):
//   src          one or more avatar URLs, space-separated; several are cycled through
//   alt          the accessible label (the element has role="img")
//   transition   morph (default) | scatter | none
//   interval     ms between avatars when cycling, default 4000
//   cell         cube (default) | square
//   auto-rotate  turn slowly about the vertical axis
//   interactive  tilt towards the pointer (a finger: sideways; vertical swipes scroll the page)
//   loading      lazy (default: load when near the viewport) | eager
//   poster       an image shown until the first frame is drawn
// Methods: load(urlOrBytes) -> Promise, transitionTo(index) -> Promise.
// Property settled: a Promise that resolves once the avatar on screen has arrived (its grow-in or
// transition ended), to act on the finished picture without guessing durations.
// Events: load, error (detail.message), transitionend (detail.index).
//
// This module reads .pxav files in plain JS: it never loads the wasm decoder.
import { readAvatarFile } from './avatar-file.js';
import { layoutAvatar } from './layout.js';
import { AvatarView } from './renderer.js';

// The page-wide renderer's figures and pause switch, for tests and benchmarks: re-exported so the
// one-file build (which has no separate renderer module to import) offers them too.
export { pauseRendering, rendererStats } from './renderer.js';

const TRANSITION_MS = 1600;
const DEFAULT_INTERVAL_MS = 4000;
const MAX_PIXEL_RATIO = 2;
const LAZY_MARGIN = '200px';
const TRANSITIONS = ['morph', 'scatter', 'none'];

const STYLES = `
:host { display: inline-block; position: relative; width: 300px; height: 300px; overflow: hidden;
  contain: content; vertical-align: middle; }
:host([hidden]) { display: none; }
/* Vertical swipes and pinches stay the page's (scroll, zoom); horizontal drags reach the element. */
:host([interactive]) { touch-action: pan-y pinch-zoom; }
canvas, img { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
img { object-fit: contain; transition: opacity 0.3s; }
img[hidden] { display: none; }
img.drawn { opacity: 0; }
.message { position: absolute; inset: auto 0 0 0; margin: 0; padding: 0.5em 0.75em;
  font: 13px/1.4 system-ui, sans-serif; color: #fff; background: rgb(40 36 48 / 0.88); }
.message:empty { display: none; }
`;

// Built once, adopted by every shadow root; a constructed sheet needs no CSP 'unsafe-inline'.
let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

function booleanProperty(name) {
  return {
    get() {
      return this.hasAttribute(name);
    },
    set(value) {
      this.toggleAttribute(name, Boolean(value));
    },
  };
}

function stringProperty(name, fallback = '') {
  return {
    get() {
      return this.getAttribute(name) ?? fallback;
    },
    set(value) {
      this.setAttribute(name, String(value));
    },
  };
}

export class PixelAvatarElement extends HTMLElement {
  static observedAttributes = [
    'src',
    'alt',
    'transition',
    'interval',
    'cell',
    'auto-rotate',
    'interactive',
    'loading',
    'poster',
  ];

  // One observer each for the whole page, as model-viewer does: "near" starts lazy loading,
  // "visible" starts and stops drawing.
  static #nearObserver = null;
  static #visibleObserver = null;
  static #resizeObserver = null;

  static #observe(element) {
    const each = (callback) => (entries) => {
      for (const entry of entries) callback(entry.target, entry);
    };
    PixelAvatarElement.#nearObserver ??= new IntersectionObserver(
      each((el, entry) => el.#onNear(entry.isIntersecting)),
      { rootMargin: LAZY_MARGIN },
    );
    PixelAvatarElement.#visibleObserver ??= new IntersectionObserver(
      each((el, entry) => el.#onVisible(entry.isIntersecting)),
    );
    PixelAvatarElement.#resizeObserver ??= new ResizeObserver(
      each((el, entry) => el.#onResize(entry.contentRect.width, entry.contentRect.height)),
    );
    PixelAvatarElement.#nearObserver.observe(element);
    PixelAvatarElement.#visibleObserver.observe(element);
    PixelAvatarElement.#resizeObserver.observe(element);
  }

  static #unobserve(element) {
    PixelAvatarElement.#nearObserver.unobserve(element);
    PixelAvatarElement.#visibleObserver.unobserve(element);
    PixelAvatarElement.#resizeObserver.unobserve(element);
  }

  #canvas;
  #poster;
  #message;
  #view = null;
  #noWebGL = false;
  #entries = []; // { source, ready: Promise, avatar, layout, error }, one per avatar
  #index = -1; // the avatar on screen (or on its way)
  #generation = 0; // bumped when the list changes, so stale loads are dropped
  #abort = null;
  #near = false;
  #visible = false;
  #cssSize = [0, 0];
  #timer = 0;
  #cycleDue = false;
  #intro = false; // the first avatar growing in is not a transition between avatars
  #transitionDone = null;
  #inMotion = false; // a grow-in or transition is under way
  #settledWaiters = []; // resolved when it ends (or the element leaves the page)

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    this.#poster = document.createElement('img');
    this.#poster.alt = '';
    this.#poster.hidden = true;
    this.#poster.part = 'poster';
    this.#canvas = document.createElement('canvas');
    this.#canvas.part = 'canvas';
    this.#message = document.createElement('p');
    this.#message.className = 'message';
    this.#message.part = 'message';
    this.#message.setAttribute('role', 'status');
    root.append(this.#poster, this.#canvas, this.#message);
  }

  #onMotionPreference = () => this.#applyOptions();

  connectedCallback() {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'img');
    this.#updateLabel();
    PixelAvatarElement.#observe(this);
    reducedMotion.addEventListener('change', this.#onMotionPreference);
    this.#updatePointer();
    if (this.loading === 'eager') this.#start();
    // Moved in the DOM: the view was freed on disconnect, show the current avatar again.
    if (this.#index >= 0 && this.#entries[this.#index]?.layout) this.#present(this.#index, 'none');
  }

  disconnectedCallback() {
    PixelAvatarElement.#unobserve(this);
    reducedMotion.removeEventListener('change', this.#onMotionPreference);
    this.#updatePointer();
    clearTimeout(this.#timer);
    this.#view?.dispose(); // frees the GPU buffers; the last element frees the WebGL context
    this.#view = null;
    this.#near = this.#visible = false;
    this.#arrived(); // nothing moves off the page: whoever waits for it should not wait forever
  }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value) return;
    switch (name) {
      case 'src':
        this.#reset();
        if (this.isConnected && (this.loading === 'eager' || this.#near)) this.#start();
        break;
      case 'alt':
        this.#updateLabel();
        break;
      case 'poster':
        this.#poster.hidden = !value;
        if (value) this.#poster.src = value;
        else this.#poster.removeAttribute('src');
        break;
      case 'interactive':
        this.#updatePointer();
        break;
      case 'interval':
        this.#scheduleNext();
        break;
      case 'loading':
        if (value === 'eager' && this.isConnected) this.#start();
        break;
      default: // cell, auto-rotate, transition
        this.#applyOptions();
    }
  }

  get transition() {
    const value = this.getAttribute('transition');
    return TRANSITIONS.includes(value) ? value : 'morph';
  }
  set transition(value) {
    this.setAttribute('transition', value);
  }

  get interval() {
    const value = Number(this.getAttribute('interval'));
    return this.hasAttribute('interval') && Number.isFinite(value) && value >= 0 ? value : DEFAULT_INTERVAL_MS;
  }
  set interval(value) {
    this.setAttribute('interval', String(value));
  }

  get cell() {
    return this.getAttribute('cell') === 'square' ? 'square' : 'cube';
  }
  set cell(value) {
    this.setAttribute('cell', value);
  }

  get loading() {
    return this.getAttribute('loading') === 'eager' ? 'eager' : 'lazy';
  }
  set loading(value) {
    this.setAttribute('loading', value);
  }

  /** Cells of the avatar on screen (or the one being transitioned to). */
  get cellCount() {
    return this.#entries[this.#index]?.layout?.count ?? 0;
  }
  /** Frames drawn so far: lets tests wait for drawing without guessing frame rates. */
  get frameCount() {
    return this.#view?.frameCount ?? 0;
  }
  /** Index (in src) of the avatar on screen, -1 before the first one. */
  get currentIndex() {
    return this.#index;
  }
  /** Resolves once the avatar on screen has arrived: its grow-in or transition has ended. */
  get settled() {
    return this.#inMotion ? new Promise((resolve) => this.#settledWaiters.push(resolve)) : Promise.resolve();
  }
  /** The parsed avatar on screen (see avatar-file.d.ts), or null. */
  get avatar() {
    return this.#entries[this.#index]?.avatar ?? null;
  }

  /**
   * Shows one avatar from a URL or from .pxav bytes, morphing from the one on screen. Replaces
   * the src list for cycling purposes. Resolves with the cell count once the avatar is parsed
   * and handed to the renderer; rejects (and fires `error`) if it cannot be read.
   */
  async load(source) {
    this.#reset();
    const entry = this.#entry(source);
    this.#entries = [entry];
    const generation = this.#generation;
    await entry.ready;
    if (generation !== this.#generation) throw new Error('pixel-avatar: superseded by a newer load');
    if (entry.error) {
      this.#fail(entry.error.message); // the avatar on screen stays: load() failing is recoverable
      throw entry.error;
    }
    this.#loaded(0);
    return entry.layout.count;
  }

  /** Morphs to avatar `index` of the src list; resolves when the transition has ended. */
  async transitionTo(index) {
    if (!Number.isInteger(index) || index < 0 || index >= this.#entries.length) {
      throw new RangeError(`pixel-avatar: no avatar ${index} (there are ${this.#entries.length})`);
    }
    clearTimeout(this.#timer);
    const generation = this.#generation;
    const entry = this.#entries[index];
    await entry.ready;
    if (generation !== this.#generation) throw new Error('pixel-avatar: the source changed');
    if (entry.error) throw entry.error;
    return this.#present(index, this.transition);
  }

  // ---- loading ----

  #reset() {
    this.#generation++;
    this.#abort?.abort();
    this.#abort = null;
    this.#entries = [];
    this.#cycleDue = false;
    clearTimeout(this.#timer);
  }

  #start() {
    if (this.#entries.length > 0) return;
    const urls = (this.getAttribute('src') ?? '').split(/\s+/).filter(Boolean);
    if (urls.length === 0) return;
    this.#abort = new AbortController();
    this.#entries = urls.map((url) => this.#entry(url));
    const generation = this.#generation;
    // Avatars are a few KB: fetch them all now, show the first as soon as it is here, and
    // report broken ones as they arrive.
    this.#entries.forEach((entry, i) =>
      entry.ready.then(() => {
        if (generation !== this.#generation) return;
        if (entry.error && i === 0) {
          // The avatar that should be on screen is broken: show the message, not the old avatar.
          this.#index = -1;
          this.#view?.clear();
        }
        if (entry.error) this.#fail(entry.error.message);
        else if (i === 0) this.#loaded(0);
      }),
    );
  }

  #entry(source) {
    const entry = { source, avatar: null, layout: null, error: null, ready: null };
    const signal = this.#abort?.signal;
    entry.ready = (async () => {
      let bytes = source;
      if (typeof source === 'string' || source instanceof URL) {
        const response = await fetch(source, { signal });
        if (!response.ok) throw new Error(`could not load ${source}: HTTP ${response.status}`);
        bytes = await response.arrayBuffer();
      }
      entry.avatar = readAvatarFile(bytes);
      entry.layout = layoutAvatar(entry.avatar);
    })().catch((error) => {
      entry.error = error instanceof Error ? error : new Error(String(error));
    });
    return entry;
  }

  #loaded(index) {
    this.#message.textContent = '';
    const first = this.#index < 0 || !this.#view;
    this.#present(index, first ? 'intro' : this.transition);
    const entry = this.#entries[index];
    this.dispatchEvent(
      new CustomEvent('load', {
        detail: { index, src: typeof entry.source === 'string' ? entry.source : null, cellCount: entry.layout.count },
      }),
    );
    this.#scheduleNext();
  }

  #fail(message) {
    this.#message.textContent = `This avatar could not be shown: ${message}`;
    this.dispatchEvent(new CustomEvent('error', { detail: { message } }));
  }

  // ---- showing and cycling ----

  #present(index, mode) {
    this.#index = index;
    this.#transitionDone?.();
    this.#transitionDone = null;
    const view = this.#ensureView();
    if (!view) return Promise.resolve();
    const reduced = reducedMotion.matches;
    this.#intro = mode === 'intro';
    const style = mode === 'intro' ? 'morph' : mode;
    this.#inMotion = true;
    view.show(this.#entries[index].layout, reduced ? 'none' : style, reduced ? 0 : TRANSITION_MS);
    return new Promise((resolve) => {
      this.#transitionDone = resolve;
    });
  }

  #onTransitionEnd() {
    const done = this.#transitionDone;
    this.#transitionDone = null;
    if (!this.#intro) {
      this.dispatchEvent(new CustomEvent('transitionend', { detail: { index: this.#index } }));
    }
    this.#intro = false;
    this.#arrived();
    done?.();
    this.#scheduleNext();
  }

  #arrived() {
    this.#inMotion = false;
    for (const resolve of this.#settledWaiters.splice(0)) resolve();
  }

  #scheduleNext() {
    clearTimeout(this.#timer);
    if (this.#entries.length < 2 || this.#index < 0) return;
    this.#timer = setTimeout(
      () => {
        // Off screen, nobody would see it: move on once the element is visible again.
        if (!this.#visible) {
          this.#cycleDue = true;
          return;
        }
        this.#advance();
      },
      Math.max(0, this.interval - (reducedMotion.matches ? 0 : TRANSITION_MS)),
    );
  }

  #advance() {
    this.#cycleDue = false;
    const count = this.#entries.length;
    for (let step = 1; step <= count; step++) {
      const next = (this.#index + step) % count;
      const entry = this.#entries[next];
      if (entry.error) continue;
      if (next === this.#index) return;
      // A still-loading avatar: wait for it rather than skip it, unless the list changed meanwhile
      // (then `next` indexes another list, whose own loads present it).
      const generation = this.#generation;
      entry.ready.then(() => {
        if (generation !== this.#generation) return;
        if (!entry.error) this.#present(next, this.transition);
        else this.#scheduleNext();
      });
      return;
    }
  }

  // ---- rendering ----

  #ensureView() {
    if (this.#view || this.#noWebGL || !this.isConnected) return this.#view;
    try {
      this.#view = new AvatarView(this.#canvas, {
        onFrame: () => this.#poster.classList.add('drawn'),
        onTransitionEnd: () => this.#onTransitionEnd(),
      });
    } catch (error) {
      this.#noWebGL = true;
      const alt = this.getAttribute('alt');
      this.#message.textContent = `This 3D avatar needs WebGL 2, which this browser does not offer${alt ? ` (${alt})` : ''}.`;
      return null;
    }
    this.#applyOptions();
    this.#view.setSize(this.#cssSize[0], this.#cssSize[1], Math.min(devicePixelRatio || 1, MAX_PIXEL_RATIO));
    this.#view.setVisible(this.#visible);
    return this.#view;
  }

  #applyOptions() {
    this.#view?.setOptions({
      cell: this.cell,
      motion: !reducedMotion.matches,
      autoRotate: this.hasAttribute('auto-rotate'),
    });
  }

  #onNear(near) {
    this.#near = near;
    if (near) this.#start();
  }

  #onVisible(visible) {
    this.#visible = visible;
    this.#view?.setVisible(visible);
    if (visible && this.#cycleDue) this.#advance();
  }

  #onResize(width, height) {
    this.#cssSize = [width, height];
    this.#view?.setSize(width, height, Math.min(devicePixelRatio || 1, MAX_PIXEL_RATIO));
  }

  #updateLabel() {
    const alt = this.getAttribute('alt');
    if (alt) this.setAttribute('aria-label', alt);
    else this.removeAttribute('aria-label');
  }

  // Pointer-follow tilt. A mouse or pen tilts the avatar towards it on both axes. A finger tilts it
  // sideways only: touch-action pan-y hands vertical swipes to the page, which scrolls (the
  // browser then cancels the pointer, and the avatar settles back), while a horizontal drag stays
  // with the element; following the finger's vertical position too would nod the avatar along
  // with every scroll that starts on it. Listeners are passive and never preventDefault, so
  // nothing here can hold up or block a scroll.
  #updatePointer() {
    const on = this.hasAttribute('interactive') && this.isConnected;
    const listeners = [
      ['pointerdown', this.#onPointerDown],
      ['pointermove', this.#onPointerMove],
      ['pointerleave', this.#onPointerLeave],
      ['pointercancel', this.#onPointerLeave],
      ['pointerup', this.#onPointerUp],
    ];
    for (const [type, listener] of listeners) {
      if (on) this.addEventListener(type, listener, { passive: true });
      else this.removeEventListener(type, listener);
    }
    if (!on) this.#view?.setPointer(0, 0);
  }

  #tiltTowards(event) {
    const rect = this.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * 2 - 1;
    const y = event.pointerType === 'touch' ? 0 : ((event.clientY - rect.top) / rect.height) * 2 - 1;
    this.#view?.setPointer(Math.max(-1, Math.min(1, x)), Math.max(-1, Math.min(1, y)));
  }

  // A finger tilts while it touches (a mouse moving over the element needs no press).
  #onPointerDown = (event) => {
    if (event.pointerType === 'touch') this.#tiltTowards(event);
  };

  #onPointerMove = (event) => this.#tiltTowards(event);

  #onPointerUp = (event) => {
    if (event.pointerType === 'touch') this.#view?.setPointer(0, 0);
  };

  #onPointerLeave = () => this.#view?.setPointer(0, 0);
}

for (const name of ['src', 'alt', 'poster']) {
  Object.defineProperty(PixelAvatarElement.prototype, name, stringProperty(name));
}
Object.defineProperty(PixelAvatarElement.prototype, 'autoRotate', booleanProperty('auto-rotate'));
Object.defineProperty(PixelAvatarElement.prototype, 'interactive', booleanProperty('interactive'));

if (!customElements.get('pixel-avatar')) customElements.define('pixel-avatar', PixelAvatarElement);
