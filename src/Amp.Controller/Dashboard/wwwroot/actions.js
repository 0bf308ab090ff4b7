// Actions (drain, undrain, retire, stop, deploy): offered only when the Admin API has an auth token and this tab
// holds it. Each needs a second, explicit confirmation click; the outcome is announced in a status region.
import { api } from './api.js';
import { h, fill, errorBox } from './dom.js';

/**
 * A toolbar of actions: [{label, confirm, run: async () => message, when?, unavailable?}]. `when` hides an action that
 * does not apply; `unavailable` returns why an action that applies cannot work now, and the button is shown disabled
 * with that reason beside it. Without actions enabled the bar says why instead. onDone is awaited after an action
 * (the page refreshes at once rather than at the next tick, also after a refusal, whose reason may be news).
 */
export function actionBar(session, title, actions, onDone) {
  const status = h('div', { class: 'action-status', role: 'status', 'aria-live': 'polite' });
  const bar = h('section', { class: 'actions', 'aria-label': title });
  if (!session.actions_enabled) {
    fill(bar, h('p', { class: 'muted' }, 'No actions: ' + session.read_only_reason));
    return bar;
  }
  const buttons = h('div', { class: 'buttons' });
  const render = () => {
    const offered = actions.filter(a => a.when === undefined || a.when());
    fill(buttons, offered.length === 0 ? h('span', { class: 'muted' }, 'None apply now.') : offered.map(a => {
    const why = a.unavailable && a.unavailable();
    const reasonId = 'why-' + a.label.toLowerCase();
    return why
      ? h('span', { class: 'unavailable' },
        h('button', { type: 'button', disabled: true, 'aria-describedby': reasonId }, a.label + '…'), ' ',
        h('span', { class: 'muted', id: reasonId }, why))
      : h('button', { type: 'button', 'data-key': 'action-' + a.label, onclick: () => ask(a) }, a.label + '…');
    }));
  };
  // After a confirmation or a cancel the buttons are new; a keyboard user continues at the first one, not the page top.
  const renderKeepingFocus = () => {
    const hadFocus = bar.contains(document.activeElement);
    render();
    if (hadFocus && !bar.contains(document.activeElement)) {
      const first = buttons.querySelector('button:not([disabled])');
      if (first) first.focus();
    }
  };
  const ask = (a) => {
    fill(buttons,
      h('span', { class: 'confirm-q' }, a.confirm + ' '),
      h('button', { type: 'button', class: 'danger', 'data-key': 'confirm-' + a.label, onclick: async () => {
        fill(status, 'Working…');
        let outcome;
        try {
          outcome = await a.run();
        } catch (e) {
          outcome = errorBox(e);
        }
        // The buttons follow the changed state (Drain… becomes Undrain…) before the focus moves on to them, and the
        // outcome is announced once they have: whoever reads it finds the new buttons in place.
        if (onDone) await Promise.resolve(onDone()).catch(() => {});   // a failed refresh shows at the next tick
        renderKeepingFocus();
        fill(status, outcome);
      } }, 'Confirm ' + a.label.toLowerCase()),
      ' ',
      h('button', { type: 'button', onclick: renderKeepingFocus }, 'Cancel'));
    buttons.querySelector('button').focus();
  };
  bar.refreshActions = render;
  render();
  fill(bar, h('h2', {}, 'Actions'), buttons, status);
  return bar;
}

export const post = (path, body) => api(path, { method: 'POST', body });
export const put = (path) => api(path, { method: 'PUT' });
