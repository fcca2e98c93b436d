// The preview page's decoder: a module worker that owns the wasm core (lib/pixel-avatar-core.*)
// and one session (decoder/core-session.js), so decoding a 12-megapixel HEIC never freezes the
// page. For grid photos it shares the tile decoding with a pool of workers (colour-pool.js).
//
// Started as decode-worker.js?workers=N: N > 1 starts a pool of N colour workers; 1 decodes
// everything here (the page picks N; ?workers=1 on the page measures the gain).
//
// Protocol: the page posts { id, type, ...args }; the worker answers { id, progress, done?, total? }
// while working and finally { id, result } or { id, error: { code, message } }. Requests run one
// at a time in arrival order. Types:
//   open    { files: [{ name, bytes: ArrayBuffer }], depthParams: "key=value..." } -> photo
//           (whatever the files are: the core decides, and says what is missing)
//   build   { options: "key=value\n..." }                  -> { avatar: ArrayBuffer, foreground }
//   export  { format: "ply"|"pcd"|"pcd-ascii", what: "points"|"avatar" } -> { data: ArrayBuffer }
// where photo = { info, width, height, colour: RGBA ArrayBuffer, depth: Float32 ArrayBuffer }.
import { CoreError, CoreSession, openInParts } from '../decoder/core-session.js';
import { ColourPool } from './colour-pool.js';
import { compileCore, instantiateCore } from './core-module.js';

// Photos beyond this many pixels are refused before decoding: wasm memory is finite, and an
// out-of-memory abort would kill the whole module.
const MAX_PIXELS = 64e6;
const POOL_SIZE = Number(new URL(import.meta.url).searchParams.get('workers')) || 1;

// The core is fetched and compiled once, for this worker and its pool, at once, so the page
// makes no request later.
const ready = (async () => {
  const wasmModule = await compileCore();
  const pool = POOL_SIZE > 1 ? new ColourPool(POOL_SIZE, wasmModule) : null;
  const session = new CoreSession(await instantiateCore(wasmModule));
  return { session, pool: await poolOrNull(pool) };
})();

// A pool that cannot start costs speed, not function: decode everything here instead.
async function poolOrNull(pool) {
  try {
    await pool?.ready;
    return pool;
  } catch (error) {
    console.warn(`colour workers unavailable, decoding in one worker: ${error.message}`);
    pool.terminate();
    return null;
  }
}

// What the page draws: the colour as RGBA (ImageData's layout), the depth as float metres.
function photo(session) {
  const { width, height } = session;
  const rgb = session.colour();
  const colour = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    colour[j] = rgb[i];
    colour[j + 1] = rgb[i + 1];
    colour[j + 2] = rgb[i + 2];
    colour[j + 3] = 255;
  }
  return { info: session.info(), width, height, colour: colour.buffer, depth: session.depth().buffer };
}

const handlers = {
  async open(state, { files, depthParams }, progress) {
    const { session, pool } = state;
    const options = { maxPixels: MAX_PIXELS, depthParams: depthParams ?? '' };
    if (!pool) {
      progress('decoding the photo');
      session.open(files, options);
      return photo(session);
    }
    // With a pool the colour comes in parts; the depth map alone opens quickly.
    progress('reading the depth map');
    await openInParts(session, files, options, (request) => decodeParts(state, request, progress));
    return photo(session);
  },

  build({ session }, { options }, progress) {
    progress('building the avatar');
    const { avatar, foreground } = session.buildAvatar(options ?? '');
    return { avatar: avatar.buffer, foreground };
  },

  export({ session }, { format, what }, progress) {
    progress(`writing ${format}`);
    return { data: session.export(format, what).buffer };
  },
};

// The colour parts of a tiled photo, decoded by the pool (a photo of one piece, a thumbnail or
// a single image, is decoded here: nothing to share). A pool worker that failed for a reason
// other than the file (its wasm aborted, say) is not trusted again: later photos are decoded
// here. The error still goes to the page.
async function decodeParts(state, request, progress) {
  const { session, pool } = state;
  if (request.maxParts === 1) {
    const { width, height } = request;  // the session holds the files it opened
    return session.decodeColourPart({ width, height, part: 0, parts: 1 }, request.options);
  }
  try {
    return await pool.decode(request, (done, total) => progress(`decoding tiles ${done}/${total}`, done, total));
  } catch (error) {
    if (!(error instanceof CoreError) || error.code === 'internal' || error.code === 'unavailable') {
      pool.terminate();
      state.pool = null;
    }
    throw error;
  }
}

// One request at a time: a session is not re-entrant, and the page drops stale builds anyway.
let queue = Promise.resolve();

self.onmessage = ({ data: request }) => {
  queue = queue.then(async () => {
    const progress = (stage, done, total) => self.postMessage({ id: request.id, progress: stage, done, total });
    try {
      progress('loading the decoder');
      const state = await ready;
      const handler = handlers[request.type];
      if (!handler) throw new CoreError('invalid-argument', `unknown request ${request.type}`);
      const result = await handler(state, request, progress);
      const transfer = [result.avatar, result.data, result.colour, result.depth].filter(Boolean);
      self.postMessage({ id: request.id, result }, transfer);
    } catch (error) {
      const code = error instanceof CoreError ? error.code : 'internal';
      self.postMessage({ id: request.id, error: { code, message: error?.message || String(error) } });
    }
  });
};

// Tell the page early whether the decoder is usable (and make it load now, not on first use).
ready.then(
  ({ pool }) => self.postMessage({ ready: true, workers: pool?.size ?? 1 }),
  (error) => self.postMessage({ ready: false, error: { code: error.code ?? 'unavailable', message: error.message } }),
);
