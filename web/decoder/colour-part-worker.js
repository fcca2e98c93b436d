// One member of the colour pool (colour-pool.js): a module worker with its own wasm instance and
// session that decodes given shares ("parts") of a grid photo's tiles and adds them up.
//
// Protocol (all messages from colour-pool.js):
//   { wasm: WebAssembly.Module }  first, once: the core, compiled once for the whole pool
//                          -> { ready: true } or { ready: false, error: { code, message } }
//   { id, files: [{ name, bytes }], options, width, height, parts: [part, ...], partCount }
//                          -> { id, partDone: part } after each part, then
//                             { id, result: { sums, counts } } (buffers transferred) or { id, error }
import { addColourParts, CoreError, CoreSession } from '../decoder/core-session.js';
import { instantiateCore } from './core-module.js';

let session = null;

async function start(wasmModule) {
  try {
    session = new CoreSession(await instantiateCore(wasmModule));
    self.postMessage({ ready: true });
  } catch (error) {
    self.postMessage({ ready: false, error: { code: 'unavailable', message: error.message } });
  }
}

function decode({ id, files, options, width, height, parts, partCount }) {
  try {
    let total = null;
    session.addFiles(files); // once for all this job's parts
    for (const part of parts) {
      const share = session.decodeColourPart({ width, height, part, parts: partCount }, options);
      total = total ? addColourParts(total, share) : share;
      self.postMessage({ id, partDone: part });
    }
    self.postMessage({ id, result: total }, [total.sums.buffer, total.counts.buffer]);
  } catch (error) {
    const code = error instanceof CoreError ? error.code : 'internal';
    self.postMessage({ id, error: { code, message: error?.message || String(error) } });
  }
}

self.onmessage = ({ data }) => (data.wasm ? start(data.wasm) : decode(data));
