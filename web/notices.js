// notices.js: short messages in the page's one role="status" region (announced politely by
// screen readers): alerts that fired and routine confirmations. At most three at once, the oldest
// leaving first, and each leaves by itself after 10 s, so they never pile up over the page's
// controls; what fired stays listed in the "Recent firings" panel (recent-firings.js).

const KEEP = 3;
const SHOWN_MS = 10000;

export class Notices {
  constructor(region, clearButton) {
    this.region = region;
    this.clearButton = clearButton;
    clearButton.addEventListener('click', () => this.clear());
  }

  // kind: 'fired' (in bold) or 'info'.
  show(text, kind = 'info') {
    const item = document.createElement('p');
    item.className = `notice notice-${kind}`;
    item.textContent = text;
    this.region.prepend(item);
    setTimeout(() => { item.remove(); this.tidy(); }, SHOWN_MS);
    while (this.region.children.length > KEEP) this.region.lastElementChild.remove();
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
