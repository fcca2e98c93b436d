// GLSL for the avatar cells. Everything that moves, moves here: per-cell data sits in instanced
// attributes (both ends of a transition, both colours, a stagger delay and a random seed) and a
// handful of uniforms drive idle motion and transitions, so the JS side of a frame is the same
// few uniform writes whether the avatar has 1,000 cells or 60,000.
//
// Attributes (per instance):
//   aFrom, aTo            xyz centre and edge size of the cell at the start / end (size 0 = absent)
//   aColourFrom, aColourTo  sRGB colour, normalised from bytes
//   aTiming               x: start delay as a share of the stagger window, y: random seed 0..1
// Uniforms:
//   uProgress  0..1 of the transition (1 = showing aTo), uMode 0 = morph, 1 = scatter
//   uTime      seconds, uMotion 0..1 (idle sway/breathing; 0 for prefers-reduced-motion)
//   uSpin      auto-rotate angle, uTilt pointer-follow yaw/pitch (radians)

// layout.js's cellsAt() follows the cells' path on the CPU (a transition started mid-way starts
// where they are): it shares this constant and mirrors main() below up to the idle motion.
export const STAGGER = 0.55;

export const vertexShader = /* glsl */ `
attribute vec4 aFrom;
attribute vec4 aTo;
attribute vec3 aColourFrom;
attribute vec3 aColourTo;
attribute vec2 aTiming;

uniform float uProgress;
uniform float uMode;
uniform float uTime;
uniform float uMotion;
uniform float uSpin;
uniform vec2 uTilt;

varying vec3 vColour;
varying float vLight;

// Cells start at different times within the first STAGGER of the transition, so the change
// sweeps over the avatar like pixels rearranging instead of one rigid blend.
const float STAGGER = ${STAGGER.toFixed(2)};

mat3 yawPitch(float yaw, float pitch) {
  float cy = cos(yaw), sy = sin(yaw), cp = cos(pitch), sp = sin(pitch);
  mat3 y = mat3(cy, 0.0, -sy,  0.0, 1.0, 0.0,  sy, 0.0, cy);
  mat3 p = mat3(1.0, 0.0, 0.0,  0.0, cp, sp,  0.0, -sp, cp);
  return y * p;
}

void main() {
  float t = clamp((uProgress - aTiming.x * STAGGER) / (1.0 - STAGGER), 0.0, 1.0);
  float e = t * t * (3.0 - 2.0 * t);
  float arc = sin(3.14159265 * e);

  vec3 centre = mix(aFrom.xyz, aTo.xyz, e);
  float size = mix(aFrom.w, aTo.w, e);

  // Morph: each cell hops towards the viewer on its way, so crossing paths do not z-fight.
  centre.z += (1.0 - uMode) * arc * (0.12 + 0.3 * aTiming.y);
  // Scatter: cells burst out along a per-cell direction and settle into the new shape.
  float s = aTiming.y * 6.2831853;
  vec3 burst = vec3(cos(s) * 1.3, sin(s * 1.7), 0.6 + 0.8 * fract(aTiming.y * 7.13));
  centre += uMode * arc * burst * (0.5 + aTiming.y);

  // Breathing: a slow wave travelling down the avatar along the depth axis.
  centre.z += uMotion * 0.035 * sin(uTime * 1.6 - centre.y * 2.4);
  // Sway, auto-rotate and pointer tilt turn the whole avatar about its centre.
  mat3 turn = yawPitch(
    uSpin + uTilt.x + uMotion * 0.2 * sin(uTime * 0.5),
    uTilt.y + uMotion * 0.05 * sin(uTime * 0.37 + 1.0));

#ifdef SQUARE
  // Squares always face the camera, like the points of a point cloud.
  vec4 viewPosition = modelViewMatrix * vec4(turn * centre, 1.0);
  viewPosition.xy += position.xy * size;
  vLight = 1.0;
#else
  vec4 viewPosition = modelViewMatrix * vec4(turn * (centre + position * size), 1.0);
  // Faces towards the viewer keep the exact palette colour; top and sides are shaded so the
  // cubes read as 3D. (Shading in sRGB is not physically right, but it keeps pixel art exact.)
  vec3 n = turn * normal;
  vLight = clamp(0.74 + 0.26 * n.z + 0.1 * n.y - 0.06 * n.x, 0.55, 1.0);
#endif

  vColour = mix(aColourFrom, aColourTo, e);
  gl_Position = projectionMatrix * viewPosition;
}
`;

// The palette is sRGB and is written out as is: no colour-space conversion, exact pixel art.
export const fragmentShader = /* glsl */ `
varying vec3 vColour;
varying float vLight;

void main() {
  gl_FragColor = vec4(vColour * vLight, 1.0);
}
`;
