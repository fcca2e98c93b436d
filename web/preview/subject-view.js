// What the page shows of the subject: where the camera said it was (the info's subjectHints,
// marked over the photo), the cut the avatar was built from (the session's subject-mask PNG,
// the rest of the photo dimmed) and, in words, which source decided the subject.

/** The foreground JSON's source in words, for the line beside the avatar controls. */
export function sourceWords(source) {
  return (
    {
      matte: "Subject from Apple's portrait matte",
      'person-model': 'Subject from the person model, with depth and colour',
      depth: 'Subject from depth and colour',
      manual: 'Subject from your near/far window',
    }[source] ?? (source ? `Subject from ${source}` : '')
  );
}

const SOURCE_NAMES = { 'exif-subject-area': 'EXIF SubjectArea', 'xmp-regions': 'XMP region', gfocus: 'Google GFocus' };

const isPoint = (hint) => !(hint.width > 0) && !(hint.height > 0);

/** A hint in a few words: "face", "focus point", "camera focused here". */
export function hintName(hint) {
  if (hint.kind === 'face') return 'face';
  if (hint.source === 'exif-subject-area') return 'camera focused here';
  return isPoint(hint) ? 'focus point' : 'focus area';
}

/**
 * The hints as one line for the photo's facts, e.g. "camera focused here (EXIF SubjectArea),
 * face (XMP region); used: face"; '' when there are none. `unit` follows focusDistance: ' m', or
 * '' for relative depth.
 */
export function hintsLine(hints, unit = ' m') {
  if (!Array.isArray(hints) || hints.length === 0) return '';
  const used = hints.find((hint) => hint.used);
  const words = hints.map((hint) => hintWords(hint, unit)).join(', ');
  const usedName = used?.kind === 'face' ? 'face' : used ? (isPoint(used) ? 'focus point' : 'focus area') : 'none';
  return `Subject hints: ${words}; used: ${usedName}`;
}

/** One hint with where it was read: "face (XMP region)", "focus point (Google GFocus, at 26.71)". */
export function hintWords(hint, unit = ' m') {
  const where = SOURCE_NAMES[hint.source] ?? hint.source;
  const distance = Number.isFinite(hint.focusDistance) ? `, at ${hint.focusDistance.toFixed(2)}${unit}` : '';
  return `${hintName(hint)} (${where}${distance})`;
}

/**
 * Fills `layer` (an element laid exactly over the photo) with one marker per hint: a box for an
 * area or a face, a ring with a cross for a point; the used one emphasised. Hints are in depth
 * pixels of the upright map, `width` x `height`; markers are placed in percent, so they follow the
 * photo at any displayed size. `unit` as for hintsLine (the markers' titles).
 */
export function placeHints(layer, hints, width, height, unit = ' m') {
  layer.replaceChildren();
  if (!Array.isArray(hints)) return;
  const percent = (value, of) => `${((100 * value) / of).toFixed(3)}%`;
  for (const hint of hints) {
    if (![hint.x, hint.y].every(Number.isFinite)) continue;
    const marker = document.createElement('div');
    const point = isPoint(hint);
    marker.className = `hint-marker ${point ? 'point' : 'area'}${hint.used ? ' used' : ''}`;
    Object.assign(marker.dataset, { kind: hint.kind, source: hint.source, used: String(Boolean(hint.used)) });
    marker.title = `${hintWords(hint, unit)}${hint.used ? ': the one the cut used' : ''}`;
    marker.style.left = percent(hint.x - (point ? 0 : hint.width / 2), width);
    marker.style.top = percent(hint.y - (point ? 0 : hint.height / 2), height);
    if (!point) {
      marker.style.width = percent(hint.width, width);
      marker.style.height = percent(hint.height, height);
    }
    const label = document.createElement('span');
    label.textContent = hint.kind === 'face' ? 'face' : 'focus';
    marker.append(label);
    layer.append(marker);
  }
}

/** Mask values at or above this are subject (the core writes 0 and 255). */
const SUBJECT = 128;

/**
 * The overlay for the cut: RGBA bytes the size of `mask` (RGBA as a canvas reads a grey PNG,
 * 255 = subject): what is left out dimmed, the subject clear, its outline drawn.
 */
export function cutPixels(mask, width, height) {
  const out = new Uint8ClampedArray(width * height * 4);
  const inside = (x, y) => x >= 0 && y >= 0 && x < width && y < height && mask[(y * width + x) * 4] >= SUBJECT;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (!inside(x, y)) {
        out[o] = 12;
        out[o + 1] = 10;
        out[o + 2] = 20;
        out[o + 3] = 170;
      } else if (!inside(x - 1, y) || !inside(x + 1, y) || !inside(x, y - 1) || !inside(x, y + 1)) {
        out[o] = 255;
        out[o + 1] = 210;
        out[o + 2] = 63;
        out[o + 3] = 255;
      }
    }
  }
  return out;
}

/** How many mask samples are subject (a test and the caption use it). */
export function subjectShare(mask) {
  let n = 0;
  for (let i = 0; i < mask.length; i += 4) if (mask[i] >= SUBJECT) n++;
  return n / (mask.length / 4);
}

/**
 * Draws the subject-mask PNG (bytes) into `canvas` as the cut overlay; returns the subject's
 * share of the photo. The mask is depth-sized and upright, as the photo canvas is.
 */
export async function drawCut(canvas, png) {
  const bitmap = await createImageBitmap(new Blob([png], { type: 'image/png' }), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const { width, height } = bitmap;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.clearRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const mask = context.getImageData(0, 0, width, height).data;
  context.putImageData(new ImageData(cutPixels(mask, width, height), width, height), 0, 0);
  return subjectShare(mask);
}
