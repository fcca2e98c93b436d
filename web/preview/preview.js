// The upload-and-preview page. Decoding and avatar building run in decode-worker.js (wasm); this
// module only moves files in, draws the photo, the depth map and its histogram, and feeds the
// resulting .pxav bytes to the same <pixel-avatar> element that blogs embed.
//
// Everything the page needs is requested while it loads (element, three.js, worker, wasm, and
// the built-in sample if there is one), so working with a photo makes no network request.
import '../element/pixel-avatar.js';
import { depthViewPixels, drawHistogram, HISTOGRAM_PAD } from './depth-view.js';
import { RgbdForm } from './rgbd-form.js';
import { Sequence } from './sequence.js';

const $ = (id) => document.getElementById(id);
const ui = {
  dropzone: $('dropzone'), file: $('file'), status: $('status'), statusText: $('status-text'),
  progress: $('progress'), error: $('error'), panels: $('panels'), controls: $('controls'),
  photo: $('photo'), depth: $('depth'), histogram: $('histogram'), depthCaption: $('depth-caption'),
  avatar: $('avatar'), avatarCaption: $('avatar-caption'), rgbdOptions: $('rgbd-options'), rgbd: $('rgbd'),
  cell: $('cell'),
};
// The "put it on a page" panel: the sequence, its live preview, the embed code.
const sequence = new Sequence($('embed'), download);
const sliders = ['grid', 'palette', 'layers', 'exaggeration'].map((name) => ({ name, input: $(name), output: $(`${name}-out`) }));

const BUILD_DEBOUNCE_MS = 150;

// How many workers share a grid photo's tiles: one per core but one (the page and the decode
// worker need it), at most 4, since each holds its own copy of the decoder and its memory. On 2
// cores that is no pool: web/bench/preview-time.mjs measured a pool of 2 there at 1.03x (cold) and
// 0.84x (warm) of one worker. ?workers=N overrides it (1 = no pool), for measuring.
const DECODE_WORKERS = Math.max(1, Number.parseInt(new URLSearchParams(location.search).get('workers'), 10) ||
  Math.min((navigator.hardwareConcurrency || 1) - 1, 4));

// ---- the worker ----

const worker = new Worker(new URL(`./decode-worker.js?workers=${DECODE_WORKERS}`, import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;
let decoderError = null;

worker.onmessage = ({ data }) => {
  if (data.id === undefined) { // the worker's hello: is the wasm core usable?
    if (!data.ready) return decoderFailed(data.error.message);
    ui.status.dataset.workers = data.workers; // how many decode a grid photo (for tests)
    if (status.state === 'loading') setStatus('idle', 'Ready: choose a photo.');
    return;
  }
  const request = pending.get(data.id);
  if (!request) return;
  if (data.progress) {
    setStatus('working', `${data.progress[0].toUpperCase()}${data.progress.slice(1)}…`);
    // A count (tiles decoded) fills the bar; a stage alone leaves it indeterminate.
    if (data.total) Object.assign(ui.progress, { max: data.total, value: data.done });
    else ui.progress.removeAttribute('value');
    return;
  }
  pending.delete(data.id);
  if (data.error) request.reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
  else request.resolve(data.result);
};

// A module worker whose imports fail (the wasm core not built) reports only a bare error event.
worker.onerror = (event) => {
  event.preventDefault();
  decoderFailed('the decoder module (lib/pixel-avatar-core.js) could not be loaded');
};

function decoderFailed(message) {
  decoderError = message;
  showError(`The photo decoder is not available: ${message}.`);
  setStatus('error', 'Decoder unavailable.');
  for (const request of pending.values()) request.reject(new Error(message));
  pending.clear();
}

function call(type, args = {}, transfer = []) {
  if (decoderError) return Promise.reject(new Error(decoderError));
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...args }, transfer);
  });
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

// Turns worker error codes into sentences for people.
function explain(error) {
  const hints = {
    'no-depth': 'This photo has no depth map. Take it in Portrait mode on an iPhone, or add a depth PNG.',
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

let photo = null;      // { width, height, colour, depth, info } of the open photo
let current = null;    // { files: [{ name, bytes }], name, container } last opened, kept to reopen
let foreground = null; // the last pxav_foreground_json (field names as pixel_avatar_api.h documents)
let range = null;      // { near, far } set by dragging the histogram markers, else null
let avatarBytes = null;

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
    current = { files, name, container: null };
    await openCurrent();
  } catch (error) {
    failed(error);
  }
}

// (Re)opens the current files with the depth settings of the form. Copies go to the worker, so
// the files stay here for the next change of settings.
async function openCurrent() {
  const copies = current.files.map(({ name, bytes }) => ({ name, bytes: bytes.slice(0) }));
  const result = await call('open', { files: copies, depthParams: rgbdForm.params }, copies.map((file) => file.bytes));
  current.container = result.info.container;
  if (result.info.container === 'rgbd') {
    ui.rgbdOptions.open = true;
    // Until the person chooses, the depth map's bit depth picks the likely preset.
    if (rgbdForm.guess(result.info.depth.bitDepth)) return openCurrent();
  }
  await opened(result, current.name);
}

// A changed setting reopens the pair (debounced like the avatar controls).
let reopenTimer = 0;
const rgbdForm = new RgbdForm(ui.rgbd, () => {
  if (current?.container !== 'rgbd') return;
  clearTimeout(reopenTimer);
  reopenTimer = setTimeout(() => openCurrent().catch(failed), BUILD_DEBOUNCE_MS);
});

async function opened(result, name) {
  photo = { ...result, colour: new Uint8ClampedArray(result.colour), depth: new Float32Array(result.depth) };
  range = null;
  ui.panels.hidden = false;
  ui.controls.hidden = false;
  drawPhoto();
  // Depth without a known scale (Lens Blur, uncalibrated stereo) still makes an avatar; say so.
  const relative = photo.info.depth.units === 'relative' ? ', relative: no known scale' : '';
  ui.depthCaption.textContent = `Depth ${photo.width}×${photo.height} (near = red, far = blue${relative})`;
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
    const result = await call('build', { options: options() });
    avatarBytes = new Uint8Array(result.avatar);
    foreground = result.foreground;
    drawDepth();
    const cells = await ui.avatar.load(avatarBytes.slice());
    ui.avatarCaption.textContent = `Pixel avatar: ${cells} cells, ${avatarBytes.length.toLocaleString()} bytes`;
    const settings = sliders.slice(0, 2).map(({ name, input }) => `${name} ${input.value}`).join(', ');
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
}

function depthRange() {
  if (foreground?.histogramHigh > foreground?.histogramLow) return [foreground.histogramLow, foreground.histogramHigh];
  let lo = Infinity, hi = -Infinity;
  for (const d of photo.depth) if (Number.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
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
ui.histogram.addEventListener('pointermove', (event) => { if (dragging) moveMarker(event); });
ui.histogram.addEventListener('pointerup', () => { dragging = null; });
ui.histogram.addEventListener('pointercancel', () => { dragging = null; });

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
  if (!response?.ok) return; // no sample built: the dropzone alone
  const bytes = await response.arrayBuffer();
  try {
    setStatus('working', 'Opening the sample photo…');
    current = { files: [{ name: 'sample.heic', bytes }], name: 'sample.heic', container: null };
    await openCurrent();
  } catch (error) {
    failed(error);
  }
})();
