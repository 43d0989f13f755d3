// quiet-settings.js: the delivery settings of the Channels card: the time zone (the browser's own
// suggested until one is saved), quiet hours in it (deliveries held, then one digest) and the
// digest window, read from and saved to /api/v1/me.

import { getMe, updateMe } from './api.js';

export class QuietSettings {
  constructor(elements) {
    this.el = elements;
    this.el.form.addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
  }

  async load() {
    this.el.message.textContent = '';
    try {
      this.show(await getMe());
    } catch (error) {
      this.el.message.textContent = error.message;
    }
  }

  show(me) {
    const suggested = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.el.timezone.value = me.timezone === 'UTC' && suggested ? suggested : me.timezone;
    this.el.start.value = me.quiet_hours ? me.quiet_hours.start : '';
    this.el.end.value = me.quiet_hours ? me.quiet_hours.end : '';
    this.el.digest.value = String(me.digest_seconds);
  }

  async save() {
    const quiet = this.el.start.value && this.el.end.value ? { start: this.el.start.value, end: this.el.end.value } : null;
    try {
      this.show(await updateMe({
        timezone: this.el.timezone.value.trim() || 'UTC', quiet_hours: quiet, digest_seconds: Number(this.el.digest.value),
      }));
      this.el.message.textContent = quiet ? `Quiet from ${quiet.start} to ${quiet.end}.` : 'No quiet hours.';
    } catch (error) {
      this.el.message.textContent = error.message;
    }
  }
}
