// A small pool of workers (colour-part-worker.js) that decode a grid photo's colour together.
// An iPhone HEIC stores its 12-megapixel photo as a grid of 512x512 HEVC tiles (48 for 4032x3024)
// and decoding them is most of the time spent on a photo. Each worker has its own wasm instance
// (no threads, so no COOP/COEP headers needed) and decodes every partCount-th tile into colour
// sums on the depth grid; the sums add up to exactly the colour one session would have made.
//
// Used from the decode worker (decode-worker.js) as openInParts' decodeParts
// (decoder/core-session.js): the worker's session opens the photo for depth only, the pool sums
// the colour parts, the session takes the sums.
import { addColourParts, CoreError } from '../decoder/core-session.js';

// The tiles are split into a few parts per worker rather than one, so progress can be shown as
// tiles are done. Each part costs a pass over the file and a copy of the sums (about 6 ms for
// a 768x576 depth grid), so not many more.
const PARTS_PER_WORKER = 3;

// How many of tileCount tiles (row-major index i) fall in `part` of partCount: those with
// i % partCount === part.
const tilesInPart = (part, partCount, tileCount) => Math.ceil((tileCount - part) / partCount);

export class ColourPool {
  // size: how many workers; wasm: the core as a compiled WebAssembly.Module (core-module.js).
  // The decode worker starts a pool when a grid photo needs one and terminates it when idle.
  constructor(size, wasm) {
    this.workers = Array.from(
      { length: size },
      () => new Worker(new URL('./colour-part-worker.js', import.meta.url), { type: 'module' }),
    );
    this.ready = Promise.all(this.workers.map((worker) => started(worker, wasm)));
    this.nextId = 1;
  }

  get size() {
    return this.workers.length;
  }

  terminate() {
    for (const worker of this.workers) worker.terminate();
  }

  // request: openInParts' { files, options, width, height, maxParts }, maxParts being the photo's
  // tiles. onProgress(tilesDone, tileCount). Resolves with { sums, counts } for setColourSums.
  /**
   * @param {import('../decoder/core-session.js').DecodePartsRequest} request
   * @param {(tilesDone: number, tileCount: number) => void} [onProgress]
   * @returns {Promise<import('../decoder/core-session.js').ColourPart>}
   */
  async decode({ files, options, width, height, maxParts: tileCount }, onProgress = () => {}) {
    const partCount = Math.min(tileCount, this.size * PARTS_PER_WORKER);
    let tilesDone = 0;
    const partDone = (part) => {
      tilesDone += tilesInPart(part, partCount, tileCount);
      onProgress(tilesDone, tileCount);
    };
    const jobs = [];
    this.workers.forEach((worker, w) => {
      const parts = [];
      for (let part = w; part < partCount; part += this.size) parts.push(part);
      if (parts.length > 0) {
        jobs.push(run(worker, { id: this.nextId++, files, options, width, height, parts, partCount }, partDone));
      }
    });
    return (await Promise.all(jobs)).reduce(addColourParts);
  }
}

// Hands a worker the wasm bytes; resolves when its core is ready.
function started(worker, wasm) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) =>
      data.ready ? resolve() : reject(new CoreError(data.error.code, data.error.message));
    // A module worker whose imports fail reports only a bare error event.
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new CoreError('unavailable', 'a colour worker could not be started'));
    };
    worker.postMessage({ wasm });
  });
}

// Runs one job on one worker: its progress goes to partDone, its result resolves.
function run(worker, job, partDone) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.id !== job.id) return;
      if (data.partDone !== undefined) return partDone(data.partDone);
      if (data.error) reject(new CoreError(data.error.code, data.error.message));
      else resolve(data.result);
    };
    worker.postMessage(job);
  });
}
