// Where the wasm build loses time, stage by stage: bench_stages (bench/bench_stages.cpp) built
// natively and as a node program of the wasm build, run alternately ROUNDS times on pug.heic.
// Prints each stage's fastest time on both sides and the median of the per-round ratios.
// Not a test; the issues' goals are checked by bench-wasm.mjs.
//   ROUNDS=4 node bench/bench-stages.mjs
import { existsSync } from 'node:fs';
import { alternateBuilds, median } from './abba.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 4);
const RUNS = String(process.env.RUNS ?? 5);
const here = (path) => new URL(path, import.meta.url).pathname;
const pug = here('../../shared/data/real/pug.heic');
const native = here('../build/native/bench/bench_stages');
const wasm = here('../build/wasm/bench/bench_stages.js');
if (!existsSync(pug)) {
  console.log('bench-stages: SKIPPED, ../shared/data/real/pug.heic is absent');
  process.exit(0);
}
for (const built of [native, wasm]) {
  if (!existsSync(built)) throw new Error(`bench-stages: ${built} is missing; run make native wasm`);
}

const rounds = alternateBuilds(native, wasm, [pug, '--runs', RUNS], ROUNDS);
console.log(`pug.heic, ${ROUNDS} alternating rounds; fastest run of each side, median of per-round ratios`);
console.log(`  ${'stage'.padEnd(30)} ${'native'.padStart(10)} ${'wasm'.padStart(10)}   wasm/native`);
for (const stage of Object.keys(rounds[0].native)) {
  const n = Math.min(...rounds.map((r) => r.native[stage]));
  const w = Math.min(...rounds.map((r) => r.wasm[stage]));
  const ratio = median(rounds.map((r) => r.wasm[stage] / r.native[stage]));
  console.log(`  ${stage.padEnd(30)} ${n.toFixed(3).padStart(10)} ${w.toFixed(3).padStart(10)}   ${ratio.toFixed(2)}x`);
}
