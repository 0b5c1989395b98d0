// iamlocal console: progressive enhancement for the editor, simulator, access matrix and decision log.
// Plain DOM, no libraries; every request carries the session's CSRF token.
(function () {
  'use strict';
  const csrf = document.body.dataset.csrf || '';

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  async function call(method, path, body) {
    const opts = { method, headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(path, opts);
    if (r.status === 401) { window.location.href = '/console/signin'; throw new Error('not signed in'); }
    const data = await r.json();
    if (!r.ok) { const err = new Error(data.message || r.statusText); err.code = data.error; throw err; }
    return data;
  }

  function errorPanel(target, err) {
    target.replaceChildren(el('div', { class: 'panel ' + (err.code === 'AccessDenied' ? 'denied' : 'error'), role: 'alert' },
      el('h2', {}, err.code || 'Error'), el('p', { class: err.code === 'AccessDenied' ? 'denied-message' : '' }, err.message)));
  }

  /** Policy text with [start,end) ranges wrapped in <mark>; offsets are UTF-16 indexes, as the server's. */
  function markedText(text, ranges, cls) {
    const frag = document.createDocumentFragment();
    let pos = 0;
    const sorted = ranges.slice().sort((a, b) => a.start - b.start);
    for (const r of sorted) {
      if (r.start < pos || r.start < 0 || r.end > text.length) continue;
      frag.append(text.slice(pos, r.start));
      frag.append(el('mark', { class: cls + ' ' + (r.kind || ''), 'data-label': r.label || '' }, text.slice(r.start, r.end)));
      pos = r.end;
    }
    frag.append(text.slice(pos));
    return frag;
  }

  // ------------------------------------------------------------ table filter (policies page)
  for (const input of document.querySelectorAll('input[data-filter]')) {
    const table = document.getElementById(input.dataset.filter);
    input.addEventListener('input', () => {
      const q = input.value.toLowerCase();
      for (const tr of table.tBodies[0].rows) tr.hidden = q !== '' && !tr.textContent.toLowerCase().includes(q);
    });
  }

  // ------------------------------------------------------------ policy editor
  function editor() {
    const text = document.getElementById('policyText');
    const kind = document.getElementById('policyKind');
    const list = document.getElementById('findings');
    const annotated = document.getElementById('annotated');
    const status = document.getElementById('validationStatus');
    let timer = null;
    let seq = 0;

    function lineStarts(t) {
      const s = [0];
      for (let i = 0; i < t.length; i++) if (t[i] === '\n') s.push(i + 1);
      return s;
    }

    function annotate(t, findings) {
      const starts = lineStarts(t);
      const frag = document.createDocumentFragment();
      for (let ln = 0; ln < starts.length; ln++) {
        const a = starts[ln];
        const b = ln + 1 < starts.length ? starts[ln + 1] - 1 : t.length;
        const line = t.slice(a, b);
        const ranges = findings.filter(f => f.start !== undefined && f.start < b + 1 && f.end > a)
          .map(f => ({ start: Math.max(0, f.start - a), end: Math.min(line.length, Math.max(f.end - a, f.start - a + 1)),
            kind: f.severity.toLowerCase() }));
        const row = el('span', { class: 'line', 'data-line': ln + 1 }, el('span', { class: 'ln', 'aria-hidden': 'true' }, String(ln + 1).padStart(3, ' ') + ' '));
        row.append(markedText(line, ranges, 'finding'));
        frag.append(row, '\n');
        for (const f of findings.filter(f => f.line === ln + 1)) {
          frag.append(el('span', { class: 'note ' + f.severity.toLowerCase() },
            '    ' + ' '.repeat(Math.max(0, f.column - 1)) + '^ ' + f.code + ': ' + f.message), '\n');
        }
      }
      annotated.replaceChildren(frag);
    }

    function render(t, findings) {
      list.replaceChildren();
      if (findings.length === 0) list.append(el('li', { class: 'ok' }, 'No findings.'));
      for (const f of findings) {
        const where = f.line ? 'line ' + f.line + ', column ' + f.column : f.path;
        const item = el('li', { class: 'finding ' + f.severity.toLowerCase(), 'data-code': f.code, 'data-line': f.line || '' },
          el('button', { type: 'button', class: 'goto', onclick: () => select(f) }, where),
          ' ', el('strong', { class: 'code' }, f.code), ' ', el('span', { class: 'sev' }, '(' + f.severity + ')'), ' ',
          el('span', { class: 'message' }, f.message), f.hint ? el('div', { class: 'hint' }, f.hint) : null);
        if (f.fix) {
          item.append(el('button', { type: 'button', class: 'fix', 'data-replacement': f.fix.replacement,
            onclick: () => applyFix(f.fix) }, f.fix.label));
        }
        list.append(item);
      }
      annotate(t, findings);
    }

    function select(f) {
      if (f.start === undefined) return;
      text.focus();
      text.setSelectionRange(f.start, f.end);
    }

    function applyFix(fix) {
      const t = text.value;
      text.value = t.slice(0, fix.start) + fix.replacement + t.slice(fix.end);
      text.focus();
      text.setSelectionRange(fix.start, fix.start + fix.replacement.length);
      validate();
    }

    async function validate() {
      const mine = ++seq;
      status.textContent = 'Validating…';
      try {
        const r = await call('POST', '/console/api/validate', { text: text.value, kind: kind.value });
        if (mine !== seq) return;
        render(text.value, r.findings);
        const errors = r.findings.filter(f => f.severity === 'ERROR').length;
        status.textContent = r.findings.length + ' finding' + (r.findings.length === 1 ? '' : 's') + ', ' + errors + ' error' + (errors === 1 ? '' : 's');
      } catch (e) {
        if (mine !== seq) return;
        status.textContent = e.code === 'AccessDenied' ? 'AccessDenied: ' + e.message : 'Validation failed: ' + e.message;
      }
    }

    const changes = document.getElementById('changes');
    const changesStatus = document.getElementById('changesStatus');

    function changeList(sign, what, count, groups) {
      if (!count) return null;
      const box = el('div', { class: 'changes ' + what, 'data-direction': what },
        el('h3', {}, sign + ' access ' + what + ' (' + count + ' action' + (count === 1 ? '' : 's') + ')'));
      for (const g of groups) {
        const ul = el('ul');
        for (const it of g.items) {
          const names = it.actions.length <= 6 ? it.actions.join(', ') : it.actions.slice(0, 5).join(', ') + ' and ' + (it.actions.length - 5) + ' more';
          const ctx = Object.keys(it.context).length ? ' with ' + JSON.stringify(it.context) : '';
          ul.append(el('li', { 'data-actions': it.actions.join(' ') }, sign + ' ' + names + '  ', el('small', {}, 'e.g. on ' + it.resource + ctx)));
        }
        box.append(el('h4', {}, g.service + ' · ' + g.level), ul);
      }
      return box;
    }

    document.getElementById('whatChanges').addEventListener('click', async () => {
      changesStatus.textContent = 'Proving…';
      changes.replaceChildren();
      try {
        const r = await call('POST', '/console/api/diff', { old: document.getElementById('baselineText').value, new: text.value, kind: kind.value });
        const parts = [changeList('+', 'added', r.addedCount, r.added), changeList('-', 'removed', r.removedCount, r.removed)].filter(Boolean);
        for (const u of r.undecided) parts.push(el('p', { class: 'undecided' }, '? not decided: ' + u));
        if (parts.length === 0) parts.push(el('p', { class: 'ok' }, 'No access added or removed.'));
        changes.replaceChildren(...parts);
        changesStatus.textContent = r.addedCount + ' added, ' + r.removedCount + ' removed';
      } catch (e) {
        changesStatus.textContent = e.code === 'AccessDenied' ? 'AccessDenied: ' + e.message : 'Failed: ' + e.message;
      }
    });

    text.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(validate, 250); });
    kind.addEventListener('change', validate);
    document.getElementById('formatPolicy').addEventListener('click', () => {
      try { text.value = JSON.stringify(JSON.parse(text.value), null, 2) + '\n'; validate(); } catch (e) { status.textContent = 'Not valid JSON: ' + e.message; }
    });
    validate();
  }

  // ------------------------------------------------------------ simulator
  function simulator() {
    const principal = document.getElementById('simPolicy') && document.getElementById('simPrincipal');
    const pasted = document.getElementById('simPolicy');
    const search = document.getElementById('actionSearch');
    const results = document.getElementById('actionResults');
    const count = document.getElementById('actionCount');
    const selected = document.getElementById('simActions');
    const ctxBox = document.getElementById('contextKeys');
    const status = document.getElementById('simStatus');
    const errorBox = document.getElementById('simError');
    const table = document.getElementById('simResults');
    const detail = document.getElementById('simDetail');
    let lastRun = null;
    let lastBody = null;

    // the last run's results as a file: the same simulation, answered as CSV or JSON by the server
    async function exportAs(format) {
      if (!lastBody) return;
      const r = await fetch('/console/api/simulate', { method: 'POST', credentials: 'same-origin',
        headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(Object.assign({}, lastBody, { format })) });
      if (!r.ok) { errorPanel(errorBox, new Error(r.statusText)); return; }
      const a = el('a', { href: URL.createObjectURL(await r.blob()), download: 'simulation.' + format });
      document.body.append(a);
      a.click();
      a.remove();
    }
    document.getElementById('simExportCsv').addEventListener('click', () => exportAs('csv'));
    document.getElementById('simExportJson').addEventListener('click', () => exportAs('json'));

    function selectedActions() {
      return selected.value.split('\n').map(s => s.trim()).filter(Boolean);
    }
    function setSelected(list) {
      selected.value = Array.from(new Set(list)).join('\n');
    }

    async function doSearch() {
      const q = search.value.trim();
      if (!q) return;
      const r = await call('GET', '/console/api/actions?q=' + encodeURIComponent(q));
      results.replaceChildren();
      const chosen = new Set(selectedActions());
      r.actions.forEach((a, i) => {
        const id = 'act-' + i;
        const box = el('input', { type: 'checkbox', id, value: a.name, checked: chosen.has(a.name) });
        box.addEventListener('change', () => {
          const cur = selectedActions().filter(x => x !== a.name);
          if (box.checked) cur.push(a.name);
          setSelected(cur);
        });
        results.append(el('div', { class: 'check' }, box, el('label', { for: id }, a.name + ' ', el('small', {}, a.level))));
      });
      count.textContent = r.total + ' action' + (r.total === 1 ? '' : 's') + ' match ' + r.pattern + (r.total > r.actions.length ? ' (first ' + r.actions.length + ' shown)' : '');
    }
    document.getElementById('actionSearchButton').addEventListener('click', () => doSearch().catch(e => errorPanel(errorBox, e)));
    search.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); doSearch().catch(err => errorPanel(errorBox, err)); } });
    document.getElementById('actionSelectAll').addEventListener('click', () => {
      const all = selectedActions();
      for (const b of results.querySelectorAll('input[type=checkbox]')) { b.checked = true; all.push(b.value); }
      setSelected(all);
    });

    const policyList = document.getElementById('simPolicyList');
    const excluded = new Set();
    let boundaryOn = true;
    function inputBody() {
      return { principal: principal.value, policies: pasted.value.trim() ? [pasted.value] : [],
        exclude: Array.from(excluded), boundary: boundaryOn };
    }

    // the stored policies of the principal, each to include or leave out; the boundary as a toggle
    function renderPolicies(list) {
      policyList.replaceChildren();
      const stored = list.filter(p => p.type !== 'pasted');
      policyList.hidden = stored.length === 0;
      stored.forEach((p, i) => {
        const boundary = p.type === 'permissions boundary';
        const id = 'pol-' + i;
        const box = el('input', { type: 'checkbox', id, 'data-policy': p.id, class: boundary ? 'boundary' : 'policy',
          checked: boundary ? boundaryOn : !excluded.has(p.id) });
        box.addEventListener('change', () => {
          if (boundary) boundaryOn = box.checked;
          else if (box.checked) excluded.delete(p.id); else excluded.add(p.id);
          loadKeys();
        });
        const via = p.via && p.via.length ? ', via group ' + p.via.join(', ') : '';
        policyList.append(el('div', { class: 'check' }, box, el('label', { for: id }, p.id + ' ',
          el('small', { class: 'via' }, '(' + p.type + via + ')'))));
      });
    }

    // IAM's context key types, preselected from the catalog's type of the key
    const TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList',
      'binary', 'binaryList', 'date', 'dateList'];
    function typeOf(k) {
      const base = { String: 'string', ARN: 'string', Numeric: 'numeric', Bool: 'boolean', Boolean: 'boolean',
        Date: 'date', IPAddress: 'ip', Binary: 'binary' };
      const t = (k.type || '').replace(/^ArrayOf/, '');
      const one = base[t] || 'string';
      return k.multivalued || /^ArrayOf/.test(k.type || '') ? one + 'List' : one;
    }

    async function loadKeys() {
      const body = inputBody();
      if (!body.principal && body.policies.length === 0) return;
      const old = {};
      const oldType = {};
      for (const i of ctxBox.querySelectorAll('input[data-key]')) old[i.dataset.key] = i.value;
      for (const t of ctxBox.querySelectorAll('select[data-type-for]')) oldType[t.dataset.typeFor] = t.value;
      try {
        const r = await call('POST', '/console/api/context-keys', body);
        renderPolicies(r.policies || []);
        ctxBox.replaceChildren();
        if (r.keys.length === 0) ctxBox.append(el('p', {}, 'The policies reference no context keys.'));
        r.keys.forEach((k, i) => {
          const id = 'ctx-' + i;
          const type = el('select', { 'data-type-for': k.name, 'aria-label': 'Type of ' + k.name });
          const chosen = oldType[k.name] || typeOf(k);
          for (const t of TYPES) type.append(el('option', { value: t, selected: t === chosen }, t));
          ctxBox.append(el('label', { for: id }, k.name + (k.type ? ' (' + k.type + (k.multivalued ? ', multivalued' : '') + ')' : '')),
            el('div', { class: 'row' }, el('input', { id, 'data-key': k.name, value: old[k.name] || '', spellcheck: 'false' }), type));
        });
      } catch (e) {
        errorPanel(ctxBox, e);
      }
    }
    principal.addEventListener('change', () => { excluded.clear(); boundaryOn = true; loadKeys(); });
    pasted.addEventListener('change', loadKeys);

    function showDetail(run, row, tr) {
      for (const x of table.tBodies[0].rows) x.classList.remove('selected');
      tr.classList.add('selected');
      detail.hidden = false;
      const ul = document.getElementById('simExplanation');
      ul.replaceChildren(...row.explanation.map(l => el('li', {}, l)));
      const box = document.getElementById('simPolicies');
      box.replaceChildren();
      for (const p of run.policies) {
        const ranges = row.highlights.filter(h => h.policy === p.id);
        const pre = el('pre', { class: 'policy', 'data-policy': p.id });
        pre.append(markedText(p.text, ranges, 'stmt'));
        box.append(el('h3', {}, p.id + ' ', el('small', {}, p.type)), pre);
      }
      const first = box.querySelector('mark');
      if (first) first.scrollIntoView({ block: 'nearest' });
    }

    document.getElementById('simForm').addEventListener('submit', async ev => {
      ev.preventDefault();
      errorBox.replaceChildren();
      const body = inputBody();
      body.actions = selectedActions();
      body.resources = document.getElementById('simResources').value.split('\n').map(s => s.trim()).filter(Boolean);
      body.context = {};
      for (const i of ctxBox.querySelectorAll('input[data-key]')) if (i.value.trim()) body.context[i.dataset.key] = i.value.trim();
      body.types = {};
      for (const t of ctxBox.querySelectorAll('select[data-type-for]')) body.types[t.dataset.typeFor] = t.value;
      lastBody = body;
      status.textContent = 'Running…';
      try {
        const run = await call('POST', '/console/api/simulate', body);
        lastRun = run;
        const tbody = table.tBodies[0];
        tbody.replaceChildren();
        run.results.forEach((row, i) => {
          const by = row.highlights.map(h => h.policy + ' · ' + h.label + (h.kind === 'condition-failed' ? ' (condition not met)' : '')).join(', ');
          const tr = el('tr', { tabindex: '0', class: 'result ' + row.decision, 'data-action': row.action, 'data-decision': row.decision },
            el('td', {}, row.action), el('td', {}, row.resource), el('td', { class: 'decision' }, row.decision), el('td', {}, by || '—'));
          tr.addEventListener('click', () => showDetail(run, row, tr));
          tr.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showDetail(run, row, tr); } });
          tbody.append(tr);
        });
        table.hidden = false;
        document.getElementById('simExport').hidden = false;
        const allowed = run.results.filter(r => r.decision === 'allowed').length;
        status.textContent = run.results.length + ' result' + (run.results.length === 1 ? '' : 's') + ', ' + allowed + ' allowed';
      } catch (e) {
        status.textContent = '';
        errorPanel(errorBox, e);
      }
    });
  }

  // ------------------------------------------------------------ access matrix
  function matrix() {
    const form = document.getElementById('matrixForm');
    const progress = document.getElementById('matrixProgress');
    const status = document.getElementById('matrixStatus');
    const errorBox = document.getElementById('matrixError');
    const table = document.getElementById('matrix');
    const tools = document.getElementById('matrixTools');
    const filter = document.getElementById('matrixFilter');
    const onlyAllowed = document.getElementById('matrixOnlyAllowed');
    const WORD = { A: 'allowed', E: 'explicitDeny', I: 'implicitDeny', N: 'never', C: 'conditional', U: 'undecided' };
    const SHORT = { A: 'Allow', E: 'Deny', I: '—', N: 'Never', C: 'If…', U: '?' };
    const detail = document.getElementById('matrixDetail');

    function example(x) {
      return 'on ' + x.resource + (Object.keys(x.context).length ? ' with ' + JSON.stringify(x.context) : '');
    }

    function showCell(principal, action, d) {
      detail.replaceChildren(el('h3', {}, principal + ' · ' + action), el('p', { class: 'condition' }, d.condition));
      if (d.allowed) detail.append(el('p', {}, 'Allowed, e.g. ', el('code', {}, example(d.allowed))));
      if (d.denied) detail.append(el('p', {}, 'Denied, e.g. ', el('code', {}, example(d.denied))));
      detail.hidden = false;
    }

    function applyFilter() {
      const q = filter.value.toLowerCase();
      for (const tr of table.tBodies[0].rows) {
        tr.hidden = (q !== '' && !tr.dataset.action.toLowerCase().includes(q)) || (onlyAllowed.checked && tr.dataset.any !== 'true');
      }
    }
    filter.addEventListener('input', applyFilter);
    onlyAllowed.addEventListener('change', applyFilter);

    function render(job, r) {
      const head = el('tr', {}, el('th', { scope: 'col' }, 'Action'));
      for (const row of r.rows) head.append(el('th', { scope: 'col', title: row.arn }, row.principal));
      const thead = el('thead', {}, head);
      const tbody = el('tbody');
      r.actions.forEach((a, i) => {
        const tr = el('tr', { 'data-action': a }, el('th', { scope: 'row' }, a));
        let any = false;
        for (const row of r.rows) {
          if (row.denied !== undefined) { tr.append(el('td', { class: 'na', title: row.denied }, 'n/a')); continue; }
          const c = row.cells[i];
          any = any || c === 'A' || c === 'C';
          const d = row.details && row.details[i];
          const word = r.symbolic && c === 'A' ? 'always' : WORD[c];
          const td = el('td', { class: 'cell ' + WORD[c], title: d ? word + ': ' + d.condition : word },
            r.symbolic && c === 'A' ? 'Always' : SHORT[c]);
          if (d) {
            td.tabIndex = 0;
            td.dataset.condition = d.condition;
            td.addEventListener('click', () => showCell(row.principal, a, d));
            td.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showCell(row.principal, a, d); } });
          }
          tr.append(td);
        }
        tr.dataset.any = any;
        tbody.append(tr);
      });
      table.replaceChildren(el('caption', {}, r.rows.length + ' principals × ' + r.actions.length + ' actions on resource *'), thead, tbody);
      const denied = r.rows.filter(x => x.denied !== undefined);
      if (denied.length) errorPanel(errorBox, { code: 'AccessDenied', message: denied.map(x => x.denied).join(' ') });
      table.hidden = false;
      tools.hidden = false;
      document.getElementById('matrixCsv').href = '/console/api/matrix/' + job + '/csv';
      applyFilter();
    }

    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      errorBox.replaceChildren();
      table.hidden = true;
      tools.hidden = true;
      detail.hidden = true;
      const principals = Array.from(document.getElementById('matrixPrincipals').selectedOptions).map(o => o.value);
      const symbolic = document.getElementById('matrixSymbolic').checked;
      try {
        const start = await call('POST', '/console/api/matrix', { service: document.getElementById('matrixService').value, principals, symbolic });
        progress.hidden = false;
        progress.max = Math.max(1, start.total);
        progress.value = 0;
        status.textContent = 'Computing ' + start.total + ' principals × ' + start.actions + ' actions…';
        for (;;) {
          const r = await call('GET', '/console/api/matrix/' + start.job);
          progress.value = r.done;
          if (r.finished) {
            progress.hidden = true;
            if (r.error) throw new Error(r.error);
            status.textContent = 'Done: ' + r.total + ' principals × ' + r.actions.length + ' actions in ' + r.elapsedMillis + ' ms';
            render(start.job, r);
            return;
          }
          status.textContent = r.done + ' of ' + r.total + ' principals…';
          await new Promise(res => setTimeout(res, 200));
        }
      } catch (e) {
        progress.hidden = true;
        status.textContent = '';
        errorPanel(errorBox, e);
      }
    });
  }

  // ------------------------------------------------------------ decision log: follow the log every 2 s
  function decisions() {
    const table = document.getElementById('decisions');
    if (!table) return;
    const tbody = table.tBodies[0];
    const pause = document.getElementById('decisionsPause');
    const status = document.getElementById('decisionsStatus');
    const MAX_ROWS = 1000;
    let last = table.dataset.last || '';
    let timer = null;

    async function poll() {
      timer = null;
      if (pause.checked) return;
      let more = false;
      try {
        const r = await call('GET', '/console/api/decisions?after=' + encodeURIComponent(last) + table.dataset.query);
        // oldest first: each prepended row ends up above the older ones
        for (const d of r.decisions) tbody.insertAdjacentHTML('afterbegin', d.html);
        while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(-1);
        if (r.last) last = r.last;
        more = r.more;
        if (r.decisions.length) {
          const empty = document.getElementById('decisionsEmpty');
          if (empty) empty.remove();
          status.textContent = r.decisions.length + ' new decision' + (r.decisions.length === 1 ? '' : 's');
        }
      } catch (e) {
        status.textContent = (e.code || 'Error') + ': ' + e.message;
      }
      if (!pause.checked) timer = setTimeout(poll, more ? 0 : 2000);
    }
    pause.addEventListener('change', () => {
      status.textContent = pause.checked ? 'Paused' : '';
      if (!pause.checked && timer === null) poll();
    });
    timer = setTimeout(poll, 2000);
  }

  const page = document.body.dataset.page;
  if (page === 'editor' && document.getElementById('policyText')) editor();
  if (page === 'simulator') simulator();
  if (page === 'matrix') matrix();
  if (page === 'decisions') decisions();
})();
