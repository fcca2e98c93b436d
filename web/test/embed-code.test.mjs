// The preview page's embed code and .zip writer (web/preview/embed-code.js), in node: the
// snippet for each build, and a zip read back by an independent reader (fields, CRCs, contents).
// Run: node --test web/test/embed-code.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avatarNames, embedPage, embedSnippet, zipFiles } from '../preview/embed-code.js';
import { readZip } from './helpers.mjs';

test('the one-file snippet loads one script and names the avatars in order', () => {
  const code = embedSnippet({ build: 'bundle', names: avatarNames(3), transition: 'scatter', interval: 5000 });
  assert.match(code, /<script type="module" src="pixel-avatar\.js"><\/script>/);
  assert.doesNotMatch(code, /importmap/);
  assert.match(
    code,
    /<pixel-avatar src="avatar-1\.pxav avatar-2\.pxav avatar-3\.pxav" alt="My pixel avatar" transition="scatter" interval="5000"><\/pixel-avatar>/,
  );
});

test('the snippet for pages with three.js has the import map; one avatar needs no interval', () => {
  const code = embedSnippet({ build: 'three', names: avatarNames(1), cell: 'square', alt: 'Me & "my" cat' });
  assert.match(code, /<script type="importmap">/);
  assert.match(code, /"three": /);
  assert.match(code, /dist\/element\/pixel-avatar\.js/);
  assert.match(
    code,
    /<pixel-avatar src="avatar\.pxav" alt="Me &amp; &quot;my&quot; cat" cell="square"><\/pixel-avatar>/,
  );
  assert.doesNotMatch(code, /interval=/);
  assert.throws(() => embedSnippet({ build: 'three', names: [] }), /no avatars/);
  assert.throws(() => embedSnippet({ build: 'webgpu', names: ['a.pxav'] }), /unknown build/);
});

test('zipFiles writes a stored zip that reads back byte for byte', () => {
  const files = [
    { name: 'avatar-1.pxav', bytes: Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) & 255) },
    { name: 'avatar-2.pxav', bytes: new Uint8Array(0) },
    {
      name: 'index.html',
      bytes: new TextEncoder().encode(embedPage(embedSnippet({ names: ['avatar-1.pxav', 'avatar-2.pxav'] }))),
    },
  ];
  const back = readZip(zipFiles(files));
  assert.deepEqual(
    back.map((f) => f.name),
    files.map((f) => f.name),
  );
  for (let i = 0; i < files.length; i++) assert.deepEqual([...back[i].bytes], [...files[i].bytes]);
  assert.match(
    new TextDecoder().decode(back[2].bytes),
    /^<!doctype html>[\s\S]*<pixel-avatar src="avatar-1\.pxav avatar-2\.pxav"/,
  );
});
