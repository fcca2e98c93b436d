// The person model's inference, native against wasm in node: bench_person (bench/bench_person.cpp)
// built natively and as a node program of the wasm build, run alternately ROUNDS times on the
// shared selfie. Prints each step's median on both sides and the median of the per-round ratios.
// (The goal is wasm in Chromium at most 1.5x native; node runs the same V8.)
//   ROUNDS=4 RUNS=15 node bench/bench-person.mjs [PHOTO]
import { existsSync } from 'node:fs';
import { alternateBuilds, median } from './abba.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 4);
const RUNS = String(process.env.RUNS ?? 15);
const here = (path) => new URL(path, import.meta.url).pathname;
const photo = process.argv[2] ?? here('../../shared/data/real/selfie_front_truedepth.heic');
const native = here('../build/native/bench/bench_person');
const wasm = here('../build/wasm/bench/bench_person.js');
if (!existsSync(photo)) {
  console.log(`bench-person: SKIPPED, ${photo} is absent`);
  process.exit(0);
}
for (const built of [native, wasm]) {
  if (!existsSync(built)) throw new Error(`bench-person: ${built} is missing; run make native wasm`);
}

const rounds = alternateBuilds(native, wasm, [photo, '--runs', RUNS], ROUNDS);
if (rounds[0].native.skipped) {
  console.log(`bench-person: SKIPPED, ${rounds[0].native.skipped}`);
  process.exit(0);
}
const first = rounds[0].native;
console.log(
  `person model on ${photo.split('/').pop()} (mask ${first.width}x${first.height}), ${ROUNDS} alternating ` +
    `rounds of ${RUNS} runs; ms`,
);
console.log(
  `  ${'step'.padEnd(8)} ${'native'.padStart(8)} ${'wasm'.padStart(8)}  wasm/native   ` +
    `(medians: ${'native'.padStart(8)} ${'wasm'.padStart(8)})`,
);
for (const step of ['input', 'graph', 'mask', 'total']) {
  const fast = `${step}_fastest`;
  const n = Math.min(...rounds.map((r) => r.native[fast]));
  const w = Math.min(...rounds.map((r) => r.wasm[fast]));
  const ratio = median(rounds.map((r) => r.wasm[fast] / r.native[fast]));
  const nm = median(rounds.map((r) => r.native[step]));
  const wm = median(rounds.map((r) => r.wasm[step]));
  console.log(
    `  ${step.padEnd(8)} ${n.toFixed(2).padStart(8)} ${w.toFixed(2).padStart(8)}  ${ratio.toFixed(2).padStart(10)}x` +
      `             ${nm.toFixed(2).padStart(8)} ${wm.toFixed(2).padStart(8)}`,
  );
}
if (first.iou_vs_matte !== undefined) console.log(`  IoU against Apple's matte (at 128): ${first.iou_vs_matte}`);
