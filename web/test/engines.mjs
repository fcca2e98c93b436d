// One small driver layer over the three browser engines, for the tests and the benchmark that run
// the same page in each: Chromium through playwright-core (headless, as helpers.mjs starts it),
// Firefox ESR through puppeteer-core over WebDriver BiDi, and WebKitGTK's MiniBrowser through
// selenium-webdriver and WebKitWebDriver. Firefox and WebKit run headful on an Xvfb display this
// module starts (headless Firefox offers no WebGL here, and an Xvfb of our own keeps windows off a
// developer's desktop).
//
// A page offers what the tests need and no more, the same in every engine:
//   goto(url), evaluate(fn, arg) (fn runs in the page with one JSON argument; a promise is
//   awaited), waitFor(fn, arg, { timeout, what }) (fn polled in the page until it returns a truthy
//   value, which is returned), setFiles(selector, paths), text(selector),
//   screenshot(path, selector?) (-> PNG bytes), close().
// Waits are conditions checked in the page, never sleeps. prefers-reduced-motion is a launch
// option ({ reducedMotion: true }): Firefox takes it as a preference and WebKitGTK from GTK's
// "enable animations" setting, both per browser, not per page.
//
// Which engines a suite runs: PXAV_ENGINES (default "firefox,webkit"; Chromium's own tests are
// the browser-*.test.mjs files). A missing engine skips its suite with the reason, except under
// CI=true, where it fails (describeEngine).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { decode, encode } from 'fast-png';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers.mjs';

const require = createRequire(import.meta.url);
const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';
// Debian installs MiniBrowser under the multiarch folder of libwebkit2gtk-4.1.
const MINIBROWSER = (() => {
  try {
    const arch = readdirSync('/usr/lib').find((dir) => existsSync(`/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`));
    return arch ? `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser` : null;
  } catch {
    return null;
  }
})();

