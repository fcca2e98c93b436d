// Turns avatars into the per-cell arrays the shaders read. Runs once per avatar and once per
// transition (O(cells)), never per frame.
//
// Display space: the avatar's longer grid side spans 2 units, centred on the origin, y up,
// layer 0 nearest the viewer (+z). Every avatar lands in the same space whatever its grid or
// metric size, so a 48x56 bust can morph into a 40x36 cat.

import { STAGGER } from './shaders.js';

// Cells are drawn a little smaller than the grid pitch: the gaps keep the pixels readable.
const GAP = 0.9;
// A file may ask for a huge exaggeration; deeper than wide is no longer a readable avatar.
const MAX_DEPTH = 2;

/**
 * @param {import('./avatar-file.js').Avatar} avatar
 * @returns {{count: number, centres: Float32Array, size: number, colours: Uint8Array, top: number, bottom: number}}
 *   centres: xyz per cell in raster order; colours: sRGB bytes per cell.
 */
export function layoutAvatar(avatar) {
  const { gridWidth: w, gridHeight: h, cells, palette } = avatar;
  const count = cells.x.length;
  const unit = 2 / Math.max(w, h);
  const layerDepth = ((avatar.layerStep * avatar.exaggeration) / avatar.cellSize) * unit;

  let deepest = 0;
  for (let i = 0; i < count; i++) deepest = Math.max(deepest, cells.layer[i]);
  const depthScale = deepest * layerDepth > MAX_DEPTH ? MAX_DEPTH / (deepest * layerDepth) : 1;
  const zCentre = (deepest * layerDepth * depthScale) / 2;

  const centres = new Float32Array(count * 3);
  const colours = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    centres[i * 3] = (cells.x[i] + 0.5 - w / 2) * unit;
    centres[i * 3 + 1] = (h / 2 - cells.y[i] - 0.5) * unit;
    centres[i * 3 + 2] = zCentre - cells.layer[i] * layerDepth * depthScale;
    const c = cells.colour[i] * 3;
    colours[i * 3] = palette[c];
    colours[i * 3 + 1] = palette[c + 1];
    colours[i * 3 + 2] = palette[c + 2];
  }
  return { count, centres, colours, size: unit * GAP, top: (h / 2) * unit, bottom: (-h / 2) * unit };
}

// Small, seedable PRNG (mulberry32): the same transition looks the same every time.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Pairs the cells of two layouts for a transition and returns the instance arrays.
 * Both layouts are in raster order (top row first), and pairing walks both in that order at
 * proportional speed: cell i of the larger one goes with cell floor(i * small / large) of the
 * smaller one. The first cell of each such run is the real partner; the others are extras that
 * travel with it and shrink to nothing (or grow out of it), which reads as pixels merging and
 * splitting. `from` may be null: the avatar then grows in from nothing where it stands.
 */
export function pairLayouts(from, to, seed = 1) {
  const source = from ?? { ...to, size: 0, sizes: null };
  const n = Math.max(source.count, to.count);
  const big = source.count >= to.count ? source : to;
  const small = big === source ? to : source;
  const bigIsFrom = big === source;

  const aFrom = new Float32Array(n * 4);
  const aTo = new Float32Array(n * 4);
  const aColourFrom = new Uint8Array(n * 3);
  const aColourTo = new Uint8Array(n * 3);
  const aTiming = new Float32Array(n * 2);
  const rand = random(seed);
  const height = Math.max(1e-6, to.top - to.bottom);

  let previousPartner = -1;
  for (let i = 0; i < n; i++) {
    // With no cells on one side (an empty avatar), every cell shrinks or grows where it stands.
    const partner = small.count === 0 ? -1 : Math.floor((i * small.count) / big.count);
    const real = partner !== previousPartner && partner >= 0;
    previousPartner = partner;
    const f = bigIsFrom ? i : partner;
    const t = bigIsFrom ? partner : i;
    const fromLayout = f >= 0 ? source : to;
    const toLayout = t >= 0 ? to : source;
    const fi = f >= 0 ? f : t;
    const ti = t >= 0 ? t : f;

    for (let k = 0; k < 3; k++) {
      aFrom[i * 4 + k] = fromLayout.centres[fi * 3 + k];
      aTo[i * 4 + k] = toLayout.centres[ti * 3 + k];
      aColourFrom[i * 3 + k] = fromLayout.colours[fi * 3 + k];
      aColourTo[i * 3 + k] = toLayout.colours[ti * 3 + k];
    }
    // A layout of cells caught mid-way (cellsAt) has a size per cell.
    aFrom[i * 4 + 3] = bigIsFrom || real ? (source.sizes ? source.sizes[fi] : source.size) : 0;
    aTo[i * 4 + 3] = !bigIsFrom || real ? to.size : 0;

    // Top rows go first, with some jitter so rows do not move as rigid lines.
    const y = aTo[i * 4 + 1];
    const fromTop = Math.min(1, Math.max(0, (to.top - y) / height));
    aTiming[i * 2] = 0.7 * fromTop + 0.3 * rand();
    aTiming[i * 2 + 1] = rand();
  }
  return { count: n, aFrom, aTo, aColourFrom, aColourTo, aTiming };
}

/**
 * Where the cells of a transition are at `progress` (0..1), mode 0 = morph, 1 = scatter: the
 * vertex shader's path (shaders.js) on the CPU, without the idle motion, which goes on across
 * transitions anyway. Returns a layout with a size per cell (`sizes`), cells that have shrunk to
 * nothing left out, for pairLayouts: a transition started mid-way then starts from where the
 * cells are instead of jumping to the end of the one it interrupts.
 */
export function cellsAt(pairs, progress, mode, { top, bottom }) {
  const { count, aFrom, aTo, aColourFrom, aColourTo, aTiming } = pairs;
  const centres = new Float32Array(count * 3);
  const colours = new Uint8Array(count * 3);
  const sizes = new Float32Array(count);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const t = Math.min(1, Math.max(0, (progress - aTiming[i * 2] * STAGGER) / (1 - STAGGER)));
    const e = t * t * (3 - 2 * t);
    const size = aFrom[i * 4 + 3] + (aTo[i * 4 + 3] - aFrom[i * 4 + 3]) * e;
    if (size <= 1e-6) continue;
    const arc = Math.sin(Math.PI * e);
    const seed = aTiming[i * 2 + 1];
    const s = seed * 6.2831853;
    const fract = (x) => x - Math.floor(x);
    const burst = [Math.cos(s) * 1.3, Math.sin(s * 1.7), 0.6 + 0.8 * fract(seed * 7.13)];
    for (let k = 0; k < 3; k++) {
      let c = aFrom[i * 4 + k] + (aTo[i * 4 + k] - aFrom[i * 4 + k]) * e;
      if (k === 2) c += (1 - mode) * arc * (0.12 + 0.3 * seed);
      c += mode * arc * burst[k] * (0.5 + seed);
      centres[n * 3 + k] = c;
      colours[n * 3 + k] = Math.round(aColourFrom[i * 3 + k] + (aColourTo[i * 3 + k] - aColourFrom[i * 3 + k]) * e);
    }
    sizes[n] = size;
    n++;
  }
  return {
    count: n,
    centres: centres.subarray(0, n * 3),
    colours: colours.subarray(0, n * 3),
    sizes: sizes.subarray(0, n),
    size: n > 0 ? sizes[0] : 0,
    top,
    bottom,
  };
}
