// A small JS face for the wasm core's C API (wasm/binding/pixel_avatar_api.h), shared by the
// preview page's workers, the node tests and the benchmarks. It checks argument types and
// lengths before it touches the wasm heap, copies inputs in, turns the core's errors into
// CoreError (code name, sentence and machine-readable fields), and re-takes heap views after
// every call because memory may have grown. It never touches the DOM, fetch or the file system:
// the caller creates the module. Its types, and those of the JSON it returns, are
// core-session.d.ts and photo-info.d.ts (checked against this file by `make check-types`).

// The C status codes (PXAV_OK, PXAV_ERROR_*; wasm/src/core/result.h's ErrorCode), by number.
// wasm/test/api.test.mjs checks this list against both headers.
export const ERROR_NAMES = [
  'ok',
  'invalid-argument',
  'unsupported-format',
  'corrupt',
  'no-depth',
  'unsupported',
  'too-large',
  'io',
  'bad-avatar-file',
  'internal',
  'missing-companion',
  'unusable-pair',
];

// pxav_export's PXAV_FORMAT_* and PXAV_CONTENT_* (checked against the header by the same test).
export const EXPORT_FORMATS = { ply: 0, pcd: 1, 'pcd-ascii': 2, png: 3, pfm: 4 };
export const EXPORT_CONTENTS = {
  points: 0,
  avatar: 1,
  'avatar-layers': 2,
  'depth-view': 3,
  disparity: 4,
  'subject-mask': 5,
};

/** @typedef {import('./core-session.js').CoreError} DeclaredCoreError */
/** @typedef {import('./core-session.js').CoreSession} DeclaredCoreSession */
/** @typedef {import('./photo-info.js').ErrorFields} ErrorFields */
/** @typedef {import('./photo-info.js').PhotoInfo} PhotoInfo */
/** @typedef {import('./photo-info.js').ForegroundInfo} ForegroundInfo */
/** @typedef {import('./core-session.js').OpenOptions} OpenOptions */
/** @typedef {import('./core-session.js').InputFile} InputFile */
/** @typedef {import('./core-session.js').ColourPart} ColourPart */
/** @typedef {import('./core-session.js').DecodeParts} DecodeParts */

/** @implements {DeclaredCoreError} */
export class CoreError extends Error {
  /**
   * @param {string} code an ERROR_NAMES entry (or 'unavailable' from the page's workers)
   * @param {string} message the core's sentence
   * @param {ErrorFields} [fields] what a program acts on: missing, ambiguous and files, check
   */
  constructor(code, message, fields = {}) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.fields = fields;
  }
}

const invalid = (message) => new CoreError('invalid-argument', message);

// Bytes of a file as a Uint8Array view (no copy), or a CoreError naming what was passed.
function bytesOf(data, what) {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw invalid(`${what} must be bytes (Uint8Array or ArrayBuffer), not ${data === null ? 'null' : typeof data}`);
}

const OPEN_OPTIONS = ['maxPixels', 'maxDepthPixels', 'decodeColour', 'exactColour', 'settings'];

// The options text of pxav_open and pxav_decode_colour_part.
/** @param {OpenOptions} [options] */
function openOptionsText({ maxPixels, maxDepthPixels, decodeColour = true, exactColour = false } = {}) {
  const items = [`decode-colour=${decodeColour ? 1 : 0}`, `exact-colour=${exactColour ? 1 : 0}`];
  for (const [key, pixels] of [
    ['max-megapixels', maxPixels],
    ['max-depth-megapixels', maxDepthPixels],
  ]) {
    if (pixels === undefined) continue;
    if (!(typeof pixels === 'number' && pixels > 0)) throw invalid(`${key}: a pixel limit must be a positive number`);
    items.push(`${key}=${pixels / 1e6}`);
  }
  return items.join('\n');
}

/** @implements {DeclaredCoreSession} */
export class CoreSession {
  // core: the object createPixelAvatarCore() resolved to.
  /** @param {import('./core-session.js').CoreModule} core */
  constructor(core) {
    this.core = core;
    this.session = core._pxav_session_new();
  }

  free() {
    if (this.session) this.core._pxav_session_free(this.session);
    this.session = 0;
  }

