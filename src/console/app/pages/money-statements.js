// Settlement statements per period and pair, with the net positions between the parties.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, download, post } from '../api.js';
import { knownOperators, operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { kwh, money, shanghaiDate } from '../format.js';
import { ErrorBox, Field, Loading, Progress, Select, Table } from '../ui.js';

/** Seconds since work began, for long runs whose length is not known in advance. */
function useElapsed(running) {
  const [s, setS] = useState(0);
  const started = useRef(0);
  useEffect(() => {
    if (!running) return undefined;
    started.current = Date.now();
    setS(0);
    const timer = setInterval(() => setS(Math.floor((Date.now() - started.current) / 1000)), 250);
    return () => clearInterval(timer);
  }, [running]);
  return s;
}

export function StatementsTab({ me }) {
  const [q, setQ] = useState({ period: 'day', date: shanghaiDate(), partyId: '' });
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const [running, setRunning] = useState(false);
  const [csv, setCsv] = useState(null);
  const elapsed = useElapsed(running);
  const set = (k) => (v) => setQ((x) => ({ ...x, [k]: v }));
  const load = async () => {
    setLoading(true);
    try {
      const p = new URLSearchParams({ period: q.period, date: q.date });
      if (q.partyId) p.set('partyId', q.partyId);
      setData(await api(`/v1/settlements?${p}`));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(), [JSON.stringify(q)]);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setData(await post('/v1/settlements/run', { period: q.period, date: q.date }));
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  const statementCsv = async (s) => {
    setCsv({ id: s.id, lines: 0, bytes: 0 });
    try {
      await download(`/v1/settlements/${encodeURIComponent(s.id)}?format=csv`, `${s.id}.csv`, (p) => setCsv({ id: s.id, ...p }));
    } catch (e) {
      setError(e);
    } finally {
      setCsv(null);
    }
  };
  return html`
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${Select} label=${t('statement.period')} name="period" value=${q.period} onChange=${set('period')} options=${[['day', t('statement.day')], ['month', t('statement.month')]]} />
      <${Field} label=${t('statement.date')} hint=${t('shanghaiTime')}><input type="date" name="date" required value=${q.date} onChange=${(e) => set('date')(e.currentTarget.value)} /><//>
      ${me.kind === 'admin' ? html`<${Select} label=${t('statement.party')} name="partyId" value=${q.partyId} onChange=${set('partyId')} options=${[['', t('any')], ...knownOperators()]} />` : ''}
      ${me.kind === 'admin' ? html`<button type="button" class="primary" disabled=${running} onClick=${run}>${t('statement.run')}</button>` : ''}
    </form>
    ${running ? html`<${Progress} label=${t('statement.running', { s: elapsed })} />` : ''}
    ${csv ? html`<${Progress} label=${t('cdr.csvProgress', { lines: csv.lines, kb: (csv.bytes / 1024).toFixed(1) })} />` : ''}
    <${ErrorBox} error=${error} />
    ${loading && !data ? html`<${Loading} />` : ''}
    ${data
      ? html`<p class="asof">${t('statement.state', { state: t(`statementStatus.${data.status}`) })}</p>
          <${Table}
            caption=${t('statement.statements')}
            rows=${data.statements}
            columns=${[
              { label: t('statement.payer'), render: (s) => operatorName(s.providerId) },
              { label: t('statement.payee'), render: (s) => operatorName(s.cpoId) },
              { label: t('status'), render: (s) => t(`statementStatus.${s.status}`) },
              { label: t('statement.sessions'), num: true, render: (s) => s.total.sessions },
              { label: t('energy'), num: true, render: (s) => kwh(s.total.energyWh) },
              { label: t('cdr.energyAmount'), num: true, render: (s) => money(s.total.energyAmount) },
              { label: t('cdr.serviceAmount'), num: true, render: (s) => money(s.total.serviceAmount) },
              { label: t('statement.adjustments'), num: true, render: (s) => money(s.adjustments.total) },
              { label: t('cdr.total'), num: true, render: (s) => html`<strong>${money(s.total.total)}</strong>` },
              { label: 'CSV', render: (s) => html`<button type="button" aria-label=${t('statement.csv', { id: s.id })} onClick=${() => void statementCsv(s)}>CSV</button>` },
            ]}
          />
          <${Table}
            caption=${t('statement.net')}
            rowKey=${(n) => `${n.partyA}:${n.partyB}`}
            rows=${data.netPositions}
            columns=${[
              { label: t('statement.payer'), render: (n) => (n.payer ? operatorName(n.payer) : '—') },
              { label: t('statement.payee'), render: (n) => (n.payee ? operatorName(n.payee) : '—') },
              { label: t('statement.netAmount'), num: true, render: (n) => money(n.amount) },
            ]}
          />`
      : ''}`;
}
