// channels.js: the Channels card (DESIGN.md section 10): the user's channels with their status
// and its reason, a form to add one (one destination field per type), and per channel a test
// (for an unconfirmed email address: its confirmation link again), a webhook's secret rotated
// (shown once) and deletion.

import { createChannel, deleteChannel, listChannels, rotateChannelSecret, testChannel } from './api.js';

const PLACEHOLDERS = {
  email: 'you@example.com',
  webhook: 'https://example.com/hooks/pricewatch',
  telegram: 'chat id, e.g. 123456789 or @channel',
  discord: 'https://discord.com/api/webhooks/…',
  slack: 'https://hooks.slack.com/services/…',
  ntfy: 'https://ntfy.sh/your-topic',
};

// The config of a type from its one destination field (ntfy: server and topic from one URL).
function configOf(type, destination) {
  const value = destination.trim();
  switch (type) {
    case 'email': return { address: value };
    case 'webhook': return { url: value };
    case 'telegram': return { chat_id: value };
    case 'discord':
    case 'slack': return { webhook_url: value };
    case 'ntfy': {
      const slash = value.lastIndexOf('/');
      return { server: value.slice(0, slash), topic: value.slice(slash + 1) };
    }
    default: return {};
  }
}

function destinationOf(channel) {
  const c = channel.config || {};
  return c.address || c.url || c.chat_id || c.webhook_url || (c.server ? `${c.server}/${c.topic}` : '');
}

export class ChannelList {
  constructor(elements) {
    this.el = elements;
    this.el.type.addEventListener('change', () => { this.el.destination.placeholder = PLACEHOLDERS[this.el.type.value]; });
    this.el.destination.placeholder = PLACEHOLDERS[this.el.type.value];
    this.el.form.addEventListener('submit', (event) => { event.preventDefault(); this.add(); });
  }

  reset() {
    this.el.list.replaceChildren();
    this.el.secret.hidden = true;
    this.el.error.hidden = true;
  }

  async load() {
    try {
      const { results } = await listChannels();
      this.el.list.replaceChildren(...results.map((channel) => this.row(channel)));
      this.el.error.hidden = true;
      this.fillChoice(results);
    } catch (error) {
      this.showError(error.message);
    }
  }

  // The alert form's "Deliver to" boxes: one per channel, ticked ones kept across reloads.
  fillChoice(channels) {
    if (!this.el.choice) return;
    const ticked = new Set([...this.el.choice.querySelectorAll('input:checked')].map((box) => box.value));
    for (const old of this.el.choice.querySelectorAll('label')) old.remove();
    for (const channel of channels) {
      const label = document.createElement('label');
      label.className = 'inline';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = String(channel.id);
      box.checked = ticked.has(box.value);
      label.append(box, ` ${channel.name} (${channel.type})`);
      this.el.choice.append(label);
    }
  }

  showError(message) {
    this.el.error.textContent = message;
    this.el.error.hidden = false;
  }

  showSecret(channel) {
    if (!channel.secret) return;
    this.el.secret.textContent = `Signing secret of "${channel.name}" (shown once, keep it now): ${channel.secret}`;
    this.el.secret.hidden = false;
  }

  async add() {
    this.el.error.hidden = true;
    try {
      const channel = await createChannel({
        type: this.el.type.value, name: this.el.name.value, config: configOf(this.el.type.value, this.el.destination.value),
      });
      this.el.destination.value = '';
      this.el.name.value = '';
      this.showSecret(channel);
      await this.load();
    } catch (error) {
      this.showError(error.message);
    }
  }

  row(channel) {
    const item = document.createElement('li');
    item.dataset.channelId = String(channel.id);
    const title = document.createElement('strong');
    title.textContent = `${channel.name} (${channel.type})`;
    const where = document.createElement('span');
    where.className = 'destination';
    where.textContent = destinationOf(channel);
    const status = document.createElement('span');
    status.className = `channel-status status-${channel.status}`;
    status.dataset.testid = 'channel-status';
    status.textContent = channel.status + (channel.status_reason ? `: ${channel.status_reason}` : '')
      + (channel.is_default ? ' · default' : '');
    const outcome = document.createElement('span');
    outcome.className = 'channel-outcome';
    outcome.setAttribute('role', 'status');
    const actions = document.createElement('span');
    actions.className = 'actions';
    const button = (text, handler) => {
      const made = document.createElement('button');
      made.type = 'button';
      made.className = 'secondary small';
      made.textContent = text;
      made.addEventListener('click', handler);
      actions.append(made);
    };
    button(channel.status === 'unverified' ? 'Resend link' : 'Test', async () => {
      outcome.textContent = 'sending…';
      try {
        const result = await testChannel(channel.id);
        outcome.textContent = result.outcome === 'sent' ? 'test sent'
          : result.outcome === 'saved' ? 'test saved on the server, not sent (no mail server is configured)'
          : result.outcome === 'confirmation_sent' ? 'confirmation link sent' : `test failed: ${result.error}`;
      } catch (error) {
        outcome.textContent = error.message;
      }
    });
    if (channel.type === 'webhook') {
      button('Rotate secret', async () => {
        try {
          this.showSecret(await rotateChannelSecret(channel.id));
        } catch (error) {
          this.showError(error.message);
        }
      });
    }
    button('Delete', async () => {
      try {
        await deleteChannel(channel.id);
        await this.load();
      } catch (error) {
        this.showError(error.message);
      }
    });
    item.append(title, ' ', where, ' ', status, ' ', actions, ' ', outcome);
    return item;
  }
}
