// The preview page's side of the decode worker (decode-worker.js), with squoosh's lifecycle: the
// worker starts on first use and is terminated once it has been idle for a while, since a wasm
// heap never shrinks: after a 12-megapixel photo it stays at its peak until the worker goes. The
// compiled WebAssembly.Module is kept here (code, not heap) and handed to each new worker, so a
// restart costs a worker start and an instantiation, not a download and a compilation.
//
// A worker that went away also took the open photo and its avatar with it: before any other
// request, a new worker is first sent the requests that made them again (reopen() lists them),
// so the page never notices, apart from the time it takes.
const WASM_URL = new URL('../lib/pixel-avatar-core.wasm', import.meta.url);

export class DecoderClient {
  /**
   * url: the worker script (with its ?workers=N&idle=ms); idleMs: terminate after this long
   * without a request. Callbacks: onReady(hello), onStatus({ decoder, pool, workers }),
   * onProgress(message), onFailed(message) when the decoder cannot work at all;
   * reopen(type) -> the requests [{ type, args, transfer }] that rebuild the page's state in a
   * new worker before a request of `type`.
   */
  constructor({ url, idleMs, onReady, onStatus, onProgress, onFailed, reopen }) {
    Object.assign(this, { url, idleMs, onReady, onStatus, onProgress, onFailed, reopen });
    this.worker = null;
    this.wasm = null; // Promise<WebAssembly.Module | null>, compiled once
    this.pending = new Map();
    this.nextId = 1;
    this.idleTimer = 0;
    this.initialised = null; // resolves once the running worker was sent the core
    this.starts = 0; // workers started so far (for tests)
  }

  /** Sends a request; resolves with its result or rejects with an Error carrying `code`. */
  call(type, args = {}, transfer = []) {
    clearTimeout(this.idleTimer);
    if (!this.worker) {
      this.start();
      // The new worker has no photo: replay what made the page's state (open, build) first.
      // Their results are the page's already; an error would repeat in the request itself.
      for (const replay of this.reopen?.(type) ?? [])
        this.send(replay.type, replay.args, replay.transfer ?? []).catch(() => {});
    }
    return this.send(type, args, transfer);
  }

  send(type, args, transfer) {
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      // After the worker's first message, the compiled core; requests keep their order.
      this.initialised.then(() => {
        if (this.worker === worker) worker.postMessage({ id, type, ...args }, transfer);
      });
    });
  }

  start() {
    this.starts++;
    const worker = new Worker(this.url, { type: 'module' });
    this.worker = worker;
    this.wasm ??= WebAssembly.compileStreaming(fetch(WASM_URL)).catch(() => null); // null: the worker says why
    this.initialised = this.wasm.then((wasm) => {
      if (this.worker === worker) worker.postMessage({ wasm });
    });
    worker.onmessage = ({ data }) => this.receive(worker, data);
    // A module worker whose imports fail (the wasm core not built) reports only a bare error event.
    worker.onerror = (event) => {
      event.preventDefault();
      this.onFailed(
        event.message
          ? `the decoder failed (${event.message})`
          : 'the decoder module (lib/pixel-avatar-core.js) could not be loaded',
      );
      this.stop();
    };
    this.onStatus({ decoder: 'running' });
  }

  receive(worker, data) {
    if (worker !== this.worker) return;
    if (data.id === undefined) {
      if (data.status) return this.onStatus(data.status);
      // The hello: is the wasm core usable?
      if (!data.ready) {
        console.warn(`decoder: ${data.error.message}`);
        this.onFailed(data.error.message);
        return this.stop();
      }
      return this.onReady(data);
    }
    const request = this.pending.get(data.id);
    if (!request) return;
    if (data.progress) return this.onProgress(data);
    this.pending.delete(data.id);
    if (data.error)
      request.reject(Object.assign(new Error(data.error.message), data.error)); // code, fields
    else request.resolve(data.result);
    if (this.pending.size === 0) this.idleTimer = setTimeout(() => this.stop(), this.idleMs);
  }

  /** Terminates the worker (and so its colour pool); the next call starts a new one. */
  stop() {
    clearTimeout(this.idleTimer);
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    for (const request of this.pending.values()) request.reject(new Error('the decoder stopped'));
    this.pending.clear();
    this.onStatus({ decoder: 'stopped', pool: 'stopped' });
  }
}
