// A station's device management: its stored device model (variables), the log files asked of it,
// and its security events. Commands sent from here are tracked with the page's other commands.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, downloadFile, post } from '../api.js';
import { t } from '../i18n.js';
import { time } from '../format.js';
import { ActionButton, ErrorBox, Field, Table, useLoad } from '../ui.js';

const componentLabel = (c) => `${c.name}${c.instance ? `[${c.instance}]` : ''}${c.evseId ? ` EVSE ${c.evseId}${c.connectorId ? `/${c.connectorId}` : ''}` : ''}`;
const variableLabel = (v) => `${v.name}${v.instance ? `[${v.instance}]` : ''}`;
const kib = (n) => (n === null ? '—' : `${(n / 1024).toFixed(1)} KiB`);

export function DevicePanel({ station, onSent }) {
  const enc = encodeURIComponent(station.id);
  const [filter, setFilter] = useState('');
  const variables = useLoad(() => api(`/v1/stations/${enc}/variables`), [station.id]);
  const logs = useLoad(() => api(`/v1/stations/${enc}/logs?limit=10`), [station.id]);
  const security = useLoad(() => api(`/v1/stations/${enc}/events?kind=SecurityEvent&limit=10`), [station.id]);
  const send = async (kind) => {
    onSent(await post(`/v1/commands/${kind}`, { stationId: station.id }));
    // The answers arrive in a moment: look again then.
    setTimeout(() => {
      void variables.reload();
      void logs.reload();
    }, 3000);
  };
  const f = filter.trim().toLowerCase();
  const rows = (variables.data?.items ?? [])
    .filter((v) => !f || `${componentLabel(v.component)} ${variableLabel(v.variable)}`.toLowerCase().includes(f))
    .map((v) => ({ ...v, id: `${componentLabel(v.component)}.${variableLabel(v.variable)}` }));
  const actual = (v) => v.attributes.find((a) => a.type === 'Actual') ?? v.attributes[0];
  return html`
    <section aria-labelledby="device-h">
      <h2 id="device-h">${t('device.variables')}</h2>
      <div class="row">
        <${Field} label=${t('device.filter')}><input name="variableFilter" value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} /><//>
        <${ActionButton} onClick=${() => send('get-base-report')}>${t('command.get-base-report')}<//>
      </div>
      <${ErrorBox} error=${variables.error} />
      <${Table}
        rows=${rows}
        columns=${[
          { label: t('device.component'), render: (v) => componentLabel(v.component) },
          { label: t('device.variable'), render: (v) => variableLabel(v.variable) },
          { label: t('device.value'), render: (v) => actual(v)?.value ?? '—' },
          { label: t('device.pending'), render: (v) => actual(v)?.pendingValue ?? '' },
          { label: t('device.mutability'), render: (v) => actual(v)?.mutability ?? '—' },
          { label: t('device.unit'), render: (v) => v.characteristics?.unit ?? '' },
        ]}
      />
      <h2>${t('device.logs')}</h2>
      <div class="row"><${ActionButton} onClick=${() => send('get-log')}>${t('command.get-log')}<//></div>
      <${ErrorBox} error=${logs.error} />
      <${Table}
        rows=${logs.data?.items ?? []}
        columns=${[
          { label: t('time'), render: (l) => time(l.requestedAt) },
          { label: t('status'), render: (l) => html`<span data-log-status=${l.status}>${l.status}</span> <small>${l.stationStatus ?? ''}</small>` },
          { label: t('device.file'), render: (l) => l.fileName ?? '—' },
          { label: t('device.size'), render: (l) => kib(l.sizeBytes) },
          {
            label: '',
            render: (l) =>
              l.status === 'uploaded'
                ? html`<${ActionButton} onClick=${() => downloadFile(`/v1/stations/${enc}/logs/${encodeURIComponent(l.id)}/file`, l.fileName ?? `${station.id}.log`)}>${t('device.download')}<//>`
                : '',
          },
        ]}
      />
      <h2>${t('device.securityEvents')}</h2>
      <${ErrorBox} error=${security.error} />
      <${Table}
        rows=${security.data?.items ?? []}
        columns=${[
          { label: t('time'), render: (e) => time(e.occurredAt) },
          { label: t('device.eventType'), render: (e) => e.payload?.type ?? '—' },
          { label: t('device.techInfo'), render: (e) => e.payload?.techInfo ?? '' },
        ]}
      />
    </section>`;
}
