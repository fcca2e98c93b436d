// Drawing for <pixel-avatar>: one WebGL renderer shared by every element on the page, and one
// AvatarView per element.
//
// Sharing: browsers allow only a handful of WebGL contexts per page (about 16), so ten avatars
// must not open ten. The shared renderer draws into its own off-document canvas, one view at a
// time into the bottom-left corner (viewport + scissor), and each element copies that corner into
// its own 2D canvas with drawImage right after. That keeps every element an ordinary box in the
// page flow (no fixed overlay canvas to keep aligned while scrolling) - the way model-viewer does it.
//
// The loop: one requestAnimationFrame loop for the page (three's setAnimationLoop), running only
// while some visible view has something to draw, and never while the tab is hidden. A frame's JS
// is a few uniform writes and one draw call per view: no per-cell work, no allocation.
import {
  BoxGeometry,
  InstancedBufferAttribute,
  InstancedBufferGeometry,
  Mesh,
  PerspectiveCamera,
  PlaneGeometry,
  Scene,
  ShaderMaterial,
  WebGLRenderer,
} from 'three';
import { vertexShader, fragmentShader } from './shaders.js';
import { cellsAt, pairLayouts } from './layout.js';

const MAX_CANVAS_SIDE = 4096;
const FOV_DEGREES = 30;

/** Figures for tests and the benchmark; one object, updated in place. */
export const rendererStats = {
  contextsCreated: 0, // WebGL renderers created on this page (one at a time is the point)
  frames: 0, // loop iterations that drew at least one view
  drawMs: 0, // JS time spent updating uniforms and issuing draws, summed over frames
  copyMs: 0, // time spent copying the shared canvas into element canvases
  live: false, // whether a shared renderer exists right now
};

let shared = null;
let paused = false;

class SharedRenderer {
  views = [];

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.canvas.height = 1;
    // Three.js needs WebGL2; ask first, so a missing context gives our own clear message.
    // Square cells and hard pixel edges are the look: antialiasing would blur them and cost fill rate.
    const context = this.canvas.getContext('webgl2', { alpha: true, antialias: false, powerPreference: 'low-power' });
    if (!context) throw new Error('WebGL 2 is not available');
    this.renderer = new WebGLRenderer({ canvas: this.canvas, context });
    this.renderer.setPixelRatio(1); // views size themselves in device pixels
    this.renderer.setClearColor(0x000000, 0);
    this.renderer.setScissorTest(true);
    this.tick = this.tick.bind(this);
    this.onVisibility = () => this.wake();
    this.onContextRestored = () => {
      for (const view of this.views) view.dirty = true;
      this.wake();
    };
    document.addEventListener('visibilitychange', this.onVisibility);
    this.canvas.addEventListener('webglcontextrestored', this.onContextRestored);
    rendererStats.contextsCreated++;
    rendererStats.live = true;
  }

  add(view) {
    this.views.push(view);
  }

  remove(view) {
    const i = this.views.indexOf(view);
    if (i >= 0) this.views.splice(i, 1);
  }

  /** Grows (never shrinks) the shared canvas so a view of w x h device pixels fits. */
  fit(w, h) {
    if (w <= this.canvas.width && h <= this.canvas.height) return;
    this.renderer.setSize(Math.max(w, this.canvas.width), Math.max(h, this.canvas.height), false);
  }

  /** Starts the loop if anything wants to draw. */
  wake() {
    const run = !paused && document.visibilityState === 'visible' && this.views.some((v) => v.wantsFrame());
    this.renderer.setAnimationLoop(run ? this.tick : null);
  }

  tick(now) {
    let drew = false;
    let again = false;
    const views = this.views;
    for (let i = 0; i < views.length; i++) {
      const view = views[i];
      if (!view.wantsFrame()) continue;
      const t0 = performance.now();
      view.draw(this, now);
      const t1 = performance.now();
      view.copy(this.canvas);
      rendererStats.drawMs += t1 - t0;
      rendererStats.copyMs += performance.now() - t1;
      drew = true;
      again = again || view.wantsFrame();
    }
    if (drew) rendererStats.frames++;
    // Events raised during drawing (transitionend) run after the loop, outside the frame.
    for (let i = 0; i < views.length; i++) views[i].flushEvents();
    if (!again) this.renderer.setAnimationLoop(null);
  }

  dispose() {
    this.renderer.setAnimationLoop(null);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.canvas.removeEventListener('webglcontextrestored', this.onContextRestored);
    this.renderer.dispose();
    // Give the context back now rather than whenever the garbage collector runs.
    this.renderer.forceContextLoss();
    rendererStats.live = false;
  }
}

/**
 * Stops (true) or resumes (false) drawing on the whole page. For tests and benchmarks: a
 * screenshot waits for a fresh frame, and under software rendering a frame can take seconds.
 */
export function pauseRendering(value) {
  paused = value;
  shared?.wake();
}

// Why cells move: the idle motion, an auto-rotate, a pointer tilt settling, or a transition.
const SPIN_SPEED = 0.45; // radians per second
const TILT_EASE = 6; // per second: how fast the tilt catches up with the pointer

