#!/usr/bin/env node
// Writes synthetic sample avatars into web/sample/ with the JS writer: a pixel-art bust and a
// cat, drawn by small "pixel shaders" over known geometry (ellipsoids), so the embed page, the
// tests and the benchmark have pretty avatars before real ones come from photos. Also writes
// corrupt.pxav (a flipped byte) for the error tests.
//
//   node web/tools/make-sample-avatars.mjs [output folder, default web/sample]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAvatarFile } from '../element/avatar-file.js';

const outDir = process.argv[2] ?? fileURLToPath(new URL('../sample/', import.meta.url));

// Builds an avatar from paint(x, y) -> null (empty) or { colour, depth } with depth 0..1
// (0 = nearest); depths are quantised into `layers` layers.
function makeAvatar({ width, height, layers, palette, cellSize, layerStep, near, exaggeration, name }, paint) {
  const cells = { x: [], y: [], layer: [], colour: [] };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = paint(x, y);
      if (!p) continue;
      cells.x.push(x);
      cells.y.push(y);
      cells.layer.push(Math.min(layers - 1, Math.max(0, Math.round(p.depth * (layers - 1)))));
      cells.colour.push(p.colour);
    }
  }
  return {
    gridWidth: width,
    gridHeight: height,
    layerCount: layers,
    cellSize,
    layerStep,
    near,
    exaggeration,
    palette: new Uint8Array(palette.flat()),
    options: `sample=${name}\ngrid=${Math.max(width, height)}\npalette=${palette.length}\nlayers=${layers}\nsource=synthetic`,
    cells: {
      x: Uint16Array.from(cells.x),
      y: Uint16Array.from(cells.y),
      layer: Uint8Array.from(cells.layer),
      colour: Uint8Array.from(cells.colour),
    },
  };
}

// Height of an ellipsoid's front surface at (dx, dy) in units of its radii: 1 = tip, 0 = rim.
function dome(dx, dy) {
  const r = dx * dx + dy * dy;
  return r > 1 ? -1 : Math.sqrt(1 - r);
}

// Lambert-ish shade of a dome: picks the dark, base or light variant of a colour.
function shade(dx, dy, [dark, base, light]) {
  const z = Math.max(0, dome(dx, dy));
  const lit = -0.5 * dx - 0.6 * dy + 0.62 * z; // light from the upper left
  return lit > 0.55 ? light : lit < 0.05 ? dark : base;
}

function bust() {
  const C = {
    hair: 0,
    hairHi: 1,
    skinDark: 2,
    skin: 3,
    skinLight: 4,
    eye: 5,
    white: 6,
    mouth: 7,
    blush: 8,
    shirtDark: 9,
    shirt: 10,
    shirtLight: 11,
    collar: 12,
    brow: 13,
    hairDark: 14,
    iris: 15,
  };
  const palette = [
    [92, 58, 38],
    [140, 92, 58],
    [196, 128, 96],
    [235, 176, 138],
    [250, 208, 172],
    [34, 28, 40],
    [245, 245, 240],
    [190, 62, 72],
    [238, 136, 130],
    [22, 92, 104],
    [38, 140, 150],
    [92, 196, 196],
    [240, 236, 222],
    [70, 44, 30],
    [60, 36, 26],
    [70, 120, 190],
  ];
  const skin = [C.skinDark, C.skin, C.skinLight];
  const shirt = [C.shirtDark, C.shirt, C.shirtLight];
  return makeAvatar(
    {
      width: 48,
      height: 56,
      layers: 12,
      palette,
      cellSize: 0.008,
      layerStep: 0.012,
      near: 0.5,
      exaggeration: 1.2,
      name: 'bust',
    },
    (x, y) => {
      const hx = (x + 0.5 - 24) / 11,
        hy = (y + 0.5 - 22) / 14; // head ellipse
      const head = dome(hx, hy);
      const inHead = head >= 0;
      const hairCap = (x + 0.5 - 24) ** 2 / 13 ** 2 + (y + 0.5 - 19) ** 2 / 14.5 ** 2 <= 1;
      const faceDepth = (1 - Math.max(0, head)) * 0.55;

      // Hair: a cap over the top and down the sides, behind the face.
      if (hairCap && (!inHead || y < 14 + Math.abs(x + 0.5 - 24) * 0.25 || (Math.abs(x + 0.5 - 24) > 9.5 && y < 30))) {
        const streak = (x * 7 + y * 3) % 11 === 0;
        const back = !inHead;
        return { colour: streak ? C.hairHi : back ? C.hairDark : C.hair, depth: back ? 0.7 : faceDepth + 0.05 };
      }
      if (inHead) {
        if ((x === 19 || x === 20 || x === 28 || x === 29) && y === 19) return { colour: C.brow, depth: faceDepth };
        if ((x === 19 || x === 28) && (y === 22 || y === 23)) return { colour: C.white, depth: faceDepth + 0.02 };
        if ((x === 20 || x === 29) && (y === 22 || y === 23))
          return { colour: y === 22 ? C.eye : C.iris, depth: faceDepth + 0.02 };
        if (x >= 23 && x <= 24 && y >= 24 && y <= 27) return { colour: x === 23 ? C.skinLight : C.skin, depth: 0 }; // nose
        if (x >= 21 && x <= 27 && y === 30 && !(x === 21 || x === 27)) return { colour: C.mouth, depth: faceDepth };
        if ((x === 21 || x === 27) && y === 29) return { colour: C.mouth, depth: faceDepth };
        if ((x === 17 || x === 18 || x === 30 || x === 31) && y === 27) return { colour: C.blush, depth: faceDepth };
        return { colour: shade(hx, hy, skin), depth: faceDepth };
      }
      if ((x === 12 || x === 36) && y >= 20 && y <= 25) return { colour: C.skinDark, depth: 0.45 }; // ears
      if (x >= 20 && x <= 27 && y >= 35 && y <= 42) return { colour: y < 38 ? C.skinDark : C.skin, depth: 0.5 }; // neck

      // Shoulders: a widening, rounded torso with a V collar.
      if (y >= 41) {
        const half = Math.min(23, 9 + (y - 41) * 1.6);
        const dx = (x + 0.5 - 24) / half;
        if (Math.abs(dx) > 1) return null;
        const depth = 0.35 + (1 - Math.sqrt(1 - Math.min(1, dx * dx))) * 0.6;
        const v = Math.abs(x + 0.5 - 24);
        if (y < 48 && v < 48 - y && v >= 46 - y) return { colour: C.collar, depth: depth - 0.03 };
        if (y < 48 && v < 46 - y) return { colour: C.skin, depth: depth + 0.02 };
        return { colour: shade(dx * 0.9, (y - 41) / 30 - 0.4, shirt), depth };
      }
      return null;
    },
  );
}

