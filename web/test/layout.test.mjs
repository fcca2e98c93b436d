// The element's layout arithmetic in node (web/element/layout.js): cellsAt follows the vertex
// shader's path, so a transition started mid-way starts where the cells are.
// Run: node --test web/test/layout.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readAvatarFile } from '../element/avatar-file.js';
import { cellsAt, layoutAvatar, pairLayouts } from '../element/layout.js';
import { STAGGER, vertexShader } from '../element/shaders.js';
import { skipOrFailInCI } from './skip.mjs';

// The sample avatars (node web/tools/make-sample-avatars.mjs writes them).
const SAMPLE = new URL('../sample/', import.meta.url);
const missing = ['bust.pxav', 'cat.pxav'].some((name) => !existsSync(new URL(name, SAMPLE)));
const skip =
  skipOrFailInCI('layout', missing ? 'web/sample/ is empty: run node web/tools/make-sample-avatars.mjs first' : null) ??
  false;
const [bust, cat] = missing
  ? []
  : ['bust.pxav', 'cat.pxav'].map((name) => layoutAvatar(readAvatarFile(readFileSync(new URL(name, SAMPLE)))));

test('the shader uses the stagger cellsAt assumes', () => {
  assert.match(vertexShader, new RegExp(`const float STAGGER = ${STAGGER.toFixed(2)};`));
});

test('cellsAt at 0 is where the cells start, at 1 where they end', { skip }, () => {
  const pairs = pairLayouts(bust, cat, 7);
  for (const mode of [0, 1]) {
    const start = cellsAt(pairs, 0, mode, cat);
    assert.equal(start.count, bust.count, 'at 0 the from side shows all its cells');
    const end = cellsAt(pairs, 1, mode, cat);
    assert.equal(end.count, cat.count, 'at 1 the to side shows all its cells');
    // Every cell shown at the end is a cell of the cat, at its place, size and colour.
    const key = (c, i) =>
      `${c.centres[i * 3].toFixed(5)},${c.centres[i * 3 + 1].toFixed(5)},${c.centres[i * 3 + 2].toFixed(5)}`;
    const catCells = new Set(Array.from({ length: cat.count }, (_, i) => key(cat, i)));
    for (let i = 0; i < end.count; i++) {
      assert.ok(catCells.has(key(end, i)), `cell ${i} is not where a cat cell is`);
      assert.ok(Math.abs(end.sizes[i] - cat.size) < 1e-6);
    }
  }
});

test('mid-way, cells are between their ends (morph hops towards the viewer, scatter bursts out)', { skip }, () => {
  const pairs = pairLayouts(bust, cat, 7);
  const morph = cellsAt(pairs, 0.6, 0, cat);
  const scatter = cellsAt(pairs, 0.6, 1, cat);
  assert.ok(morph.count > 0 && scatter.count > 0);
  let hopped = 0;
  let spread = 0;
  for (let i = 0; i < pairs.count; i++) {
    const t = Math.min(1, Math.max(0, (0.6 - pairs.aTiming[i * 2] * STAGGER) / (1 - STAGGER)));
    if (t > 0.2 && t < 0.8) hopped++;
  }
  for (let i = 0; i < scatter.count; i++)
    spread = Math.max(spread, Math.hypot(scatter.centres[i * 3], scatter.centres[i * 3 + 1]));
  assert.ok(hopped > 0, 'no cell is mid-way at 0.6');
  assert.ok(spread > 1.2, `scatter keeps the cells within ${spread.toFixed(2)} of the centre`);
});

test('a transition from cells caught mid-way starts exactly where they are', { skip }, () => {
  const first = pairLayouts(bust, cat, 7);
  const caught = cellsAt(first, 0.45, 0, cat);
  const next = pairLayouts(caught, bust, 11);
  const restart = cellsAt(next, 0, 0, bust);
  const key = (c, i) =>
    [0, 1, 2].map((k) => c.centres[i * 3 + k].toFixed(5)).join(',') +
    `|${c.sizes ? c.sizes[i].toFixed(5) : c.size.toFixed(5)}`;
  const before = new Set(Array.from({ length: caught.count }, (_, i) => key(caught, i)));
  const after = new Set(Array.from({ length: restart.count }, (_, i) => key(restart, i)));
  assert.deepEqual([...after].sort(), [...before].sort(), 'the new transition does not start from the caught cells');
  // And it is not the old target: the caught cells are not the cat's.
  const catKeys = new Set(
    Array.from(
      { length: cat.count },
      (_, i) => [0, 1, 2].map((k) => cat.centres[i * 3 + k].toFixed(5)).join(',') + `|${cat.size.toFixed(5)}`,
    ),
  );
  assert.ok([...before].filter((k) => !catKeys.has(k)).length > caught.count / 4);
});
