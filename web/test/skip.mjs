// When a test cannot run: outside CI it is skipped and says why; under CI=true, where the
// browsers, the builds and ../shared are all present, it fails instead, so nothing passes by not
// running. No dependencies: the wasm tests (wasm/test/) use it too.

const inCI = () => process.env.CI === 'true';

/**
 * Why a suite cannot run, or null: the first reason given. Outside CI a reason skips the suite
 * (and is printed); under CI=true it throws, failing the file.
 */
export function skipOrFailInCI(suite, ...reasons) {
  const reason = reasons.find(Boolean) ?? null;
  if (!reason) return null;
  if (inCI()) throw new Error(`${suite}: CI=true, but the suite cannot run: ${reason}`);
  console.log(`# ${suite} tests skipped: ${reason}`);
  return reason;
}

/**
 * One test that cannot run (its shared file is absent, say): `return skipTestOrFailInCI(t, why)`
 * skips it with the reason, or under CI=true fails it with the reason.
 */
export function skipTestOrFailInCI(t, reason) {
  if (inCI()) throw new Error(`CI=true, but this test cannot run: ${reason}`);
  t.skip(reason);
}