function cat() {
  const C = { furDark: 0, fur: 1, furLight: 2, stripe: 3, eye: 4, pupil: 5, nose: 6, white: 7, earInner: 8, mouth: 9 };
  const palette = [
    [176, 86, 30],
    [232, 136, 52],
    [250, 184, 96],
    [150, 64, 24],
    [120, 200, 80],
    [20, 26, 20],
    [236, 120, 150],
    [250, 248, 240],
    [240, 170, 170],
    [90, 40, 30],
  ];
  const fur = [C.furDark, C.fur, C.furLight];
  return makeAvatar(
    {
      width: 40,
      height: 36,
      layers: 8,
      palette,
      cellSize: 0.01,
      layerStep: 0.015,
      near: 0.6,
      exaggeration: 1.4,
      name: 'cat',
    },
    (x, y) => {
      const hx = (x + 0.5 - 20) / 15,
        hy = (y + 0.5 - 21) / 12.5;
      const head = dome(hx, hy);
      // Ears: triangles above the head.
      for (const side of [-1, 1]) {
        const ex = x + 0.5 - (20 + side * 10),
          ey = y + 0.5;
        if (ey >= 3 && ey <= 14 && Math.abs(ex) <= (ey - 3) * 0.6) {
          const inner = ey >= 6 && Math.abs(ex) <= (ey - 6) * 0.35;
          return { colour: inner ? C.earInner : C.fur, depth: 0.45 };
        }
      }
      if (head < 0) return null;
      const depth = (1 - head) * 0.8;
      const dx = Math.abs(x + 0.5 - 20);
      // Eyes with slit pupils.
      const ey = (x + 0.5 - 20 + (x < 20 ? 6 : -6)) ** 2 / 9 + (y + 0.5 - 19) ** 2 / 5;
      if (ey <= 1)
        return {
          colour: Math.abs(x + 0.5 - 20) % 12 > 5.3 && Math.abs(x + 0.5 - 20) % 12 < 6.7 ? C.pupil : C.eye,
          depth,
        };
      if (dx < 1.5 && y >= 23 && y <= 24) return { colour: C.nose, depth: 0 };
      if ((dx === 1.5 || dx === 2.5) && y === 26) return { colour: C.mouth, depth: 0.05 };
      // Muzzle and whiskers.
      if ((x + 0.5 - 20) ** 2 / 36 + (y + 0.5 - 27) ** 2 / 9 <= 1) return { colour: C.white, depth: 0.05 };
      if ((y === 25 || y === 27) && dx > 7 && dx < 13) return { colour: C.white, depth: depth * 0.5 };
      // Tabby stripes on the forehead and cheeks.
      if ((y < 15 && dx < 6 && Math.round(x + y * 0.2) % 3 === 0) || (dx > 10 && y % 4 === 0)) {
        return { colour: C.stripe, depth };
      }
      return { colour: shade(hx, hy, fur), depth };
    },
  );
}

mkdirSync(outDir, { recursive: true });
const written = [];
for (const [name, avatar] of [
  ['bust', bust()],
  ['cat', cat()],
]) {
  const bytes = writeAvatarFile(avatar);
  writeFileSync(join(outDir, name + '.pxav'), bytes);
  written.push(`${name}.pxav: ${avatar.cells.x.length} cells, ${bytes.length} bytes`);
  if (name === 'bust') {
    const corrupt = bytes.slice();
    corrupt[60] ^= 0xff; // inside the body: the checksum catches it
    writeFileSync(join(outDir, 'corrupt.pxav'), corrupt);
    written.push(`corrupt.pxav: ${corrupt.length} bytes (a flipped byte, for the error tests)`);
  }
}
console.log(`sample avatars in ${outDir}:\n  ${written.join('\n  ')}`);
