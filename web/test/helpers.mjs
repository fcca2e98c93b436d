// Shared set-up for the browser tests and the benchmark: the static server, Debian's Chromium
// through playwright-core, a log of every request, and a PNG reader for screenshots.
import { existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why browser tests cannot run here, or null. */
export function browserMissing() {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
}

/** Starts the server and Chromium; returns { server, browser, close() }. */
export async function startBrowser() {
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens a page that records every request (the page's and its workers') and every console
 * error. `options` go to browser.newPage (viewport, reducedMotion...).
 */
export async function openPage(browser, url, options = {}) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, ...options });
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  if (url) await page.goto(url);
  return { page, requests, errors };
}

/** Waits until `element` (a selector) has drawn at least `count` more frames than now. */
export async function waitForFrames(page, selector, count = 2, timeout = 60_000) {
  const start = await page.$eval(selector, (el) => el.frameCount);
  await page.waitForFunction(([s, target]) => document.querySelector(s)?.frameCount >= target,
    [selector, start + count], { timeout, polling: 50 });
}

/** Stops the page's render loop (screenshots wait for a fresh frame; software GL is slow). */
export async function pauseRendering(page, paused = true) {
  await page.evaluate(async (value) => {
    const { pauseRendering } = await import('/element/renderer.js');
    pauseRendering(value);
  }, paused);
}

/** Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium screenshots are). */
export function decodePng(buffer) {
  let offset = 8;
  let width = 0, height = 0, colourType = 0;
  const data = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      colourType = body[9];
    } else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (!channels) throw new Error(`PNG colour type ${colourType} not handled`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(width * height * 4);
  const previous = new Uint8Array(stride);
  const line = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0;
      const b = previous[i];
      const c = i >= channels ? previous[i - channels] : 0;
      let v = src[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) pixels[(y * width + x) * 4 + k] = line[x * channels + k];
      pixels[(y * width + x) * 4 + 3] = channels === 4 ? line[x * channels + 3] : 255;
    }
    previous.set(line);
  }
  return { width, height, pixels };
}

/**
 * How many of `colours` ([r, g, b] triples) appear in the image, each within `tolerance` per
 * channel on at least `minPixels` pixels. Used to check a screenshot shows the avatar, not a blank box.
 */
export function coloursPresent({ pixels }, colours, { tolerance = 6, minPixels = 20 } = {}) {
  const hits = new Array(colours.length).fill(0);
  for (let i = 0; i < pixels.length; i += 4) {
    for (let k = 0; k < colours.length; k++) {
      const [r, g, b] = colours[k];
      if (Math.abs(pixels[i] - r) <= tolerance && Math.abs(pixels[i + 1] - g) <= tolerance &&
        Math.abs(pixels[i + 2] - b) <= tolerance) hits[k]++;
    }
  }
  return hits.filter((n) => n >= minPixels).length;
}

/** Distinct colours (quantised to 4 bits per channel) covering at least `minPixels` pixels. */
export function distinctColours({ pixels }, minPixels = 30) {
  const counts = new Map();
  for (let i = 0; i < pixels.length; i += 4) {
    const key = ((pixels[i] >> 4) << 8) | ((pixels[i + 1] >> 4) << 4) | (pixels[i + 2] >> 4);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].filter((n) => n >= minPixels).length;
}
