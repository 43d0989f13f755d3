// notices.js: short messages in the page's one role="status" region (announced politely by
// screen readers): alerts that fired, which stay until dismissed, and routine confirmations,
// which fade after a few seconds. Only the newest few are kept.

const KEEP = 4;
const INFO_MS = 8000; // routine confirmations fade; a fired alert stays until dismissed

export class Notices {
  constructor(region, clearButton) {
    this.region = region;
    this.clearButton = clearButton;
    clearButton.addEventListener('click', () => this.clear());
  }

  // kind: 'fired' (kept) or 'info' (fades).
  show(text, kind = 'info') {
    const item = document.createElement('p');
    item.className = `notice notice-${kind}`;
    item.textContent = text;
    this.region.prepend(item);
    if (kind !== 'fired') setTimeout(() => { item.remove(); this.tidy(); }, INFO_MS);
    while (this.region.children.length > KEEP) {
      const items = [...this.region.children];
      (items.reverse().find((old) => !old.classList.contains('notice-fired')) || items[0]).remove();
    }
    this.clearButton.hidden = false;
  }

  tidy() {
    if (this.region.children.length === 0) this.clear();
  }

  clear() {
    const hadFocus = this.clearButton === document.activeElement;
    this.region.replaceChildren();
    this.clearButton.hidden = true;
    if (hadFocus) document.getElementById('main').focus(); // focus must not vanish with the button
  }
}
