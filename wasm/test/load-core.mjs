// Loads the built wasm module in node. Emscripten 3.1.6's own node path is broken on Node 20, so
// the module is built for web and worker only and we hand it the bytes (wasmBinary).
import { readFile } from 'node:fs/promises';

export const libUrl = new URL('../../web/lib/', import.meta.url);
export const sharedData = new URL('../../../shared/data/', import.meta.url);

export async function loadCore() {
  const { default: createPixelAvatarCore } = await import(new URL('pixel-avatar-core.js', libUrl));
  const wasmBinary = await readFile(new URL('pixel-avatar-core.wasm', libUrl));
  return createPixelAvatarCore({ wasmBinary });
}

// Reads ../shared/data/<relative>, or returns null (the caller skips with a message).
export async function readShared(relative) {
  try {
    return new Uint8Array(await readFile(new URL(relative, sharedData)));
  } catch {
    return null;
  }
}
