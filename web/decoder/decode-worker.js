// The preview page's decoder: a module worker that owns the wasm core (lib/pixel-avatar-core.*)
// and one session (core-session.js), so decoding a 12-megapixel HEIC never freezes the page. For
// grid photos it shares the tile decoding with a pool of workers (colour-pool.js).
//
// Started as decode-worker.js?workers=N&idle=MS (by decoder-client.js): N > 1 decodes grid photos
// with a pool of N colour workers; 1 decodes everything here (the page picks N; ?workers=1 on the
// page measures the gain). The pool starts when a grid photo needs it and is terminated after MS
// without one, as the page terminates this worker after MS without a request: a wasm heap only
// ever grows, so idle decoders give their memory back by going away.
//
// Requests (worker-requests.js), answered one at a time in arrival order; each reports progress
// { stage, done?, total? } while it works, and the worker notifies { workers } or { pool } when
// the decoders of a photo change:
//   start   { wasm: WebAssembly.Module | null } -> { workers: N }, first, once: the core as the
//           page compiled it (null: fetch and compile it here, and so say why it cannot)
//   open    { files: [{ name, bytes: ArrayBuffer, role }], settings: { depth, stereo } } -> photo
//           (whatever the files are: the core decides, and says what is missing; settings: the
//           per-reader settings texts, core-session.js's OpenOptions.settings)
//   build   { options: "key=value\n...", personModel }    -> { avatar: ArrayBuffer, foreground }
//           personModel: the .tflite's bytes (ArrayBuffer), null (the page has none: cut from
//           depth), or absent (not fetched yet): then a photo that wants the model answers
//           { needsPersonModel: true } without building, and the page fetches it and asks again.
//   export  { format, what } -> { data: ArrayBuffer }: a key of core-session.js's EXPORT_FORMATS
//           ("ply"|"pcd"|"pcd-ascii"|"png"|"pfm") and one of its EXPORT_CONTENTS ("points"|"avatar"|
//           "avatar-layers"|"depth-view"|"disparity"|"subject-mask")
// where photo = { info, width, height, colour: RGBA ArrayBuffer, depth: Float32 ArrayBuffer }.
// decoder-client.d.ts types them.
import { CoreError, CoreSession, openInParts } from './core-session.js';
import { ColourPool } from './colour-pool.js';
import { compileCore, instantiateCore } from './core-module.js';
import { notify, serve, transferring } from './worker-requests.js';

// Photos beyond this many pixels are refused before decoding: wasm memory is finite, and an
// out-of-memory abort would kill the whole module.
const MAX_PIXELS = 64e6;
const params = new URL(import.meta.url).searchParams;
const POOL_SIZE = Number(params.get('workers')) || 1;
const IDLE_MS = Number(params.get('idle')) || 20_000;

// The core as a compiled module (from the page, or compiled here), shared by this worker's
// session and every pool it starts.
async function start(wasm) {
  const wasmModule = wasm ?? (await compileCore());
  const session = new CoreSession(await instantiateCore(wasmModule));
  return { session, wasmModule, pool: null, poolTimer: 0, poolBroken: POOL_SIZE < 2 };
}

const status = (fields) => notify(fields);

// The pool for a grid photo, started now if it is not running. A pool that cannot start costs
// speed, not function: null, and everything is decoded here from then on.
async function poolFor(state) {
  clearTimeout(state.poolTimer);
  // A colour worker that failed between photos: decode here from now on, as after a failed part.
  if (state.pool && !state.pool.alive) dropPool(state);
  if (state.pool || state.poolBroken) return state.pool;
  const pool = new ColourPool(POOL_SIZE, state.wasmModule);
  try {
    await pool.ready;
    state.pool = pool;
    status({ pool: 'running' });
  } catch (error) {
    console.warn(`colour workers unavailable, decoding in one worker: ${error.message}`);
    pool.terminate();
    state.poolBroken = true;
  }
  return state.pool;
}

// The pool is not trusted again: later photos are decoded in this worker.
function dropPool(state) {
  state.pool.terminate();
  state.pool = null;
  state.poolBroken = true;
  status({ pool: 'stopped' });
}

function stopPoolWhenIdle(state) {
  clearTimeout(state.poolTimer);
  state.poolTimer = setTimeout(() => {
    state.pool?.terminate();
    state.pool = null;
    status({ pool: 'stopped' });
  }, IDLE_MS);
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
  async open(state, { files, settings }, progress) {
    const { session } = state;
    const options = { maxPixels: MAX_PIXELS, settings: settings ?? {} };
    if (state.poolBroken) {
      progress('decoding the photo');
      session.open(files, options);
      status({ workers: 1 });
      return photo(session);
    }
    // With a pool the colour comes in parts; the depth map alone opens quickly.
    progress('reading the depth map');
    let workers = 1;
    await openInParts(session, files, options, async (request) => {
      const parts = await decodeParts(state, request, progress);
      if (request.maxParts > 1 && state.pool) workers = state.pool.size;
      return parts;
    });
    status({ workers });
    return photo(session);
  },

  build(state, { options = '', personModel, faceModel }, progress) {
    const { session } = state;
    // Each model is read once per worker; one the core cannot use is reported with the avatar,
    // which is then cut from depth alone (without the face detector only the camera's faces count).
    const load = (key, bytes, set) => {
      if (!bytes || state[key]) return;
      state[key] = { error: null };
      try {
        set(bytes);
      } catch (error) {
        state[key].error = error.message;
      }
    };
    load('faceModel', faceModel, (bytes) => session.setFaceModel(bytes));
    load('personModel', personModel, (bytes) => session.setPersonModel(bytes));
    if (personModel === undefined && !state.personModel && session.personModelWanted(options))
      return { needsPersonModel: true };
    progress(state.personModel && session.personModelWanted(options) ? 'looking for a person' : 'building the avatar');
    const { avatar, foreground } = session.buildAvatar(options);
    return { avatar: avatar.buffer, foreground, personModelError: state.personModel?.error ?? null };
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
  const { session } = state;
  const pool = request.maxParts === 1 ? null : await poolFor(state);
  if (!pool) {
    const { width, height } = request; // the session holds the files it opened
    return session.decodeColourPart({ width, height, part: 0, parts: 1 }, request.options);
  }
  try {
    return await pool.decode(request, (done, total) => progress(`decoding tiles ${done}/${total}`, done, total));
  } catch (error) {
    if (!(error instanceof CoreError) || error.code === 'internal' || error.code === 'unavailable') dropPool(state);
    throw error;
  } finally {
    if (state.pool) stopPoolWhenIdle(state);
  }
}

// The core, once the page's first request (start) has handed it over.
let ready = null;

// One request at a time (serve's order): a session is not re-entrant, and the page drops stale
// builds anyway.
serve({
  async start({ wasm }) {
    ready = start(wasm ?? null);
    try {
      await ready;
    } catch (error) {
      throw error instanceof CoreError ? error : new CoreError('unavailable', error.message);
    }
    return { workers: POOL_SIZE };
  },
  ...Object.fromEntries(
    Object.entries(handlers).map(([type, handler]) => [
      type,
      async (args, { progress }) => {
        const report = (stage, done, total) => progress({ stage, done, total });
        report('loading the decoder');
        if (!ready) throw new CoreError('invalid-argument', `${type} before start`);
        const result = await handler(await ready, args, report);
        return transferring(result, [result.avatar, result.data, result.colour, result.depth].filter(Boolean));
      },
    ]),
  ),
});
