// The demo page's only script: registers <pixel-avatar> and wires the "Swap now" button.
// It loads the minified element, as a blog would (build it: node web/tools/build-element.mjs);
// the readable source is web/element/.
import '../dist/element/pixel-avatar.js';

const second = document.getElementById('second');
document.getElementById('swap').addEventListener('click', () => {
  second.transitionTo((second.currentIndex + 1) % 2).catch(() => {});
});
