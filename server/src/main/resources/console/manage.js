// iamlocal console: the IAM management pages. Live validation of policy text areas (data-validate)
// with the editor's own endpoint, and a confirmation before a delete (data-confirm). Plain DOM.
(function () {
  'use strict';
  const csrf = document.body.dataset.csrf || '';

  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', ev => { if (!window.confirm(form.dataset.confirm)) ev.preventDefault(); });
  }

  for (const area of document.querySelectorAll('textarea[data-validate]')) {
    const list = document.querySelector('ol.live-findings[data-for="' + area.id + '"]');
    const status = document.querySelector('[data-status-for="' + area.id + '"]');
    if (!list) continue;
    let timer = null;
    let seq = 0;
    async function validate() {
      const mine = ++seq;
      if (status) status.textContent = 'Validating…';
      try {
        const r = await fetch('/console/api/validate', { method: 'POST', credentials: 'same-origin',
          headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: area.value, kind: area.dataset.validate }) });
        const data = await r.json();
        if (mine !== seq) return;
        if (!r.ok) { if (status) status.textContent = (data.error || 'Error') + ': ' + (data.message || ''); return; }
        list.replaceChildren();
        for (const f of data.findings) {
          const li = document.createElement('li');
          li.className = 'finding ' + f.severity.toLowerCase();
          li.dataset.code = f.code;
          const code = document.createElement('strong');
          code.className = 'code';
          code.textContent = f.code;
          li.append((f.line ? 'line ' + f.line + ', column ' + f.column + ': ' : ''), code, ' ' + f.message);
          list.append(li);
        }
        const errors = data.findings.filter(f => f.severity === 'ERROR').length;
        if (status) status.textContent = data.findings.length + ' finding' + (data.findings.length === 1 ? '' : 's')
          + ', ' + errors + ' error' + (errors === 1 ? '' : 's');
      } catch (e) {
        if (mine === seq && status) status.textContent = 'Validation failed: ' + e.message;
      }
    }
    area.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(validate, 250); });
    validate();
  }
})();
