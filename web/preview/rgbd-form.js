// The settings of a colour + depth pair. Such files carry no metadata, so the person says how
// the depth map stores depth and what camera took it; this module turns the form into the
// "key=value" text of the "depth" reader settings (wasm/binding/pixel_avatar_api.h), from presets too.

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
  // SUN RGB-D: millimetres rotated left by 3 bits in a 16-bit PNG (its toolbox undoes it with
  // bitor(bitshift(d, -3), bitshift(d, 16 - 3))), so rotate right by 3, then 1/1000 m a unit.
  // fx, fy: its Kinect v1 frames' focal lengths (NYU's colour camera, in SUN RGB-D's
  // intrinsics.txt). The principal point is left to the centre of the map because it depends on
  // the crop: the NYU-derived 561x427 frames have cx=284.582449 cy=208.736166, uncropped 640x480
  // ones 325.582449, 253.736166; other sensors (Xtion, RealSense, Kinect v2) ship their own
  // intrinsics.txt beside each image, the values to type in for them.
  sunrgbd: { encoding: 'scaled-z', scale: 0.001, 'rotate-bits': 3, fx: 518.857901, fy: 519.469611 },
  // NYU Depth v2's raw Kinect frames (d-*.pgm): 11-bit disparity written little-endian (its
  // toolbox calls swapbytes after imread), Z = 351.3 / (1092.5 - value) metres
  // (depth_rel2depth_abs.m). The intrinsics are NYU's published calibration (camera_params.m) of
  // the depth camera, whose pixels these are: raw frames are not registered with the colour
  // camera (another lens, 2.5 cm beside it), so the colours sit a little off the depth.
  'nyu-raw': {
    encoding: 'kinect-disparity',
    a: 351.3,
    b: 1092.5,
    'byte-order': 'swap',
    fx: 582.62,
    fy: 582.69,
    cx: 313.04,
    cy: 238.44,
  },
  // A 16-bit map a tool wrote little-endian into a PNG or PGM (a depth view that looks like noise
  // is the sign), with TUM's scale and intrinsics as the example.
  'swapped-16': {
    encoding: 'scaled-z',
    scale: 0.0002,
    'byte-order': 'swap',
    fx: 525,
    fy: 525,
    cx: 319.5,
    cy: 239.5,
  },
};

// Which fields each encoding uses, and what lo/hi mean for it.
const ENCODINGS = {
  'scaled-z': { fields: ['scale'], scale: 'Metres per unit' },
  z: { fields: ['lo', 'hi'], lo: 'Near (m)', hi: 'Far (m)' },
  'inverse-z': { fields: ['lo', 'hi'], lo: 'Near (m)', hi: 'Far (m)' },
  disparity: { fields: ['lo', 'hi'], lo: 'Min disparity (1/m)', hi: 'Max disparity (1/m)' },
  'stereo-disparity': { fields: ['scale', 'baseline'], scale: 'Pixels per unit' },
  'kinect-disparity': { fields: ['a', 'b'] },
};
const ENCODING_FIELDS = ['scale', 'lo', 'hi', 'baseline', 'a', 'b'];
const NUMBER_FIELDS = [...ENCODING_FIELDS, 'rotate-bits', 'fx', 'fy', 'cx', 'cy', 'fov'];

export class RgbdForm {
  // form: the <form> holding a preset <select name="preset">, an encoding <select name="encoding">,
  // number inputs named like NUMBER_FIELDS, checkboxes "byte-order" (bytes swapped) and "radial",
  // and an <output name="params">.
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
    elements['byte-order'].checked = preset['byte-order'] === 'swap';
    elements.radial.checked = false;
  }

  // The depth parameters: the encoding's own fields, how the 16-bit samples are packed (only
  // when they are), then the camera (intrinsics when fx is given, else the field of view, else
  // the core's default).
  get params() {
    const { elements } = this.form;
    const encoding = elements.encoding.value;
    const lines = [`encoding=${encoding}`];
    const value = (key) => elements[key].value.trim();
    for (const key of ENCODINGS[encoding].fields) if (value(key)) lines.push(`${key}=${value(key)}`);
    if (elements['byte-order'].checked) lines.push('byte-order=swap');
    // 0 bits is no rotation: said by leaving the key out, as the core takes 1 to 15.
    if (value('rotate-bits') && Number(value('rotate-bits')) !== 0) lines.push(`rotate-bits=${value('rotate-bits')}`);
    const camera = value('fx') ? ['fx', 'fy', 'cx', 'cy'] : ['fov'];
    for (const key of camera) if (value(key)) lines.push(`${key}=${value(key)}`);
    if (elements.radial.checked) lines.push('radial=1');
    return lines.join('\n');
  }

  // Shows only the fields the encoding uses, labelled for it, and the resulting text.
  #update() {
    const { elements } = this.form;
    const encoding = ENCODINGS[elements.encoding.value];
    for (const key of ENCODING_FIELDS) {
      const label = elements[key].closest('label');
      label.hidden = !encoding.fields.includes(key);
      if (encoding[key]) label.querySelector('span').textContent = encoding[key];
    }
    elements.params.value = this.params.replaceAll('\n', '  ');
  }
}
