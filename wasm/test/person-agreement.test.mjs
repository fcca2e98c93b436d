// The person model gives the same mask natively and in wasm: bench_person (bench/bench_person.cpp)
// built both ways dumps its mask of the same photo, and the two files must be identical byte for
// byte. They can be: the kernels add every output's terms in one fixed order in both builds and
// neither build fuses a multiply into an add (no FMA on baseline x86-64, none in wasm SIMD), the
// logistic is built from + and * alone (the C libraries' exp differ), and the resampling uses
// floor and plain arithmetic only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipTestOrFailInCI } from '../../web/test/skip.mjs';

const here = (path) => new URL(path, import.meta.url).pathname;
const native = here('../../build/native/bench/bench_person');
const wasm = here('../../build/wasm/bench/bench_person.js');
const model = here('../../third_party/install/models/selfie_segmentation.tflite');
const photos = ['selfie_front_truedepth.heic', 'fullbody_rear_portrait_matte.jpg', 'pug.heic'];

for (const name of photos) {
  test(`person mask of ${name}: native = wasm, byte for byte`, (t) => {
    const photo = here(`../../../shared/data/real/${name}`);
    if (!existsSync(photo))
      return skipTestOrFailInCI(t, `../shared/data/real/${name} is absent (the shared test data)`);
    if (!existsSync(model))
      return skipTestOrFailInCI(t, 'the person model is absent: make deps fetches it (third_party/fetch-models.sh)');
    for (const built of [native, wasm]) assert.ok(existsSync(built), `${built} is missing; run make native wasm`);
    const dir = mkdtempSync(join(tmpdir(), 'pxav-person-'));
    try {
      const nativeMask = join(dir, 'native.pgm');
      const wasmMask = join(dir, 'wasm.pgm');
      const n = JSON.parse(
        execFileSync(native, [photo, '--model', model, '--runs', '1', '--dump', nativeMask], { encoding: 'utf8' }),
      );
      const w = JSON.parse(
        execFileSync(
          process.execPath,
          ['--no-experimental-fetch', wasm, photo, '--model', model, '--runs', '1', '--dump', wasmMask],
          { encoding: 'utf8' },
        ),
      );
      assert.equal(w.width, n.width);
      assert.equal(w.height, n.height);
      const a = readFileSync(nativeMask);
      const b = readFileSync(wasmMask);
      assert.equal(b.length, a.length);
      let differing = 0;
      for (let i = 0; i < a.length; i++) differing += a[i] !== b[i];
      assert.equal(differing, 0, `${differing} bytes of the mask differ between native and wasm`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
