// One station: boot data, last seen, connectors with their status history, recent sessions, and the
// commands an operator uses, each showing its status until the station answers.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, post } from '../api.js';
import { operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { onStatus } from '../live.js';
import { href } from '../router.js';
import { kwh, time } from '../format.js';
import { DefinitionList, ErrorBox, Field, Loading, StatusBadge, Table, useDebounced, useLoad } from '../ui.js';
import { DevicePanel } from './station-device.js';

const FINAL = ['accepted', 'rejected', 'timed-out', 'failed'];

/** Sent commands, polled until each has the station's answer. */
function useCommands() {
  const [commands, setCommands] = useState([]);
  const timers = useRef(new Set());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const track = (c) => {
    setCommands((cs) => [c, ...cs.filter((x) => x.id !== c.id)]);
    if (FINAL.includes(c.status)) return;
    const timer = setTimeout(async () => {
      timers.current.delete(timer);
      try {
        track(await api(`/v1/commands/${encodeURIComponent(c.id)}`));
      } catch (e) {
        setCommands((cs) => cs.map((x) => (x.id === c.id ? { ...x, status: 'failed', error: e.message } : x)));
      }
    }, 700);
    timers.current.add(timer);
  };
  return { commands, track };
}

function CommandPanel({ station, activeSessions, onSent }) {
  const [kind, setKind] = useState('reset');
  const [form, setForm] = useState({ resetType: 'Soft', evseId: '1', connectorId: '1', operative: 'false', idToken: '', sessionId: '' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  const evses = station.evses.map((e) => e.evseId);
  const body = () => {
    const b = { stationId: station.id };
    if (kind === 'reset') b.resetType = form.resetType;
    if (kind === 'unlock') Object.assign(b, { evseId: Number(form.evseId), connectorId: Number(form.connectorId) });
    if (kind === 'change-availability') Object.assign(b, { evseId: Number(form.evseId), operative: form.operative === 'true' });
    if (kind === 'start') Object.assign(b, { evseId: Number(form.evseId), idToken: form.idToken.trim() });
    if (kind === 'stop') b.sessionId = form.sessionId;
    return b;
  };
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSent(await post(`/v1/commands/${kind}`, body()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const evseSelect = (all) => html`<${Field} label="EVSE"><select name="evseId" value=${form.evseId} onChange=${set('evseId')}>
    ${all ? html`<option value="0">${t('station.wholeStation')}</option>` : ''}${evses.map((n) => html`<option value=${n}>${n}</option>`)}</select><//>`;
  return html`<form class="command" onSubmit=${submit} aria-labelledby="cmd-h">
    <h2 id="cmd-h">${t('station.commands')}</h2>
    <div class="row">
      <${Field} label=${t('station.command')}><select name="kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
        ${['reset', 'unlock', 'change-availability', 'start', 'stop', 'clear-cache'].map((k) => html`<option value=${k}>${t(`command.${k}`)}</option>`)}
      </select><//>
      ${kind === 'reset' ? html`<${Field} label=${t('station.resetType')}><select name="resetType" value=${form.resetType} onChange=${set('resetType')}><option value="Soft">Soft</option><option value="Hard">Hard</option></select><//>` : ''}
      ${kind === 'unlock' ? html`${evseSelect(false)}<${Field} label=${t('connector')}><input name="connectorId" type="number" min="1" max="9" value=${form.connectorId} onInput=${set('connectorId')} /><//>` : ''}
      ${kind === 'change-availability'
        ? html`${evseSelect(true)}<${Field} label=${t('station.availability')}><select name="operative" value=${form.operative} onChange=${set('operative')}><option value="true">${t('station.operative')}</option><option value="false">${t('station.inoperative')}</option></select><//>`
        : ''}
      ${kind === 'start' ? html`${evseSelect(false)}<${Field} label=${t('station.idToken')}><input name="idToken" required maxlength="20" value=${form.idToken} onInput=${set('idToken')} /><//>` : ''}
      ${kind === 'stop'
        ? html`<${Field} label=${t('session')}><select name="sessionId" required value=${form.sessionId} onChange=${set('sessionId')}><option value="">—</option>${activeSessions.map((s) => html`<option value=${s.id}>${s.id} (EVSE ${s.evseId})</option>`)}</select><//>`
        : ''}
      <button type="submit" class="primary" disabled=${busy}>${t('station.send')}</button>
    </div>
    <${ErrorBox} error=${error} />
  </form>`;
}

export function StationPage({ id }) {
  const enc = encodeURIComponent(id);
  const station = useLoad(() => api(`/v1/stations/${enc}`), [id]);
  const history = useLoad(() => api(`/v1/stations/${enc}/status-history?limit=30`), [id]);
  const sessions = useLoad(() => api(`/v1/sessions?stationId=${enc}&limit=10`), [id]);
  const { commands, track } = useCommands();
  const refresh = useDebounced(() => {
    void station.reload();
    void history.reload();
    void sessions.reload();
  }, 300);
  useEffect(() => onStatus((e) => e.stationId === id && refresh()), [id, refresh]);

  const s = station.data;
  if (!s) return html`<h1>${t('station')} ${id}</h1><${ErrorBox} error=${station.error} />${station.loading ? html`<${Loading} />` : ''}`;
  const active = (sessions.data?.items ?? []).filter((x) => x.status === 'ACTIVE');
  return html`
    <p class="crumbs"><a href=${href('stations')}>${t('nav.stations')}</a> / ${s.id}</p>
    <h1>${t('station')} ${s.id} <span class=${s.online ? 'on' : 'off'} data-online=${String(s.online)}>${s.online ? t('online') : t('offline')}</span></h1>
    <${ErrorBox} error=${station.error} />
    <${DefinitionList} items=${[
      [t('operator'), operatorName(s.operatorId)],
      [t('location'), s.locationId],
      ['OCPP', s.ocppVersion],
      [t('station.registration'), s.registrationStatus],
      [t('station.vendor'), s.vendor],
      [t('stations.model'), s.model],
      [t('station.serial'), s.serialNumber],
      [t('station.firmware'), `${s.firmwareVersion ?? '—'}${s.firmwareStatus ? ` (${s.firmwareStatus})` : ''}`],
      [t('station.lastBoot'), time(s.lastBootAt)],
      [t('stations.lastSeen'), time(s.lastSeenAt)],
    ]} />
    <h2>${t('connectors')}</h2>
    <${Table}
      rows=${s.evses.flatMap((e) => e.connectors.map((c) => ({ ...c, id: `${e.evseId}.${c.connectorId}`, evseId: e.evseId })))}
      columns=${[
        { label: 'EVSE', key: 'evseId' },
        { label: t('connector'), key: 'connectorId' },
        { label: t('standard'), render: (c) => t(`standard.${c.standard}`) },
        { label: t('power'), render: (c) => (c.maxPowerKw === null ? '—' : `${c.maxPowerKw} kW`) },
        { label: t('status'), render: (c) => html`<span data-connector-status=${c.id}><${StatusBadge} status=${s.online ? c.status : 'OFFLINE'} /></span>` },
        { label: t('station.errorCode'), render: (c) => c.errorCode ?? '—' },
        { label: t('station.since'), render: (c) => time(c.statusAt) },
      ]}
    />
    <${CommandPanel} station=${s} activeSessions=${active} onSent=${track} />
    ${commands.length
      ? html`<${Table}
          caption=${t('station.sent')}
          rows=${commands}
          columns=${[
            { label: t('station.command'), render: (c) => t(`command.${c.kind}`) },
            { label: t('status'), render: (c) => html`<span class=${`cmd cmd-${c.status}`} data-command=${c.id} data-command-status=${c.status}>${t(`commandStatus.${c.status}`)}</span>` },
            { label: t('station.answer'), render: (c) => (c.response ? JSON.stringify(c.response) : (c.error ?? '—')) },
            { label: t('station.sentAt'), render: (c) => time(c.createdAt) },
          ]}
        />`
      : ''}
    <${DevicePanel} station=${s} onSent=${track} />
    <h2>${t('station.history')}</h2>
    <${ErrorBox} error=${history.error} />
    <${Table}
      rows=${(history.data?.items ?? []).map((h, i) => ({ ...h, id: `${h.occurredAt}-${i}` }))}
      columns=${[
        { label: t('time'), render: (h) => time(h.occurredAt) },
        { label: 'EVSE', key: 'evseId' },
        { label: t('connector'), key: 'connectorId' },
        { label: t('status'), render: (h) => html`<${StatusBadge} status=${h.status} /> <small>${h.ocppStatus}</small>` },
        { label: t('station.errorCode'), render: (h) => h.errorCode ?? '—' },
      ]}
    />
    <h2>${t('station.recentSessions')}</h2>
    <${ErrorBox} error=${sessions.error} />
    <${Table}
      rows=${sessions.data?.items ?? []}
      columns=${[
        { label: t('session'), render: (x) => html`<a href=${href('sessions', x.id)}>${x.id}</a>` },
        { label: t('status'), render: (x) => t(`sessionStatus.${x.status}`) },
        { label: t('started'), render: (x) => time(x.startedAt) },
        { label: t('stopped'), render: (x) => time(x.stoppedAt) },
        { label: t('energy'), num: true, render: (x) => kwh(x.energyWh) },
        { label: t('idToken'), key: 'idToken' },
      ]}
    />`;
}
