// What the benchmarks share: timing one run after a full garbage collection, pairs of single runs
// back to back in ABBA order (this machine's speed drifts within seconds, so a slow spell hits
// both sides of a pair), and long-lived native processes that time one run per request line.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

// V8 sweeps after a collection on background threads: a pause lets it finish before timing.
export const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

export async function timed(work) {
  collectGarbage();
  await settle();
  const a = performance.now();
  await work();
  return performance.now() - a;
}

export const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];

// Pairs of single runs, ABBA. Returns the medians of a's and b's times, the median of the
// per-pair ratios b/a, and the ratio of the two fastest runs (the least disturbed of each side).
export async function pairs(count, a, b) {
  (await a(), await b()); // warm-up
  const ta = [],
    tb = [],
    ratio = [];
  for (let i = 0; i < count; i++) {
    let x, y;
    if (i % 2 === 0) ((x = await a()), (y = await b()));
    else ((y = await b()), (x = await a()));
    (ta.push(x), tb.push(y), ratio.push(y / x));
  }
  if (process.env.VERBOSE) console.log(ta.map((t, i) => `${t.toFixed(0)}/${tb[i].toFixed(0)}`).join(' '));
  return { a: median(ta), b: median(tb), ratio: median(ratio), best: Math.min(...tb) / Math.min(...ta) };
}

// A --serve process: it prints "ready", then answers each request line with one run's milliseconds.
export async function serving(bin, args) {
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await answers.next();
    if (done) throw new Error(`${bin} stopped`);
    return value;
  };
  if ((await next()) !== 'ready') throw new Error(`${bin} did not start`);
  return {
    run: async (what) => {
      await settle(); // as long a pause as the wasm side gets
      child.stdin.write(`${what}\n`);
      return Number(await next());
    },
    stop: () => child.stdin.end(),
  };
}

// A C++ benchmark built natively and as a node program of the wasm build (each prints JSON), run
// `rounds` times with the same arguments, alternately: the order flips every round, so neither
// side always meets the machine right after the other. Returns [{ native, wasm }], one a round.
export function alternateBuilds(nativeBin, wasmJs, args, rounds) {
  const run = (command, commandArgs) => JSON.parse(execFileSync(command, commandArgs, { encoding: 'utf8' }));
  const runNative = () => run(nativeBin, args);
  // Emscripten 3.1.6's node loader trips over Node 20's fetch.
  const runWasm = () => run(process.execPath, ['--no-experimental-fetch', wasmJs, ...args]);
  const results = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      const native = runNative();
      results.push({ native, wasm: runWasm() });
    } else {
      const wasm = runWasm();
      results.push({ native: runNative(), wasm });
    }
  }
  return results;
}
