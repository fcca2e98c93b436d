// The preview page's "put it on a page" panel: a sequence of avatars made in this session (other
// photos, other options), reordered and removed with buttons or the keyboard, played as
// transitions in a live <pixel-avatar>, and handed over as embed code (copy) or as a .zip of the
// avatars with a ready page. The sequence and the panel's choices are kept in localStorage (the
// avatars are a few KB each), so they survive a reload.
//
// The page tells it about each new avatar with setCurrent({ bytes, name, cells, cell }).
import { avatarNames, BUILDS, embedPage, embedSnippet, zipFiles } from './embed-code.js';

const STORAGE_KEY = 'pixel-avatar.sequence.v1';
const MAX_ITEMS = 24;

const toBase64 = (bytes) => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class Sequence {
  /** root: the panel (#embed); download(bytes, name) saves a file. */
  constructor(root, download) {
    const $ = (selector) => root.querySelector(selector);
    this.root = root;
    this.download = download;
    this.ui = {
      add: $('#sequence-add'),
      play: $('#sequence-play'),
      transition: $('#sequence-transition'),
      interval: $('#sequence-interval'),
      list: $('#sequence'),
      empty: $('#sequence-empty'),
      preview: $('#sequence-preview'),
      caption: $('#sequence-caption'),
      code: $('#embed-code'),
      copy: $('#embed-copy'),
      zip: $('#embed-download'),
      status: $('#embed-status'),
      builds: [...root.querySelectorAll('input[name="embed-build"]')],
    };
    this.items = []; // { bytes, name, cells }
    this.current = null; // the avatar the page made last
    this.playing = false;
    this.playIndex = -1;
    this.timer = 0;
    this.nextKey = 1;
    this.restore();

    this.ui.add.addEventListener('click', () => this.addCurrent());
    this.ui.play.addEventListener('click', () => this.setPlaying(!this.playing));
    this.ui.transition.addEventListener('change', () => this.changed());
    this.ui.interval.addEventListener('change', () => this.changed());
    for (const radio of this.ui.builds) radio.addEventListener('change', () => this.changed());
    this.ui.copy.addEventListener('click', () => this.copyCode());
    this.ui.zip.addEventListener('click', () =>
      this.downloadZip().catch((error) => this.say(`Could not make the .zip: ${error.message}`)),
    );
    this.ui.list.addEventListener('click', (event) => this.onListClick(event));
    this.ui.list.addEventListener('keydown', (event) => this.onListKey(event));
    this.render();
  }

  get build() {
    return this.ui.builds.find((radio) => radio.checked)?.value ?? 'bundle';
  }
  get transition() {
    return this.ui.transition.value;
  }
  get intervalMs() {
    const seconds = Number(this.ui.interval.value);
    return Math.min(60, Math.max(1, Number.isFinite(seconds) ? seconds : 4)) * 1000;
  }

  /** The avatar just made on the page: what "add" adds, and what the code embeds while the sequence is empty. */
  setCurrent(current) {
    this.current = current;
    this.root.hidden = false;
    this.render();
  }

  addCurrent() {
    if (!this.current) return;
    if (this.items.length >= MAX_ITEMS) return this.say(`The sequence holds at most ${MAX_ITEMS} avatars.`);
    this.items.push({ ...this.current, bytes: this.current.bytes.slice(), key: this.nextKey++ });
    this.changed();
    this.preview(this.items.length - 1);
    this.say(`Added: ${this.current.name}. The sequence has ${this.items.length}.`);
  }

  move(index, by) {
    const to = index + by;
    if (to < 0 || to >= this.items.length) return;
    const [item] = this.items.splice(index, 1);
    this.items.splice(to, 0, item);
    this.changed();
    this.focusItem(to);
    this.say(`Moved ${item.name} to position ${to + 1}.`);
  }

  remove(index) {
    const [item] = this.items.splice(index, 1);
    if (!item) return;
    if (this.items.length < 2) this.setPlaying(false);
    this.changed();
    this.focusItem(Math.min(index, this.items.length - 1));
    this.say(`Removed ${item.name}.`);
  }

  /** Morphs the live preview to item `index` (from whatever it shows now). */
  preview(index) {
    const item = this.items[index];
    if (!item) return;
    this.playIndex = index;
    this.ui.preview.transition = this.transition;
    this.ui.preview.cell = item.cell ?? 'cube';
    this.ui.preview.load(item.bytes.slice()).catch(() => {}); // a failure shows on the element
    this.ui.caption.textContent = `${index + 1} of ${this.items.length}: ${item.name}`;
    for (const [i, li] of [...this.ui.list.children].entries()) li.classList.toggle('showing', i === index);
  }

  setPlaying(on) {
    this.playing = on && this.items.length >= 2;
    this.ui.play.setAttribute('aria-pressed', String(this.playing));
    this.ui.play.textContent = this.playing ? 'Pause' : 'Play the sequence';
    clearTimeout(this.timer);
    if (this.playing) this.step();
  }

  step() {
    this.preview((this.playIndex + 1) % this.items.length);
    this.timer = setTimeout(() => {
      if (this.playing) this.step();
    }, this.intervalMs);
  }

  // ---- the list ----

  onListClick(event) {
    const button = event.target.closest('button[data-action]');
    const li = event.target.closest('li');
    if (!li) return;
    const index = [...this.ui.list.children].indexOf(li);
    if (!button) return this.preview(index);
    const action = button.dataset.action;
    if (action === 'up') this.move(index, -1);
    else if (action === 'down') this.move(index, 1);
    else if (action === 'remove') this.remove(index);
    else if (action === 'show') this.preview(index);
  }

  // On an item: Up/Down move the focus, Alt+Up/Down move the item, Delete removes it, Enter shows it.
  onListKey(event) {
    const li = event.target.closest('li');
    if (!li || event.target !== li) return;
    const index = [...this.ui.list.children].indexOf(li);
    const handled = {
      ArrowUp: () => (event.altKey ? this.move(index, -1) : this.focusItem(index - 1)),
      ArrowDown: () => (event.altKey ? this.move(index, 1) : this.focusItem(index + 1)),
      Delete: () => this.remove(index),
      Backspace: () => this.remove(index),
      Enter: () => this.preview(index),
      ' ': () => this.preview(index),
    }[event.key];
    if (!handled) return;
    event.preventDefault();
    handled();
  }

  focusItem(index) {
    this.ui.list.children[Math.max(0, Math.min(index, this.ui.list.children.length - 1))]?.focus();
  }

  // ---- embed code ----

  /** The avatars the code embeds: the sequence, or the current avatar while it is empty. */
  embedded() {
    return this.items.length > 0 ? this.items : this.current ? [this.current] : [];
  }

  snippet() {
    const avatars = this.embedded();
    if (avatars.length === 0) return '';
    return embedSnippet({
      build: this.build,
      names: avatarNames(avatars.length),
      transition: this.transition,
      interval: this.intervalMs,
      cell: avatars[0].cell ?? 'cube',
      alt: avatars.length > 1 ? 'My pixel avatars' : 'My pixel avatar',
    });
  }

  async copyCode() {
    const code = this.snippet();
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
      this.say('Embed code copied.');
    } catch {
      // No clipboard permission: select the code so Ctrl+C copies it.
      getSelection().selectAllChildren(this.ui.code);
      this.say('Select-all done: press Ctrl+C (or ⌘C) to copy the embed code.');
    }
  }

  async downloadZip() {
    const avatars = this.embedded();
    if (avatars.length === 0) return;
    const names = avatarNames(avatars.length);
    const files = avatars.map((avatar, i) => ({ name: names[i], bytes: avatar.bytes }));
    files.push({ name: 'index.html', bytes: new TextEncoder().encode(embedPage(this.snippet())) });
    const script = BUILDS[this.build].file;
    if (script) {
      // The element itself, so the folder works as it is (fetched now, not at page load).
      const response = await fetch(new URL('../dist/bundle/pixel-avatar.js', location.href)).catch(() => null);
      if (response?.ok) files.push({ name: script, bytes: new Uint8Array(await response.arrayBuffer()) });
    }
    this.download(zipFiles(files), 'pixel-avatars.zip');
    this.say(`Downloaded pixel-avatars.zip: ${files.map((f) => f.name).join(', ')}.`);
  }

  say(text) {
    this.ui.status.textContent = text;
  }

  // ---- state ----

  changed() {
    this.save();
    this.render();
    if (this.playing) this.setPlaying(true);
  }

  save() {
    const state = {
      items: this.items.map(({ bytes, name, cells, cell }) => ({ data: toBase64(bytes), name, cells, cell })),
      transition: this.transition,
      interval: this.ui.interval.value,
      build: this.build,
    };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      this.say('The sequence is too large to keep across a reload in this browser; it stays for this visit.');
    }
  }

  restore() {
    let state;
    try {
      state = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    } catch {
      state = null; // unreadable: start afresh
    }
    if (!state) return;
    this.items = (state.items ?? []).slice(0, MAX_ITEMS).flatMap((item) => {
      try {
        return [
          {
            bytes: fromBase64(item.data),
            name: String(item.name),
            cells: Number(item.cells),
            cell: item.cell,
            key: this.nextKey++,
          },
        ];
      } catch {
        return [];
      }
    });
    if (['morph', 'scatter', 'none'].includes(state.transition)) this.ui.transition.value = state.transition;
    if (state.interval) this.ui.interval.value = state.interval;
    for (const radio of this.ui.builds)
      radio.checked = radio.value === state.build || (!BUILDS[state.build] && radio.value === 'bundle');
    if (this.items.length > 0) {
      this.root.hidden = false;
      queueMicrotask(() => this.preview(0));
    }
  }

  render() {
    const { list, empty, code, add, play, copy, zip } = this.ui;
    list.replaceChildren(
      ...this.items.map((item, i) => {
        const li = document.createElement('li');
        li.tabIndex = 0;
        li.dataset.key = item.key;
        li.classList.toggle('showing', i === this.playIndex);
        li.setAttribute('aria-label', `${i + 1}: ${item.name}, ${item.cells} cells`);
        const label = document.createElement('span');
        label.className = 'name';
        label.textContent = item.name;
        const meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = `${item.cells.toLocaleString()} cells, ${(item.bytes.length / 1024).toFixed(1)} KB`;
        const buttons = [
          ['show', 'Show', `Show ${item.name}`],
          ['up', '↑', `Move ${item.name} up`],
          ['down', '↓', `Move ${item.name} down`],
          ['remove', '✕', `Remove ${item.name}`],
        ].map(([action, text, aria]) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.dataset.action = action;
          button.textContent = text;
          button.setAttribute('aria-label', aria);
          button.disabled = (action === 'up' && i === 0) || (action === 'down' && i === this.items.length - 1);
          return button;
        });
        li.append(label, meta, ...buttons);
        return li;
      }),
    );
    empty.hidden = this.items.length > 0;
    add.disabled = !this.current;
    play.disabled = this.items.length < 2;
    code.textContent = this.snippet();
    copy.disabled = zip.disabled = this.embedded().length === 0;
  }
}
