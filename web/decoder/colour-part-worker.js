// One member of the colour pool (colour-pool.js): a module worker with its own wasm instance and
// session that decodes given shares ("parts") of a grid photo's tiles and adds them up.
//
// Requests (worker-requests.js; all from colour-pool.js):
//   start  { wasm: WebAssembly.Module }  first, once: the core, compiled once for the whole pool
//          -> {} once the core is ready, or a CoreError ('unavailable')
//   decode { files: [{ name, bytes }], options, width, height, parts: [part, ...], partCount }
//          -> { sums, counts } (buffers transferred); progress { part } after each part
import { addColourParts, CoreError, CoreSession } from './core-session.js';
import { instantiateCore } from './core-module.js';
import { serve, transferring } from './worker-requests.js';

let session = null;

serve({
  async start({ wasm }) {
    try {
      session = new CoreSession(await instantiateCore(wasm));
    } catch (error) {
      throw new CoreError('unavailable', error.message);
    }
    return {};
  },

  decode({ files, options, width, height, parts, partCount }, { progress }) {
    let total = null;
    session.addFiles(files); // once for all this job's parts
    for (const part of parts) {
      const share = session.decodeColourPart({ width, height, part, parts: partCount }, options);
      total = total ? addColourParts(total, share) : share;
      progress({ part });
    }
    return transferring(total, [total.sums.buffer, total.counts.buffer]);
  },
});
