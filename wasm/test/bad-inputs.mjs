// Inputs that must be refused with a clear error, the same in the CLI, in wasm and on the page
// (wasm/test/errors.test.mjs, web/test/browser-preview.test.mjs): every file in
// ../shared/data/bad and stress, and files written here: an HEIC photo without depth (the CLI's
// sample --no-depth), JPEGs (damaged, without depth, cut short), the spatial photo with a broken stereo group,
// a lone colour PNG, a lone depth PNG, an MPO whose two views show different scenes, a file of
// text. Each entry: { name, path, code, pattern, fields }: fields, the error's machine-readable
// fields (CoreError.fields) where a program acts on them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// fast-png is a package of the web front end (web/package.json).
const { encode } = await import(new URL('../../web/node_modules/fast-png/lib/index.js', import.meta.url));

const shared = new URL('../../../shared/data/', import.meta.url).pathname;
const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;

// What each shared file must say (the data README describes them).
const expected = {
  'bad/corrupted.heic': ['corrupt', /damaged or truncated/],
  'bad/empty.heic': ['unsupported-format', /empty\.heic is an empty file \(0 bytes\)/],
  'bad/truncated.heic': ['no-depth', /no depth map; take it in Portrait mode/],
  'bad/invalid_id.heic': ['no-depth', /no depth map; take it in Portrait mode/],
  // Above every size limit, but it holds no depth: that is said first (raising a limit would not help).
  'stress/200MP.heic': ['no-depth', /no depth map; take it in Portrait mode/],
  'real/arrow_nodepth.heic': ['no-depth', /no depth map; take it in Portrait mode/],
};

