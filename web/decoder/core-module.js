// Loading the wasm core in the preview's workers. The .wasm is fetched and compiled once, by the
// decode worker; the compiled WebAssembly.Module is then posted to the colour workers, which
// each instantiate it (own memory, own session). Sharing the compilation matters: browsers
// compile wasm lazily and optimise hot functions in the background, and with one module per
// worker that work is done once per worker, on the same few cores the decoding needs.
import createPixelAvatarCore from '../lib/pixel-avatar-core.js';
import { CoreError } from '../decoder/core-session.js';

/** Fetches and compiles lib/pixel-avatar-core.wasm. */
export async function compileCore() {
  const response = await fetch(new URL('../lib/pixel-avatar-core.wasm', import.meta.url));
  if (!response.ok) throw new CoreError('unavailable', `the decoder could not be loaded (HTTP ${response.status})`);
  return WebAssembly.compileStreaming(response);
}

/** A core instance (what createPixelAvatarCore resolves to) of an already compiled module. */
export function instantiateCore(wasmModule) {
  return new Promise((resolve, reject) => {
    // Emscripten's hook for instantiating the module ourselves: it also keeps Emscripten 3.1.6
    // from fetching the .wasm itself, which fails in module workers (it does not detect them).
    const instantiateWasm = (imports, receiveInstance) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule), reject);
      return {}; // the exports arrive through receiveInstance
    };
    createPixelAvatarCore({ instantiateWasm }).then(resolve, reject);
  });
}
