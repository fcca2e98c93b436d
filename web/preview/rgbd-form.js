// The settings of a colour + depth PNG pair. Such files carry no metadata, so the person says how
// the depth map stores depth and what camera took it; this module turns the form into the
// "key=value" depth parameters pxav_open reads (wasm/binding/pixel_avatar_api.h), from presets too.

// Presets for the depth maps people most often have. Fields left out stay empty.
export const PRESETS = {
  // TUM RGB-D / Kinect: 16-bit millimetres x 5, PrimeSense intrinsics.
  tum: { encoding: 'scaled-z', scale: 0.0002, fx: 525, fy: 525, cx: 319.5, cy: 239.5 },
  // Blender's Z pass, normalised from near..far metres; a 50 mm lens on a 36 mm sensor.
  blender: { encoding: 'z', lo: 0.5, hi: 10, fov: 39.6 },
  // "Depth map" images from monocular estimators and 3D photo apps: bright = near, 1/Z linear.
  inverse: { encoding: 'inverse-z', lo: 0.3, hi: 3 },
  // Disparity (1/metres) between a minimum and a maximum, as Apple's depth maps store it.
  disparity: { encoding: 'disparity', lo: 0.3, hi: 3 },
};

// Which fields each encoding uses, and what lo/hi mean for it.
const ENCODINGS = {
  'scaled-z': { fields: ['scale'], scale: 'Metres per unit' },
  z: { fields: ['lo', 'hi'], lo: 'Near (m)', hi: 'Far (m)' },
  'inverse-z': { fields: ['lo', 'hi'], lo: 'Near (m)', hi: 'Far (m)' },
  disparity: { fields: ['lo', 'hi'], lo: 'Min disparity (1/m)', hi: 'Max disparity (1/m)' },
  'stereo-disparity': { fields: ['scale', 'baseline'], scale: 'Pixels per unit' },
};
const NUMBER_FIELDS = ['scale', 'lo', 'hi', 'baseline', 'fx', 'fy', 'cx', 'cy', 'fov'];

export class RgbdForm {
  // form: the <form> holding a preset <select name="preset">, an encoding <select name="encoding">,
  // number inputs named like NUMBER_FIELDS, a checkbox "radial" and an <output name="params">.
  // onChange() runs when the person changes a setting.
  constructor(form, onChange) {
    this.form = form;
    this.chosen = false; // true once the person picked a preset or edited a field
    form.addEventListener('input', (event) => {
      this.chosen = true;
      if (event.target.name === 'preset') this.applyPreset(event.target.value);
      else this.form.elements.preset.value = 'custom';
      this.#update();
      onChange();
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    this.applyPreset(form.elements.preset.value);
    this.#update();
  }

  // Until the person chooses, guess from the depth map: 16 bits are most likely Kinect-style
  // scaled depth, 8 bits an inverse-depth picture. True when the guess changed the settings.
  guess(bitDepth) {
    if (this.chosen) return false;
    const before = this.params;
    this.applyPreset(bitDepth === 16 ? 'tum' : 'inverse');
    this.#update();
    return this.params !== before;
  }

  applyPreset(name) {
    const preset = PRESETS[name];
    if (!preset) return; // "custom": keep the fields as they are
    const { elements } = this.form;
    elements.preset.value = name;
    elements.encoding.value = preset.encoding;
    for (const key of NUMBER_FIELDS) elements[key].value = preset[key] ?? '';
    elements.radial.checked = false;
  }

  // The depth parameters: the encoding's own fields, then the camera (intrinsics when
  // fx is given, else the field of view, else the core's default).
  get params() {
    const { elements } = this.form;
    const encoding = elements.encoding.value;
    const lines = [`encoding=${encoding}`];
    const value = (key) => elements[key].value.trim();
    const camera = value('fx') ? ['fx', 'fy', 'cx', 'cy'] : ['fov'];
    for (const key of [...ENCODINGS[encoding].fields, ...camera]) if (value(key)) lines.push(`${key}=${value(key)}`);
    if (elements.radial.checked) lines.push('radial=1');
    return lines.join('\n');
  }

  // Shows only the fields the encoding uses, labelled for it, and the resulting text.
  #update() {
    const { elements } = this.form;
    const encoding = ENCODINGS[elements.encoding.value];
    for (const key of ['scale', 'lo', 'hi', 'baseline']) {
      const label = elements[key].closest('label');
      label.hidden = !encoding.fields.includes(key);
      if (encoding[key]) label.querySelector('span').textContent = encoding[key];
    }
    elements.params.value = this.params.replaceAll('\n', '  ');
  }
}
