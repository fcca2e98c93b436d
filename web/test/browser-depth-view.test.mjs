// The depth panel's drawing helpers (web/preview/depth-view.js) in headless Chromium, with the
// browser's own text measurement: the histogram's labels never overlap, whatever the markers do,
// and the depth view spans the subject's range with the background in grey.
// Run: node --test web/test/browser-depth-view.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserMissing, skipOrFailInCI, openPage, startBrowser } from './helpers.mjs';

const skip = browserMissing();
skipOrFailInCI('browser-depth-view', skip);

describe('the depth panel', { skip: skip ?? false }, () => {
  let env, page;
  before(async () => {
    env = await startBrowser();
    // Any page of the server's origin can import the module.
    ({ page } = await openPage(env.browser, env.server.url + 'preview/depth-view.js'));
  });
  after(async () => {
    await env?.close();
  });

  test('the histogram labels never overlap and stay on the canvas', async () => {
    const cases = await page.evaluate(async () => {
      const { drawHistogram } = await import('/preview/depth-view.js');
      const out = [];
      const histogram = Array.from({ length: 256 }, (_, i) => (i < 60 ? 400 : 40 + (i % 7)));
      for (const width of [512, 360, 240]) {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = 120;
        for (const unit of [' m', '']) {
          // Markers apart, close, equal, and pressed against either end of the range.
          for (const [near, far] of [
            [0.4, 1.2],
            [0.5, 0.52],
            [0.8, 0.8],
            [0.3, 0.31],
            [1.99, 2.0],
            [0.3, 2.0],
            [1.1, 1.3],
          ]) {
            const foreground = {
              histogram,
              histogramLow: 0.3,
              histogramHigh: 2.0,
              near,
              far,
              threshold: (near + far) / 2,
            };
            out.push({ width, near, far, unit, boxes: drawHistogram(canvas, foreground, null, unit) });
          }
        }
      }
      return out;
    });
    assert.ok(cases.length > 0);
    for (const { width, near, far, unit, boxes } of cases) {
      const where = `width ${width}, near ${near}, far ${far}, unit '${unit}'`;
      assert.equal(boxes.length, 4, `${where}: four labels`);
      for (const box of boxes) {
        assert.ok(
          box.x >= 0 && box.x + box.width <= width + 0.5,
          `${where}: '${box.text}' at ${box.x} leaves the canvas`,
        );
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          assert.ok(apart, `${where}: '${a.text}' (x ${a.x.toFixed(1)}) overlaps '${b.text}' (x ${b.x.toFixed(1)})`);
        }
      }
    }
  });

  test('the depth view spans the subject range; the background is grey, invalid depth black', async () => {
    const pixels = await page.evaluate(async () => {
      const { depthViewPixels } = await import('/preview/depth-view.js');
      // A face from 0.40 to 0.50 m, a chair at 0.60 m, a wall at 2 m, one invalid sample.
      const depth = new Float32Array([0.4, 0.45, 0.5, 0.6, 2.0, NaN]);
      return [...depthViewPixels(depth, 0.4, 0.5, 2.0)];
    });
    const px = (i) => pixels.slice(i * 4, i * 4 + 3);
    const grey = ([r, g, b]) => r === g && g === b;
    assert.ok(!grey(px(0)) && !grey(px(1)) && !grey(px(2)), 'the subject takes colours');
    assert.notDeepEqual(px(0), px(1));
    assert.notDeepEqual(px(1), px(2));
    assert.ok(px(0)[0] > px(0)[1] && px(0)[0] > px(0)[2], 'the near end is red');
    assert.ok(px(1)[1] > px(1)[0] && px(1)[1] > px(1)[2], 'the middle of the subject is green');
    assert.ok(grey(px(3)) && grey(px(4)), 'the background is grey');
    assert.ok(px(3)[0] > px(4)[0], 'nearer background is lighter');
    assert.deepEqual(px(5), [0, 0, 0]);
  });
});
