// Actions (drain, undrain, retire, stop, deploy): offered only when the Admin API has an auth token and this tab
// holds it. Each needs a second, explicit confirmation click; the outcome is announced in a status region.
import { api } from './api.js';
import { h, fill, errorBox } from './dom.js';

/**
 * A toolbar of actions: [{label, confirm, run: async () => message}]. Without actions enabled it says why instead.
 * onDone is called after an action succeeds (the page refreshes at once rather than at the next tick).
 */
export function actionBar(session, title, actions, onDone) {
  const status = h('div', { class: 'action-status', role: 'status', 'aria-live': 'polite' });
  const bar = h('section', { class: 'actions', 'aria-label': title });
  if (!session.actions_enabled) {
    fill(bar, h('p', { class: 'muted' }, 'No actions: ' + session.read_only_reason));
    return bar;
  }
  const buttons = h('div', { class: 'buttons' });
  const render = () => fill(buttons, actions.filter(a => a.when === undefined || a.when()).map(a =>
    h('button', { type: 'button', 'data-key': 'action-' + a.label, onclick: () => ask(a) }, a.label + '…')));
  const ask = (a) => {
    fill(buttons,
      h('span', { class: 'confirm-q' }, a.confirm + ' '),
      h('button', { type: 'button', class: 'danger', 'data-key': 'confirm-' + a.label, onclick: async () => {
        fill(status, 'Working…');
        try {
          fill(status, await a.run());
          onDone && onDone();
        } catch (e) {
          fill(status, errorBox(e));
        }
        render();
      } }, 'Confirm ' + a.label.toLowerCase()),
      ' ',
      h('button', { type: 'button', onclick: render }, 'Cancel'));
    buttons.querySelector('button').focus();
  };
  bar.refreshActions = render;
  render();
  fill(bar, h('h2', {}, 'Actions'), buttons, status);
  return bar;
}

export const post = (path, body) => api(path, { method: 'POST', body });
export const put = (path) => api(path, { method: 'PUT' });
