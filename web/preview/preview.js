// The upload-and-preview page. Decoding and avatar building run in the decoder (web/decoder/: a
// worker with the wasm core, started and stopped by decoder-client.js); this module only moves
// files in, draws the photo, the depth map and its histogram, and feeds the resulting .pxav
// bytes to the same <pixel-avatar> element that blogs embed.
//
// The page opens the built-in sample while it loads, if there is one, so the decoder worker and
// the wasm core are requested then and working with a photo makes no network request; the
// worker is terminated when idle and started again (from the compiled module) when needed.
import '../element/pixel-avatar.js';
import { depthViewPixels, drawHistogram, HISTOGRAM_PAD } from './depth-view.js';
import { RgbdForm } from './rgbd-form.js';
import { StereoForm } from './stereo-form.js';
import { Sequence } from './sequence.js';
import { DecoderClient } from '../decoder/decoder-client.js';
import { drawCut, hintsLine, placeHints, sourceWords } from './subject-view.js';

const $ = (id) => document.getElementById(id);
const ui = {
  dropzone: $('dropzone'),
  file: $('file'),
  status: $('status'),
  statusText: $('status-text'),
  progress: $('progress'),
  error: $('error'),
  panels: $('panels'),
  controls: $('controls'),
  photo: $('photo'),
  depth: $('depth'),
  histogram: $('histogram'),
  depthCaption: $('depth-caption'),
  avatar: $('avatar'),
  avatarPanel: $('avatar-panel'),
  avatarCaption: $('avatar-caption'),
  rgbdOptions: $('rgbd-options'),
  rgbd: $('rgbd'),
  stereoOptions: $('stereo-options'),
  stereo: $('stereo'),
  disparityPanel: $('disparity-panel'),
  disparity: $('disparity'),
  disparityCaption: $('disparity-caption'),
  cell: $('cell'),
  cut: $('cut'),
  showCut: $('show-cut'),
  hints: $('hints'),
  photoFacts: $('photo-facts'),
  subjectSource: $('subject-source'),
  matteOption: $('matte-option'),
  useMatte: $('use-matte'),
  personOption: $('person-option'),
  usePerson: $('use-person'),
  personNote: $('person-note'),
  windowReset: $('window-reset'),
};
// The "put it on a page" panel: the sequence, its live preview, the embed code.
const sequence = new Sequence($('embed'), download);
const sliders = ['grid', 'palette', 'layers', 'exaggeration'].map((name) => ({
  name,
  input: $(name),
  output: $(`${name}-out`),
}));

const BUILD_DEBOUNCE_MS = 150;

// How many workers share a grid photo's tiles: one per core but one (the page and the decode
// worker need it), at most 4, since each holds its own copy of the decoder and its memory. On 2
// cores that is no pool: web/bench/preview-time.mjs measured a pool of 2 there at 1.03x (cold) and
// 0.84x (warm) of one worker. ?workers=N overrides it (1 = no pool), for measuring.
const DECODE_WORKERS = Math.max(
  1,
  Number.parseInt(new URLSearchParams(location.search).get('workers'), 10) ||
    Math.min((navigator.hardwareConcurrency || 1) - 1, 4),
);

// ---- the decoder (its worker started on first use, terminated when idle) ----

// How long the decoder may sit idle before its worker (and its wasm heap) goes; ?idle=MS for tests.
const IDLE_MS = Number.parseInt(new URLSearchParams(location.search).get('idle'), 10) || 20_000;
let decoderError = null;
// The pool size the page asks for, shown before any photo (data-workers comes with the first grid photo).
ui.status.dataset.poolSize = String(DECODE_WORKERS);

const decoder = new DecoderClient({
  workers: DECODE_WORKERS,
  idleMs: IDLE_MS,
  onReady: () => {
    if (status.state === 'loading') setStatus('idle', 'Ready: choose a photo.');
  },
  // For tests and the curious: data-decoder (running, stopped), data-pool, and data-workers (how
  // many decoded the last grid photo); data-pool-size (set below) is how many the page asks for.
  onStatus: (fields) => Object.assign(ui.status.dataset, fields),
  onProgress: ({ stage, done, total }) => {
    setStatus('working', `${stage[0].toUpperCase()}${stage.slice(1)}…`);
    // A count (tiles decoded) fills the bar; a stage alone leaves it indeterminate.
    if (total) Object.assign(ui.progress, { max: total, value: done });
    else ui.progress.removeAttribute('value');
  },
  onFailed: (message) => decoderFailed(message),
  // A new worker needs the photo open, and its avatar built before an export.
  reopen: (type) => {
    if (!current || type === 'open') return [];
    const replay = [{ type: 'open', ...openRequest() }];
    if (type !== 'build' && builtWith !== null)
      replay.push({
        type: 'build',
        args: { options: builtWith, personModel: personModel ?? null, faceModel: faceModel ?? null },
      });
    return replay;
  },
});

