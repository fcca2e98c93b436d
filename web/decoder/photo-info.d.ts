// Types for what the core reports as JSON (wasm/src/pipeline/describe_json.h): the opened photo's
// info (pxav_info_json, CoreSession.info(), `pixel-avatar info --json`), the avatar's foreground
// decision (pxav_foreground_json) and an error's fields (pxav_error_json). Each stage owns one
// section of the info: the generic fields first, then the reader's own under its container's
// name, then `stereo` for every input whose depth was matched from two views.

export type DepthRepresentation =
  | 'disparity'
  | 'inverse-z'
  | 'z'
  | 'scaled-z'
  | 'stereo-disparity'
  | 'range-inverse'
  | 'kinect-disparity'
  | 'nonuniform'
  | 'unknown';

/** Where the file says the subject is, upright, in depth pixels. */
export interface SubjectHint {
  kind: 'focus' | 'face';
  /** 'exif-subject-area', 'xmp-regions', 'gfocus', ... */
  source: string;
  x: number;
  y: number;
  /** 0 for a point. */
  width: number;
  height: number;
  focusDistance: number | null;
  /** The one the subject cut uses. */
  used: boolean;
}

/** A JPEG's images, in file order. */
export interface JpegImage {
  role: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

/** The `heic` section: what only the HEIC reader knows. */
export interface HeicSection {
  /** Tiles across and down ([1, 1]: one piece). Depth photos only. */
  tiles?: [number, number];
  thumbnail?: boolean;
  auxiliaryTypes?: string[];
  /** A HEIF stereo file (an Apple spatial photo): the item ids of its two views. */
  stereoGroup?: [number, number];
  baselineM?: number;
  viewsDecodedAt?: string;
}

/** The `jpeg` section: the depth JPEG's layout. */
export interface JpegSection {
  format: string;
  images: JpegImage[];
  colourScale?: string;
}

/** The `rgbd` section: a colour image with its depth map. */
export interface RgbdSection {
  depthFile?: string;
}

/**
 * The `stereo` section, for every input whose depth was matched from two views (a stereo pair, an
 * MPO, a HEIF stereo file): how the views were matched (pipeline.cpp's stereo stage), after what
 * an MPO reader says of its views.
 */
export interface StereoSection {
  mpoViews?: number;
  mpfBaselineM?: number | null;
  mpfConvergenceDeg?: number | null;
  /** One image holding both views: "side-by-side" or "cross-eyed". */
  layout?: 'side-by-side' | 'cross-eyed';
  /** Large JPEG views decoded at a reduced DCT scale: "1/2", "1/4", "1/8". */
  viewsDecodedAt?: string;
  /** "WxH (1/s)" */
  matchedSize: string;
  /** "lo..hi px" at full size */
  disparities: string;
  verticalOffsetPx: number;
  rectified: boolean | 'rows of the right view';
  rectification:
    | 'none'
    | 'full calibration'
    | 'rows of the right view'
    | 'calibrated from the focal length'
    | 'uncalibrated (Hartley)';
  /** The views' focal length in pixels when known without a baseline, and where it came from. */
  knownFocalPx?: number;
  focalSource?: string;
  /** Why a known focal length did not give the rectification (it did not bring the rows close). */
  calibrationNote?: string;
  rectificationMovePx: number;
  homographyLeft: number[];
  homographyRight: number[];
  swapped: boolean;
  epipoleWidths: number;
  residualPx: number;
  rowErrorBeforePx: number;
  rowErrorBeforeP90Px: number;
  features: [number, number];
  matches: number;
  inliers: number;
  sparseDisparities: [number, number, number];
  exposure: { gain: number; bias: number; equalised: boolean };
  calibratedRectification: boolean;
  rangeFound: boolean;
  leftRightShare: number;
  depthScale: string;
  warning?: string;
}

/** CoreSession.info(): what the open photo holds. */
export interface PhotoInfo {
  /** The reader that opened it; its section of the info has this name. */
  container: 'heic' | 'jpeg' | 'rgbd' | 'stereo';
  photo: { width: number; height: number };
  depth: {
    present: true;
    width: number;
    height: number;
    bitDepth: number;
    representation: DepthRepresentation;
    min: number;
    max: number;
    radial: boolean;
    units: 'metres' | 'relative';
    source: string;
  };
  intrinsics: {
    fx: number;
    fy: number;
    cx: number;
    cy: number;
    width: number;
    height: number;
    assumed: boolean;
    source: string;
  };
  portraitMatte: boolean;
  /** 'tiles', 'thumbnail', 'primary', 'left view', ...; '' until the colour is decoded. */
  colourSource: string;
  /** > 0: the colour comes in this many parts (CoreSession.colourParts). */
  colourParts: number;
  subjectHints: SubjectHint[];
  /** `pixel-avatar info` only: where the default avatar's subject came from. */
  subject?: { source: string | null; error?: string; person: PersonFinding | null };
  heic?: HeicSection;
  jpeg?: JpegSection;
  rgbd?: RgbdSection;
  stereo?: StereoSection;
}

/** What the person model saw (null when it was not asked). */
export interface PersonFinding {
  found: boolean;
  areaShare: number;
  meanConfidence: number;
  faceInside: boolean;
  faces: Array<Omit<SubjectHint, 'focusDistance' | 'used'>>;
  reason: string;
}

/** buildAvatar's foreground: the subject decision and the depth histogram. */
export interface ForegroundInfo {
  source: 'matte' | 'person-model' | 'depth' | 'manual';
  near: number;
  far: number;
  threshold: number;
  histogramLow: number;
  histogramHigh: number;
  histogram: number[];
  person: PersonFinding | null;
}

/**
 * An error's machine-readable fields (core/result.h's ErrorFields; pxav_error_json's "fields"),
 * what programs act on instead of the sentence. Only the fields that apply are present.
 */
export interface ErrorFields {
  /** The file a set lacks (missing-companion, no-depth). */
  missing?: 'depth-map' | 'colour-image' | 'left-view' | 'right-view';
  /** A role no test could give among `files` ('depth-map': which of two images is the depth map). */
  ambiguous?: 'depth-map';
  files?: string[];
  /** unusable-pair: the stereo quality gate's check that failed (stereo/pair_geometry.h). */
  check?: 'same-scene' | 'camera-moved' | 'scene-still' | 'overlap';
}

/** pxav_error_json: the whole error as the C API leaves it. */
export interface ErrorJson {
  code: string;
  message: string;
  fields: ErrorFields;
}
