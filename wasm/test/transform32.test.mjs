// The wasm 32x32 inverse transform gives libde265's own results, block for block
// (wasm/test/transform32_agreement.cpp, built by `make wasm`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const program = new URL('../../build/wasm/test/transform32_agreement.js', import.meta.url).pathname;

test('the wasm 32x32 transform agrees with libde265 SSE code on 40,000 random blocks', () => {
  assert.ok(existsSync(program), `${program} is missing: run make wasm`);
  // Emscripten 3.1.6's node loader trips over Node 20's fetch.
  const out = execFileSync(process.execPath, ['--no-experimental-fetch', program], { encoding: 'utf8' });
  assert.match(out, /^40000 blocks, 0 differ$/m);
});
