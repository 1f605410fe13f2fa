// The morning view: the three cities now, updated by the live stream without a reload.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api.js';
import { operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { onStatus } from '../live.js';
import { kwhText, money, percent, time } from '../format.js';
import { ErrorBox, Loading, useDebounced, useLoad } from '../ui.js';

const SHOWN = ['AVAILABLE', 'CHARGING', 'PREPARING', 'SUSPENDED', 'FINISHING', 'RESERVED', 'FAULTED', 'UNAVAILABLE', 'OFFLINE', 'UNKNOWN'];

function Kpi({ id, label, value, sub }) {
  return html`<div class="kpi" data-kpi=${id}><span class="kpi-label">${label}</span><span class="kpi-value">${value}</span>${sub ? html`<span class="kpi-sub">${sub}</span>` : ''}</div>`;
}

function Connectors({ counts, id }) {
  const total = SHOWN.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return html`<div class="connectors" data-connectors=${id}>
    <div class="stack" aria-hidden="true">${SHOWN.filter((s) => counts[s]).map((s) => html`<span class="seg s-${s}" style=${`flex:${counts[s]}`}></span>`)}</div>
    <ul class="legend">${SHOWN.filter((s) => counts[s] || s === 'AVAILABLE' || s === 'FAULTED').map(
      (s) => html`<li data-status=${s}><span class="dot s-${s}"></span>${t(`status.${s}`)} <strong>${counts[s] ?? 0}</strong></li>`,
    )}</ul>
    <span class="sr-only">${t('overview.connectorsTotal', { n: total })}</span>
  </div>`;
}

const row = (f) => [
  f.stations.total,
  f.stations.online,
  f.stations.offline,
  f.connectors.AVAILABLE,
  f.connectors.CHARGING + f.connectors.PREPARING + f.connectors.SUSPENDED + f.connectors.FINISHING,
  f.connectors.FAULTED,
  f.sessionsToday,
  kwhText(f.energyKwhToday),
  money(f.revenueToday),
  money(f.revenueMonth),
  percent(f.roamingEnergyShareMonth),
];

export function OverviewPage() {
  const { data, error, loading, reload } = useLoad(() => api('/v1/overview'), []);
  const refresh = useDebounced(() => void reload(true), 300);
  useEffect(() => onStatus(refresh), [refresh]);
  useEffect(() => {
    const timer = setInterval(() => void reload(true), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!data) return html`<h1>${t('nav.overview')}</h1><${ErrorBox} error=${error} />${loading ? html`<${Loading} />` : ''}`;
  const f = data.totals;
  const heads = ['stations', 'online', 'offline', 'available', 'charging', 'faulted', 'sessionsToday', 'kwhToday', 'revenueToday', 'revenueMonth', 'roamingShare'];
  return html`
    <h1>${t('nav.overview')}</h1>
    <p class="asof">${t('overview.asOf', { time: time(data.asOf) })}</p>
    <${ErrorBox} error=${error} />
    <section class="kpis" aria-label=${t('overview.totals')}>
      <${Kpi} id="stations-online" label=${t('overview.online')} value=${f.stations.online} sub=${t('overview.ofStations', { n: f.stations.total })} />
      <${Kpi} id="stations-offline" label=${t('overview.offline')} value=${f.stations.offline} />
      <${Kpi} id="sessions-today" label=${t('overview.sessionsToday')} value=${f.sessionsToday} sub=${t('overview.activeNow', { n: f.activeSessions })} />
      <${Kpi} id="kwh-today" label=${t('overview.kwhToday')} value=${kwhText(f.energyKwhToday)} />
      <${Kpi} id="revenue-today" label=${t('overview.revenueToday')} value=${money(f.revenueToday)} />
      <${Kpi} id="revenue-month" label=${t('overview.revenueMonth')} value=${money(f.revenueMonth)} sub=${data.month} />
      <${Kpi} id="roaming-share" label=${t('overview.roamingShare')} value=${percent(f.roamingEnergyShareMonth)} sub=${t('overview.roamingRevenue', { amount: money(f.roamingRevenueMonth) })} />
    </section>
    <section aria-labelledby="conn-h"><h2 id="conn-h">${t('overview.connectors')}</h2><${Connectors} counts=${f.connectors} id="all" /></section>
    <section aria-labelledby="cities-h">
      <h2 id="cities-h">${t('overview.byCity')}</h2>
      <div class="table-wrap"><table class="overview-table">
        <thead><tr><th scope="col">${t('overview.cityOperator')}</th>${heads.map((h) => html`<th scope="col" class="num">${t(`overview.col.${h}`)}</th>`)}</tr></thead>
        ${data.cities.map(
          (c) => html`<tbody data-city=${c.city}>
            <tr class="city-row"><th scope="row">${t(`city.${c.city}`)}</th>${row(c).map((v) => html`<td class="num">${v}</td>`)}</tr>
            ${c.operators.map((o) => html`<tr class="op-row" data-operator=${o.operatorId}><th scope="row">${operatorName(o.operatorId)}</th>${row(o).map((v) => html`<td class="num">${v}</td>`)}</tr>`)}
          </tbody>`,
        )}
      </table></div>
    </section>`;
}
