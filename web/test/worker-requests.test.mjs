// The decoder's worker plumbing in node, with stand-in workers (fake-worker.mjs: a real
// MessageChannel, so messages are cloned and buffers moved as between threads): the one
// request/response helper (web/decoder/worker-requests.js), the colour pool on it
// (colour-pool.js) and the page's client (decoder-client.js). Above all: a worker that fails
// rejects what it was asked instead of leaving it pending.
// Run: node --test web/test/worker-requests.test.mjs
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreError } from '../decoder/core-session.js';
import { notify, transferring, WorkerLink } from '../decoder/worker-requests.js';
import { ColourPool } from '../decoder/colour-pool.js';
import { DecoderClient } from '../decoder/decoder-client.js';
import { FakeWorker, gate } from './fake-worker.mjs';

// Settles with { value } or { error }, or 'pending' if it has not settled once `later` has.
async function outcome(promise, later = new Promise((resolve) => setImmediate(resolve))) {
  const settled = promise.then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
  return Promise.race([settled, later.then(() => 'pending')]);
}

describe('WorkerLink and serve', () => {
  test('a request resolves with its answer, after its progress reports, in order', async () => {
    const worker = new FakeWorker({
      add({ a, b }, { progress }) {
        progress({ stage: 'adding' });
        progress({ stage: 'done', done: 1, total: 1 });
        return { sum: a + b };
      },
    });
    const link = new WorkerLink(worker);
    const reports = [];
    const answer = await link.request('add', { a: 2, b: 3 }, { onProgress: (p) => reports.push(p) });
    assert.deepEqual(answer, { sum: 5 });
    assert.deepEqual(reports, [{ stage: 'adding' }, { stage: 'done', done: 1, total: 1 }]);
    assert.equal(link.pending, 0);
    link.terminate();
  });

  test('requests are answered one at a time, in the order they arrived', async () => {
    const first = gate();
    const log = [];
    const worker = new FakeWorker({
      async slow() {
        log.push('slow starts');
        await first.opened;
        log.push('slow ends');
        return 'slow';
      },
      quick() {
        log.push('quick');
        return 'quick';
      },
    });
    const link = new WorkerLink(worker);
    const slow = link.request('slow');
    const quick = link.request('quick');
    assert.equal(await outcome(quick), 'pending', 'the second request ran before the first ended');
    first.open();
    assert.deepEqual(await Promise.all([slow, quick]), ['slow', 'quick']);
    assert.deepEqual(log, ['slow starts', 'slow ends', 'quick']);
    link.terminate();
  });

  test("a handler's error arrives as a CoreError with its code, message and fields", async () => {
    const worker = new FakeWorker({
      refuse() {
        throw Object.assign(new CoreError('missing-companion', 'the right view is missing'), { roles: ['right'] });
      },
      crash() {
        throw new TypeError('x is undefined');
      },
    });
    const link = new WorkerLink(worker);
    await assert.rejects(link.request('refuse'), (error) => {
      assert.ok(error instanceof CoreError);
      assert.equal(error.code, 'missing-companion');
      assert.equal(error.message, 'the right view is missing');
      assert.deepEqual(error.roles, ['right']);
      return true;
    });
    // Not a CoreError: the core did not say what is wrong, so it is an internal error.
    await assert.rejects(link.request('crash'), { name: 'CoreError', code: 'internal', message: 'x is undefined' });
    await assert.rejects(link.request('nothing'), { code: 'invalid-argument', message: 'unknown request nothing' });
    link.terminate();
  });

  test("transferring() moves an answer's buffers; the request's transfer moves its own", async () => {
    let kept = null;
    const worker = new FakeWorker({
      echo({ bytes }) {
        kept = bytes;
        return transferring({ bytes }, [bytes]);
      },
    });
    const link = new WorkerLink(worker);
    const sent = new Uint8Array([1, 2, 3]).buffer;
    const { bytes } = await link.request('echo', { bytes: sent }, { transfer: [sent] });
    assert.equal(sent.byteLength, 0, 'the request copied the buffer instead of moving it');
    assert.equal(kept.byteLength, 0, 'the answer copied the buffer instead of moving it');
    assert.deepEqual([...new Uint8Array(bytes)], [1, 2, 3]);
    link.terminate();
  });

  test('notify() reaches onEvent, outside any request, before the answer sent after it', async () => {
    const events = [];
    const worker = new FakeWorker({
      tell() {
        notify({ pool: 'running' }, worker.scope);
        return events.length;
      },
    });
    const link = new WorkerLink(worker, { onEvent: (event) => events.push(event) });
    assert.equal(await link.request('tell'), 0);
    assert.deepEqual(events, [{ pool: 'running' }]);
    link.terminate();
  });

  test('a worker that fails rejects its pending requests, is terminated, and refuses later ones', async () => {
    const never = gate(); // the handler never answers: the worker "dies" while working
    const worker = new FakeWorker({ work: () => never.opened });
    const gone = [];
    const link = new WorkerLink(worker, { name: 'the test worker', onGone: (error) => gone.push(error) });
    const pending = [link.request('work'), link.request('work')];
    assert.equal(await outcome(pending[0]), 'pending');
    worker.fail('RuntimeError: unreachable');
    for (const request of pending) {
      await assert.rejects(request, {
        name: 'CoreError',
        code: 'unavailable',
        message: 'the test worker failed (RuntimeError: unreachable)',
      });
    }
    assert.equal(gone.length, 1, 'onGone is called once');
    assert.ok(worker.terminated, 'the failed worker is terminated');
    assert.equal(link.alive, false);
    assert.equal(link.pending, 0);
    await assert.rejects(link.request('work'), { code: 'unavailable' });
  });

  test('a worker whose script cannot load (a bare error event) says so', async () => {
    const worker = new FakeWorker({});
    const link = new WorkerLink(worker, { name: 'the decoder' });
    const request = link.request('start');
    worker.fail();
    await assert.rejects(request, { code: 'unavailable', message: 'the decoder could not be loaded' });
  });

  test('terminate() rejects pending requests with its reason', async () => {
    const never = gate();
    const worker = new FakeWorker({ work: () => never.opened });
    const link = new WorkerLink(worker);
    const request = link.request('work');
    link.terminate(new CoreError('unavailable', 'the decoder stopped'));
    await assert.rejects(request, { code: 'unavailable', message: 'the decoder stopped' });
    assert.ok(worker.terminated);
  });
});