function decoderFailed(message) {
  decoderError = message;
  showError(`The photo decoder is not available: ${message}.`);
  setStatus('error', 'Decoder unavailable.');
}

function call(type, args = {}, transfer = []) {
  if (decoderError) return Promise.reject(new Error(decoderError));
  return decoder.call(type, args, transfer);
}

// ---- the person model: fetched once, when the first photo without a matte asks for it ----

const PERSON_MODEL_URL = new URL('../lib/selfie_segmentation.tflite', import.meta.url);
// The face detector travels with it (the person decision needs a face): fetched alongside, once.
const FACE_MODEL_URL = new URL('../lib/face_detection_short_range.tflite', import.meta.url);
let personModel; // undefined: not fetched yet; null: unavailable; else its ArrayBuffer
let faceModel; // the same for the face detector; null: only the camera's faces count
let personModelError = ''; // why it is unavailable
let personModelLoad = null;

function fetchBytes(url) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return response.arrayBuffer();
  });
}

function loadPersonModel() {
  personModelLoad ??= Promise.all([
    fetchBytes(PERSON_MODEL_URL).then(
      (bytes) => {
        personModel = bytes;
      },
      (error) => {
        personModel = null;
        personModelError = `the person model could not be fetched (${error.message})`;
      },
    ),
    fetchBytes(FACE_MODEL_URL).then(
      (bytes) => {
        faceModel = bytes;
      },
      () => {
        faceModel = null;
      },
    ),
  ]);
  return personModelLoad;
}

// ---- status and errors ----

const status = { state: 'loading' };

function setStatus(state, text) {
  status.state = state;
  ui.status.dataset.state = state;
  ui.statusText.textContent = text;
  ui.progress.hidden = state !== 'working';
}

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

// Turns worker error codes into sentences for people (the core's own sentence follows).
function explain(error) {
  const hints = {
    'no-depth': 'This photo has no depth map. Take it in Portrait mode on an iPhone, or add a depth PNG.',
    'unusable-pair': 'These two views give no depth.',
    'unsupported-format': 'This is not a kind of file pixel-avatar reads.',
    'missing-companion': 'One more file is needed.',
    corrupt: 'This file is damaged or incomplete.',
    'too-large': 'This photo is too large to process here.',
    unsupported: 'This photo uses a feature that is not supported yet.',
  };
  const hint = hints[error.code];
  return hint ? `${hint} (${error.message})` : error.message;
}

// ---- opening files ----

let photo = null; // { width, height, colour, depth, info } of the open photo
let current = null; // { files: [{ name, bytes }], name, container } last opened, kept to reopen
let foreground = null; // the last pxav_foreground_json (field names as pixel_avatar_api.h documents)
let range = null; // { near, far } set by dragging the histogram markers, else null
let avatarBytes = null;
let builtWith = null; // the options of the avatar on screen, for a restarted decoder
let cutDrawnFor = null; // the options of the avatar whose cut the overlay shows, or null

// Whatever was chosen or dropped goes to the core, which tells an HEIC photo from a colour image
// and its depth map, and says what is missing.
async function openFiles(fileList) {
  showError('');
  const list = [...fileList];
  if (list.length === 0) return;
  const name = list.map((file) => file.name).join(' + ');
  try {
    setStatus('working', `Reading ${name}…`);
    const files = await Promise.all(list.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })));
    // A pair the page guessed was stereo does not make the next files stereo; one the person
    // ticked does (they may tick the box first, then choose the two views).
    if (current?.stereoGuessed) stereoForm.enabled = false;
    current = { files, name, container: null };
    await openCurrent();
    showAvatarOnPhones();
  } catch (error) {
    failed(error);
  }
}

// On a phone the avatar is what the person came for: the layout puts it first (preview.css), and
// once a chosen photo's avatar is there, the page scrolls it into view if it is not.
const phone = matchMedia('(max-width: 600px)');
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
function showAvatarOnPhones() {
  if (!phone.matches || status.state !== 'ready') return;
  const rect = ui.avatarPanel.getBoundingClientRect();
  if (rect.top >= 0 && rect.bottom <= innerHeight) return;
  ui.avatarPanel.scrollIntoView({
    block: rect.height > innerHeight ? 'start' : 'nearest',
    behavior: reducedMotion.matches ? 'auto' : 'smooth',
  });
}