export const ALL_ENGINES = ['chromium', 'firefox', 'webkit'];
export const ENGINE_NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** The engines the suites run: PXAV_ENGINES, else Firefox and WebKit. */
export function selectedEngines(fallback = ['firefox', 'webkit']) {
  const asked = (process.env.PXAV_ENGINES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((name) => !ALL_ENGINES.includes(name));
  if (unknown.length)
    throw new Error(`PXAV_ENGINES: unknown engine ${unknown.join(', ')} (known: ${ALL_ENGINES.join(', ')})`);
  return asked.length ? asked : fallback;
}

const resolvable = (name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

/** Why `engine` cannot run here (what to install), or null. */
export function engineMissing(engine) {
  const needs = {
    chromium: [
      [CHROMIUM, 'apt-get install chromium'],
      ['playwright-core', 'npm ci in web/'],
    ],
    firefox: [
      [FIREFOX, 'apt-get install firefox-esr'],
      [XVFB, 'apt-get install xvfb'],
      ['puppeteer-core', 'npm ci in web/'],
    ],
    webkit: [
      [WEBKIT_DRIVER, 'apt-get install webkit2gtk-driver'],
      [MINIBROWSER ?? 'MiniBrowser', 'apt-get install webkit2gtk-driver'],
      [XVFB, 'apt-get install xvfb'],
      ['selenium-webdriver', 'npm ci in web/'],
    ],
  }[engine];
  if (!needs) return `unknown engine ${engine}`;
  const absent = needs.filter(([what]) =>
    what.startsWith('/') ? !existsSync(what) : what === 'MiniBrowser' || !resolvable(what),
  );
  return absent.length ? absent.map(([what, how]) => `${what} is missing (${how})`).join('; ') : null;
}

/**
 * describe() for one engine's suite: skipped with the reason when the engine (or `otherSkip`, a
 * reason such as an unbuilt module) is missing, but under CI=true either is a failing test, so a
 * CI machine without the browser or the build cannot pass by skipping.
 */
export function describeEngine(engine, title, body, { otherSkip = null } = {}) {
  const missing = engineMissing(engine);
  const engineName = ENGINE_NAMES[engine] ?? engine;
  const name = `${title} in ${engineName}`;
  if ((missing || otherSkip) && process.env.CI === 'true') {
    describe(name, () => {
      test(missing ? `${engineName} is installed` : 'what the suite needs is built', () => {
        throw new Error(`CI=true and ${name} cannot run: ${missing ? `${engineName}: ${missing}` : otherSkip}`);
      });
    });
    return;
  }
  const skip = missing ? `${engineName} cannot run: ${missing}` : otherSkip;
  if (skip) console.log(`# ${name} skipped: ${skip}`);
  describe(name, { skip: skip ?? false }, body);
}

// ---- Xvfb: one display per process, started with the first headful engine ----

let display = null; // Promise<{ name, process, users }>

async function startDisplay() {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const name = await new Promise((resolve, reject) => {
    let text = '';
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it chose a display: ${stderr.trim()}`)));
  });
  xvfb.removeAllListeners('exit');
  xvfb.unref();
  process.once('exit', () => xvfb.kill());
  return { name, process: xvfb, users: 0 };
}

async function useDisplay() {
  display ??= startDisplay();
  const d = await display;
  d.users++;
  return d.name;
}

async function releaseDisplay() {
  if (!display) return;
  const d = await display;
  if (--d.users > 0) return;
  display = null;
  d.process.kill();
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// A waitFor in every engine: the condition's source polled inside the page (about every 50 ms,
// on the page's own timers), so no engine has to poll across its protocol. Built here from the
// condition's text, since the pages' CSP forbids compiling code in the page.
function poller(condition) {
  return new Function(
    'input',
    `
    const condition = (${condition});
    const [arg, timeout, what] = input;
    return new Promise((resolve, reject) => {
      const until = performance.now() + timeout;
      const check = async () => {
        let value;
        try { value = await condition(arg); } catch (error) { return reject(error); }
        if (value) return resolve(value);
        if (performance.now() > until) return reject(new Error('timed out after ' + timeout + ' ms waiting for ' + what));
        setTimeout(check, 50);
      };
      check();
    });`,
  );
}

class Page {
  constructor(engine) {
    this.engine = engine;
  }
  waitFor(condition, arg = null, { timeout = 60_000, what = String(condition).slice(0, 120) } = {}) {
    return this.evaluate(poller(condition), [arg, timeout, what]);
  }
  text(selector) {
    return this.evaluate((s) => document.querySelector(s)?.innerText ?? null, selector);
  }
}

// ---- Chromium: playwright-core ----

class ChromiumPage extends Page {
  constructor(engine, page) {
    super(engine);
    this.page = page;
  }
  async goto(url) {
    await this.page.goto(url);
  }
  evaluate(fn, arg = null) {
    return this.page.evaluate(fn, arg);
  }
  async setFiles(selector, paths) {
    await this.page.setInputFiles(selector, paths);
  }
  async screenshot(path, selector = null) {
    return selector ? this.page.locator(selector).screenshot({ path }) : this.page.screenshot({ path });
  }
  async close() {
    await this.page.close();
  }
}

async function launchChromium({ reducedMotion }) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    version: `Chromium ${browser.version()}`,
    async newPage({ width, height }) {
      const page = await browser.newPage({
        viewport: { width, height },
        reducedMotion: reducedMotion ? 'reduce' : 'no-preference',
      });
      return new ChromiumPage('chromium', page);
    },
    close: () => browser.close(),
  };
}

// ---- Firefox: puppeteer-core over WebDriver BiDi, headful on Xvfb ----

class FirefoxPage extends Page {
  constructor(engine, page) {
    super(engine);
    this.page = page;
  }
  async goto(url) {
    await this.page.goto(url);
  }
  evaluate(fn, arg = null) {
    return this.page.evaluate(fn, arg);
  }
  async setFiles(selector, paths) {
    const input = await this.page.$(selector);
    await input.uploadFile(...paths);
  }
  async screenshot(path, selector = null) {
    const target = selector ? await this.page.$(selector) : this.page;
    return Buffer.from(await target.screenshot({ path }));
  }
  async close() {
    await this.page.close();
  }
}

async function launchFirefox({ reducedMotion }) {
  const puppeteer = require('puppeteer-core');
  const displayName = await useDisplay();
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: false,
      env: { ...process.env, DISPLAY: displayName, MOZ_CRASHREPORTER_DISABLE: '1' },
      extraPrefsFirefox: { 'ui.prefersReducedMotion': reducedMotion ? 1 : 0 },
      protocolTimeout: 300_000,
    });
    return {
      version: `Firefox ${(await browser.version()).replace(/^firefox\//, '')}`,
      async newPage({ width, height }) {
        const page = await browser.newPage();
        await page.setViewport({ width, height });
        page.setDefaultTimeout(120_000);
        return new FirefoxPage('firefox', page);
      },
      async close() {
        await browser.close();
        await releaseDisplay();
      },
    };
  } catch (error) {
    await releaseDisplay();
    throw error;
  }
}

// The part of a screenshot (PNG) under a box in CSS pixels.
function cropPng(png, { x, y, width, height, scale }) {
  const image = decode(png);
  const channels = image.channels;
  const left = Math.max(0, Math.round(x * scale));
  const top = Math.max(0, Math.round(y * scale));
  const w = Math.min(image.width - left, Math.round(width * scale));
  const h = Math.min(image.height - top, Math.round(height * scale));
  if (w <= 0 || h <= 0) throw new Error('the element is outside the screenshot');
  const data = new Uint8Array(w * h * channels);
  for (let row = 0; row < h; row++) {
    const from = ((top + row) * image.width + left) * channels;
    data.set(image.data.subarray(from, from + w * channels), row * w * channels);
  }
  return Buffer.from(encode({ width: w, height: h, channels, depth: 8, data }));
}

// ---- WebKit: selenium-webdriver and WebKitWebDriver driving MiniBrowser, headful on Xvfb ----

class WebKitPage extends Page {
  constructor(engine, driver, By) {
    super(engine);
    Object.assign(this, { driver, By });
  }
  async goto(url) {
    await this.driver.get(url);
  }
  // WebDriver's Execute Script runs a function body with `arguments` and awaits a returned promise.
  evaluate(fn, arg = null) {
    return this.driver.executeScript(`return (${fn}).call(null, arguments[0]);`, arg);
  }
  async setFiles(selector, paths) {
    await this.driver.findElement(this.By.css(selector)).sendKeys(paths.join('\n'));
  }
  // WebKitWebDriver's element screenshot leaves a WebGL-fed canvas black: take the viewport (which
  // shows it) and cut the element's box out of it.
  async screenshot(path, selector = null) {
    const box =
      selector &&
      (await this.evaluate((s) => {
        const el = document.querySelector(s);
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const r = el.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height, scale: devicePixelRatio };
      }, selector));
    let png = Buffer.from(await this.driver.takeScreenshot(), 'base64');
    if (box) png = cropPng(png, box);
    if (path) writeFileSync(path, png);
    return png;
  }
  async close() {
    await this.driver.get('about:blank');
  }
}

async function launchWebKit({ reducedMotion }) {
  const { Builder, By } = require('selenium-webdriver');
  const displayName = await useDisplay();
  // A GTK settings folder of our own: WebKitGTK answers prefers-reduced-motion from GTK's
  // gtk-enable-animations, and nothing of the user's GTK setup decides the answer.
  const config = mkdtempSync(join(tmpdir(), 'pxav-webkit-'));
  mkdirSync(join(config, 'gtk-3.0'));
  writeFileSync(
    join(config, 'gtk-3.0/settings.ini'),
    `[Settings]\ngtk-enable-animations=${reducedMotion ? 'false' : 'true'}\n`,
  );
  const port = await freePort();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: displayName, XDG_CONFIG_HOME: config },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  driverProcess.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-2000);
  });
  const stop = async () => {
    driverProcess.kill();
    rmSync(config, { recursive: true, force: true });
    await releaseDisplay();
  };
  try {
    const driver = await connectWebKit(Builder, port, driverProcess, () => log);
    await driver.manage().setTimeouts({ script: 300_000, pageLoad: 120_000 });
    const capabilities = await driver.getCapabilities();
    let open = false;
    return {
      version: `WebKitGTK ${capabilities.get('browserVersion')} (MiniBrowser)`,
      async newPage({ width, height }) {
        // One window per session: a page is that window, and closing it leaves about:blank.
        if (open) throw new Error('WebKit: one page at a time (close the last one first)');
        open = true;
        // The window's size: MiniBrowser's toolbar takes about 40 px of its height from the page.
        await driver.manage().window().setRect({ width, height });
        const page = new WebKitPage('webkit', driver, By);
        const close = page.close.bind(page);
        page.close = async () => {
          await close();
          open = false;
        };
        return page;
      },
      async close() {
        await driver.quit().catch(() => {});
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// The driver listens a moment after it starts: retry the session until it answers (or exits).
async function connectWebKit(Builder, port, driverProcess, log) {
  const capabilities = {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
  };
  let lastError = null;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (driverProcess.exitCode !== null)
      throw new Error(`WebKitWebDriver exited (${driverProcess.exitCode}): ${log()}`);
    try {
      return await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(capabilities).build();
    } catch (error) {
      lastError = error;
      if (!/ECONNREFUSED/.test(String(error))) break;
      await new Promise((resolve) => {
        setTimeout(resolve, 100);
      });
    }
  }
  throw new Error(`WebKitWebDriver gave no session: ${lastError?.message ?? lastError}. ${log()}`);
}

/**
 * Starts `engine` ('chromium', 'firefox' or 'webkit'): { name, version, newPage({ width,
 * height }) -> page, close() }. Options: reducedMotion (prefers-reduced-motion: reduce).
 */
export async function launchEngine(engine, { reducedMotion = false } = {}) {
  const launch = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit }[engine];
  if (!launch) throw new Error(`unknown engine ${engine}`);
  const browser = await launch({ reducedMotion });
  return { name: engine, ...browser };
}
