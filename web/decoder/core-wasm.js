// Where the wasm core's .wasm is, written once, and its compilation. The page compiles it
// (decoder-client.js) and hands the module to each decode worker it starts; a worker that was
// handed none compiles it itself (core-module.js), and so says why it cannot. This module does not
// load the core's JS glue, so the page can import it without fetching the glue.
//
// The URL is relative to this file, and stays right when a bundler puts this module into a page
// script one folder below the site's root (the site's preview/preview.js, as web/decoder/ is here).
import { CoreError } from './core-session.js';

export const CORE_WASM_URL = new URL('../lib/pixel-avatar-core.wasm', import.meta.url);

/** Fetches and compiles lib/pixel-avatar-core.wasm; rejects with a CoreError ('unavailable'). */
export async function compileCore() {
  const response = await fetch(CORE_WASM_URL).catch((error) => {
    throw new CoreError('unavailable', `the decoder could not be loaded (${error.message})`);
  });
  if (!response.ok) throw new CoreError('unavailable', `the decoder could not be loaded (HTTP ${response.status})`);
  return WebAssembly.compileStreaming(response);
}
