// The decoder client's types (web/decoder/decoder-client.d.ts) checked by TypeScript against a
// consumer written as the preview page uses the client: each request's arguments and answer are
// typed, and a wrong request or argument is refused; and the request helper's
// (worker-requests.d.ts), on both sides.
// Run: node --test web/test/decoder-types.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typecheck } from './typecheck.mjs';

const CLIENT = fileURLToPath(new URL('../decoder/decoder-client.js', import.meta.url));
const REQUESTS = fileURLToPath(new URL('../decoder/worker-requests.js', import.meta.url));

const CONSUMER_TS = `import { DecoderClient, type DecoderError } from '${CLIENT}';
import { WorkerLink, serve, transferring, type WorkerRequestError } from '${REQUESTS}';

// The helper under both: a link to a worker, and a worker's handlers.
export async function ask(worker: Worker): Promise<number> {
  const link = new WorkerLink(worker, { name: 'a worker', onGone: (error: WorkerRequestError) => error.code });
  const sum = await link.request<number>('add', { a: 1, b: 2 }, { onProgress: (p) => p });
  link.terminate();
  // @ts-expect-error: a request's options are an object
  link.request('add', {}, []);
  return sum + link.pending + (link.alive ? 1 : 0);
}
serve({
  add: ({ a, b }, { progress }) => {
    progress({ stage: 'adding' });
    return a + b;
  },
  bytes: () => {
    const buffer = new ArrayBuffer(4);
    return transferring({ buffer }, [buffer]);
  },
});

const decoder = new DecoderClient({
  workers: 2,
  idleMs: 20_000,
  onProgress: ({ stage, done, total }) => console.log(stage.toUpperCase(), done ?? 0, total ?? 0),
  onStatus: (status) => console.log(status.decoder, status.pool, status.workers),
  onFailed: (message: string) => console.log(message.length),
  reopen: (type) => (type === 'open' ? [] : [{ type: 'open', args: { files: [] } }]),
});

export async function use(bytes: ArrayBuffer): Promise<number> {
  const photo = await decoder.call('open', { files: [{ name: 'a.heic', bytes }] }, [bytes]);
  const pixels: number = photo.width * photo.height + new Float32Array(photo.depth).length;
  const container: string = photo.info.container;
  const built = await decoder.call('build', { options: 'grid=48', personModel: null });
  if (built.needsPersonModel) return 0;
  const avatar: ArrayBuffer = built.avatar;
  const { data } = await decoder.call('export', { format: 'ply', what: 'avatar' });
  try {
    // @ts-expect-error: no such request
    await decoder.call('decode', {});
    // @ts-expect-error: an export format the core does not write
    await decoder.call('export', { format: 'obj' });
    // @ts-expect-error: open takes files
    await decoder.call('open', { file: bytes });
  } catch (error) {
    console.log((error as DecoderError).code);
  }
  decoder.stop();
  return pixels + container.length + avatar.byteLength + data.byteLength + decoder.starts;
}
`;

test('TypeScript accepts a consumer of the decoder client and of its request helper, and refuses wrong requests', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'decoder-types-'));
  try {
    writeFileSync(join(scratch, 'consumer.ts'), CONSUMER_TS);
    const { ok, output } = typecheck(scratch, 'consumer.ts');
    assert.ok(
      ok,
      `tsc failed:
${output}`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