// The open request for the current files: also what a restarted decoder is sent first. Each
// form of reader settings gives its entry (core-session.js's OpenOptions.settings).
function openRequest() {
  const copies = stereoForm
    .withRoles(current.files)
    .map(({ name, bytes, role }) => ({ name, bytes: bytes.slice(0), role }));
  const settings = Object.fromEntries(Object.entries(settingsForms).map(([name, form]) => [name, form.params]));
  return { args: { files: copies, settings }, transfer: copies.map((file) => file.bytes) };
}

// (Re)opens the current files with the depth settings of the form. Copies go to the worker, so
// the files stay here for the next change of settings.
async function openCurrent() {
  const { args, transfer } = openRequest();
  let result;
  try {
    result = await call('open', args, transfer);
  } catch (error) {
    // Two colour images and no depth map among them: most likely the two views of a stereo pair.
    if (!stereoForm.enabled && current.files.length === 2 && error.fields?.ambiguous === 'depth-map') {
      stereoForm.enabled = true;
      current.stereoGuessed = true;
      ui.stereoOptions.open = true;
      return openCurrent();
    }
    throw error;
  }
  current.container = result.info.container;
  if (result.info.container === 'rgbd') {
    ui.rgbdOptions.open = true;
    // Until the person chooses, the depth map's bit depth picks the likely preset.
    if (rgbdForm.guess(result.info.depth.bitDepth)) return openCurrent();
  }
  await opened(result, current.name);
}

// A stereo pair's settings reopen it too (two files, or one side-by-side image); turning the pair
// off reopens the files as what they are otherwise (a colour + depth pair, or an error that says
// what is missing).
const stereoForm = new StereoForm(ui.stereo, () => {
  if (!current || current.files.length > 2) return;
  clearTimeout(reopenTimer);
  reopenTimer = setTimeout(() => openCurrent().catch(failed), BUILD_DEBOUNCE_MS);
});

// The disparity map of every stereo input (its info's stereo section), beside the depth; hidden
// for the others.
async function showDisparity(info) {
  const stereo = info.stereo;
  ui.disparityPanel.hidden = !stereo;
  if (!stereo) return;
  const { data } = await call('export', { format: 'png', what: 'disparity' });
  URL.revokeObjectURL(ui.disparity.src);
  ui.disparity.src = URL.createObjectURL(new Blob([data], { type: 'image/png' }));
  const warning = stereo.warning ? ` ${stereo.warning}.` : '';
  ui.disparityCaption.textContent = `Disparity (near = red): matched at ${stereo.matchedSize}, disparities ${stereo.disparities}.${warning}`;
}

// A changed setting reopens the pair (debounced like the avatar controls).
let reopenTimer = 0;
const rgbdForm = new RgbdForm(ui.rgbd, () => {
  if (current?.container !== 'rgbd') return;
  clearTimeout(reopenTimer);
  reopenTimer = setTimeout(() => openCurrent().catch(failed), BUILD_DEBOUNCE_MS);
});
// The reader settings the page sets, by name (pxav_set_reader_settings): one form each.
const settingsForms = { depth: rgbdForm, stereo: stereoForm };

async function opened(result, name) {
  photo = { ...result, colour: new Uint8ClampedArray(result.colour), depth: new Float32Array(result.depth) };
  range = null;
  builtWith = null;
  ui.panels.hidden = false;
  ui.controls.hidden = false;
  drawPhoto();
  showHints(photo.info);
  // Depth without a known scale (Lens Blur, uncalibrated stereo) still makes an avatar; say so.
  const relative = photo.info.depth.units === 'relative' ? ', relative: no known scale' : '';
  ui.depthCaption.textContent = `Depth ${photo.width}×${photo.height} (near = red, far = blue${relative})`;
  await showDisparity(photo.info);
  status.name = name;
  await build();
}

function failed(error) {
  showError(explain(error));
  setStatus('error', 'Could not use this file.');
}

// ---- building the avatar (debounced, one at a time, newest wins) ----

let buildTimer = 0;
let building = false;
let buildAgain = false;

function options() {
  const lines = sliders.map(({ name, input }) => `${name}=${input.value}`);
  if (photo?.info.portraitMatte && !ui.useMatte.checked) lines.push('matte=0');
  if (!ui.usePerson.checked) lines.push('person=0');
  if (range) lines.push(`near=${range.near.toFixed(4)}`, `far=${range.far.toFixed(4)}`);
  return lines.join('\n');
}

