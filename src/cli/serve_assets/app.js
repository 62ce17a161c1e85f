// prio serve's page: plain JavaScript, no framework, no build step.
// Every figure comes from prio's own --json output through /api/*, and
// every change is one of prio's commands (move, set, accept, reject,
// tick), so the page can do nothing the command line would not.
'use strict';

const app = {
  token: document.querySelector('meta[name="prio-token"]').content,
  meta: null,        // /api/meta: statuses, roles, rationale_required
  list: null,        // prio list --json
  state: null,       // the state the shown data is based on
  shownState: null,
  view: 'list',
  storyId: null,
  focusId: null,     // the story to focus after a reload
  busy: false,
  unreachable: false, // the last poll found no server
  renders: 0,        // renders started, so an overtaken one is dropped
};

const $ = (sel) => document.querySelector(sel);

// el('li', {class: 'x', dataset: {storyId: 'S-1'}}, 'text', child...)
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    e.append(kid instanceof Node ? kid : String(kid));
  }
  return e;
}

function notice(text, info) {
  const n = $('#notice');
  n.textContent = text || '';
  n.hidden = !text;
  n.classList.toggle('info', !!info);
}

function live(text) { $('#live').textContent = text; }

// --- Talking to prio serve ---------------------------------------------------

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function get(path) {
  let res;
  try {
    res = await fetch(path, { cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'prio serve cannot be reached: is it still running? ' +
      'Start it again (prio serve) and reload this page.');
  }
  const doc = await res.json().catch(() => ({ error: 'prio: not JSON' }));
  if (!res.ok) throw new ApiError(res.status, doc.error || res.statusText);
  return doc;
}

async function post(path, body) {
  let res;
  try {
    res = await fetch(path, {
      method: 'POST', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-Prio-Token': app.token },
      body: JSON.stringify(Object.assign({ state: app.shownState }, body)),
    });
  } catch (e) {
    throw new ApiError(0, 'prio serve cannot be reached; nothing was changed.');
  }
  const doc = await res.json().catch(() => ({ error: 'prio: not JSON' }));
  if (!res.ok) throw new ApiError(res.status, doc.error || res.statusText);
  return doc;
}

// --- The rationale dialog ----------------------------------------------------

// ask({title, label, required, submit}) resolves to the text, or null when
// cancelled.  submit(text) runs the write; a refusal shows in the dialog.
function ask(opts) {
  const dlg = $('#why'), text = $('#why-text'), err = $('#why-error');
  $('#why-title').textContent = opts.title;
  $('#why-label').textContent = opts.label || 'Why? (the rationale becomes the commit message)';
  $('#why-ok').textContent = opts.ok || 'Commit';
  text.value = '';
  text.required = !!opts.required;
  err.textContent = '';
  return new Promise((resolve) => {
    const done = (v) => {
      $('#why-form').onsubmit = null;
      $('#why-cancel').onclick = null;
      dlg.oncancel = null;
      if (dlg.open) dlg.close();
      resolve(v);
    };
    $('#why-form').onsubmit = async (ev) => {
      ev.preventDefault();
      if (opts.required && !text.value.trim()) {
        err.textContent = 'A rationale is required: say why.';
        text.focus();
        return;
      }
      $('#why-ok').disabled = true;
      try {
        const r = await opts.submit(text.value);
        done(r);
      } catch (e) {
        if (e.status === 409) {
          done(null);
          notice(e.message + '\nThe page now shows the new state.');
          await reload();
        } else {
          err.textContent = e.message;
        }
      } finally {
        $('#why-ok').disabled = false;
      }
    };
    $('#why-cancel').onclick = () => done(null);
    dlg.oncancel = (ev) => { ev.preventDefault(); done(null); };
    dlg.showModal();
    text.focus();
  });
}

function rationaleRequired() { return !!(app.meta && app.meta.rationale_required); }

// --- Loading -----------------------------------------------------------------

function filterQuery() {
  const q = new URLSearchParams();
  if ($('#f-status').value) q.append('status', $('#f-status').value);
  if ($('#f-label').value.trim()) q.append('label', $('#f-label').value.trim());
  if ($('#f-owner').value.trim()) q.append('owner', $('#f-owner').value.trim());
  if ($('#f-all').checked) q.append('all', '1');
  return q.toString();
}

function fillStatuses() {
  const sel = $('#f-status'), keep = sel.value;
  sel.replaceChildren(el('option', { value: '' }, 'any open'));
  for (const s of app.meta.statuses) sel.append(el('option', { value: s.name }, s.name));
  sel.value = keep;
}

async function reload() {
  try {
    const [meta, list] = await Promise.all([get('/api/meta'),
      get('/api/list?' + filterQuery())]);
    app.meta = meta;
    app.list = list.list;
    app.shownState = list.state;
    app.state = list.state;
    fillStatuses();
    await render();
    live('Up to date');
  } catch (e) {
    notice(e.message);
    live('Not up to date');
  }
}

// Follows the repository: a commit, a pull or an edit elsewhere shows here
// within a second or two.  Nothing reloads under an open dialog: the write
// would be refused as changed meanwhile anyway.
async function poll() {
  try {
    const s = await get('/api/state');
    if (s.state !== app.shownState && !$('#why').open && !app.busy) {
      live('The backlog changed; reloading');
      await reload();
    }
    if (app.unreachable) {
      app.unreachable = false;
      notice('');
      await reload();
    }
  } catch (e) {
    app.unreachable = true;
    live('Not up to date');
    notice(e.message);
  }
  setTimeout(poll, 1200);
}

// --- Moving stories ----------------------------------------------------------

function describe(place) {
  if (place.top) return 'to the top';
  if (place.bottom) return 'to the bottom of the ranked stories';
  if (place.before) return 'before ' + place.before;
  if (place.after) return 'after ' + place.after;
  return 'to #' + place.to;
}

async function requestMove(id, place) {
  if (app.meta.read_only) { notice('This page is read-only (prio serve --read-only).'); return; }
  app.focusId = id;
  const r = await ask({
    title: 'Move ' + id + ' ' + describe(place),
    required: rationaleRequired(),
    submit: (why) => post('/api/move', Object.assign({ id, rationale: why }, place)),
  });
  if (r) {
    notice(r.output, true);
    if (applyMove(r)) await render();
    else await reload();
  } else {
    focusStory(id);
  }
}

// The new list from a move's answer, without asking for the whole list
// again: prio move's subject says where the story went ("prio: move S-3
// to #1 (was #4)"), only its rank changed, and positions count every
// open story, so the stories between the two places shift by one.  The
// answer's state is the state after the move: anything else that
// changed meanwhile makes the next poll reload.  Returns false when the
// subject says something else (the page then reloads).
function applyMove(r) {
  const m = /prio: move (\S+) to #(\d+) \(was #(\d+)\)/.exec(r.output || '');
  if (!m || !app.list) return false;
  const [id, to, from] = [m[1], Number(m[2]), Number(m[3])];
  const moved = app.list.stories.find((s) => s.id === id);
  if (!moved || moved.position !== from) return false;
  for (const s of app.list.stories) {
    if (s === moved || s.position === null) continue;
    if (from < to && s.position > from && s.position <= to) s.position--;
    else if (to < from && s.position >= to && s.position < from) s.position++;
  }
  moved.position = to;
  app.list.stories.sort((a, b) => (a.position === null) - (b.position === null) ||
    (a.position || 0) - (b.position || 0));
  app.shownState = app.state = r.state;
  return true;
}

function openStories() {
  return app.list.stories.filter((s) => s.position !== null);
}

// The keyboard: Alt+ArrowUp/Down one place, Alt+Home/End to the top or
// bottom of the ranked stories; plain arrows walk the list, Enter opens.
function onListKey(ev) {
  const li = ev.target.closest('li[data-story-id]');
  if (!li) return;
  const id = li.dataset.storyId;
  const items = [...document.querySelectorAll('[data-view="list"] > li[data-story-id]')];
  const i = items.indexOf(li);
  if (ev.altKey) {
    let place = null;
    if (ev.key === 'ArrowUp' && i > 0) place = { before: items[i - 1].dataset.storyId };
    else if (ev.key === 'ArrowDown' && i + 1 < items.length) place = { after: items[i + 1].dataset.storyId };
    else if (ev.key === 'Home') place = { top: true };
    else if (ev.key === 'End') place = { bottom: true };
    if (['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(ev.key)) ev.preventDefault();
    if (place) requestMove(id, place);
    return;
  }
  if (ev.target !== li) return;
  if (ev.key === 'ArrowUp' && i > 0) { ev.preventDefault(); items[i - 1].focus(); }
  else if (ev.key === 'ArrowDown' && i + 1 < items.length) { ev.preventDefault(); items[i + 1].focus(); }
  else if (ev.key === 'Enter') { location.hash = '#/story/' + encodeURIComponent(id); }
}

// Dragging by the handle, with pointer events so a finger works as a
// mouse does: the story goes before or after the one it is dropped on.
function startDrag(ev) {
  if (app.meta.read_only) return;
  const li = ev.target.closest('li[data-story-id]');
  ev.preventDefault();
  const handle = ev.currentTarget;
  handle.setPointerCapture(ev.pointerId);
  li.classList.add('dragging');
  let target = null, where = null;
  const clear = () => document.querySelectorAll('.drop-before, .drop-after')
    .forEach((e) => e.classList.remove('drop-before', 'drop-after'));
  const move = (e) => {
    clear();
    const under = document.elementFromPoint(e.clientX, e.clientY);
    const over = under && under.closest('[data-view="list"] > li[data-story-id]');
    target = null;
    if (!over || over === li) return;
    const box = over.getBoundingClientRect();
    where = e.clientY < box.top + box.height / 2 ? 'before' : 'after';
    over.classList.add('drop-' + where);
    target = over.dataset.storyId;
  };
  const up = () => {
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', up);
    handle.removeEventListener('pointercancel', up);
    li.classList.remove('dragging');
    clear();
    if (target) requestMove(li.dataset.storyId, { [where]: target });
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', up);
  handle.addEventListener('pointercancel', up);
}

function focusStory(id) {
  const li = id && document.querySelector('[data-view="list"] > li[data-story-id="' + CSS.escape(id) + '"]');
  if (li) li.focus();
}

// --- Views -------------------------------------------------------------------

function storyFacts(s) {
  const c = s.criteria || { total: 0, met: 0 };
  return el('span', { class: 'facts' },
    el('span', { class: 'tag status status-' + s.status, dataset: { field: 'status' } }, s.status),
    s.score !== null ? el('span', { class: 'tag', title: 'score' }, 'score ' + s.score) : null,
    c.total ? el('span', { class: 'tag crit' + (c.met === c.total ? ' met' : ''), title: 'criteria met' },
      c.met + '/' + c.total + ' criteria') : null,
    s.owner ? el('span', { class: 'tag', title: 'owner' }, '@' + s.owner) : null,
    (s.labels || []).map((l) => el('span', { class: 'tag', title: 'label' }, l)));
}

function storyLink(s) {
  return el('span', { class: 'title' },
    el('span', { class: 'id' }, s.id),
    el('a', { href: '#/story/' + encodeURIComponent(s.id) }, s.title || '(no title)'));
}

function renderList() {
  const stories = app.list.stories;
  if (!stories.length) return el('p', { class: 'muted' }, 'No story matches.');
  const ol = el('ol', { class: 'stories', dataset: { view: 'list' },
    'aria-label': 'Ranked backlog', onkeydown: onListKey });
  for (const s of stories) {
    const handle = el('span', { class: 'handle', 'aria-hidden': 'true',
      title: 'Drag to move (or Alt+↑ / Alt+↓)' }, '⠿');
    if (!app.meta.read_only && s.position !== null) handle.addEventListener('pointerdown', startDrag);
    ol.append(el('li', { tabindex: '0', dataset: { storyId: s.id },
      'aria-label': (s.position !== null ? '#' + s.position + ' ' : '') + s.id + ' ' + s.title },
      handle,
      el('span', { class: 'pos' }, s.position !== null ? '#' + s.position : '–'),
      storyLink(s), storyFacts(s)));
  }
  return ol;
}

function renderBoard() {
  const board = el('div', { class: 'board', dataset: { view: 'board' } });
  for (const st of app.meta.statuses) {
    const here = app.list.stories.filter((s) => s.status === st.name);
    if (st.terminal && !here.length) continue;
    board.append(el('section', { class: 'column', 'aria-label': st.name },
      el('h2', {}, st.name + ' ', el('span', { class: 'muted' }, '(' + here.length + ')')),
      el('ol', {}, here.map((s) => el('li', { dataset: { storyId: s.id } },
        s.position !== null ? el('span', { class: 'pos' }, '#' + s.position + ' ') : null,
        storyLink(s), el('div', {}, storyFacts(s)))))));
  }
  return board;
}

const EDITABLE = ['status', 'owner', 'value', 'urgency', 'risk', 'effort', 'labels', 'goal'];

async function renderStory(id) {
  let doc;
  try {
    doc = await get('/api/show?id=' + encodeURIComponent(id));
  } catch (e) {
    return el('p', { class: 'error' }, e.message);
  }
  const s = doc.show.story;
  const ro = app.meta.read_only;
  const wrap = el('article', { class: 'story', dataset: { storyId: s.id } });
  wrap.append(el('p', {}, el('a', { href: '#/list' }, '← the list')),
    el('h2', {}, el('span', { class: 'muted' }, s.id + ' '), s.title || ''));
  const fields = el('dl', { class: 'fields' });
  const fact = (name, value) => fields.append(el('dt', {}, name),
    el('dd', { dataset: { field: name } }, value === null || value === undefined ||
      (Array.isArray(value) && !value.length) ? '–' : Array.isArray(value) ? value.join(', ') : String(value)));
  fact('status', s.status);
  fact('position', s.position !== null ? '#' + s.position : null);
  fact('rank', s.rank);
  fact('score', s.score);
  for (const k of ['value', 'urgency', 'risk', 'effort']) if (k in s) fact(k, s[k]);
  fact('owner', s.owner);
  fact('labels', s.labels);
  fact('depends-on', s.depends_on);
  fact('goal', s.goal);
  fact('path', s.path);
  wrap.append(fields);

  const items = s.criteria_items || [];
  wrap.append(el('h3', {}, 'Acceptance criteria'));
  if (!items.length) wrap.append(el('p', { class: 'muted' }, 'None yet.'));
  const crit = el('ul', { class: 'criteria' });
  items.forEach((c, i) => {
    const box = el('input', { type: 'checkbox', id: 'crit-' + (i + 1), disabled: ro,
      dataset: { criterion: String(i + 1) } });
    box.checked = !!c.met;
    box.addEventListener('change', async () => {
      const met = box.checked;
      const r = await ask({
        title: (met ? 'Tick' : 'Untick') + ' criterion ' + (i + 1) + ' of ' + s.id,
        required: rationaleRequired(),
        submit: (why) => post('/api/tick', { id: s.id, criterion: i + 1, met, rationale: why }),
      });
      if (r) { notice(r.output, true); await reload(); } else box.checked = !met;
    });
    crit.append(el('li', {}, box, ' ', el('label', { for: 'crit-' + (i + 1) }, c.text)));
  });
  wrap.append(crit);

  if (!ro) wrap.append(storyActions(s));
  const body = el('div', { class: 'body' });
  body.innerHTML = doc.html;   // cmark's safe HTML: no raw HTML, no unsafe links
  wrap.append(el('h3', {}, 'Text'), body);
  wrap.append(el('h3', {}, 'History'), await renderLog(s.id));
  return wrap;
}

function storyActions(s) {
  const box = el('div', { class: 'actions' });
  const done = app.meta.roles && app.meta.roles.done;
  if (s.status === done) {
    box.append(el('button', { class: 'good', type: 'button', onclick: async () => {
      const r = await ask({ title: 'Accept ' + s.id, ok: 'Accept',
        label: 'A note for the commit (optional)', required: false,
        submit: (note) => post('/api/accept', { id: s.id, note }) });
      if (r) { notice(r.output, true); await reload(); }
    } }, 'Accept'));
    box.append(el('button', { class: 'bad', type: 'button', onclick: async () => {
      const r = await ask({ title: 'Reject ' + s.id, ok: 'Reject',
        label: 'Why is it not done? (required)', required: true,
        submit: (why) => post('/api/reject', { id: s.id, rationale: why }) });
      if (r) { notice(r.output, true); await reload(); }
    } }, 'Reject'));
  }
  const field = el('select', { id: 'edit-field', 'aria-label': 'Field' },
    EDITABLE.map((f) => el('option', { value: f }, f)));
  const value = el('input', { id: 'edit-value', 'aria-label': 'New value', size: 14 });
  box.append(el('label', {}, 'Field ', field), el('label', {}, 'Value ', value),
    el('button', { type: 'button', onclick: async () => {
      const f = field.value, v = value.value;
      const r = await ask({ title: 'Set ' + f + '=' + v + ' on ' + s.id,
        required: rationaleRequired(),
        submit: (why) => post('/api/set', { id: s.id, fields: { [f]: v }, rationale: why }) });
      if (r) { notice(r.output, true); await reload(); }
    } }, 'Set'));
  return box;
}

async function renderLog(id) {
  try {
    const doc = await get('/api/log?id=' + encodeURIComponent(id));
    const entries = doc.log.entries;
    if (!entries.length) return el('p', { class: 'muted' }, 'No decision yet.');
    return el('ol', { class: 'log' }, entries.map((e) => el('li', {},
      el('strong', {}, e.subject), el('br'),
      el('span', { class: 'muted' }, e.date.slice(0, 10) + ' · ' + e.author.replace(/ <.*>$/, '') +
        ' · ' + e.commit.slice(0, 10)),
      e.body ? el('div', {}, e.body.split('\n\nPrio-')[0]) : null)));
  } catch (e) {
    return el('p', { class: 'error' }, e.message);
  }
}

async function renderCheck() {
  let doc, all;
  try {
    doc = await get('/api/check');
    all = await get('/api/list?all=1');   // terminal stories' paths too
  } catch (e) { return el('p', { class: 'error' }, e.message); }
  const diags = doc.check.diagnostics;
  const byPath = new Map(all.list.stories.map((s) => [s.path, s.id]));
  if (!diags.length) return el('p', {}, 'prio check finds no problem.');
  return el('table', { dataset: { view: 'check' } },
    el('thead', {}, el('tr', {}, el('th', {}, 'Where'), el('th', {}, 'Severity'),
      el('th', {}, 'Problem'))),
    el('tbody', {}, diags.map((d) => {
      const id = byPath.get(d.path);
      return el('tr', {},
        el('td', {}, id ? el('a', { href: '#/story/' + encodeURIComponent(id) }, id)
          : d.path, d.line ? ':' + d.line : ''),
        el('td', { class: 'sev-' + d.severity }, d.severity),
        el('td', {}, d.message + (d.rule ? ' [' + d.rule + ']' : '')));
    })));
}

async function renderDiff(base) {
  const form = el('form', { class: 'actions' },
    el('label', {}, 'Base (branch, tag or commit) ',
      el('input', { id: 'diff-base', value: base || '', required: true })),
    el('button', { class: 'primary', type: 'submit' }, 'Compare'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#/diff/' + encodeURIComponent($('#diff-base').value.trim());
  });
  const wrap = el('div', { dataset: { view: 'diff' } }, form);
  if (!base) {
    wrap.append(el('p', { class: 'muted' }, 'What this branch changes in the backlog since it left the base, as a pull request shows it.'));
    return wrap;
  }
  try {
    const doc = await get('/api/diff?base=' + encodeURIComponent(base));
    const st = doc.diff.stories;
    if (!st.length) { wrap.append(el('p', {}, 'No story changes.')); return wrap; }
    wrap.append(el('table', {},
      el('thead', {}, el('tr', {}, ['Story', 'Position', 'Status', 'Changes', 'Why'].map((h) => el('th', {}, h)))),
      el('tbody', {}, st.map((s) => el('tr', {},
        el('td', {}, el('a', { href: '#/story/' + encodeURIComponent(s.id) }, s.id), ' ', s.title || ''),
        el('td', {}, (s.position_from ? '#' + s.position_from : '–') + ' → ' + (s.position_to ? '#' + s.position_to : '–')),
        el('td', {}, s.status_from === s.status_to ? (s.status_to || '–') : (s.status_from || '–') + ' → ' + (s.status_to || '–')),
        el('td', {}, (s.changes || []).join(', ')),
        el('td', {}, (s.decisions || []).map((d) => d.rationale).filter(Boolean).join(' / ')))))));
  } catch (e) {
    wrap.append(el('p', { class: 'error' }, e.message));
  }
  return wrap;
}

// Renders the view the address names.  A view that waits for the server
// may be overtaken by a newer render (the user went elsewhere, a reload
// came): only the newest one is shown.
async function render() {
  const seq = ++app.renders;
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [view, ...rest] = hash.split('/');
  app.view = view || 'list';
  const arg = rest.join('/');
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === app.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (!app.list) return;
  let node;
  if (app.view === 'story' && arg) node = await renderStory(arg);
  else if (app.view === 'board') node = renderBoard();
  else if (app.view === 'check') node = await renderCheck();
  else if (app.view === 'diff') node = await renderDiff(arg);
  else node = renderList();
  if (seq !== app.renders) return;
  const main = $('#main');
  const focused = document.activeElement && document.activeElement.closest &&
    document.activeElement.closest('li[data-story-id]');
  const keep = app.focusId || (focused ? focused.dataset.storyId : null);
  main.replaceChildren(node);
  if (app.view === 'list' || !app.view) focusStory(keep);
  app.focusId = null;
}

// --- Start -------------------------------------------------------------------

$('#filters').addEventListener('submit', (ev) => ev.preventDefault());
$('#filters').addEventListener('change', () => reload());
window.addEventListener('hashchange', () => { notice(''); render(); });
reload().then(() => setTimeout(poll, 1200));
