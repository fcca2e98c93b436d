// A stand-in for a module Worker in node, for the decoder's worker plumbing (worker-requests.js,
// colour-pool.js, decoder-client.js): the two sides talk through a real MessageChannel (so
// messages are structured-cloned and transfer lists move buffers, as between threads), the worker
// side runs `serve(handlers)` on its port, and the test can make the worker fail as a browser
// reports it: an `error` event on the Worker object.
import { serve } from '../decoder/worker-requests.js';

export class FakeWorker extends EventTarget {
  #port;
  #inside;

  /** handlers: what serve() answers with inside the "worker". */
  constructor(handlers) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#inside = port2;
    port1.addEventListener('message', ({ data }) => this.dispatchEvent(Object.assign(new Event('message'), { data })));
    port1.start();
    serve(handlers, port2);
    port2.start();
    this.terminated = false;
    this.received = 0; // messages that reached the worker side
    port2.addEventListener('message', () => this.received++);
  }

  /** The worker's side of the channel: the `self` its handlers would notify() through. */
  get scope() {
    return this.#inside;
  }

  postMessage(data, transfer = []) {
    if (!this.terminated) this.#port.postMessage(data, transfer);
  }

  terminate() {
    this.terminated = true;
    this.#port.close();
    this.#inside.close();
  }

  /** What a browser does when the worker throws outside any handler (or its script fails to load). */
  fail(message = '') {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

/** A promise with its resolve function, for handlers that wait until the test lets them go. */
export function gate() {
  let open;
  const opened = new Promise((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
