// What the preview page hands its user to put avatars on a page: the embed snippet for either
// build of the element, and a .zip of the avatars with a ready page. Pure functions (no DOM), so
// node tests check them as they are.
import { crc32 } from '../element/avatar-file.js';

export const BUILDS = {
  // The one-file build: the element with the parts of three.js it uses, no import map.
  bundle: {
    label: 'a page without three.js (one file)',
    file: 'pixel-avatar.js',
    head: (script) => [`<script type="module" src="${script}"></script>`],
    note: 'pixel-avatar.js is dist/bundle/pixel-avatar.js of the npm package pixel-avatar-element',
  },
  // The modules for a page that has three.js: three through the page's import map.
  three: {
    label: 'a page that has three.js',
    file: null,
    head: () => [
      '<script type="importmap">',
      '  { "imports": { "three": "/node_modules/three/build/three.module.js" } }',
      '</script>',
      '<script type="module" src="/node_modules/pixel-avatar-element/dist/element/pixel-avatar.js"></script>',
    ],
    note: 'npm install pixel-avatar-element three; point the import map at your copy of three.js',
  },
};

const escapeAttribute = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** File names for n avatars in the snippet and the zip: avatar.pxav, or avatar-1.pxav... */
export const avatarNames = (count) =>
  count === 1 ? ['avatar.pxav'] : Array.from({ length: count }, (_, i) => `avatar-${i + 1}.pxav`);

/**
 * The HTML to paste: the element's script (per `build`) and one <pixel-avatar> naming the
 * avatars in order, with the transition and interval when there are several.
 */
export function embedSnippet({
  build = 'bundle',
  names,
  alt = 'My pixel avatar',
  transition = 'morph',
  interval = 4000,
  cell = 'cube',
}) {
  const kind = BUILDS[build];
  if (!kind) throw new Error(`unknown build ${build}`);
  if (!names?.length) throw new Error('no avatars to embed');
  const attributes = [`src="${escapeAttribute(names.join(' '))}"`, `alt="${escapeAttribute(alt)}"`];
  if (cell !== 'cube') attributes.push(`cell="${escapeAttribute(cell)}"`);
  if (names.length > 1) {
    if (transition !== 'morph') attributes.push(`transition="${escapeAttribute(transition)}"`);
    attributes.push(`interval="${Math.round(interval)}"`);
  }
  return [
    `<!-- ${kind.note} -->`,
    ...kind.head(kind.file),
    `<pixel-avatar ${attributes.join(' ')}></pixel-avatar>`,
    '',
  ].join('\n');
}

/** A whole page around the snippet, for the zip: open it from any static file server. */
export function embedPage(snippet) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pixel avatar</title>
</head>
<body>
${snippet}</body>
</html>
`;
}

/**
 * A .zip (stored, no compression: avatars are compressed already and the page is tiny) of
 * `files`, [{ name, bytes: Uint8Array }]. Names are ASCII; no folders.
 */
export function zipFiles(files) {
  const encoder = new TextEncoder();
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, bytes } of files) {
    const nameBytes = encoder.encode(name);
    const crc = crc32(bytes);
    const local = new Uint8Array(30 + nameBytes.length);
    const view = new DataView(local.buffer);
    view.setUint32(0, 0x04034b50, true); // local file header
    view.setUint16(4, 20, true); // version needed: 2.0
    view.setUint16(8, 0, true); // method: stored
    view.setUint16(10, 0, true); // time 00:00
    view.setUint16(12, 0x21, true); // date 1980-01-01
    view.setUint32(14, crc, true);
    view.setUint32(18, bytes.length, true);
    view.setUint32(22, bytes.length, true);
    view.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true); // central directory entry
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(12, 0, true);
    c.setUint16(14, 0x21, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, bytes.length, true);
    c.setUint32(24, bytes.length, true);
    c.setUint16(28, nameBytes.length, true);
    c.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, bytes);
    centrals.push(central);
    offset += local.length + bytes.length;
  }
  const centralSize = centrals.reduce((n, part) => n + part.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true); // end of central directory
  e.setUint16(8, files.length, true);
  e.setUint16(10, files.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
