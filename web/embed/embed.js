// The demo page's only script: registers <pixel-avatar> and wires the "Swap now" button.
import '../element/pixel-avatar.js';

const second = document.getElementById('second');
document.getElementById('swap').addEventListener('click', () => {
  second.transitionTo((second.currentIndex + 1) % 2).catch(() => {});
});