  // ---- opening ---------------------------------------------------------------------------------

  // files: [{ name, bytes, role }], one HEIC photo or depth JPEG, a colour image and its depth
  // map, or the two views of a stereo pair (role 'left' and 'right'); the core tells which is
  // which, and says what is missing. options: { maxPixels, maxDepthPixels, decodeColour,
  // exactColour, settings } where settings maps a reader settings name to its text (pxav_set_reader_settings:
  // "depth" for colour + depth pairs, "stereo" for stereo inputs, "key=value" text or a
  // Middlebury calib.txt); readers take only their own. Returns the info object
  // (pipeline/describe_json.h).
  /**
   * @param {InputFile[]} files
   * @param {OpenOptions} [options]
   * @returns {PhotoInfo}
   */
  open(files, options = {}) {
    // An option the session does not know is refused, not ignored: a renamed one (the stereo
    // parameters before the settings map) would otherwise open the files as if it were absent.
    for (const key of Object.keys(options))
      if (!OPEN_OPTIONS.includes(key)) throw invalid(`open: unknown option ${key} (known: ${OPEN_OPTIONS.join(', ')})`);
    this.addFiles(files);
    const { settings = {} } = options;
    if (typeof settings !== 'object' || settings === null) throw invalid('settings must be { name: text }');
    this.core._pxav_clear_reader_settings(this.session);
    for (const [name, text] of Object.entries(settings)) {
      if (typeof text !== 'string') throw invalid(`settings.${name} must be text ("key=value" or a calib.txt)`);
      this.#call([name, text], ([n, t]) =>
        this.core._pxav_set_reader_settings(this.session, n.pointer, n.size, t.pointer, t.size),
      );
    }
    this.#call([openOptionsText(options)], ([o]) => this.core._pxav_open(this.session, o.pointer, o.size));
    return this.info();
  }

  // Replaces the session's files (open and decodeColourPart read them).
  /** @param {InputFile[]} files */
  addFiles(files) {
    if (!Array.isArray(files) || files.length === 0) throw invalid('give at least one file: [{ name, bytes }]');
    const checked = files.map((file, i) => {
      const { name = '', bytes = undefined, role = '' } = file ?? {};
      if (typeof name !== 'string') throw invalid(`file ${i + 1}: its name must be a string`);
      if (typeof role !== 'string') throw invalid(`file ${i + 1}: its role must be a string`);
      return { name, bytes: bytesOf(bytes, name || `file ${i + 1}`), role };
    });
    this.core._pxav_clear_files(this.session);
    checked.forEach(({ name, bytes, role }, index) => {
      this.#call([name], ([n]) => {
        const target = this.core._pxav_add_file(this.session, n.pointer, n.size, bytes.byteLength);
        if (!target) this.#throwLastError('too-large');
        this.core.HEAPU8.set(bytes, target);
        return 0;
      });
      if (role) this.#call([role], ([r]) => this.core._pxav_set_file_role(this.session, index, r.pointer, r.size));
    });
  }

  // ---- colour in parts -------------------------------------------------------------------------

  // After open(files, { decodeColour: false }): { count, width, height }; count 0 = the colour is
  // complete, else it comes in `count` parts on a width x height grid.
  colourParts() {
    return {
      count: this.core._pxav_colour_part_count(this.session),
      width: this.core._pxav_colour_grid_width(this.session),
      height: this.core._pxav_colour_grid_height(this.session),
    };
  }

  // One share of the colour of the files added last (addFiles, once for all the shares a session
  // decodes): { sums, counts } for the grid of colourParts() of the session that opened them.
  decodeColourPart({ width, height, part, parts }, options = {}) {
    for (const [key, v] of Object.entries({ width, height, part, parts }))
      if (!Number.isInteger(v)) throw invalid(`decodeColourPart: ${key} must be an integer`);
    this.#call([openOptionsText(options)], ([o]) =>
      this.core._pxav_decode_colour_part(this.session, o.pointer, o.size, width, height, part, parts),
    );
    const pixels = this.core._pxav_colour_part_pixels(this.session);
    return {
      sums: this.#copy(Uint32Array, this.core._pxav_colour_sums(this.session), pixels * 3),
      counts: this.#copy(Uint32Array, this.core._pxav_colour_counts(this.session), pixels),
    };
  }

  setColourSums(sums, counts) {
    if (!(sums instanceof Uint32Array) || !(counts instanceof Uint32Array))
      throw invalid('setColourSums takes two Uint32Arrays (sums, counts)');
    this.#call([sums, counts], ([s, c]) =>
      this.core._pxav_set_colour_sums(this.session, s.pointer, sums.length, c.pointer, counts.length),
    );
  }

  // ---- reading what was opened -----------------------------------------------------------------

  /** @returns {PhotoInfo | null} */
  info() {
    return JSON.parse(
      this.#string(this.core._pxav_info_json(this.session), this.core._pxav_info_json_size(this.session)) || 'null',
    );
  }
  get width() {
    return this.core._pxav_width(this.session);
  }
  get height() {
    return this.core._pxav_height(this.session);
  }

  // Copies, so they outlive the next call (which may grow memory and detach views).
  depth() {
    return this.#copy(Float32Array, this.core._pxav_depth(this.session), this.width * this.height);
  }
  colour() {
    return this.#copy(Uint8Array, this.core._pxav_colour(this.session), this.width * this.height * 3);
  }

  makePoints() {
    this.#check(this.core._pxav_make_points(this.session));
    const n = this.width * this.height;
    return {
      xyz: this.#copy(Float32Array, this.core._pxav_points_xyz(this.session), n * 3),
      rgb: this.#copy(Uint8Array, this.core._pxav_points_rgb(this.session), n * 3),
    };
  }

  // options: "key=value" text (grid, palette, layers, exaggeration, near, far, ...).
  /** @returns {{ avatar: Uint8Array, foreground: ForegroundInfo | null }} */
  buildAvatar(options = '') {
    if (typeof options !== 'string') throw invalid('avatar options must be "key=value" text');
    this.#call([options], ([o]) => this.core._pxav_build_avatar(this.session, o.pointer, o.size));
    return {
      avatar: this.#copy(
        Uint8Array,
        this.core._pxav_avatar_file(this.session),
        this.core._pxav_avatar_file_size(this.session),
      ),
      foreground: JSON.parse(
        this.#string(
          this.core._pxav_foreground_json(this.session),
          this.core._pxav_foreground_json_size(this.session),
        ) || 'null',
      ),
    };
  }

  // ---- the person model ------------------------------------------------------------------------

  // The person model's .tflite (bytes), kept by the session across photos; null removes it.
  // Throws CoreError (unsupported-format, corrupt, unsupported) for a file the core cannot use:
  // the session then has none, and avatars are cut from depth alone.
  setPersonModel(bytes) {
    this.#setModel(this.core._pxav_set_person_model, bytes, 'the person model');
  }

  // The face detector's .tflite (bytes) that travels with the person model: the person decision
  // needs a face, and most photos carry none the camera found. Kept across photos, set before or
  // after the person model; null removes it. Throws CoreError as setPersonModel does.
  setFaceModel(bytes) {
    this.#setModel(this.core._pxav_set_face_model, bytes, 'the face model');
  }

  // Whether buildAvatar(options) on the open photo would ask the person model (no matte in use,
  // no near/far window, person=1): the page fetches the model only then.
  personModelWanted(options = '') {
    if (typeof options !== 'string') throw invalid('avatar options must be "key=value" text');
    let wanted = 0;
    this.#call([options], ([o]) => {
      wanted = this.core._pxav_person_model_wanted(this.session, o.pointer, o.size);
      return 0;
    });
    return wanted === 1;
  }

  // format: a key of EXPORT_FORMATS ('ply' | 'pcd' | 'pcd-ascii' | 'png' | 'pfm'); what: a key of
  // EXPORT_CONTENTS ('points' | 'avatar' | 'avatar-layers' | 'depth-view' | 'disparity' |
  // 'subject-mask'). The avatar contents and the subject mask need buildAvatar first; the
  // disparity map (PFM or PNG) is a stereo input's.
  export(format, what = 'points') {
    if (!(format in EXPORT_FORMATS))
      throw invalid(`export format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}`);
    if (!(what in EXPORT_CONTENTS))
      throw invalid(`export content must be one of ${Object.keys(EXPORT_CONTENTS).join(', ')}`);
    this.#check(this.core._pxav_export(this.session, EXPORT_FORMATS[format], EXPORT_CONTENTS[what]));
    return this.#copy(Uint8Array, this.core._pxav_export_data(this.session), this.core._pxav_export_size(this.session));
  }

  // ---- plumbing --------------------------------------------------------------------------------

  // A model file for one of the pxav_set_*_model calls: bytes copied in, or null for none.
  #setModel(setter, bytes, what) {
    if (bytes === null) {
      this.#check(setter(this.session, 0, 0));
      return;
    }
    const model = bytesOf(bytes, what);
    this.#call([model], ([m]) => setter(this.session, m.pointer, m.size));
  }

  // The session's error (pxav_error_json) as a CoreError; `fallback` is the code when it has none.
  #lastError(fallback) {
    const json = this.#string(this.core._pxav_error_json(this.session), this.core._pxav_error_json_size(this.session));
    if (!json) return new CoreError(fallback, 'out of memory');
    const { code, message, fields } = JSON.parse(json);
    return new CoreError(code, message, fields);
  }

  #throwLastError(fallback) {
    throw this.#lastError(fallback);
  }

  #check(status) {
    if (status !== 0) throw this.#lastError(ERROR_NAMES[status] ?? `error-${status}`);
  }

  // Copies each input (bytes, or a string as UTF-8) into the heap, runs call with their
  // { pointer, size } (size in bytes), frees them, and checks the status call returned.
  #call(inputs, call) {
    const copies = [];
    try {
      for (const input of inputs) {
        const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : bytesOf(input, 'input');
        const pointer = this.core._pxav_alloc(Math.max(1, bytes.byteLength));
        if (!pointer) throw new CoreError('too-large', 'out of memory copying the input into the decoder');
        this.core.HEAPU8.set(bytes, pointer);
        copies.push({ pointer, size: bytes.byteLength });
      }
      this.#check(call(copies));
    } finally {
      for (const { pointer } of copies) this.core._pxav_free(pointer);
    }
  }

  #string(pointer, size) {
    if (!pointer || !size) return '';
    return new TextDecoder().decode(this.core.HEAPU8.subarray(pointer, pointer + size));
  }

  #copy(Type, pointer, length) {
    if (!pointer || length === 0) return new Type(0);
    return new Type(this.core.HEAPU8.buffer, pointer, length).slice();
  }
}

