// A small pool of workers (colour-part-worker.js) that decode a grid photo's colour together.
// An iPhone HEIC stores its 12-megapixel photo as a grid of 512x512 HEVC tiles (48 for 4032x3024)
// and decoding them is most of the time spent on a photo. Each worker has its own wasm instance
// (no threads, so no COOP/COEP headers needed) and decodes every partCount-th tile into colour
// sums on the depth grid; the sums add up to exactly the colour one session would have made.
//
// Used from the decode worker (decode-worker.js) as openInParts' decodeParts
// (core-session.js): the worker's session opens the photo for depth only, the pool sums the
// colour parts, the session takes the sums. A colour worker that fails (an error event) rejects
// its part, and so the whole decode, instead of leaving it pending.
import { addColourParts } from './core-session.js';
import { WorkerLink } from './worker-requests.js';

// The tiles are split into a few parts per worker rather than one, so progress can be shown as
// tiles are done. Each part costs a pass over the file and a copy of the sums (about 6 ms for
// a 768x576 depth grid), so not many more.
const PARTS_PER_WORKER = 3;

// How many of tileCount tiles (row-major index i) fall in `part` of partCount: those with
// i % partCount === part.
const tilesInPart = (part, partCount, tileCount) => Math.ceil((tileCount - part) / partCount);

const colourWorker = () => new Worker(new URL('./colour-part-worker.js', import.meta.url), { type: 'module' });

export class ColourPool {
  // size: how many workers; wasm: the core as a compiled WebAssembly.Module (core-module.js).
  // The decode worker starts a pool when a grid photo needs one and terminates it when idle.
  // createWorker: makes one colour worker (tests give stand-ins).
  constructor(size, wasm, { createWorker = colourWorker } = {}) {
    this.links = Array.from(
      { length: size },
      (_, i) => new WorkerLink(createWorker(), { name: `colour worker ${i + 1}` }),
    );
    this.ready = Promise.all(this.links.map((link) => link.request('start', { wasm })));
  }

  get size() {
    return this.links.length;
  }

  /** Whether every worker is still there (none failed, the pool was not terminated). */
  get alive() {
    return this.links.every((link) => link.alive);
  }

  terminate() {
    for (const link of this.links) link.terminate();
  }

  // request: openInParts' { files, options, width, height, maxParts }, maxParts being the photo's
  // tiles. onProgress(tilesDone, tileCount). Resolves with { sums, counts } for setColourSums;
  // rejects with the first part's CoreError (a file the core refuses, a worker that failed).
  /**
   * @param {import('./core-session.js').DecodePartsRequest} request
   * @param {(tilesDone: number, tileCount: number) => void} [onProgress]
   * @returns {Promise<import('./core-session.js').ColourPart>}
   */
  async decode({ files, options, width, height, maxParts: tileCount }, onProgress = () => {}) {
    const partCount = Math.min(tileCount, this.size * PARTS_PER_WORKER);
    let tilesDone = 0;
    const onPartDone = ({ part }) => {
      tilesDone += tilesInPart(part, partCount, tileCount);
      onProgress(tilesDone, tileCount);
    };
    const jobs = [];
    this.links.forEach((link, w) => {
      const parts = [];
      for (let part = w; part < partCount; part += this.size) parts.push(part);
      if (parts.length > 0) {
        const job = { files, options, width, height, parts, partCount };
        jobs.push(link.request('decode', job, { onProgress: onPartDone }));
      }
    });
    return (await Promise.all(jobs)).reduce(addColourParts);
  }
}
