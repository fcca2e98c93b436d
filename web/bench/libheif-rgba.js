// The benchmark's peer, libheif-js, doing what its users do first: decode a photo's primary image
// to RGBA. One definition for both places bench/bench-wasm.mjs times it, node and a Chromium page.
// Its display() finishes in a setTimeout, so the decode resolves a promise.

// libheif: an instantiated libheif-js module; bytes: the HEIC file.
export function decodeToRgba(libheif, bytes) {
  const [image] = new libheif.HeifDecoder().decode(bytes);
  const w = image.get_width(),
    h = image.get_height();
  const target = { data: new Uint8ClampedArray(w * h * 4), width: w, height: h };
  return new Promise((resolve, reject) =>
    image.display(target, (result) => {
      image.free();
      if (result) resolve();
      else reject(new Error('libheif-js could not decode the photo'));
    }),
  );
}