// Adds one colour part ({ sums, counts }) into another, in place, and returns it.
/** @type {typeof import('./core-session.js').addColourParts} */
export function addColourParts(into, part) {
  for (let i = 0; i < into.sums.length; i++) into.sums[i] += part.sums[i];
  for (let i = 0; i < into.counts.length; i++) into.counts[i] += part.counts[i];
  return into;
}

// The recipe for opening with the colour split over helpers, written once: open for depth only,
// let decodeParts({ files, options, width, height, maxParts }) return the summed { sums, counts }
// of the N <= maxParts parts it chose to split the colour into (a worker pool, or helper sessions
// in this thread: sharedBy), and hand them to the session. Photos whose colour comes whole are
// left as open() returned them. Returns the info.
/** @type {typeof import('./core-session.js').openInParts} */
export async function openInParts(session, files, options, decodeParts) {
  session.open(files, { ...options, decodeColour: false });
  const { count, width, height } = session.colourParts();
  if (count > 0) {
    const { sums, counts } = await decodeParts({ files, options, width, height, maxParts: count });
    session.setColourSums(sums, counts);
  }
  return session.info();
}

// A decodeParts for openInParts from helper sessions in this thread (tests, benchmarks): one part
// per helper.
/** @type {typeof import('./core-session.js').sharedBy} */
export function sharedBy(helpers) {
  return async ({ files, options, width, height, maxParts }) => {
    const parts = Math.min(maxParts, helpers.length);
    let total = null;
    for (let part = 0; part < parts; part++) {
      helpers[part].addFiles(files);
      const share = helpers[part].decodeColourPart({ width, height, part, parts }, options);
      total = total ? addColourParts(total, share) : share;
    }
    return total;
  };
}
