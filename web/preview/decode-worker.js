// The preview page's decoder: a module worker that owns the wasm core (lib/pixel-avatar-core.*)
// and one session, so decoding a 12-megapixel HEIC never freezes the page.
//
// Protocol: the page posts { id, type, ...args }; the worker answers { id, progress } while
// working and finally { id, result } or { id, error: { code, message } }. Requests run one at a
// time in arrival order. Types:
//   open-heic  { bytes: ArrayBuffer }                         -> photo
//   open-rgbd  { colour: {width, height, data}, depth: {width, height, format, data}, params } -> photo
//   build      { options: "key=value\n..." }                  -> { avatar: ArrayBuffer, foreground }
//   export     { format: "ply"|"pcd"|"pcd-ascii", what: 0|1 } -> { data: ArrayBuffer }
// where photo = { info, width, height, colour: RGBA ArrayBuffer, depth: Float32 ArrayBuffer }.
import createPixelAvatarCore from '../lib/pixel-avatar-core.js';

// The C++ ErrorCode numbers (wasm/src/core/result.h), as names for the page.
const ERROR_NAMES = ['ok', 'invalid-argument', 'not-heif', 'corrupt', 'no-depth', 'unsupported',
  'too-large', 'io', 'bad-avatar-file', 'internal'];
// Photos beyond this many pixels are refused before decoding: wasm memory is finite, and an
// out-of-memory abort would kill the whole module.
const MAX_PIXELS = 64e6;

class CoreError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Emscripten 3.1.6 does not recognise module workers as workers: fetch the .wasm ourselves and
// hand over the bytes. Starts at once, so the page needs no request later.
const ready = (async () => {
  const response = await fetch(new URL('../lib/pixel-avatar-core.wasm', import.meta.url));
  if (!response.ok) throw new CoreError('unavailable', `the decoder could not be loaded (HTTP ${response.status})`);
  const core = await createPixelAvatarCore({ wasmBinary: await response.arrayBuffer() });
  const session = core._pxav_session_new();
  core._pxav_set_max_pixels(session, MAX_PIXELS);
  return { core, session };
})();

// Heap views must be re-taken after every call: memory may have grown and detached the old ones.
const heap = (core) => core.HEAPU8;

function readCString(core, pointer) {
  if (!pointer) return '';
  const bytes = heap(core);
  let end = pointer;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(pointer, end));
}

function copyOut(core, pointer, byteLength) {
  return heap(core).slice(pointer, pointer + byteLength).buffer;
}

// Copies bytes (or a string, NUL-terminated) into wasm memory; the caller frees.
function copyIn(core, data) {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data + '\0') : new Uint8Array(data);
  const pointer = core._pxav_alloc(Math.max(1, bytes.length));
  if (!pointer) throw new CoreError('too-large', 'out of memory');
  heap(core).set(bytes, pointer);
  return pointer;
}

function check({ core, session }, status) {
  if (status !== 0) {
    throw new CoreError(ERROR_NAMES[status] ?? `error-${status}`, readCString(core, core._pxav_error_message(session)));
  }
}

function photo({ core, session }) {
  const width = core._pxav_width(session);
  const height = core._pxav_height(session);
  const info = JSON.parse(readCString(core, core._pxav_info_json(session)) || '{}');
  const rgb = heap(core).subarray(core._pxav_colour(session), core._pxav_colour(session) + width * height * 3);
  const colour = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    colour[j] = rgb[i];
    colour[j + 1] = rgb[i + 1];
    colour[j + 2] = rgb[i + 2];
    colour[j + 3] = 255;
  }
  const depth = copyOut(core, core._pxav_depth(session), width * height * 4);
  return { info, width, height, colour: colour.buffer, depth };
}

const handlers = {
  'open-heic'(state, { bytes }, progress) {
    const { core, session } = state;
    progress('decoding the photo');
    const pointer = copyIn(core, bytes);
    try {
      check(state, core._pxav_open_heic(session, pointer, bytes.byteLength));
    } finally {
      core._pxav_free(pointer);
    }
    return photo(state);
  },

  'open-rgbd'(state, { colour, depth, params }, progress) {
    const { core, session } = state;
    progress('reading the colour and depth images');
    const colourPointer = copyIn(core, colour.data);
    const depthPointer = copyIn(core, depth.data);
    const paramsPointer = copyIn(core, params ?? '');
    try {
      check(state, core._pxav_open_rgbd(session, colourPointer, colour.width, colour.height,
        depthPointer, depth.format, depth.width, depth.height, paramsPointer));
    } finally {
      core._pxav_free(colourPointer);
      core._pxav_free(depthPointer);
      core._pxav_free(paramsPointer);
    }
    return photo(state);
  },

  build(state, { options }, progress) {
    const { core, session } = state;
    progress('building the avatar');
    const pointer = copyIn(core, options ?? '');
    try {
      check(state, core._pxav_build_avatar(session, pointer));
    } finally {
      core._pxav_free(pointer);
    }
    const avatar = copyOut(core, core._pxav_avatar_file(session), core._pxav_avatar_file_size(session));
    const foreground = JSON.parse(readCString(core, core._pxav_foreground_json(session)) || '{}');
    return { avatar, foreground };
  },

  export(state, { format, what }, progress) {
    const { core, session } = state;
    progress(`writing ${format}`);
    if (what === 0) check(state, core._pxav_make_points(session));
    const pointer = copyIn(core, format);
    try {
      check(state, core._pxav_export(session, pointer, what));
    } finally {
      core._pxav_free(pointer);
    }
    return { data: copyOut(core, core._pxav_export_data(session), core._pxav_export_size(session)) };
  },
};

// One request at a time: a session is not re-entrant, and the page drops stale builds anyway.
let queue = Promise.resolve();

self.onmessage = ({ data: request }) => {
  queue = queue.then(async () => {
    const progress = (stage) => self.postMessage({ id: request.id, progress: stage });
    try {
      progress('loading the decoder');
      const state = await ready;
      const handler = handlers[request.type];
      if (!handler) throw new CoreError('invalid-argument', `unknown request ${request.type}`);
      const result = handler(state, request, progress);
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
  () => self.postMessage({ ready: true }),
  (error) => self.postMessage({ ready: false, error: { code: error.code ?? 'unavailable', message: error.message } }),
);