function scheduleBuild() {
  clearTimeout(buildTimer);
  buildTimer = setTimeout(build, BUILD_DEBOUNCE_MS);
}

async function build() {
  if (!photo) return;
  if (building) {
    buildAgain = true;
    return;
  }
  building = true;
  try {
    const asked = options();
    let result = await call('build', { options: asked, personModel, faceModel });
    if (result.needsPersonModel) {
      setStatus('working', 'Fetching the person model…');
      await loadPersonModel();
      result = await call('build', { options: asked, personModel, faceModel });
    }
    builtWith = asked;
    avatarBytes = new Uint8Array(result.avatar);
    foreground = result.foreground;
    if (result.personModelError) personModelError = `the person model cannot be used (${result.personModelError})`;
    drawDepth();
    showSource();
    cutDrawnFor = null;
    if (ui.showCut.checked) await showCut();
    const cells = await ui.avatar.load(avatarBytes.slice());
    ui.avatarCaption.textContent = `Pixel avatar: ${cells} cells, ${avatarBytes.length.toLocaleString()} bytes`;
    const settings = sliders
      .slice(0, 2)
      .map(({ name, input }) => `${name} ${input.value}`)
      .join(', ');
    sequence.setCurrent({ bytes: avatarBytes, cells, cell: ui.cell.value, name: `${status.name} (${settings})` });
    showError('');
    setStatus('ready', `${status.name}: avatar ready.`);
  } catch (error) {
    failed(error);
  } finally {
    building = false;
    if (buildAgain) {
      buildAgain = false;
      build();
    }
  }
}

// ---- drawing ----

function drawPhoto() {
  ui.photo.width = photo.width;
  ui.photo.height = photo.height;
  ui.photo.getContext('2d').putImageData(new ImageData(photo.colour, photo.width, photo.height), 0, 0);
  // A new photo: no cut until its avatar is built, the matte switch only where there is a matte.
  ui.cut.hidden = true;
  ui.showCut.disabled = true;
  cutDrawnFor = null;
  ui.matteOption.hidden = !photo.info.portraitMatte;
}

// ---- the subject: the camera's hints, the cut, its source ----

// Where the camera said the subject is, marked over the photo and listed under it (nothing for
// a photo without hints). Hints are in depth pixels, the photo canvas is depth-sized.
function showHints(info) {
  const hints = Array.isArray(info.subjectHints) ? info.subjectHints : [];
  const unit = info.depth?.units === 'relative' ? '' : ' m';
  placeHints(ui.hints, hints, photo.width, photo.height, unit);
  ui.photoFacts.textContent = hintsLine(hints, unit);
  ui.photoFacts.hidden = hints.length === 0;
}

// Which source decided the subject, in words; the way back from a dragged near/far window.
function showSource() {
  ui.subjectSource.textContent = sourceWords(foreground?.source);
  // The switch for the person model wherever it was asked (or switched off here); its finding in words.
  const asked = foreground?.person || !ui.usePerson.checked || (personModelError && foreground?.source === 'depth');
  ui.personOption.hidden = !asked;
  ui.personNote.textContent = foreground?.person?.reason ?? (ui.usePerson.checked ? personModelError : '');
  ui.windowReset.hidden = range === null;
  ui.showCut.disabled = false;
}

// The subject mask of the avatar on screen (the session's subject-mask export) over the photo,
// what is left out dimmed. Fetched after each build while shown, so it follows the options.
async function showCut() {
  const wanted = builtWith;
  const shown = photo;
  if (wanted === null) return;
  if (cutDrawnFor !== wanted) {
    const { data } = await call('export', { format: 'png', what: 'subject-mask' });
    // A newer photo or avatar arrived meanwhile: its own build draws its cut.
    if (photo !== shown || builtWith !== wanted) return;
    const share = await drawCut(ui.cut, new Uint8Array(data));
    cutDrawnFor = wanted;
    // For tests and the curious: the subject's share of the photo and the options it was cut with.
    Object.assign(ui.cut.dataset, { subject: share.toFixed(4), options: wanted.replaceAll('\n', ' ') });
  }
  ui.cut.hidden = !ui.showCut.checked;
}

function depthRange() {
  if (foreground?.histogramHigh > foreground?.histogramLow) return [foreground.histogramLow, foreground.histogramHigh];
  let lo = Infinity,
    hi = -Infinity;
  for (const d of photo.depth)
    if (Number.isFinite(d)) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
  return lo < hi ? [lo, hi] : [0, 1];
}