/** One element's scene: camera, one mesh holding every cell, and its animation state. */
export class AvatarView {
  /**
   * @param {HTMLCanvasElement} canvas the element's own canvas (2D)
   * @param {{onTransitionEnd: () => void, onFrame: () => void}} callbacks
   */
  constructor(canvas, callbacks) {
    this.target = canvas;
    this.context = canvas.getContext('2d');
    this.callbacks = callbacks;
    this.renderer = shared ?? (shared = new SharedRenderer()); // throws without WebGL
    this.renderer.add(this);

    this.scene = new Scene();
    this.camera = new PerspectiveCamera(FOV_DEGREES, 1, 0.1, 100);
    this.uniforms = {
      uProgress: { value: 1 },
      uMode: { value: 0 },
      uTime: { value: 0 },
      uMotion: { value: 1 },
      uSpin: { value: 0 },
      uTilt: { value: [0, 0] },
    };
    this.mesh = null;
    this.layout = null;
    this.pairs = null; // the instance arrays on screen (pairLayouts), for cellsAt
    this.cell = 'cube';
    this.width = 0;
    this.height = 0;
    this.visible = false;
    this.dirty = false;
    this.motion = true;
    this.autoRotate = false;
    this.tilt = [0, 0];
    this.tiltTarget = [0, 0];
    this.transition = null; // { start, duration } while one runs
    this.pendingTransitionEnd = false;
    this.pendingFirstFrame = false;
    this.lastNow = 0;
    this.frameCount = 0;
  }

  get cellCount() {
    return this.layout?.count ?? 0;
  }

  wantsFrame() {
    if (!this.visible || !this.mesh || this.width === 0 || this.height === 0) return false;
    return (
      this.dirty ||
      this.transition !== null ||
      this.motion ||
      Math.abs(this.tiltTarget[0] - this.tilt[0]) + Math.abs(this.tiltTarget[1] - this.tilt[1]) > 1e-4
    );
  }

  /** Size in CSS pixels and the (already capped) device pixel ratio. */
  setSize(cssWidth, cssHeight, pixelRatio) {
    const w = Math.min(MAX_CANVAS_SIDE, Math.round(cssWidth * pixelRatio));
    const h = Math.min(MAX_CANVAS_SIDE, Math.round(cssHeight * pixelRatio));
    if (w === this.width && h === this.height) return;
    this.width = this.target.width = w;
    this.height = this.target.height = h;
    this.renderer.fit(w, h);
    this.frameCamera();
    this.invalidate();
  }

  setVisible(visible) {
    this.visible = visible;
    this.invalidate();
  }

  /** motion: idle sway/breathing and auto-rotate (false under prefers-reduced-motion). */
  setOptions({ cell, motion, autoRotate }) {
    this.motion = motion;
    this.autoRotate = autoRotate;
    this.uniforms.uMotion.value = motion ? 1 : 0;
    if (cell !== this.cell && this.mesh) {
      this.cell = cell;
      this.rebuildMesh(this.mesh.geometry);
    }
    this.cell = cell;
    this.invalidate();
  }

  /** Pointer position over the element, -1..1 each way (0, 0 = centre or pointer gone). */
  setPointer(x, y) {
    this.tiltTarget[0] = x * 0.5;
    this.tiltTarget[1] = y * 0.3;
    if (!this.motion) {
      // Reduced motion: follow the pointer at once instead of easing after it.
      this.tilt[0] = this.tiltTarget[0];
      this.tilt[1] = this.tiltTarget[1];
    }
    this.invalidate();
  }

  /**
   * Shows a new layout, morphing from the one on screen. mode: 'morph' | 'scatter' | 'none';
   * duration in ms (0 = instant). The callback onTransitionEnd fires once it is complete.
   */
  show(layout, mode, duration) {
    const instant = mode === 'none' || duration <= 0;
    // Interrupting a transition: start from where its cells are now, not from where it was going.
    const midway = !instant && this.transition !== null && this.pairs !== null && this.layout !== null;
    const from = instant
      ? layout
      : midway
        ? cellsAt(this.pairs, this.uniforms.uProgress.value, this.uniforms.uMode.value, this.layout)
        : this.layout;
    const pairs = pairLayouts(from, layout, (layout.count * 2654435761) >>> 0);
    this.pairs = pairs;
    const geometry = this.makeGeometry(pairs);
    this.rebuildMesh(geometry);
    this.layout = layout;
    this.uniforms.uMode.value = mode === 'scatter' ? 1 : 0;
    this.uniforms.uProgress.value = instant ? 1 : 0;
    this.transition = instant ? null : { start: -1, duration };
    if (instant) this.pendingTransitionEnd = true;
    this.invalidate();
  }

