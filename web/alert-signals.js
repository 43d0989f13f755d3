// alert-signals.js: what reaches a person whose tab is in the background when an alert fires:
// the count of unseen firings in the page title, a browser notification (the Notification API,
// asked for only when the person ticks "Browser notifications") and, if ticked, a short sound.
// Both choices are kept in this browser's localStorage.

const NOTIFY_KEY = 'pricewatch.notify';
const SOUND_KEY = 'pricewatch.sound';

export class AlertSignals {
  // ui: { notify, sound, message } (two checkboxes and a status line).
  constructor(ui, storage = window.localStorage) {
    this.ui = ui;
    this.storage = storage;
    this.baseTitle = document.title;
    this.unseen = 0;
    this.audio = null;
    const supported = 'Notification' in window;
    ui.notify.disabled = !supported;
    ui.notify.checked = supported && this.read(NOTIFY_KEY) && Notification.permission === 'granted';
    ui.sound.checked = this.read(SOUND_KEY);
    if (!supported) this.say('This browser cannot show notifications.');
    ui.notify.addEventListener('change', () => this.chooseNotify());
    ui.sound.addEventListener('change', () => {
      this.write(SOUND_KEY, ui.sound.checked);
      if (ui.sound.checked) this.beep(); // a sample, and the click lets the page play sound
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.clearUnseen();
    });
  }

  setTitle(title) {
    this.baseTitle = title;
    this.showTitle();
  }

  clearUnseen() {
    this.unseen = 0;
    this.showTitle();
  }

  // An alert fired: text says what, tag names the firing (one notification per firing).
  fired(text, tag) {
    if (document.visibilityState === 'hidden') {
      this.unseen += 1;
      this.showTitle();
      if (this.ui.notify.checked && Notification.permission === 'granted') {
        try {
          const shown = new Notification('pricewatch: alert fired', { body: text, tag });
          shown.onclick = () => { window.focus(); shown.close(); };
        } catch {
          // Some browsers only notify from a service worker: the title and sound remain.
        }
      }
    }
    if (this.ui.sound.checked) this.beep();
  }

  async chooseNotify() {
    if (!this.ui.notify.checked) {
      this.write(NOTIFY_KEY, false);
      this.say('');
      return;
    }
    const answer = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (answer !== 'granted') {
      this.ui.notify.checked = false;
      this.say('Notifications are blocked for this site in the browser\'s settings.');
      return;
    }
    this.write(NOTIFY_KEY, true);
    this.say('You will be notified when an alert fires while this tab is in the background.');
  }

  showTitle() {
    document.title = this.unseen > 0 ? `(${this.unseen}) ${this.baseTitle}` : this.baseTitle;
  }

  beep() {
    try {
      this.audio = this.audio || new AudioContext();
      const tone = this.audio.createOscillator();
      const volume = this.audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.15, this.audio.currentTime);
      volume.gain.exponentialRampToValueAtTime(0.001, this.audio.currentTime + 0.4);
      tone.connect(volume).connect(this.audio.destination);
      tone.start();
      tone.stop(this.audio.currentTime + 0.4);
    } catch {
      // No audio here: the notice and the title still say it.
    }
  }

  say(text) {
    this.ui.message.textContent = text;
  }

  read(key) {
    try {
      return this.storage.getItem(key) === 'on';
    } catch {
      return false;
    }
  }

  write(key, on) {
    try {
      this.storage.setItem(key, on ? 'on' : 'off');
    } catch {
      // Storage refused (private mode): the choice lasts this page.
    }
  }
}
