// Bad input gets the same clear error from the CLI and from the wasm module: the same code and
// the same sentence, for every file of bad-inputs.mjs, and in wasm the machine-readable fields the
// table expects. The page shows that sentence too (web/test/browser-preview.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { loadCore } from './load-core.mjs';
import { badInputs, cliError } from './bad-inputs.mjs';
import { CoreError, CoreSession, ERROR_NAMES } from '../../web/decoder/core-session.js';

const core = await loadCore();
const { cases, dir } = badInputs();
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const { name, path, code, pattern, fields } of cases) {
  test(`${name}: ${code} in the CLI and in wasm, the same message`, () => {
    const native = cliError(path);
    assert.equal(native.code, code, `CLI: ${native.message}`);
    assert.equal(native.status, 10 + ERROR_NAMES.indexOf(code), 'the CLI exits with 10 + the error code');
    assert.match(native.message, pattern);
    const s = new CoreSession(core);
    try {
      assert.throws(
        () => s.open([{ name, bytes: new Uint8Array(readFileSync(path)) }]),
        (e) => {
          assert.ok(e instanceof CoreError);
          assert.equal(e.code, code);
          assert.equal(e.message, native.message);
          if (fields) assert.deepEqual(e.fields, fields);
          return true;
        },
      );
      // The session is still sound afterwards.
      assert.equal(s.info(), null);
    } finally {
      s.free();
    }
  });
}
