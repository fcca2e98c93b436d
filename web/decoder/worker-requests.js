// Requests to a worker and their answers, written once for every worker of the decoder: the page
// and its decode worker (decoder-client.js, decode-worker.js), the decode worker and its colour
// workers (colour-pool.js, colour-part-worker.js).
//
// The owner of a worker wraps it in a WorkerLink and asks: link.request(type, args) resolves with
// what the worker's handler returned, or rejects with a CoreError (the handler's code and
// message, and any other fields the error carried). While a handler works it may report
// progress, which goes to that request's onProgress; a worker may also tell its owner things
// outside any request (notify, to onEvent).
//
// A worker that stops answering for good must not leave its requests pending: after an `error`
// event (an uncaught exception, a module that cannot load: the worker is then not trusted) or a
// `messageerror`, the link terminates the worker and rejects every pending request, as
// terminate() does; later requests reject at once. (A worker that ends itself with close() or is
// killed by the browser without an event cannot be noticed: no browser reports it.)
//
// Wire format: owner -> worker { id, type, args }; worker -> owner { id, progress } while working,
// then { id, result } or { id, error: { code, message, ...fields } }; { event } outside requests.
// A worker answers its requests one at a time, in the order they arrived.
import { CoreError } from './core-session.js';

// Transfer lists of answers, by the answer object (transferring() marks them).
const transfers = new WeakMap();

/** Marks `value` to be sent with `transfer` (ArrayBuffers...) moved, not copied; returns value. */
export function transferring(value, transfer) {
  transfers.set(value, transfer);
  return value;
}

// An error as plain data: its code (a CoreError's, else 'internal'), message and other own fields.
function errorData(error) {
  const fields = error !== null && typeof error === 'object' ? { ...error } : {};
  delete fields.name;
  delete fields.stack;
  const code = error instanceof CoreError ? error.code : 'internal';
  return { ...fields, code, message: error?.message || String(error) };
}

function errorFrom({ code, message, ...fields }) {
  return Object.assign(new CoreError(code ?? 'internal', message), fields);
}

export class WorkerLink {
  #worker;
  #pending = new Map(); // id -> { resolve, reject, onProgress }
  #nextId = 1;
  #closed = null; // the CoreError requests reject with once the worker is gone

  /**
   * worker: a Worker (or anything with postMessage, terminate and message/error events);
   * name: what to call it in messages ("the decoder"); onEvent(event): the worker's notify();
   * onGone(error): the worker failed (error event) and is terminated; not called for terminate().
   */
  constructor(worker, { name = 'a worker', onEvent = () => {}, onGone = () => {} } = {}) {
    this.#worker = worker;
    this.name = name;
    worker.addEventListener('message', ({ data }) => {
      if (data?.id === undefined) return data?.event !== undefined && onEvent(data.event);
      const request = this.#pending.get(data.id);
      if (!request) return;
      if ('progress' in data) return request.onProgress?.(data.progress);
      this.#pending.delete(data.id);
      if (data.error) request.reject(errorFrom(data.error));
      else request.resolve(data.result);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault?.(); // reported here, as a rejected request, not as an uncaught error
      // A module worker whose imports fail reports only a bare error event.
      const why = event.message ? `failed (${event.message})` : 'could not be loaded';
      onGone(this.#end(new CoreError('unavailable', `${name} ${why}`)));
    });
    worker.addEventListener('messageerror', () => {
      onGone(this.#end(new CoreError('internal', `${name} sent a message that could not be read`)));
    });
  }

  /** Requests waiting for their answer. */
  get pending() {
    return this.#pending.size;
  }

  /** Whether the worker is still there (not terminated, not failed). */
  get alive() {
    return this.#closed === null;
  }

  /**
   * Asks the worker's handler `type` with `args` (transfer: what to move, not copy); resolves
   * with its answer, rejects with a CoreError. onProgress(progress) gets each progress report.
   */
  request(type, args = {}, { transfer = [], onProgress } = {}) {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, type, args }, transfer);
    });
  }

  /** Terminates the worker; pending and later requests reject with `error`. */
  terminate(error = new CoreError('unavailable', `${this.name} was stopped`)) {
    this.#end(error);
  }

  #end(error) {
    if (this.#closed) return this.#closed;
    this.#closed = error;
    this.#worker.terminate();
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    return error;
  }
}

/**
 * The worker's side: answers the owner's requests with handlers[type](args, { progress }), one
 * at a time in arrival order. A handler returns its answer (or a promise of it; transferring()
 * marks what to move) or throws; progress(value) sends value to the request's onProgress.
 * scope: the worker's global (self), or a stand-in for tests.
 */
export function serve(handlers, scope = self) {
  let queue = Promise.resolve();
  scope.addEventListener('message', ({ data }) => {
    const { id, type, args } = data;
    queue = queue.then(async () => {
      try {
        const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
        if (!handler) throw new CoreError('invalid-argument', `unknown request ${type}`);
        const progress = (value) => scope.postMessage({ id, progress: value });
        const result = await handler(args, { progress });
        const transfer = (result !== null && typeof result === 'object' && transfers.get(result)) || [];
        scope.postMessage({ id, result }, transfer);
      } catch (error) {
        const data = errorData(error);
        try {
          scope.postMessage({ id, error: data });
        } catch {
          // A field that cannot be sent (a function, say): the code and the message still go.
          scope.postMessage({ id, error: { code: data.code, message: data.message } });
        }
      }
    });
  });
}

/** Tells the owner something outside any request (its WorkerLink's onEvent gets `event`). */
export function notify(event, scope = self) {
  scope.postMessage({ event });
}
