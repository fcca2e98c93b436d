// A small JS face for the wasm core's C API (wasm/binding/pixel_avatar_api.h), shared by the
// preview page's worker, the node tests and the benchmarks. It copies inputs into the wasm heap,
// turns status codes into CoreError, and re-takes heap views after every call because memory may
// have grown. It never touches the DOM, fetch or the file system: the caller creates the module.

// The C++ ErrorCode numbers (wasm/src/core/result.h), as names.
export const ERROR_NAMES = ['ok', 'invalid-argument', 'not-heif', 'corrupt', 'no-depth', 'unsupported',
  'too-large', 'io', 'bad-avatar-file', 'internal'];

export class CoreError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
  }
}

// Adds one colour part ({ sums, counts } from decodeColourPart) into another, in place, and
// returns it: the N parts of a photo added up are what setColourSums expects.
export function addColourParts(into, part) {
  for (let i = 0; i < into.sums.length; i++) into.sums[i] += part.sums[i];
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += part.counts[i];
  return into;
}

export class CoreSession {
  // core: the object createPixelAvatarCore() resolved to.
  // decodeColour: false opens photos for depth only; the colour then comes from parts
  // (decodeColourPart in other sessions, added up, then setColourSums).
  constructor(core, { maxPixels, decodeColour = true } = {}) {
    this.core = core;
    this.session = core._pxav_session_new();
    if (maxPixels) core._pxav_set_max_pixels(this.session, maxPixels);
    this.setDecodeColour(decodeColour);
  }

  // Whether the next openHeic decodes the colour itself (true) or leaves it to parts (false).
  setDecodeColour(on) { this.core._pxav_set_decode_colour(this.session, on ? 1 : 0); }

  free() {
    if (this.session) this.core._pxav_session_free(this.session);
    this.session = 0;
  }

  // ---- opening ---------------------------------------------------------------------------------

  openHeic(bytes) {
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    this.#withCopies([data], ([pointer]) => this.core._pxav_open_heic(this.session, pointer, data.byteLength));
    return this.info();
  }

  // colour: { width, height, data: RGBA bytes }; depth: { width, height, format: 0|1|2, data }.
  openRgbd(colour, depth, params = '') {
    this.#withCopies([colour.data, depth.data, params], ([c, d, p]) =>
      this.core._pxav_open_rgbd(this.session, c, colour.width, colour.height, d, depth.format, depth.width,
        depth.height, p));
    return this.info();
  }

  // One share of a grid photo's colour work: sums and counts on a width x height grid.
  decodeColourPart(bytes, width, height, part, parts) {
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    this.#withCopies([data], ([pointer]) =>
      this.core._pxav_decode_colour_part(this.session, pointer, data.byteLength, width, height, part, parts));
    // Sums live in the photo's stored frame (turned at the end), so their length is the core's to say.
    const pixels = this.core._pxav_colour_part_pixels(this.session);
    return {
      sums: this.#copy(Uint32Array, this.core._pxav_colour_sums(this.session), pixels * 3),
      counts: this.#copy(Uint32Array, this.core._pxav_colour_counts(this.session), pixels),
    };
  }

  setColourSums(sums, counts) {
    this.#withCopies([sums, counts], ([s, c]) => this.core._pxav_set_colour_sums(this.session, s, c));
  }

  // ---- reading what was opened -----------------------------------------------------------------

  info() { return JSON.parse(this.#string(this.core._pxav_info_json(this.session)) || 'null'); }
  get width() { return this.core._pxav_width(this.session); }
  get height() { return this.core._pxav_height(this.session); }

  // Copies, so they outlive the next call (which may grow memory and detach views).
  depth() { return this.#copy(Float32Array, this.core._pxav_depth(this.session), this.width * this.height); }
  colour() { return this.#copy(Uint8Array, this.core._pxav_colour(this.session), this.width * this.height * 3); }

  makePoints() {
    this.#check(this.core._pxav_make_points(this.session));
    const n = this.width * this.height;
    return {
      xyz: this.#copy(Float32Array, this.core._pxav_points_xyz(this.session), n * 3),
      rgb: this.#copy(Uint8Array, this.core._pxav_points_rgb(this.session), n * 3),
    };
  }

  // options: "key=value" text (grid, palette, layers, exaggeration, near, far, ...).
  buildAvatar(options = '') {
    this.#withCopies([options], ([p]) => this.core._pxav_build_avatar(this.session, p));
    return {
      avatar: this.#copy(Uint8Array, this.core._pxav_avatar_file(this.session),
        this.core._pxav_avatar_file_size(this.session)),
      foreground: JSON.parse(this.#string(this.core._pxav_foreground_json(this.session)) || 'null'),
    };
  }

  // format: 'ply' | 'pcd' | 'pcd-ascii'; what: 'points' (full resolution) or 'avatar'.
  export(format, what = 'points') {
    this.#withCopies([format], ([f]) => this.core._pxav_export(this.session, f, what === 'avatar' ? 1 : 0));
    return this.#copy(Uint8Array, this.core._pxav_export_data(this.session), this.core._pxav_export_size(this.session));
  }

  // ---- plumbing --------------------------------------------------------------------------------

  #check(status) {
    if (status !== 0) {
      throw new CoreError(ERROR_NAMES[status] ?? `error-${status}`, this.#string(this.core._pxav_error_message(this.session)));
    }
  }

  // Copies each input (bytes, or a string as NUL-terminated UTF-8) into the heap, runs call with
  // the pointers, frees them, and checks the status call returned.
  #withCopies(inputs, call) {
    const pointers = [];
    try {
      for (const input of inputs) {
        const bytes = typeof input === 'string' ? new TextEncoder().encode(`${input}\0`)
          : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
            : new Uint8Array(input);
        const pointer = this.core._pxav_alloc(Math.max(1, bytes.byteLength));
        if (!pointer) throw new CoreError('too-large', 'out of memory copying the input into the decoder');
        this.core.HEAPU8.set(bytes, pointer);
        pointers.push(pointer);
      }
      this.#check(call(pointers));
    } finally {
      for (const pointer of pointers) this.core._pxav_free(pointer);
    }
  }

  #string(pointer) {
    if (!pointer) return '';
    const heap = this.core.HEAPU8;
    const end = heap.indexOf(0, pointer);
    return new TextDecoder().decode(heap.subarray(pointer, end));
  }

  #copy(Type, pointer, length) {
    if (!pointer || length === 0) return new Type(0);
    return new Type(this.core.HEAPU8.buffer, pointer, length).slice();
  }
}
