// Types for the Emscripten module factory the wasm build writes (web/lib/pixel-avatar-core.js):
// it resolves to the module whose _pxav_* functions are pixel_avatar_api.h's (exports.txt) and
// whose HEAPU8 is its memory. `make check-types` places this file beside the generated one.
import type { CoreModule } from '../decoder/core-session.js';

export interface CoreModuleOptions {
  /** The .wasm bytes (node: the module is built for web and worker only). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Emscripten's hook to instantiate an already compiled module. */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
}

export default function createPixelAvatarCore(options?: CoreModuleOptions): Promise<CoreModule>;
