// The face detector natively and in wasm: with both models (the fetched files), the person
// decision and the faces it found are the same in the CLI's `info --no-matte --json` and the
// wasm session's foreground, the boxes within 0.01 pixel (the scores pass through exp(), which
// the two C libraries may round apart by an ulp; the network itself adds in the same order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadCore, readShared } from './load-core.mjs';
import { CoreSession } from '../../web/decoder/core-session.js';
import { skipTestOrFailInCI } from '../../web/test/skip.mjs';

const cli = new URL('../../build/native/bin/pixel-avatar', import.meta.url).pathname;
const models = new URL('../../third_party/install/models/', import.meta.url);
const segmenter = new URL('selfie_segmentation.tflite', models).pathname;
const faces = new URL('face_detection_short_range.tflite', models).pathname;
const core = await loadCore();

for (const relative of ['real/fullbody_rear_portrait_matte.jpg', 'real/pug.heic']) {
  test(`${relative}: the person decision and its faces agree natively and in wasm`, async (t) => {
    const bytes = await readShared(relative);
    if (!bytes) return skipTestOrFailInCI(t, `../shared/data/${relative} is absent`);
    if (!existsSync(segmenter) || !existsSync(faces))
      return skipTestOrFailInCI(t, 'the models are absent: run make deps');
    assert.ok(existsSync(cli), 'build the native CLI first (make native)');
    const file = new URL(`../../../shared/data/${relative}`, import.meta.url).pathname;
    const native = JSON.parse(
      execFileSync(cli, ['info', file, '--no-matte', '--json', '--person-model', segmenter, '--face-model', faces], {
        encoding: 'utf8',
      }),
    ).subject.person;
    const s = new CoreSession(core);
    try {
      s.open([{ name: relative.split('/').pop(), bytes }]);
      s.setFaceModel(new Uint8Array(readFileSync(faces)));
      s.setPersonModel(new Uint8Array(readFileSync(segmenter)));
      const wasm = s.buildAvatar('matte=0').foreground.person;
      t.diagnostic(`native: ${native.reason}; ${native.faces.length} face(s)`);
      assert.equal(wasm.found, native.found);
      assert.equal(wasm.reason, native.reason);
      assert.equal(wasm.faces.length, native.faces.length);
      let worst = 0;
      for (let i = 0; i < wasm.faces.length; i++) {
        assert.equal(wasm.faces[i].source, 'face-model');
        for (const key of ['x', 'y', 'width', 'height']) {
          const apart = Math.abs(wasm.faces[i][key] - native.faces[i][key]);
          worst = Math.max(worst, apart);
          assert.ok(apart <= 0.01, `face ${i} ${key}: wasm ${wasm.faces[i][key]}, native ${native.faces[i][key]}`);
        }
      }
      t.diagnostic(`faces: max |native - wasm| = ${worst} px`);
    } finally {
      s.free();
    }
  });
}
