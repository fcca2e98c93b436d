// A node worker thread for bench-wasm.mjs: its own wasm instance decoding the tiles of one
// colour part, as web/decoder/colour-part-worker.js does in the page's pool.
import { parentPort } from 'node:worker_threads';
import { loadCore } from '../wasm/test/load-core.mjs';
import { CoreSession } from '../web/decoder/core-session.js';

const session = new CoreSession(await loadCore());
parentPort.on('message', ({ id, files, options, width, height, part, parts }) => {
  try {
    session.addFiles(files);
    const { sums, counts } = session.decodeColourPart({ width, height, part, parts }, options);
    parentPort.postMessage({ id, sums, counts }, [sums.buffer, counts.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: `${error.code}: ${error.message}` });
  }
});
parentPort.postMessage({ ready: true });
