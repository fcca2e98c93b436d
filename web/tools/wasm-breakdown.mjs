#!/usr/bin/env node
// What the wasm core holds: its size per third-party library and per folder of our sources.
//
// The measurement build (CMake target pixel_avatar_core_sizes, `make size`) links the same objects
// with the same options as the page's module, plus two things that change no code: wasm-ld's link
// map (-Wl,--Map), which names the object every function and data segment came from, and
// Emscripten's --profiling-funcs, which keeps the function names in the optimised module. This
// script joins the two: each function body of the optimised module is credited to the object its
// name came from in the map (a function Binaryen inlined is counted where it was inlined to; one
// the map does not know, such as a merged duplicate, under "other").
//
//   node web/tools/wasm-breakdown.mjs build/wasm/size/pixel-avatar-core.wasm build/wasm/size/link.map
//   ... --json out.json    (also writes the figures as JSON)
//
// Columns: code bytes (function bodies), data bytes (the map's segments, before Binaryen drops
// zero runs), and "gzip alone": gzip -9 of that group's code and data by themselves. Compressed
// together the module is smaller than the sum of those, so the last line gives the measured
// module's gzip -9 and brotli sizes without its name section. It holds the same functions and
// data as the shipped module, of the same sizes, but Binaryen orders functions and types
// differently when names are kept, so the bytes differ in order and its gzip -9 by about 0.01%;
// `make size` prints the shipped file's sizes after this table.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const [wasmPath, mapPath, ...rest] = process.argv.slice(2);
if (!wasmPath || !mapPath) {
  console.error('usage: wasm-breakdown.mjs MODULE.wasm LINK.map [--json OUT]');
  process.exit(2);
}
const option = (name) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : null);
const jsonOut = option('--json');
const top = Number(option('--top') ?? 0); // also list each group's largest functions

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;
export const brotliSize = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;

// An unsigned LEB128 number (wasm's sizes, counts and indices) at bytes[at]: [value, the index
// after it].
function leb128(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at];
  }
}

// ---- the module: function bodies by index, names from the name section -------------------------
function readModule(bytes) {
  let at = 8;
  const u32 = () => {
    let value;
    [value, at] = leb128(bytes, at);
    return value;
  };
  const text = () => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(at, at + n));
    at += n;
    return s;
  };
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  const sections = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const start = at;
    const end = at + size;
    if (id === 0) {
      const name = text();
      sections.push({ id, name, size });
      if (name === 'name') {
        while (at < end) {
          const sub = bytes[at++];
          const subSize = u32();
          const subEnd = at + subSize;
          if (sub === 1) {
            for (let n = u32(); n > 0; n--) {
              const index = u32();
              names.set(index, text());
            }
          }
          at = subEnd;
        }
      }
    } else {
      sections.push({ id, size });
      if (id === 2) {
        for (let n = u32(); n > 0; n--) {
          text();
          text();
          const kind = bytes[at++];
          if (kind === 0) {
            u32();
            importedFunctions++;
          } else if (kind === 1) {
            at++;
            const flags = u32();
            u32();
            if (flags & 1) u32();
          } else if (kind === 2) {
            const flags = u32();
            u32();
            if (flags & 1) u32();
          } else if (kind === 3) at += 2;
          else throw new Error(`import kind ${kind}`);
        }
      } else if (id === 10) {
        for (let n = u32(), i = 0; i < n; i++) {
          const bodySize = u32();
          bodies.push({ index: importedFunctions + i, bytes: bytes.subarray(at, at + bodySize) });
          at += bodySize;
        }
      } else if (id === 11) {
        sections.at(-1).bytes = bytes.subarray(start, end);
      }
    }
    at = end;
  }
  for (const body of bodies) body.name = names.get(body.index) ?? `function ${body.index}`;
  return { bodies, sections };
}

