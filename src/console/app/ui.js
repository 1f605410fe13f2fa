// Small shared pieces: loading and error states, status badges, tables, forms.
import { html } from 'htm/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';

/** Loads with fn whenever deps change; {data, error, loading, reload}. An error never blanks the page. */
export function useLoad(fn, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const load = useCallback(async (quiet) => {
    const mine = ++seq.current;
    if (!quiet) setState((s) => ({ ...s, loading: true }));
    try {
      const data = await fn();
      if (mine === seq.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    void load(false);
  }, [load]);
  return { ...state, reload: (quiet = true) => load(quiet) };
}

export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert"><strong>${t('error')}</strong> ${error.message}${error.code ? html` <code>${error.code}</code>` : ''}</div>`;
}

export function Loading({ label }) {
  return html`<p class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>${label ?? t('loading')}</p>`;
}

/** Progress of long work: a determinate bar when the total is known, else a moving one with what arrived. */
export function Progress({ label, value, max }) {
  return html`<div class="progress" role="status" aria-live="polite">
    <progress value=${max ? value : undefined} max=${max ?? undefined} aria-label=${label}></progress> <span>${label}</span>
  </div>`;
}

export function StatusBadge({ status }) {
  if (!status) return html`<span class="badge s-UNKNOWN">—</span>`;
  return html`<span class="badge s-${status}">${t(`status.${status}`)}</span>`;
}

export function Empty({ text }) {
  return html`<p class="empty">${text ?? t('nothing')}</p>`;
}

/** A table from column specs [{key, label, render?}]; rows keyed by row.id. */
export function Table({ columns, rows, caption, rowKey = (r) => r.id }) {
  if (!rows?.length) return html`<${Empty} />`;
  return html`<div class="table-wrap"><table>
    ${caption ? html`<caption>${caption}</caption>` : ''}
    <thead><tr>${columns.map((c) => html`<th scope="col" class=${c.num ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr key=${rowKey(r)}>${columns.map((c) => html`<td class=${c.num ? 'num' : ''}>${c.render ? c.render(r) : (r[c.key] ?? '—')}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

export function Field({ label, children, hint }) {
  return html`<label class="field"><span>${label}</span>${children}${hint ? html`<small>${hint}</small>` : ''}</label>`;
}

export function Select({ label, value, onChange, options, name }) {
  return html`<${Field} label=${label}>
    <select name=${name} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
    </select>
  <//>`;
}

export function DefinitionList({ items }) {
  return html`<dl class="facts">${items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v ?? '—'}</dd></div>`)}</dl>`;
}

/** A button that runs async work once at a time and shows its error beside it. */
export function ActionButton({ onClick, children, kind = '', label, disabled }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onClick();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<span class="action"><button type="button" class=${kind} aria-label=${label} disabled=${busy || disabled} onClick=${run}>${children}</button>${error ? html`<span class="inline-error" role="alert">${error.message}</span>` : ''}</span>`;
}

/** Calls fn at most once per `ms` while events keep coming (the last call always runs). */
export function useDebounced(fn, ms) {
  const timer = useRef(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}