  makeGeometry(pairs) {
    const geometry = new InstancedBufferGeometry();
    geometry.instanceCount = pairs.count;
    geometry.setAttribute('aFrom', new InstancedBufferAttribute(pairs.aFrom, 4));
    geometry.setAttribute('aTo', new InstancedBufferAttribute(pairs.aTo, 4));
    geometry.setAttribute('aColourFrom', new InstancedBufferAttribute(pairs.aColourFrom, 3, true));
    geometry.setAttribute('aColourTo', new InstancedBufferAttribute(pairs.aColourTo, 3, true));
    geometry.setAttribute('aTiming', new InstancedBufferAttribute(pairs.aTiming, 2));
    return geometry;
  }

  // Puts the base shape (cube or camera-facing square) under the instance attributes and
  // replaces the mesh, freeing the GPU buffers of the old one.
  rebuildMesh(geometry) {
    const base = this.cell === 'square' ? new PlaneGeometry(1, 1) : new BoxGeometry(1, 1, 1);
    geometry.setIndex(base.index);
    geometry.setAttribute('position', base.getAttribute('position'));
    if (this.cell !== 'square') geometry.setAttribute('normal', base.getAttribute('normal'));
    else geometry.deleteAttribute('normal');
    base.dispose();

    const material = new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: this.uniforms,
      defines: this.cell === 'square' ? { SQUARE: '' } : {},
    });
    if (this.mesh) {
      this.scene.remove(this.mesh);
      if (this.mesh.geometry !== geometry) this.mesh.geometry.dispose();
      this.mesh.material.dispose();
    }
    this.mesh = new Mesh(geometry, material);
    this.mesh.frustumCulled = false; // cells move in the shader; the CPU bounds would be wrong
    this.scene.add(this.mesh);
  }

  // Fits the 2x2 display square (plus room for motion) in the view, whatever its aspect.
  frameCamera() {
    const aspect = this.width / this.height;
    const halfFov = (FOV_DEGREES * Math.PI) / 360;
    const radius = 1.25;
    const distance = radius / Math.tan(halfFov) / Math.min(1, aspect);
    this.camera.aspect = aspect;
    this.camera.position.set(0, 0, distance);
    this.camera.near = distance / 10;
    this.camera.far = distance * 4;
    this.camera.updateProjectionMatrix();
  }

  invalidate() {
    this.dirty = true;
    this.renderer.wake();
  }

  /** Advances the animation to `now` (ms) and draws into the shared canvas. */
  draw(shared, now) {
    const dt = this.lastNow ? Math.min(0.1, (now - this.lastNow) / 1000) : 0;
    this.lastNow = now;
    const u = this.uniforms;
    u.uTime.value = now / 1000;
    if (this.autoRotate && this.motion) u.uSpin.value = (u.uSpin.value + dt * SPIN_SPEED) % (Math.PI * 2);

    const ease = this.motion ? Math.min(1, dt * TILT_EASE) : 1;
    this.tilt[0] += (this.tiltTarget[0] - this.tilt[0]) * ease;
    this.tilt[1] += (this.tiltTarget[1] - this.tilt[1]) * ease;
    u.uTilt.value[0] = this.tilt[0];
    u.uTilt.value[1] = this.tilt[1];

    const transition = this.transition;
    if (transition) {
      if (transition.start < 0) transition.start = now; // the clock starts at the first frame
      const progress = Math.min(1, (now - transition.start) / transition.duration);
      u.uProgress.value = progress;
      if (progress >= 1) {
        this.transition = null;
        this.pendingTransitionEnd = true;
      }
    }

    const renderer = shared.renderer;
    renderer.setViewport(0, 0, this.width, this.height);
    renderer.setScissor(0, 0, this.width, this.height);
    renderer.render(this.scene, this.camera);
    this.dirty = false;
    if (this.frameCount++ === 0) this.pendingFirstFrame = true;
  }

  /** Copies what draw() left in the shared canvas into the element's canvas. */
  copy(source) {
    const ctx = this.context;
    ctx.globalCompositeOperation = 'copy';
    // WebGL's origin is bottom-left, the 2D canvas's top-left.
    ctx.drawImage(source, 0, source.height - this.height, this.width, this.height, 0, 0, this.width, this.height);
  }

  flushEvents() {
    if (this.pendingFirstFrame) {
      this.pendingFirstFrame = false;
      this.callbacks.onFrame?.();
    }
    if (this.pendingTransitionEnd && !this.dirty) {
      this.pendingTransitionEnd = false;
      this.callbacks.onTransitionEnd?.();
    }
  }

  /** Shows nothing (after a failed load), freeing the cells' GPU memory. */
  clear() {
    if (this.mesh) {
      this.scene.remove(this.mesh);
      this.mesh.geometry.dispose();
      this.mesh.material.dispose();
      this.mesh = null;
    }
    this.layout = null;
    this.pairs = null;
    this.transition = null;
    this.context.clearRect(0, 0, this.width, this.height);
  }

  /** Frees this view's GPU memory; the last view to go frees the renderer and its context. */
  dispose() {
    this.renderer.remove(this);
    this.clear();
    if (this.renderer.views.length === 0) {
      this.renderer.dispose();
      if (shared === this.renderer) shared = null;
    } else {
      this.renderer.wake();
    }
  }
}