// ---- the link map: function and data symbol -> the object it came from -------------------------
// After three number columns (address, offset, size) the text is indented by one space for an
// output section, 9 for an input section ("/path/libheif.a(box.cc.o):(_ZN3BoxD2Ev)") and 17 for
// its symbols, demangled as in the name section ("Box::~Box()").
function readMap(text) {
  const functions = new Map();
  const data = [];
  let out = '';
  let origin = '';
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)( +)(.+)$/);
    if (!m) continue;
    const [, address, , size, indent, rest] = m;
    if (indent.length === 1) {
      if (!rest.startsWith('.')) out = rest; // CODE, DATA; .rodata, .data, .bss are DATA's segments
    } else if (indent.length === 9) {
      origin = rest.slice(0, rest.lastIndexOf(':('));
      if (out === 'DATA') data.push({ origin, address: parseInt(address, 16), size: parseInt(size, 16) });
    } else if (out === 'CODE') functions.set(rest, origin);
  }
  return { functions, data };
}

// Where an object belongs: one of our folders, a third-party library, or Emscripten's system
// libraries. Our core is an archive whose members are named by file alone: the folder comes from
// the source tree.
const here = new URL('../../wasm/src/', import.meta.url).pathname;
const folderOf = new Map();
(function walk(dir, rel) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) walk(join(dir, entry.name), rel ? `${rel}/${entry.name}` : entry.name);
    else if (entry.name.endsWith('.cpp')) folderOf.set(`${entry.name}.o`, `wasm/src/${rel.split('/')[0]}/`);
  }
})(here, '');