// The depth map through turbo over the subject's range (near = red), the background in grey.
function drawDepth() {
  const { width, height, depth } = photo;
  const [lo, hi] = depthRange();
  const near = range?.near ?? foreground?.near ?? lo;
  const far = range?.far ?? foreground?.far ?? hi;
  const pixels = depthViewPixels(depth, near, far, hi);
  ui.depth.width = width;
  ui.depth.height = height;
  ui.depth.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  drawHistogram(ui.histogram, foreground, range, photo.info.depth.units === 'relative' ? '' : ' m');
}

// ---- histogram markers: drag near/far to choose the foreground ----

let dragging = null;

function depthAt(event) {
  const rect = ui.histogram.getBoundingClientRect();
  const pad = (HISTOGRAM_PAD / ui.histogram.width) * rect.width;
  const t = Math.min(1, Math.max(0, (event.clientX - rect.left - pad) / (rect.width - 2 * pad)));
  return foreground.histogramLow + t * (foreground.histogramHigh - foreground.histogramLow);
}

ui.histogram.addEventListener('pointerdown', (event) => {
  if (!foreground?.histogram?.length) return;
  range ??= { near: foreground.near, far: foreground.far };
  const d = depthAt(event);
  dragging = Math.abs(d - range.near) < Math.abs(d - range.far) ? 'near' : 'far';
  ui.histogram.setPointerCapture(event.pointerId);
  moveMarker(event);
});
ui.histogram.addEventListener('pointermove', (event) => {
  if (dragging) moveMarker(event);
});
ui.histogram.addEventListener('pointerup', () => {
  dragging = null;
});
ui.histogram.addEventListener('pointercancel', () => {
  dragging = null;
});

function moveMarker(event) {
  const d = depthAt(event);
  if (dragging === 'near') range.near = Math.min(d, range.far - 1e-3);
  else range.far = Math.max(d, range.near + 1e-3);
  drawDepth();
  scheduleBuild();
}

// ---- controls ----

for (const { input, output } of sliders) {
  input.addEventListener('input', () => {
    output.value = input.value;
    scheduleBuild();
  });
}
ui.cell.addEventListener('change', () => {
  ui.avatar.cell = ui.cell.value;
  if (sequence.current) sequence.setCurrent({ ...sequence.current, cell: ui.cell.value });
});
ui.showCut.addEventListener('change', () => {
  if (!ui.showCut.checked) {
    ui.cut.hidden = true;
    return;
  }
  showCut().then(() => {
    if (status.state === 'working' && !building) setStatus('ready', `${status.name}: avatar ready.`);
  }, failed);
});
ui.useMatte.addEventListener('change', scheduleBuild);
ui.usePerson.addEventListener('change', scheduleBuild);
ui.windowReset.addEventListener('click', () => {
  range = null;
  drawDepth();
  scheduleBuild();
});
ui.controls.addEventListener('submit', (event) => event.preventDefault());

ui.controls.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-export]');
  if (!button || !photo) return;
  const format = button.dataset.export;
  try {
    if (format === 'pxav') return download(avatarBytes, 'avatar.pxav');
    const what = button.dataset.what;
    const { data } = await call('export', { format, what });
    download(new Uint8Array(data), `${what}.${format}`);
    setStatus('ready', `${status.name}: ${format.toUpperCase()} written.`);
  } catch (error) {
    failed(error);
  }
});

function download(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- file input and drag and drop ----

ui.file.addEventListener('change', () => {
  openFiles(ui.file.files);
  ui.file.value = '';
});
for (const type of ['dragenter', 'dragover']) {
  ui.dropzone.addEventListener(type, (event) => {
    event.preventDefault();
    ui.dropzone.classList.add('over');
  });
}
ui.dropzone.addEventListener('dragleave', () => ui.dropzone.classList.remove('over'));
ui.dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropzone.classList.remove('over');
  openFiles(event.dataTransfer.files);
});

// ---- the built-in sample, fetched while the page loads ----

(async () => {
  const response = await fetch('../sample/sample.heic').catch(() => null);
  if (!response?.ok) {
    // no sample built: the dropzone alone, the decoder starts with the first photo
    if (status.state === 'loading') setStatus('idle', 'Ready: choose a photo.');
    return;
  }
  const bytes = await response.arrayBuffer();
  try {
    setStatus('working', 'Opening the sample photo…');
    current = { files: [{ name: 'sample.heic', bytes }], name: 'sample.heic', container: null };
    await openCurrent();
  } catch (error) {
    failed(error);
  }
})();
