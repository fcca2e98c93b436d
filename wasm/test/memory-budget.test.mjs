// The stereo matcher sizes its cost volume to the memory the wasm instance can still take: with
// most of the module's maximum memory already held (as by a page that keeps other photos), a
// scale the setup gives is refused with the scale that fits, and the automatic scale shrinks on
// its own, instead of an allocation past the maximum ending the instance.
// Run: node --test wasm/test/memory-budget.test.mjs (needs make wasm; Middlebury cones in ../shared/data)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore, readShared } from './load-core.mjs';
import { CoreError, CoreSession } from '../../web/decoder/core-session.js';
import { skipTestOrFailInCI } from '../../web/test/skip.mjs';

const MB = 1 << 20;

test('stereo: short of memory, the limit lowers itself or names the scale that fits', async (t) => {
  const [left, right] = await Promise.all([readShared('stereo/cones/im2.ppm'), readShared('stereo/cones/im6.ppm')]);
  if (!left || !right) return skipTestOrFailInCI(t, '../shared/data/stereo/cones is absent');
  const core = await loadCore();
  const session = new CoreSession(core);
  const files = [
    { name: 'im2.ppm', bytes: left, role: 'left' },
    { name: 'im6.ppm', bytes: right, role: 'right' },
  ];
  // With memory to spare: matched at full size (450x375 over 64 disparities, about 32 MB).
  session.open(files, { settings: { stereo: 'disparities=64 scale=1' } });
  assert.equal(session.width, 450);

  // Take the module's whole 1 GiB in 1 MB blocks, then give back the last 40: 40 MB are left at
  // the top of the heap. Matching at full size needs about 53 MB with what the stage keeps beside
  // the cost volume, at half size about 16 MB.
  const held = [];
  for (let block; (block = core._pxav_alloc(MB)) !== 0;) held.push(block);
  assert.ok(held.length > 900, `only ${held.length} MB could be taken`);
  for (const block of held.splice(held.length - 40)) core._pxav_free(block);

  assert.throws(
    () => session.open(files, { settings: { stereo: 'disparities=64 scale=1' } }),
    (error) => {
      assert.ok(error instanceof CoreError);
      assert.equal(error.code, 'too-large');
      assert.match(error.message, /^stereo matching 450x375 pixels \(scale=1\) over 64 disparities needs \d+ MB, /);
      assert.match(error.message, /more than the \d+ MB of memory still free: match at scale=2 \(\d+ MB\)$/);
      return true;
    },
  );
  // The scale it names works, and so does the automatic one, which chooses it by itself.
  session.open(files, { settings: { stereo: 'disparities=64 scale=2' } });
  assert.equal(session.width, 225);
  session.open(files, { settings: { stereo: 'disparities=64' } });
  assert.equal(session.width, 225);

  for (const block of held) core._pxav_free(block);
  session.free();
});
