// Live updates of the admin pages: asks the JSON API every data-refresh-ms and fills the marked fields, never reloads
// the page. Only textContent and attributes are set (no HTML from data), so nothing the ledger holds can run as code.
'use strict';
(function () {
  const refreshMs = Number(document.body.dataset.refreshMs) || 2000;
  const status = document.getElementById('live-status');
  let polls = 0;

  function ago(iso) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) { return '—'; }
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ago'; }
    return Math.floor(s / 86400) + ' d ago';
  }

  function tickTimes() {
    document.querySelectorAll('time[data-ago]').forEach((t) => {
      if (t.dateTime) {
        t.textContent = ago(t.dateTime);
        t.title = t.dateTime;
      }
    });
  }

  function setStatus(ok, text) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle('paused', !ok);
  }

  function field(root, name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function fill(root, live) {
    for (const [name, value] of Object.entries(live)) {
      const el = field(root, name);
      if (!el || value === null || typeof value === 'object') { continue; }
      if (el.tagName === 'TIME') {
        el.dateTime = value;
        el.textContent = ago(value);
      } else if (el.tagName !== 'PROGRESS') {
        el.textContent = String(value);
      }
    }
    const link = field(root, 'link');
    if (link) {
      link.href = '/admin/runs/' + live.id;
      link.textContent = '#' + live.id;
    }
    const state = field(root, 'state');
    if (state) { state.className = 'badge ' + live.state; }
    const bar = field(root, 'percent');
    const percentText = field(root, 'percentText');
    if (bar) {
      bar.hidden = live.percent === null;
      if (live.percent !== null) { bar.value = live.percent; }
    }
    if (percentText) { percentText.textContent = live.percent === null ? '—' : live.percent + '%'; }
  }

  function clone(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  function renderBoard(board) {
    const rows = document.getElementById('live-rows');
    const next = document.createDocumentFragment();
    for (const group of board.groups) {
      if (group.totals) {
        const head = clone('live-group');
        field(head, 'command').textContent = group.command;
        field(head, 'totals').textContent = group.totals;
        next.appendChild(head);
      }
      for (const live of group.runs) {
        const row = clone('live-row');
        row.dataset.run = live.id;
        row.className = 'run ' + live.state;
        fill(row, live);
        next.appendChild(row);
        if (live.note) {
          const note = clone('live-note');
          note.className = 'note ' + live.state;
          field(note, 'note').textContent = live.note;
          next.appendChild(note);
        }
      }
    }
    if (board.groups.length === 0) { next.appendChild(clone('live-empty')); }
    rows.replaceChildren(next);
    const counts = document.querySelector('[data-field="counts"]');
    if (counts) {
      counts.textContent = board.running + ' running, ' + board.stalled + ' stalled';
      counts.classList.toggle('bad', board.stalled > 0);
    }
  }

  function renderRun(section) {
    return function (state) {
      if (!state.running) {
        field(section, 'finishedBanner').hidden = false;
        const outcome = document.getElementById('run-outcome');
        if (outcome) {
          outcome.textContent = state.outcome;
          outcome.className = 'badge ' + state.outcome;
        }
        return false;
      }
      fill(section, state.live);
      section.className = 'progress ' + state.live.state;
      field(section, 'stalledBanner').hidden = !state.live.stalled;
      return true;
    };
  }

  async function poll(url, apply) {
    let again = true;
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript' },
        cache: 'no-store',
        credentials: 'same-origin',
      });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      again = apply(await response.json()) !== false;
      polls += 1;
      document.body.dataset.polls = String(polls);
      setStatus(true, 'live · updated ' + new Date().toISOString().substring(11, 19) + 'Z');
    } catch (e) {
      setStatus(false, 'live updates paused (' + e.message + '); retrying');
    }
    if (again) { setTimeout(() => poll(url, apply), refreshMs); }
  }

  tickTimes();
  setInterval(tickTimes, 1000);
  const board = document.querySelector('[data-live-board]');
  if (board) { setTimeout(() => poll(board.dataset.liveBoard, renderBoard), refreshMs); }
  const run = document.querySelector('[data-live-run]');
  if (run) { setTimeout(() => poll(run.dataset.liveRun, renderRun(run)), refreshMs); }
}());
