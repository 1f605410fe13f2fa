// One session: its facts, stop reason, cost or CDR, and the energy curve from its meter samples.
import { html } from 'htm/preact';
import { api } from '../api.js';
import { operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { kwh, money, time } from '../format.js';
import { DefinitionList, ErrorBox, Loading, Table, useLoad } from '../ui.js';
import { EnergyChart } from './energy-chart.js';

export function SessionPage({ id }) {
  const { data: s, error, loading } = useLoad(() => api(`/v1/sessions/${encodeURIComponent(id)}`), [id]);
  if (!s) return html`<h1>${t('session')} ${id}</h1><${ErrorBox} error=${error} />${loading ? html`<${Loading} />` : ''}`;
  const cost = s.cost;
  return html`
    <p class="crumbs"><a href=${href('sessions')}>${t('nav.sessions')}</a> / ${s.id}</p>
    <h1>${t('session')} ${s.id}</h1>
    <${DefinitionList} items=${[
      [t('status'), t(`sessionStatus.${s.status}`)],
      [t('station'), html`<a href=${href('stations', s.stationId)}>${s.stationId}</a>`],
      [t('operator'), operatorName(s.operatorId)],
      ['EVSE / ' + t('connector'), `${s.evseId ?? '—'} / ${s.connectorId ?? '—'}`],
      [t('idToken'), s.idToken],
      [t('session.provider'), s.providerId ? operatorName(s.providerId) : '—'],
      [t('session.auth'), s.authStatus],
      [t('started'), time(s.startedAt)],
      [t('stopped'), time(s.stoppedAt)],
      [t('energy'), kwh(s.energyWh)],
      [t('session.stopReason'), s.stopReason ?? '—'],
      ['OCPP', `${s.ocppVersion} · ${t('session.transaction')} ${s.transactionId}`],
    ]} />
    <h2>${t('session.chart')}</h2>
    <${EnergyChart} samples=${s.samples} />
    <h2>${s.status === 'ACTIVE' ? t('session.costSoFar') : t('session.cdr')}</h2>
    ${cost
      ? html`<${DefinitionList} items=${[
          [t('cdr.status'), cost.status + (cost.reason ? ` (${cost.reason})` : '')],
          ...(cost.cdrId ? [[t('cdr'), html`<a href=${`${href('money', 'cdrs')}?id=${encodeURIComponent(cost.cdrId)}`}>${cost.cdrId}</a>`]] : []),
          [t('energy'), kwh(cost.energyWh)],
          [t('cdr.energyAmount'), money(cost.energyAmount)],
          [t('cdr.serviceAmount'), money(cost.serviceAmount)],
          [t('cdr.idleAmount'), money(cost.idleAmount)],
          [t('cdr.sessionFee'), money(cost.sessionFeeAmount)],
          [t('cdr.total'), html`<strong>${money(cost.total)}</strong>`],
        ]} />`
      : html`<p class="empty">${t('session.noCdr')}</p>`}
    <details><summary>${t('session.samples', { n: s.samples.length })}</summary>
      <${Table}
        rows=${s.samples.map((x, i) => ({ ...x, id: i }))}
        columns=${[
          { label: t('time'), render: (x) => time(x.sampledAt) },
          { label: t('session.measurand'), key: 'measurand' },
          { label: t('session.value'), num: true, render: (x) => `${x.value} ${x.unit}` },
          { label: t('session.context'), key: 'context' },
        ]}
      />
    </details>`;
}
