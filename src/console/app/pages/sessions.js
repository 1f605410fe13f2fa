// Sessions with filters and cursor paging, newest first.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { knownOperators, operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { fromShanghaiLocal, kwh, time } from '../format.js';
import { ErrorBox, Field, Loading, Select, Table } from '../ui.js';

export function SessionsPage({ me }) {
  const [filters, setFilters] = useState({ status: '', stationId: '', operatorId: '', from: '', to: '' });
  const [cursors, setCursors] = useState([null]);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const set = (k) => (v) => {
    setCursors([null]);
    setFilters((f) => ({ ...f, [k]: v }));
  };
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    let cancelled = false;
    const q = new URLSearchParams({ limit: '25' });
    if (filters.status) q.set('status', filters.status);
    if (filters.stationId.trim()) q.set('stationId', filters.stationId.trim());
    if (filters.operatorId) q.set('operatorId', filters.operatorId);
    if (filters.from) q.set('from', fromShanghaiLocal(filters.from));
    if (filters.to) q.set('to', fromShanghaiLocal(filters.to));
    if (cursor) q.set('cursor', cursor);
    setLoading(true);
    api(`/v1/sessions?${q}`).then(
      (p) => !cancelled && (setPage(p), setError(null), setLoading(false)),
      (e) => !cancelled && (setError(e), setLoading(false)),
    );
    return () => {
      cancelled = true;
    };
  }, [JSON.stringify(filters), cursor]);

  return html`
    <h1>${t('nav.sessions')}</h1>
    <form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <${Select} label=${t('status')} name="status" value=${filters.status} onChange=${set('status')} options=${[['', t('any')], ['ACTIVE', t('sessionStatus.ACTIVE')], ['COMPLETED', t('sessionStatus.COMPLETED')]]} />
      <${Field} label=${t('station')}><input name="stationId" value=${filters.stationId} onChange=${(e) => set('stationId')(e.currentTarget.value)} /><//>
      ${me.kind === 'admin' ? html`<${Select} label=${t('operator')} name="operatorId" value=${filters.operatorId} onChange=${set('operatorId')} options=${[['', t('any')], ...knownOperators()]} />` : ''}
      <${Field} label=${t('from')} hint=${t('shanghaiTime')}><input type="datetime-local" name="from" value=${filters.from} onChange=${(e) => set('from')(e.currentTarget.value)} /><//>
      <${Field} label=${t('to')}><input type="datetime-local" name="to" value=${filters.to} onChange=${(e) => set('to')(e.currentTarget.value)} /><//>
    </form>
    <${ErrorBox} error=${error} />
    ${page
      ? html`<${Table}
          rows=${page.items}
          columns=${[
            { label: t('session'), render: (s) => html`<a href=${href('sessions', s.id)}>${s.id}</a>` },
            { label: t('station'), render: (s) => html`<a href=${href('stations', s.stationId)}>${s.stationId}</a>` },
            { label: t('operator'), render: (s) => operatorName(s.operatorId) },
            { label: t('status'), render: (s) => t(`sessionStatus.${s.status}`) },
            { label: t('started'), render: (s) => time(s.startedAt) },
            { label: t('stopped'), render: (s) => time(s.stoppedAt) },
            { label: t('energy'), num: true, render: (s) => kwh(s.energyWh) },
            { label: t('idToken'), key: 'idToken' },
            { label: t('session.stopReason'), render: (s) => s.stopReason ?? '—' },
          ]}
        />`
      : ''}
    ${loading ? html`<${Loading} />` : ''}
    <div class="pager">
      <button type="button" disabled=${cursors.length < 2} onClick=${() => setCursors((c) => c.slice(0, -1))}>${t('previous')}</button>
      <span>${t('page', { n: cursors.length })}</span>
      <button type="button" disabled=${!page?.nextCursor} onClick=${() => setCursors((c) => [...c, page.nextCursor])}>${t('next')}</button>
    </div>`;
}
