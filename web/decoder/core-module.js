// Loading the wasm core in the decoder's workers. The .wasm is fetched and compiled once
// (core-wasm.js: by the page, else by the decode worker); the compiled WebAssembly.Module is then
// posted to the colour workers, which each instantiate it (own memory, own session). Sharing the
// compilation matters: browsers compile wasm lazily and optimise hot functions in the background,
// and with one module per worker that work is done once per worker, on the same few cores the
// decoding needs.
import createPixelAvatarCore from '../lib/pixel-avatar-core.js';

export { compileCore } from './core-wasm.js';

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
