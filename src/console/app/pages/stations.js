// Stations with search and filters (city, operator, online, OCPP version, faulted), paged by cursor.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { knownOperators, operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { onStatus } from '../live.js';
import { href } from '../router.js';
import { time } from '../format.js';
import { ErrorBox, Field, Loading, Select, StatusBadge, Table, useDebounced } from '../ui.js';

const CITIES = ['Changsha', 'Zhuzhou', 'Xiangtan'];

export function StationsPage({ me }) {
  const [filters, setFilters] = useState({ q: '', city: '', operatorId: '', online: '', ocppVersion: '', faulted: '' });
  const [pages, setPages] = useState({ items: [], nextCursor: null });
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const set = (k) => (v) => setFilters((f) => ({ ...f, [k]: v }));

  const query = (cursor) => {
    const q = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v.trim());
    if (cursor) q.set('cursor', cursor);
    return `/v1/stations?${q}`;
  };
  const load = async (cursor) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api(query(cursor));
      setPages((p) => ({ items: cursor ? [...p.items, ...page.items] : page.items, nextCursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    const timer = setTimeout(() => void load(null), filters.q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [JSON.stringify(filters)]);
  const refresh = useDebounced(() => void load(null), 1000);
  useEffect(() => onStatus(refresh), [refresh]);

  const yesNo = [['', t('any')], ['true', t('yes')], ['false', t('no')]];
  return html`
    <h1>${t('nav.stations')}</h1>
    <form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <${Field} label=${t('stations.search')}><input type="search" name="q" value=${filters.q} onInput=${(e) => set('q')(e.currentTarget.value)} placeholder=${t('stations.searchHint')} /><//>
      <${Select} label=${t('city')} name="city" value=${filters.city} onChange=${set('city')} options=${[['', t('any')], ...CITIES.map((c) => [c, t(`city.${c}`)])]} />
      ${me.kind === 'admin'
        ? html`<${Select} label=${t('operator')} name="operatorId" value=${filters.operatorId} onChange=${set('operatorId')} options=${[['', t('any')], ...knownOperators()]} />`
        : ''}
      <${Select} label=${t('stations.online')} name="online" value=${filters.online} onChange=${set('online')} options=${yesNo} />
      <${Select} label=${t('stations.ocppVersion')} name="ocppVersion" value=${filters.ocppVersion} onChange=${set('ocppVersion')} options=${[['', t('any')], ['1.6', '1.6'], ['2.0.1', '2.0.1']]} />
      <${Select} label=${t('stations.faulted')} name="faulted" value=${filters.faulted} onChange=${set('faulted')} options=${yesNo} />
    </form>
    <${ErrorBox} error=${error} />
    <${Table}
      caption=${t('stations.caption', { n: pages.items.length })}
      rows=${pages.items}
      columns=${[
        { label: t('station'), render: (s) => html`<a href=${href('stations', s.id)}>${s.id}</a>` },
        { label: t('operator'), render: (s) => operatorName(s.operatorId) },
        { label: t('location'), key: 'locationId' },
        { label: 'OCPP', key: 'ocppVersion' },
        { label: t('stations.model'), render: (s) => [s.vendor, s.model].filter(Boolean).join(' ') || '—' },
        { label: t('stations.online'), render: (s) => html`<span class=${s.online ? 'on' : 'off'}>${s.online ? t('online') : t('offline')}</span>` },
        { label: t('connectors'), render: (s) => html`${s.evses.flatMap((e) => e.connectors.map((c) => html`<${StatusBadge} status=${s.online ? c.status : 'OFFLINE'} /> `))}` },
        { label: t('stations.lastSeen'), render: (s) => time(s.lastSeenAt) },
      ]}
    />
    ${loading ? html`<${Loading} />` : ''}
    ${pages.nextCursor && !loading ? html`<button type="button" onClick=${() => void load(pages.nextCursor)}>${t('more')}</button>` : ''}`;
}
