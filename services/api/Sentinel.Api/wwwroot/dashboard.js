// Live updates for the dashboard's pages: monitor transitions arrive over server-sent events from
// /dashboard/events and are applied to the page in place. Without this script every page still works; it only
// saves the reload. Loaded with <script src defer>: the page is parsed when it runs.
//
// What it touches (docs/dashboard.md):
//   tr[data-monitor-id="ID"]                              data-status
//   [data-monitor-id="ID"] [data-field="status"]          data-status and text ("Up", "Down", "Degraded", "Pending", "Maintenance")
//   [data-field="status"][data-monitor-id="ID"]           the same
//   [data-count="up|down|degraded|pending|maintenance"]  text: the count, one moved from the old state to the new
//   <html data-live="on|off|stale">                       on while the stream is open; off while it is not;
//                                                         stale after a reconnect that could not reload the page
'use strict';

(() => {
  const root = document.documentElement;
  if (!document.querySelector('[data-monitor-id], [data-count]')) {
    return; // nothing on this page changes with a monitor's state
  }

  const labels = { up: 'Up', down: 'Down', degraded: 'Degraded', pending: 'Pending', maintenance: 'Maintenance' };
  // The newest changedAt applied per monitor: a redelivered or late transition is not applied twice or backwards.
  const applied = new Map();
  let editing = false;
  let interrupted = false;
  let retryDelay = 1000;

  // A reload would throw away what the user typed, so a page with a form in use is not reloaded.
  document.addEventListener('input', (event) => { if (event.target.form) editing = true; });
  document.addEventListener('change', (event) => { if (event.target.form) editing = true; });

  const byMonitor = (id, selector) => document.querySelectorAll(
    `[data-monitor-id="${CSS.escape(id)}"] ${selector}, ${selector}[data-monitor-id="${CSS.escape(id)}"]`);

  const adjustCount = (state, delta) => {
    for (const count of document.querySelectorAll(`[data-count="${CSS.escape(state)}"]`)) {
      const value = parseInt(count.textContent, 10);
      if (!Number.isNaN(value)) count.textContent = String(Math.max(0, value + delta));
    }
  };

  const apply = (change) => {
    const changedAt = Date.parse(change.changedAt);
    if (applied.get(change.monitorId) >= changedAt) return;
    applied.set(change.monitorId, changedAt);

    const rows = document.querySelectorAll(`tr[data-monitor-id="${CSS.escape(change.monitorId)}"]`);
    const fields = byMonitor(change.monitorId, '[data-field="status"]');
    const shownAs = rows[0]?.dataset.status ?? fields[0]?.dataset.status ?? change.previousState;
    // A change made in a maintenance window shows as maintenance, whatever the state.
    const shown = change.inMaintenance ? 'maintenance' : change.state;
    // A paused monitor stays shown as paused: a check that was already running when it was paused changes nothing.
    if (shownAs === 'paused' || shownAs === shown) return;

    for (const row of rows) row.dataset.status = shown;
    for (const field of fields) {
      field.dataset.status = shown;
      field.textContent = labels[shown] ?? shown;
    }
    adjustCount(shownAs, -1);
    adjustCount(shown, +1);
  };

  const connect = () => {
    const source = new EventSource('/dashboard/events');
    source.addEventListener('open', () => {
      retryDelay = 1000;
      if (!interrupted) {
        root.dataset.live = 'on';
        return;
      }
      // Transitions may have been missed while the stream was down: reload once to show the current state.
      interrupted = false;
      if (editing) {
        root.dataset.live = 'stale';
      } else {
        location.reload();
      }
    });
    source.addEventListener('status', (event) => apply(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      interrupted = true;
      if (root.dataset.live !== 'stale') root.dataset.live = 'off';
      // EventSource retries a dropped stream by itself, but gives up on an error answer (a 401, a 503):
      // then try again later, backing off, rather than reload a page that might fail the same way at once.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 60000);
      }
    });
  };

  root.dataset.live = 'off';
  connect();
})();
