#!/usr/bin/env node
// One stage of two native builds against each other in one run: the quantisation (foreground,
// grid, palette, layers at the defaults) or any other request bench_pipeline --serve answers,
// timed as ABBA pairs of single runs of two long-lived processes (bench/abba.mjs), so both meet
// the same moments of a noisy machine. Prints each photo's medians and the median of the
// per-pair ratios B/A. A is typically the code before a change, built into another folder.
//
//   node bench/compare-builds.mjs A/bench/bench_pipeline B/bench/bench_pipeline [--stage quantise]
//        [--pairs 24] [photo ...]   (photos default to pug.heic and the selfie in ../shared/data)
import { existsSync } from 'node:fs';
import { pairs, serving } from './abba.mjs';

const args = process.argv.slice(2);
const take = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const stage = take('--stage', 'quantise');
const count = Number(take('--pairs', '24'));
const [a, b, ...photos] = args;
if (!a || !b || !existsSync(a) || !existsSync(b)) {
  console.error(
    'usage: node bench/compare-builds.mjs A/bench_pipeline B/bench_pipeline [--stage S] [--pairs N] [photo ...]',
  );
  process.exit(2);
}
const shared = new URL('../../shared/data/', import.meta.url).pathname;
const list = photos.length ? photos : ['real/pug.heic', 'real/selfie_front_truedepth.heic'].map((p) => shared + p);

console.log(`${stage}: A = ${a}\n${' '.repeat(stage.length + 2)}B = ${b}\n${count} ABBA pairs a line`);
for (const photo of list) {
  if (!existsSync(photo)) {
    console.log(`${photo}: SKIPPED, absent`);
    continue;
  }
  const [sa, sb] = [await serving(a, ['--serve', photo]), await serving(b, ['--serve', photo])];
  try {
    const r = await pairs(
      count,
      () => sa.run(stage),
      () => sb.run(stage),
    );
    console.log(
      `${photo.split('/').pop()}: A ${r.a.toFixed(2)} ms, B ${r.b.toFixed(2)} ms, B/A ${r.ratio.toFixed(2)}x (fastest runs ${r.best.toFixed(2)}x)`,
    );
  } finally {
    sa.stop();
    sb.stop();
  }
}
