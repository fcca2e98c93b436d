// Drawing helpers for the depth panel: the turbo colormap and the depth histogram with the
// foreground range (near..far) and the automatic threshold marked.

/** Turbo colormap (Google's polynomial fit), t in 0..1 -> [r, g, b] bytes. */
export function turbo(t) {
  const x = Math.min(1, Math.max(0, t));
  const r = 0.13572138 + x * (4.6153926 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
  const g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
  const b = 0.1066733 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
  return [r, g, b].map((v) => Math.round(255 * Math.min(1, Math.max(0, v))));
}

/** Horizontal padding, in canvas pixels, left for the marker handles. */
export const HISTOGRAM_PAD = 8;

/**
 * Draws `foreground.histogram` (counts of equal-width bins over histogramLow..histogramHigh
 * metres; `foreground` is pxav_foreground_json as parsed) into `canvas`, bars coloured
 * like the depth map, the foreground range shaded, near/far handles and the threshold dashed.
 * `range` ({near, far}) overrides the foreground's own near/far while the user drags. `unit`
 * follows the numbers: ' m', or '' for relative depth, whose numbers have no known scale.
 */
export function drawHistogram(canvas, foreground, range, unit = ' m') {
  const context = canvas.getContext('2d');
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const counts = foreground?.histogram;
  const { histogramLow: lo, histogramHigh: hi } = foreground ?? {};
  if (!Array.isArray(counts) || counts.length === 0 || !(hi > lo)) return;

  const inner = width - 2 * HISTOGRAM_PAD;
  const xOf = (d) => HISTOGRAM_PAD + ((d - lo) / (hi - lo)) * inner;
  const top = 14, bottom = height - 16;
  // Square root keeps small peaks (the subject) visible next to a large background peak.
  const peak = Math.sqrt(Math.max(...counts)) || 1;
  const near = range?.near ?? foreground.near, far = range?.far ?? foreground.far;

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
  context.fillText(`${lo.toFixed(2)}${unit}`, HISTOGRAM_PAD, height);
  context.textAlign = 'right';
  context.fillText(`${hi.toFixed(2)}${unit}`, width - HISTOGRAM_PAD, height);
  context.textAlign = 'left';

  if (Number.isFinite(foreground.threshold)) {
    context.strokeStyle = '#888';
    context.setLineDash([4, 3]);
    context.beginPath();
    context.moveTo(xOf(foreground.threshold), top);
    context.lineTo(xOf(foreground.threshold), bottom);
    context.stroke();
    context.setLineDash([]);
  }
  for (const [d, label] of [[near, 'near'], [far, 'far']]) {
    if (!Number.isFinite(d)) continue;
    const x = Math.min(width - HISTOGRAM_PAD, Math.max(HISTOGRAM_PAD, xOf(d)));
    context.fillStyle = '#2a8c96';
    context.fillRect(x - 1, top, 2, bottom - top);
    context.fillRect(x - 5, top - 8, 10, 8);
    context.textBaseline = 'top';
    context.fillText(`${label} ${d.toFixed(2)}${unit}`, Math.min(x + 7, width - 80), top - 12 < 0 ? 0 : top - 12);
  }
}