// Colour workers that sum nothing real: each part adds (part + 1) to every sum and 1 to every count.
function colourHandlers({ hang = () => false } = {}) {
  return {
    start: () => ({}),
    async decode({ width, height, parts }, { progress }) {
      if (hang(parts)) await new Promise(() => {});
      const sums = new Uint32Array(width * height * 3);
      const counts = new Uint32Array(width * height);
      for (const part of parts) {
        sums.fill(sums[0] + part + 1);
        counts.fill(counts[0] + 1);
        progress({ part });
      }
      return transferring({ sums, counts }, [sums.buffer, counts.buffer]);
    },
  };
}

describe('ColourPool', () => {
  const pools = [];
  afterEach(() => pools.splice(0).forEach((pool) => pool.terminate()));

  test('sums every part from its workers and reports every tile', async () => {
    const workers = [];
    const createWorker = () => {
      workers.push(new FakeWorker(colourHandlers()));
      return workers.at(-1);
    };
    const pool = new ColourPool(2, null, { createWorker });
    pools.push(pool);
    await pool.ready;
    const progress = [];
    const request = { files: [], options: {}, width: 2, height: 1, maxParts: 10 };
    const { sums, counts } = await pool.decode(request, (done, total) => progress.push([done, total]));
    // 10 tiles in min(10, 2 workers x 3) = 6 parts: parts 0..5 each counted once.
    assert.deepEqual([...counts], [6, 6]);
    assert.equal(sums[0], 1 + 2 + 3 + 4 + 5 + 6);
    assert.equal(progress.length, 6);
    assert.deepEqual(progress.at(-1), [10, 10]);
    assert.ok(pool.alive);
  });

  test('a colour worker that fails mid-decode rejects the decode (it used to stay pending)', async () => {
    const workers = [];
    const createWorker = () => {
      // The second worker never answers its parts: it dies while decoding.
      workers.push(new FakeWorker(colourHandlers({ hang: () => workers.length === 2 })));
      return workers.at(-1);
    };
    const pool = new ColourPool(2, null, { createWorker });
    pools.push(pool);
    await pool.ready;
    const decode = pool.decode({ files: [], options: {}, width: 1, height: 1, maxParts: 4 });
    assert.equal(await outcome(decode), 'pending');
    workers[1].fail('out of memory');
    await assert.rejects(decode, {
      name: 'CoreError',
      code: 'unavailable',
      message: 'colour worker 2 failed (out of memory)',
    });
    assert.equal(pool.alive, false, 'the decode worker drops a pool with a failed worker');
  });

  test('a colour worker that cannot start rejects ready', async () => {
    const workers = [];
    const createWorker = () => {
      workers.push(new FakeWorker({ start: () => new Promise(() => {}) }));
      return workers.at(-1);
    };
    const pool = new ColourPool(2, null, { createWorker });
    pools.push(pool);
    workers[0].fail();
    await assert.rejects(pool.ready, { code: 'unavailable', message: 'colour worker 1 could not be loaded' });
  });
});