export function groupOf(origin) {
  if (origin.includes('/wasm/binding/')) return { kind: 'ours', name: 'wasm/binding/' };
  const member = origin.match(/libpxav_core\.a\((.+)\)$/);
  if (member) return { kind: 'ours', name: folderOf.get(member[1]) ?? `wasm/src/? (${member[1]})` };
  const archive = origin.match(/lib([^/(]+)\.a\(/);
  if (archive) {
    const lib = archive[1];
    const third = { heif: 'libheif', de265: 'libde265', jpeg: 'libjpeg-turbo', png16: 'libpng', z: 'zlib' };
    if (third[lib]) return { kind: 'library', name: third[lib] };
    return { kind: 'system', name: `system: lib${lib.replace(/-(mt|noexcept|except|debug)$/, '')}` };
  }
  if (origin === '<internal>') return { kind: 'system', name: 'linker (merged constants, start-up)' };
  // The one object LTO makes of the link's bitcode: only libheif is built as bitcode (for
  // virtual function elimination, third_party/build.sh).
  if (origin === 'lto.tmp') return { kind: 'library', name: 'libheif' };
  return { kind: 'system', name: 'system: start-up objects' };
}

// The module's memory image as its data segments lay it out (address -> bytes); zero elsewhere.
function memoryImage(dataSection) {
  if (!dataSection) return new Uint8Array(0);
  let at = 0;
  const bytes = dataSection;
  const u32 = () => {
    let value;
    [value, at] = leb128(bytes, at);
    return value;
  };
  const segments = [];
  for (let n = u32(); n > 0; n--) {
    const flags = u32();
    if (flags === 2) u32();
    let address = 0;
    if (flags !== 1) {
      if (bytes[at++] !== 0x41) throw new Error('data segment offset is not an i32.const');
      let shift = 0;
      for (;;) {
        const b = bytes[at++];
        address |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      if (bytes[at++] !== 0x0b) throw new Error('data segment offset expression');
    }
    const size = u32();
    segments.push({ address, bytes: bytes.subarray(at, at + size) });
    at += size;
  }
  const end = Math.max(0, ...segments.map((s) => s.address + s.bytes.length));
  const image = new Uint8Array(end);
  for (const s of segments) image.set(s.bytes, s.address);
  return image;
}

const wasm = readFileSync(wasmPath);
const { bodies, sections } = readModule(wasm);
const map = readMap(readFileSync(mapPath, 'utf8'));

const groups = new Map();
const add = (group, field, bytes, name) => {
  const key = group.name;
  if (!groups.has(key)) groups.set(key, { ...group, code: 0, data: 0, functions: 0, parts: [], largest: [] });
  const g = groups.get(key);
  if (field === 'code' && name) g.largest.push({ name, bytes: bytes.length });
  g[field] += bytes.length;
  if (field === 'code') g.functions++;
  g.parts.push(bytes);
};
for (const body of bodies) {
  const origin = map.functions.get(body.name);
  add(origin ? groupOf(origin) : { kind: 'other', name: 'other (not in the link map)' }, 'code', body.bytes, body.name);
}
// Data by address: the map says where each object's constants went, the module holds them there
// (zero-initialised memory, .bss, is not in the module and reads as zeros: it compresses away).
const image = memoryImage(sections.find((s) => s.id === 11)?.bytes);
for (const d of map.data) {
  const bytes = new Uint8Array(d.size);
  bytes.set(image.subarray(d.address, Math.min(d.address + d.size, image.length)));
  add(groupOf(d.origin), 'data', bytes);
}

const rows = [...groups.values()]
  .map((g) => ({ ...g, gzipAlone: gzipSize(Buffer.concat(g.parts)), parts: undefined, largest: g.largest }))
  .sort((a, b) => b.gzipAlone - a.gzipAlone);
const kb = (n) => (n / 1024).toFixed(1).padStart(7);
const table = (title, pick) => {
  const chosen = rows.filter(pick);
  console.log(`\n| ${title.padEnd(34)} | functions | code KB | data KB | gzip alone KB |`);
  console.log(`|${'-'.repeat(36)}|----------:|--------:|--------:|--------------:|`);
  for (const r of chosen) {
    console.log(
      `| ${r.name.padEnd(34)} | ${String(r.functions).padStart(9)} | ${kb(r.code)} | ${kb(r.data)} | ${kb(r.gzipAlone).padStart(13)} |`,
    );
  }
  const sum = (f) => chosen.reduce((t, r) => t + r[f], 0);
  console.log(
    `| ${'sum'.padEnd(34)} | ${String(sum('functions')).padStart(9)} | ${kb(sum('code'))} | ${kb(sum('data'))} | ${kb(sum('gzipAlone')).padStart(13)} |`,
  );
};
const codeSection = sections.find((s) => s.id === 10)?.size ?? 0;
const dataSection = sections.find((s) => s.id === 11)?.size ?? 0;
const nameSection = sections.find((s) => s.name === 'name')?.size ?? 0;
console.log(
  `${wasmPath}: ${wasm.length} bytes, of which code ${codeSection}, data ${dataSection}, names ${nameSection} (measurement only)`,
);
table('third-party libraries and system', (r) => r.kind !== 'ours');
table('our sources, by folder', (r) => r.kind === 'ours');
// Without the name section (and the other custom sections): what the page would download.
const shipped = stripNames(wasm);
console.log(
  `\nwithout the names: ${shipped.length} bytes raw, ${gzipSize(shipped)} gzip -9, ${brotliSize(shipped)} brotli -q 11`,
);
if (top > 0) {
  for (const r of rows) {
    console.log(`\n${r.name}: the ${top} largest functions (bytes)`);
    for (const f of r.largest.sort((x, y) => y.bytes - x.bytes).slice(0, top))
      console.log(`  ${String(f.bytes).padStart(7)}  ${f.name.slice(0, 150)}`);
  }
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ module: wasmPath, rows }, null, 1));

// The module without its custom sections (names, producers).
function stripNames(bytes) {
  const parts = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    let size;
    [size, at] = leb128(bytes, at + 1);
    if (bytes[start] !== 0) parts.push(bytes.subarray(start, at + size));
    at += size;
  }
  return Buffer.concat(parts);
}
