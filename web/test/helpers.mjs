// Shared set-up for the browser tests and the benchmark: the static server, Debian's Chromium
// through playwright-core, a log of every request, and a reader for screenshots.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';
import { decode as decodePng } from 'fast-png';
import { crc32 } from '../element/avatar-file.js';

// Skipping outside CI, failing under CI=true (skip.mjs), for the suites that import this file.
export { skipOrFailInCI, skipTestOrFailInCI } from './skip.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why browser tests cannot run here, or null. */
export function browserMissing() {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
}

/**
 * Starts the server and Chromium; returns { server, browser, close() }. `extraArgs` go to
 * Chromium after the usual ones (the benchmark adds --js-flags=--expose-gc); `serve` goes to
 * startServer (root, csp, onCspReport: another folder, a fixed policy).
 */
export async function startBrowser({ extraArgs = [], serve = {} } = {}) {
  const server = await startServer({ port: 0, ...serve });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
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
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  if (url) await page.goto(url);
  return { page, requests, errors };
}

/** Waits for `count` of the page's animation frames: the browser's clock, not a guessed time. */
export function animationFrames(page, count = 2) {
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
        requestAnimationFrame(step);
      }),
    count,
  );
}

/** Waits until `element` (a selector) has drawn at least `count` more frames than now. */
export async function waitForFrames(page, selector, count = 2, timeout = 60_000) {
  const start = await page.$eval(selector, (el) => el.frameCount);
  await page.waitForFunction(
    ([s, target]) => document.querySelector(s)?.frameCount >= target,
    [selector, start + count],
    { timeout, polling: 50 },
  );
}

/**
 * The URL of the module that holds the page's renderer, to import it in the page for its stats
 * or its pause switch: the embed page runs the minified copy (/dist/element/renderer.js), the
 * preview page the source (/element/renderer.js), a page without three.js the one-file build
 * (bundle/pixel-avatar.js, which re-exports both), and each URL is its own module with its own state.
 */
export function rendererUrl(page) {
  return page.evaluate(() => {
    const urls = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => /\/element\/renderer\.js$|\/bundle\/pixel-avatar\.js$/.test(new URL(name).pathname));
    if (urls.length !== 1) throw new Error(`expected one renderer module, the page loaded ${urls.length}`);
    return urls[0];
  });
}

/** Stops the page's render loop (screenshots wait for a fresh frame; software GL is slow). */
export async function pauseRendering(page, paused = true) {
  const url = await rendererUrl(page);
  await page.evaluate(async ([renderer, value]) => (await import(renderer)).pauseRendering(value), [url, paused]);
}

/** Decodes a screenshot (an 8-bit RGB or RGBA PNG) to { width, height, pixels: RGBA bytes }. */
export async function readScreenshot(buffer) {
  const { width, height, channels, data } = decodePng(buffer);
  if (channels < 3) throw new Error(`a screenshot with ${channels} channels`);
  const pixels = new Uint8Array(width * height * 4).fill(255);
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < channels; k++) pixels[i * 4 + k] = data[i * channels + k];
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
      if (
        Math.abs(pixels[i] - r) <= tolerance &&
        Math.abs(pixels[i + 1] - g) <= tolerance &&
        Math.abs(pixels[i + 2] - b) <= tolerance
      )
        hits[k]++;
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

/**
 * Reads a stored (method 0) zip through its central directory, checking headers and CRCs:
 * [{ name, bytes }]. Independent of the page's writer (web/preview/embed-code.js).
 */
export function readZip(zip) {
  const check = (ok, message) => {
    if (!ok) throw new Error(`zip: ${message}`);
  };
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  check(view.getUint32(end, true) === 0x06054b50, 'no end-of-central-directory record');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = [];
  for (let i = 0; i < count; i++) {
    check(view.getUint32(at, true) === 0x02014b50, 'bad central directory entry');
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    check(method === 0, `${name}: compressed (method ${method})`);
    check(view.getUint32(local, true) === 0x04034b50, `${name}: bad local header`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const bytes = zip.subarray(start, start + size);
    check(crc32(bytes) === crc, `${name}: CRC mismatch`);
    files.push({ name, bytes });
    at += 46 + nameLength + extra;
  }
  return files;
}