describe('DecoderClient', () => {
  let saved;
  afterEach(() => {
    globalThis.Worker = saved;
  });

  // The client starts its workers with `new Worker(url)`: here, stand-ins serving `handlers`.
  function withWorkers(handlers) {
    saved = globalThis.Worker;
    const started = [];
    globalThis.Worker = class extends FakeWorker {
      constructor(url) {
        super(handlers());
        this.url = String(url);
        started.push(this);
      }
    };
    return started;
  }

  test('a request to a worker that fails rejects, and the page is told once', async () => {
    const working = gate();
    const started = withWorkers(() => ({
      start: ({ wasm }) => ({ workers: 1, wasm }),
      open: () => {
        working.open();
        return new Promise(() => {}); // never answers: the worker dies while decoding
      },
    }));
    const failures = [];
    const statuses = [];
    const client = new DecoderClient({
      workers: 3,
      idleMs: 50,
      onFailed: (message) => failures.push(message),
      onStatus: (status) => statuses.push(status),
    });
    const open = client.call('open', { files: [] });
    await working.opened;
    assert.match(started[0].url, /\/decoder\/decode-worker\.js\?workers=3&idle=50$/);
    started[0].fail('RuntimeError: memory access out of bounds');
    await assert.rejects(open, {
      code: 'unavailable',
      message: 'the decoder failed (RuntimeError: memory access out of bounds)',
    });
    assert.deepEqual(failures, ['the decoder failed (RuntimeError: memory access out of bounds)']);
    assert.deepEqual(statuses, [{ decoder: 'running' }, { decoder: 'stopped', pool: 'stopped' }]);
    assert.ok(started[0].terminated);
  });

  test('a worker whose core does not start fails its requests with the reason', async () => {
    withWorkers(() => ({
      start: () => {
        throw new CoreError('unavailable', 'the decoder could not be loaded (HTTP 404)');
      },
    }));
    const failures = [];
    const client = new DecoderClient({ onFailed: (message) => failures.push(message) });
    await assert.rejects(client.call('open', {}), { message: 'the decoder could not be loaded (HTTP 404)' });
    assert.deepEqual(failures, ['the decoder could not be loaded (HTTP 404)']);
  });

  test('stop() rejects what was asked; the next call starts a worker and replays the page state', async () => {
    const asked = [];
    withWorkers(() => ({
      start: () => ({ workers: 1 }),
      open: ({ name }) => {
        asked.push(`open ${name}`);
        return {};
      },
      build: ({ options }) => {
        asked.push(`build ${options}`);
        return { built: options };
      },
    }));
    const client = new DecoderClient({
      idleMs: 60_000,
      reopen: (type) => (type === 'open' ? [] : [{ type: 'open', args: { name: 'again' } }]),
    });
    const open = client.call('open', { name: 'first' });
    client.stop();
    await assert.rejects(open, { code: 'unavailable', message: 'the decoder was stopped' });
    // A new worker: the open that made the page's state goes first, then the build.
    assert.deepEqual(await client.call('build', { options: 'grid=32' }), { built: 'grid=32' });
    assert.deepEqual(asked, ['open again', 'build grid=32']);
    assert.equal(client.starts, 2);
    client.stop();
  });
});
