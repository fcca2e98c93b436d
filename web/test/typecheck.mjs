// TypeScript run on a file written by a test, as a consumer of the project's .d.ts files would
// compile it (strict, ES2022, Node's module resolution), with the pinned typescript package.
// Returns { ok, output }: the tests assert ok and show tsc's output when it is not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

// lib: TypeScript's libraries (the DOM for page code; none beyond ES2022 for plain data).
export function typecheck(dir, file, { lib = ['es2022', 'dom'] } = {}) {
  const args = [TSC, '--noEmit', '--strict', '--target', 'es2022', '--lib', lib.join(','), '--module', 'nodenext'];
  args.push('--moduleResolution', 'nodenext', file);
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
