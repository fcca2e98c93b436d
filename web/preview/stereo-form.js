// The settings of a stereo pair: two images that are the left and right views of one scene. The
// person says so (or the page infers it when two colour images come with no depth map among
// them), which view is which, and optionally the calibration, as the "key=value" text or the
// Middlebury calib.txt of the "stereo" reader settings (wasm/src/stereo/stereo_setup.h).
// Apple spatial photos need none of this: the HEIC file says it all.

// A name that says which view it is: "left.png", "scene_L.jpg", Middlebury's "im0.png"/"im1.png"
// (im0 left) and "view1"/"view5" (the lower number left).
function sideOf(name) {
  const n = name.toLowerCase();
  if (/(^|[^a-z])(left|l)([^a-z]|$)/.test(n)) return 'left';
  if (/(^|[^a-z])(right|r)([^a-z]|$)/.test(n)) return 'right';
  return '';
}

// The two files in view order: by name when the names say it, by order of choosing otherwise,
// and by the digits in the names when both have them (im2/im6, view1/view5).
export function orderViews(files) {
  const [a, b] = files;
  const sa = sideOf(a.name),
    sb = sideOf(b.name);
  if (sa === 'right' || sb === 'left') return [b, a];
  if (sa || sb) return [a, b];
  const na = /(\d+)\D*$/.exec(a.name),
    nb = /(\d+)\D*$/.exec(b.name);
  if (na && nb && Number(na[1]) > Number(nb[1])) return [b, a];
  return [a, b];
}

export class StereoForm {
  // form: a <form> with a checkbox named "stereo" (the files are a pair), a <select name="layout">
  // (one image holding both views), a button named "swap" (the other view is the left one), a
  // <textarea name="setup"> (the calibration) and an <output name="views">. onChange() runs when the person changes a setting.
  constructor(form, onChange) {
    this.form = form;
    this.swapped = false;
    form.addEventListener('input', () => onChange());
    form.addEventListener('submit', (event) => event.preventDefault());
    form.elements.swap.addEventListener('click', () => {
      this.swapped = !this.swapped;
      onChange();
    });
  }

  get enabled() {
    return this.form.elements.stereo.checked;
  }
  set enabled(on) {
    this.form.elements.stereo.checked = on;
  }
  // '' (two files), 'side-by-side' or 'cross-eyed': one image holding both views.
  get layout() {
    return this.form.elements.layout.value;
  }
  // The setting text; a layout is one more line of it, and says the file is a pair by itself.
  get params() {
    const setup = this.enabled ? this.form.elements.setup.value.trim() : '';
    if (!this.layout) return setup;
    return (this.enabled && setup ? `${setup}\n` : '') + `layout=${this.layout}`;
  }

  // The files with their roles: left and right when the form says they are a pair of two.
  withRoles(files) {
    if (!this.enabled || files.length !== 2 || this.layout) {
      this.form.elements.views.value = '';
      return files.map((file) => ({ ...file, role: '' }));
    }
    let [left, right] = orderViews(files);
    if (this.swapped) [left, right] = [right, left];
    this.form.elements.views.value = `left: ${left.name}, right: ${right.name}`;
    return [
      { ...left, role: 'left' },
      { ...right, role: 'right' },
    ];
  }
}