// The MP index of a JPEG's MPF segment (CIPA DC-007): where the TIFF header starts, its byte order,
// and each image's entry ({ at: where the entry's size field is, size, offset from the TIFF
// header }).
function mpfIndex(bytes) {
  for (let at = 2; at + 4 < bytes.length && bytes[at] === 0xff; at += 2 + bytes.readUInt16BE(at + 2)) {
    if (bytes[at + 1] !== 0xe2 || bytes.toString('latin1', at + 4, at + 8) !== 'MPF\0') continue;
    const tiff = at + 8;
    const little = bytes.toString('latin1', tiff, tiff + 2) === 'II';
    const u16 = (o) => (little ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
    const u32 = (o) => (little ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
    const ifd = tiff + u32(tiff + 4);
    for (let i = 0; i < u16(ifd); i++) {
      const tag = ifd + 2 + i * 12;
      if (u16(tag) !== 0xb002) continue;
      const first = tiff + u32(tag + 8);
      const entries = Array.from({ length: u32(tag + 4) / 16 }, (_, n) => ({
        at: first + n * 16 + 4,
        size: u32(first + n * 16 + 4),
        offset: u32(first + n * 16 + 8),
      }));
      return { tiff, little, entries };
    }
  }
  throw new Error('no MPF index');
}

// A 3D camera's MPO whose right view is another scene's photo of the same size: the generated
// stereo pair's left view with the generated wall's (both 320 x 240).
function mismatchedMpo(dir) {
  execFileSync(cli, ['sample', '--scene', 'stereo', '-o', join(dir, 'pair.mpo'), '-q']);
  execFileSync(cli, ['sample', '--scene', 'wall', '--jpeg-layout', 'mpf', '-o', join(dir, 'wall.jpg'), '-q']);
  const mpo = readFileSync(join(dir, 'pair.mpo'));
  const pair = mpfIndex(mpo);
  const left = Buffer.from(mpo.subarray(0, pair.tiff + pair.entries[1].offset));
  const wall = readFileSync(join(dir, 'wall.jpg'));
  const other = wall.subarray(0, mpfIndex(wall).entries[0].size);
  if (pair.little) left.writeUInt32LE(other.length, pair.entries[1].at);
  else left.writeUInt32BE(other.length, pair.entries[1].at);
  return Buffer.concat([left, other]);
}

export function badInputs() {
  const dir = mkdtempSync(join(tmpdir(), 'pxav-bad-'));
  const cases = [];
  for (const folder of ['bad', 'stress']) {
    if (!existsSync(join(shared, folder))) continue;
    for (const file of readdirSync(join(shared, folder)).sort()) {
      const key = `${folder}/${file}`;
      if (!expected[key]) throw new Error(`${key}: a shared file with no expected error in bad-inputs.mjs`);
      cases.push({ name: file, path: join(shared, key), code: expected[key][0], pattern: expected[key][1] });
    }
  }
  if (existsSync(join(shared, 'real/arrow_nodepth.heic'))) {
    const [code, pattern] = expected['real/arrow_nodepth.heic'];
    cases.push({ name: 'arrow_nodepth.heic', path: join(shared, 'real/arrow_nodepth.heic'), code, pattern });
  }
  const write = (name, bytes) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  // Apple's spatial photo with its stereo group (ster: size, type, version/flags, group id, count,
  // entity ids) broken: a view that is no image, one view only.
  if (existsSync(join(shared, 'real/spatial_photo.heic'))) {
    const spatial = readFileSync(join(shared, 'real/spatial_photo.heic'));
    const box = spatial.indexOf('ster') - 4;
    const notImage = Buffer.from(spatial);
    notImage.writeUInt32BE(9999, box + 24);
    cases.push({
      name: 'spatial-not-image.heic',
      path: write('spatial-not-image.heic', notImage),
      code: 'corrupt',
      pattern: /the file's stereo group \(ster\) names item 9999, which is not an image/,
    });
    const oneView = Buffer.from(spatial);
    oneView.writeUInt32BE(1, box + 16);
    cases.push({
      name: 'spatial-one-view.heic',
      path: write('spatial-one-view.heic', oneView),
      code: 'corrupt',
      pattern: /the HEIC file is damaged or truncated: .*'ster' entity group does not exists of exactly two images/,
    });
  }
  execFileSync(cli, ['sample', '--no-depth', '-o', join(dir, 'no-depth.heic'), '-q']);
  cases.push({
    name: 'no-depth.heic',
    path: join(dir, 'no-depth.heic'),
    code: 'no-depth',
    pattern: /this photo has no depth map; take it in Portrait mode/,
  });
  // JPEGs: one cut inside its first segment, a photo without depth, a depth JPEG cut short.
  cases.push({
    name: 'photo.jpg',
    path: write('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1])),
    code: 'corrupt',
    pattern: /photo\.jpg: the JPEG file is damaged: a segment \(marker 0xE0\) runs past the end of the file/,
  });
  execFileSync(cli, ['sample', '--jpeg-layout', 'mpf', '--no-depth', '-o', join(dir, 'plain.jpg'), '-q']);
  cases.push({
    name: 'plain.jpg',
    path: join(dir, 'plain.jpg'),
    code: 'no-depth',
    pattern: /plain\.jpg: this JPEG has no depth map: it carries no Apple depth image \(MPF\)/,
  });
  execFileSync(cli, ['sample', '--jpeg-layout', 'mpf', '-o', join(dir, 'cut.jpg'), '-q']);
  const cut = readFileSync(join(dir, 'cut.jpg'));
  cases.push({
    name: 'cut.jpg',
    path: write('cut.jpg', cut.subarray(0, cut.length - 500)),
    code: 'corrupt',
    pattern: /cut\.jpg: the JPEG's MPF index is damaged: image 2 .* lies past the end of the file/,
  });
  const rgb = encode({ width: 4, height: 3, channels: 3, depth: 8, data: new Uint8Array(36).fill(200) });
  cases.push({
    name: 'colour.png',
    path: write('colour.png', rgb),
    code: 'missing-companion',
    pattern: /colour\.png is a colour image: add its depth map/,
    fields: { missing: 'depth-map' },
  });
  const grey = encode({ width: 4, height: 3, channels: 1, depth: 16, data: new Uint16Array(12).fill(5000) });
  cases.push({
    name: 'depth.png',
    path: write('depth.png', grey),
    code: 'missing-companion',
    pattern: /depth\.png looks like a depth map: add the colour image/,
    fields: { missing: 'colour-image' },
  });
  cases.push({
    name: 'mismatched.mpo',
    path: write('mismatched.mpo', mismatchedMpo(dir)),
    code: 'unusable-pair',
    pattern: /^these two photos do not show the same scene: only \d+ of \d+ (matched )?features/,
    fields: { check: 'same-scene' },
  });
  cases.push({
    name: 'notes.txt',
    path: write('notes.txt', 'definitely not a photo'),
    code: 'unsupported-format',
    pattern: /notes\.txt is an unknown kind of file\. pixel-avatar reads HEIC and JPEG depth photos/,
  });
  return { cases, dir };
}

// The CLI's answer for one file: { code, message } from "pixel-avatar: error (CODE): MESSAGE",
// run in the file's folder so the name it reports is the same bare name the page passes.
export function cliError(path) {
  const folder = path.slice(0, path.lastIndexOf('/'));
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    execFileSync(cli, ['convert', name, '-o', join(tmpdir(), 'pxav-never.pxav'), '-q'], { cwd: folder, stdio: 'pipe' });
  } catch (error) {
    const line = String(error.stderr).split('\n')[0];
    const match = /^pixel-avatar: error \(([a-z-]+)\): (.*)$/.exec(line);
    return { status: error.status, code: match?.[1], message: match?.[2] ?? line };
  }
  return { status: 0 };
}
