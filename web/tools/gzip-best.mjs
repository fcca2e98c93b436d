#!/usr/bin/env node
// The gzip copies the site serves, made by Zopfli (Debian's `zopfli`): the same gzip format any
// browser decodes, about 5% smaller than zlib's -9 on the wasm core, at the cost of seconds once
// at build time instead of on every request. `make size` reports the same bytes the site serves.
//
//   node web/tools/gzip-best.mjs FILE      prints the size of FILE's best gzip, in bytes
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Five iterations: within 0.02% of Zopfli's default fifteen on the wasm core, in half the time.
const ZOPFLI_ARGS = ['--gzip', '--i5', '-c'];

/** @param {Uint8Array} bytes @returns {Buffer} the bytes as a gzip stream */
export function gzipBest(bytes) {
  // Zopfli reads files, not standard input.
  const dir = mkdtempSync(join(tmpdir(), 'pxav-gzip-'));
  try {
    const input = join(dir, 'in');
    writeFileSync(input, bytes);
    const run = spawnSync('zopfli', [...ZOPFLI_ARGS, input], { maxBuffer: 256 * 1024 * 1024 });
    if (run.error?.code === 'ENOENT') {
      throw new Error('zopfli is not installed: bash third_party/install-packages.sh (or apt-get install zopfli)');
    }
    if (run.status !== 0) throw new Error(`zopfli failed: ${run.stderr.toString().trim() || `exit ${run.status}`}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node web/tools/gzip-best.mjs FILE');
    process.exit(2);
  }
  try {
    console.log(gzipBest(readFileSync(file)).length);
  } catch (error) {
    console.error(`gzip-best: ${error.message}`);
    process.exit(1);
  }
}
