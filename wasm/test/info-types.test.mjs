// The JSON the core writes is what web/decoder/photo-info.d.ts says it is: the info of every kind
// of input (generated HEIC, the three depth JPEG layouts, a colour + depth pair, a stereo pair, a
// HEIF stereo file, an MPO; the shared real files when ../shared/data has them), the foreground of
// an avatar and the errors' fields, written as typed object literals that the pinned TypeScript
// checks (an unknown key, a missing one or a wrong type fails it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore, sharedData } from './load-core.mjs';
import { typecheck } from '../../web/test/typecheck.mjs';
import { CoreError, CoreSession } from '../../web/decoder/core-session.js';

const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;
const web = fileURLToPath(new URL('../../web/', import.meta.url));
const shared = (relative) => fileURLToPath(new URL(relative, sharedData));
const core = await loadCore();

test('the info, foreground and error JSON match photo-info.d.ts', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pxav-types-'));
  try {
    const sample = (name, ...args) => {
      execFileSync(cli, ['sample', '-o', join(dir, name), '-q', ...args]);
      return join(dir, name);
    };
    const stereo = { stereo: 'f=400 baseline=0.05 disparities=80' };
    sample('pair.png', '--scene', 'stereo');
    const inputs = [
      { files: [sample('bust.heic')] },
      ...['mpf', 'gdepth', 'dynamic-depth'].map((layout) => ({
        files: [sample(`sphere-${layout}.jpg`, '--scene', 'sphere', '--jpeg-layout', layout)],
      })),
      { files: [join(dir, 'pair-left.png'), join(dir, 'pair-right.png')], roles: ['left', 'right'], settings: stereo },
      { files: [sample('pair.heic', '--scene', 'stereo')], settings: { stereo: 'disparities=80' } },
      { files: [sample('pair.mpo', '--scene', 'stereo')], settings: { stereo: 'scale=1' } },
    ];
    const real = [
      ['real/pug.heic'],
      ['real/spatial_photo.heic'],
      ['real/fullbody_rear_portrait_matte.jpg'],
      ['rgbd/tum/TUM_color.png', 'rgbd/tum/TUM_depth.png'],
    ];
    for (const paths of real) {
      if (paths.every((p) => existsSync(shared(p)))) {
        const settings = { depth: 'encoding=scaled-z scale=0.0002 fx=525 fy=525 cx=319.5 cy=239.5' };
        inputs.push({ files: paths.map(shared), settings });
      } else t.diagnostic(`${paths.join(' + ')} skipped: not in ../shared/data`);
    }
    const infos = [],
      foregrounds = [],
      errors = [];
    const s = new CoreSession(core);
    try {
      for (const { files, roles = [], settings = {} } of inputs) {
        const opened = files.map((path, i) => ({
          name: basename(path),
          bytes: new Uint8Array(readFileSync(path)),
          role: roles[i] ?? '',
        }));
        infos.push(s.open(opened, { settings }));
        foregrounds.push(s.buildAvatar('').foreground);
      }
      // Errors with each kind of field: missing, ambiguous with files, a failed check.
      const left = { name: 'left.png', bytes: new Uint8Array(readFileSync(join(dir, 'pair-left.png'))) };
      for (const files of [[left], [left, { ...left, name: 'other.png' }], [left, { ...left, role: 'right' }]]) {
        try {
          s.open(files, { settings: { depth: 'encoding=z lo=1 hi=2' } });
          assert.fail(`${files.length} files opened`);
        } catch (error) {
          assert.ok(error instanceof CoreError, error.message);
          errors.push({ code: error.code, message: error.message, fields: error.fields });
        }
      }
    } finally {
      s.free();
    }
    assert.deepEqual(
      errors.map((e) => e.fields),
      [
        { missing: 'depth-map' },
        { ambiguous: 'depth-map', files: ['left.png', 'other.png'] },
        { check: 'camera-moved' },
      ],
    );
    const typesUrl = join(web, 'decoder/photo-info.js');
    const literal = (name, type, values) => `export const ${name}: ${type}[] = ${JSON.stringify(values, null, 1)};\n`;
    writeFileSync(
      join(dir, 'outputs.ts'),
      `import type { ErrorJson, ForegroundInfo, PhotoInfo } from ${JSON.stringify(typesUrl)};\n` +
        literal('infos', 'PhotoInfo', infos) +
        literal('foregrounds', 'ForegroundInfo', foregrounds) +
        literal('errors', 'ErrorJson', errors),
    );
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const { ok, output } = typecheck(dir, 'outputs.ts', { lib: ['es2022'] });
    assert.ok(ok, `tsc: the JSON does not match photo-info.d.ts:\n${output}`);
    t.diagnostic(`${infos.length} infos, ${foregrounds.length} foregrounds, ${errors.length} errors typed`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
