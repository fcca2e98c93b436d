// The page's side of the decode worker (decode-worker.js), with squoosh's lifecycle: the worker
// starts on first use and is terminated once it has been idle for a while, since a wasm heap
// never shrinks: after a 12-megapixel photo it stays at its peak until the worker goes. The
// compiled WebAssembly.Module is kept here (code, not heap) and handed to each new worker, so a
// restart costs a worker start and an instantiation, not a download and a compilation.
//
// A worker that went away also took the open photo and its avatar with it: before any other
// request, a new worker is first sent the requests that made them again (reopen() lists them),
// so the page never notices, apart from the time it takes. A worker that fails (an error event)
// rejects what it was asked and is reported through onFailed: nothing waits for it forever.
// decoder-client.d.ts types this API and the requests.
import { compileCore } from './core-wasm.js';
import { WorkerLink } from './worker-requests.js';

// Written from this folder's parent, so it also holds where a bundler has put this module into a
// page script one folder below the site's root (the site's preview/preview.js).
const WORKER_URL = new URL('../decoder/decode-worker.js', import.meta.url);

const nothing = () => {};

export class DecoderClient {
  #link = null; // the running worker's WorkerLink, or null
  #started = null; // resolves once the running worker has the core (its start request answered)
  #wasm = null; // Promise<WebAssembly.Module | null>, compiled once; null: the worker says why
  #outstanding = 0; // requests sent to the running worker and not answered yet
  #idleTimer = 0;

  /**
   * workers: how many workers share a grid photo's tiles (1: no pool); idleMs: terminate the
   * worker after this long without a request. Callbacks: onReady({ workers }) when a worker has
   * the core, onStatus({ decoder?, pool?, workers? }), onProgress({ stage, done?, total? }),
   * onFailed(message) when the decoder cannot work (the page then says so); reopen(type) -> the
   * requests [{ type, args, transfer }] that rebuild the page's state in a new worker before a
   * request of `type`.
   */
  constructor({
    workers = 1,
    idleMs = 20_000,
    onReady = nothing,
    onStatus = nothing,
    onProgress = nothing,
    onFailed = nothing,
    reopen = () => [],
  } = {}) {
    Object.assign(this, { workers, idleMs, onReady, onStatus, onProgress, onFailed, reopen });
    this.starts = 0; // workers started so far (for tests)
  }

  /** Sends a request; resolves with its answer or rejects with a CoreError carrying `code`. */
  call(type, args = {}, transfer = []) {
    clearTimeout(this.#idleTimer);
    if (!this.#link) {
      this.#start();
      // The new worker has no photo: replay what made the page's state (open, build) first.
      // Their answers are the page's already; an error would repeat in the request itself.
      for (const replay of this.reopen(type))
        this.#send(replay.type, replay.args, replay.transfer ?? []).catch(nothing);
    }
    return this.#send(type, args, transfer);
  }

  /** Terminates the worker (and so its colour pool); its requests reject; the next call starts a new one. */
  stop() {
    clearTimeout(this.#idleTimer);
    if (!this.#link) return;
    this.#link.terminate();
    this.#link = null;
    this.#outstanding = 0;
    this.onStatus({ decoder: 'stopped', pool: 'stopped' });
  }

  #start() {
    this.starts++;
    const worker = new Worker(`${WORKER_URL}?workers=${this.workers}&idle=${this.idleMs}`, { type: 'module' });
    const link = new WorkerLink(worker, {
      name: 'the decoder',
      onEvent: (fields) => this.onStatus(fields),
      onGone: (error) => this.#failed(link, error),
    });
    this.#link = link;
    this.#wasm ??= compileCore().catch(nothing);
    // Requests follow the start request, so they reach a worker that has the core.
    this.#started = this.#wasm
      .then((wasm) => link.request('start', { wasm: wasm ?? null }))
      .then(
        (hello) => this.onReady(hello),
        (error) => {
          this.#failed(link, error);
          throw error;
        },
      );
    this.#started.catch(nothing); // each request reports it
    this.onStatus({ decoder: 'running' });
  }

  #send(type, args, transfer) {
    const link = this.#link;
    this.#outstanding++;
    const answer = this.#started.then(() =>
      link.request(type, args, { transfer, onProgress: (progress) => this.onProgress(progress) }),
    );
    const settled = () => {
      if (link !== this.#link || --this.#outstanding > 0) return;
      this.#idleTimer = setTimeout(() => this.stop(), this.idleMs);
    };
    answer.then(settled, settled);
    return answer;
  }

  // The worker cannot work (its core did not start, or it failed): say so once, and stop it.
  #failed(link, error) {
    if (link !== this.#link) return;
    console.warn(`decoder: ${error.message}`);
    this.onFailed(error.message);
    this.stop();
  }
}
