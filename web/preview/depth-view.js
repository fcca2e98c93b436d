// Drawing helpers for the depth panel: the turbo colormap, the depth map coloured over the
// subject's own range, and the depth histogram with the foreground range (near..far) and the
// automatic threshold marked.

/** Turbo colormap (Google's polynomial fit), t in 0..1 -> [r, g, b] bytes. */
export function turbo(t) {
  const x = Math.min(1, Math.max(0, t));
  const r =
    0.13572138 + x * (4.6153926 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
  const g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
  const b =
    0.1066733 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
  return [r, g, b].map((v) => Math.round(255 * Math.min(1, Math.max(0, v))));
}

/** How far behind the subject's far end, as a share of its range, the background begins (as in C++). */
export const SUBJECT_VIEW_MARGIN = 0.15;
/** Where on turbo the subject's far end lies (near = 1): turbo's 0 is almost black. */
export const SUBJECT_VIEW_FAR_T = 0.1;

/**
 * The depth map as RGBA bytes for a canvas, as `pixel-avatar export --depth-view` draws it
 * (export/colormap.h): turbo from SUBJECT_VIEW_FAR_T to red spans the subject's range near..far, so a face shows its
 * relief; nearer samples are red; what lies more than SUBJECT_VIEW_MARGIN of the range behind
 * the subject is background, dim grey (lighter = nearer, down to `sceneFar`); invalid = black.
 */
export function depthViewPixels(depth, near, far, sceneFar) {
  const pixels = new Uint8ClampedArray(depth.length * 4);
  const range = far - near;
  const cut = far + SUBJECT_VIEW_MARGIN * Math.max(range, 0);
  const behind = sceneFar - cut;
  for (let i = 0; i < depth.length; i++) {
    const d = depth[i];
    const o = i * 4;
    pixels[o + 3] = 255;
    if (!(d > 0) || !Number.isFinite(d)) continue;
    if (d <= cut) {
      const [r, g, b] = turbo(range > 0 ? 1 - ((1 - SUBJECT_VIEW_FAR_T) * (d - near)) / range : 1);
      pixels[o] = r;
      pixels[o + 1] = g;
      pixels[o + 2] = b;
    } else {
      const grey = Math.round(110 - 80 * (behind > 0 ? Math.min(1, (d - cut) / behind) : 1));
      pixels[o] = pixels[o + 1] = pixels[o + 2] = grey;
    }
  }
  return pixels;
}

/**
 * Places labels on one line without overlap: each item is {x, width} (x = where its left edge
 * wants to be); returns the left edges, in the items' order, kept within [0, width] where the
 * labels fit, `gap` pixels apart, each as near its wish as the others allow.
 */
export function layoutLabels(items, width, gap = 6) {
  const order = items.map((item, i) => i).sort((a, b) => items[a].x - items[b].x || a - b);
  const xs = new Array(items.length);
  // Left to right: no label left of the canvas or over its left neighbour...
  let edge = 0;
  for (const i of order) {
    xs[i] = Math.max(items[i].x, edge);
    edge = xs[i] + items[i].width + gap;
  }
  // ...then right to left: none past the right edge, pushing the neighbours left in turn.
  edge = width;
  for (const i of [...order].reverse()) {
    xs[i] = Math.min(xs[i], edge - items[i].width);
    edge = xs[i] - gap;
  }
  return xs.map((x) => Math.max(0, x));
}

/** Horizontal padding, in canvas pixels, left for the marker handles. */
export const HISTOGRAM_PAD = 8;

/**
 * Draws `foreground.histogram` (counts of equal-width bins over histogramLow..histogramHigh
 * metres; `foreground` is pxav_foreground_json as parsed) into `canvas`, bars coloured
 * like the depth map, the foreground range shaded, near/far handles and the threshold dashed.
 * `range` ({near, far}) overrides the foreground's own near/far while the user drags. `unit`
 * follows the numbers: ' m', or '' for relative depth, whose numbers have no known scale.
 * Returns the labels' boxes ({text, x, y, width, height}, canvas pixels), none over another.
 */
export function drawHistogram(canvas, foreground, range, unit = ' m') {
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const counts = foreground?.histogram;
  const { histogramLow: lo, histogramHigh: hi } = foreground ?? {};
  if (!Array.isArray(counts) || counts.length === 0 || !(hi > lo)) return [];

  const inner = width - 2 * HISTOGRAM_PAD;
  const xOf = (d) => HISTOGRAM_PAD + ((d - lo) / (hi - lo)) * inner;
  const top = 14,
    bottom = height - 16;
  // Square root keeps small peaks (the subject) visible next to a large background peak.
  const peak = Math.sqrt(Math.max(...counts)) || 1;
  const near = range?.near ?? foreground.near,
    far = range?.far ?? foreground.far;

  context.fillStyle = 'rgb(42 140 150 / 0.15)';
  context.fillRect(xOf(near), top, xOf(far) - xOf(near), bottom - top);
  const barWidth = inner / counts.length;
  counts.forEach((count, i) => {
    const d = lo + ((i + 0.5) / counts.length) * (hi - lo);
    const [r, g, b] = turbo(1 - (i + 0.5) / counts.length);
    const h = (Math.sqrt(count) / peak) * (bottom - top);
    context.fillStyle = d < near || d > far ? `rgb(${r} ${g} ${b} / 0.35)` : `rgb(${r} ${g} ${b})`;
    context.fillRect(HISTOGRAM_PAD + i * barWidth, bottom - h, Math.max(1, barWidth - 0.5), h);
  });

  context.font = '11px system-ui, sans-serif';
  context.fillStyle = '#888';
  context.textBaseline = 'bottom';
  // Every label's box, returned so tests can check that none overlaps another.
  const boxes = [];
  const bottomLabels = [`${lo.toFixed(2)}${unit}`, `${hi.toFixed(2)}${unit}`];
  const bottomWidths = bottomLabels.map((text) => context.measureText(text).width);
  const bottomXs = layoutLabels(
    [
      { x: HISTOGRAM_PAD, width: bottomWidths[0] },
      { x: width - HISTOGRAM_PAD - bottomWidths[1], width: bottomWidths[1] },
    ],
    width,
  );
  bottomLabels.forEach((text, i) => {
    context.fillText(text, bottomXs[i], height);
    boxes.push({ text, x: bottomXs[i], y: height - 12, width: bottomWidths[i], height: 12 });
  });

  if (Number.isFinite(foreground.threshold)) {
    context.strokeStyle = '#888';
    context.setLineDash([4, 3]);
    context.beginPath();
    context.moveTo(xOf(foreground.threshold), top);
    context.lineTo(xOf(foreground.threshold), bottom);
    context.stroke();
    context.setLineDash([]);
  }
  // The near label ends left of its marker, the far one starts right of its own, so close
  // markers push them apart rather than on top of each other.
  const markers = [
    [near, 'near'],
    [far, 'far'],
  ]
    .filter(([d]) => Number.isFinite(d))
    .map(([d, label]) => {
      const x = Math.min(width - HISTOGRAM_PAD, Math.max(HISTOGRAM_PAD, xOf(d)));
      const text = `${label} ${d.toFixed(2)}${unit}`;
      const textWidth = context.measureText(text).width;
      return { x, text, width: textWidth, wish: label === 'near' ? x - 7 - textWidth : x + 7 };
    });
  const xs = layoutLabels(
    markers.map((m) => ({ x: m.wish, width: m.width })),
    width,
  );
  context.textBaseline = 'top';
  markers.forEach((m, i) => {
    context.fillStyle = '#2a8c96';
    context.fillRect(m.x - 1, top, 2, bottom - top);
    context.fillRect(m.x - 5, top - 8, 10, 8);
    context.fillText(m.text, xs[i], 0);
    boxes.push({ text: m.text, x: xs[i], y: 0, width: m.width, height: 12 });
  });
  return boxes;
}
