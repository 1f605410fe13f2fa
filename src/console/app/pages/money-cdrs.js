// CDRs: filters, held ones to release or void, disputes by the payer, and a CSV download of every match.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, download, post } from '../api.js';
import { knownOperators, operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { currentRoute } from '../router.js';
import { fromShanghaiLocal, kwh, money, shanghaiDate, time } from '../format.js';
import { ActionButton, DefinitionList, ErrorBox, Field, Loading, Progress, Select, Table } from '../ui.js';

const STATUSES = ['priced', 'unpriced', 'held', 'voided'];
const CITIES = ['Changsha', 'Zhuzhou', 'Xiangtan'];

function query(filters, extra = {}) {
  const q = new URLSearchParams();
  for (const k of ['status', 'city', 'operatorId', 'providerId']) if (filters[k]) q.set(k, filters[k]);
  if (filters.from) q.set('from', fromShanghaiLocal(filters.from));
  if (filters.to) q.set('to', fromShanghaiLocal(filters.to));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q;
}

function DisputeForm({ cdr, onDone }) {
  const [reason, setReason] = useState('2');
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await post('/v1/disputes', { cdrId: cdr.id, reason: Number(reason), ...(note.trim() ? { note: note.trim() } : {}) });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="inline-form" onSubmit=${submit}>
    <${Select} label=${t('dispute.reason')} name="reason" value=${reason} onChange=${setReason} options=${[1, 2, 3].map((r) => [String(r), t(`dispute.reason.${r}`)])} />
    <${Field} label=${t('note')}><input name="note" maxlength="1000" value=${note} onInput=${(e) => setNote(e.currentTarget.value)} /><//>
    <${ErrorBox} error=${error} />
    <button type="submit" class="primary">${t('dispute.raise')}</button>
  </form>`;
}

function CdrDetail({ id, me, onChanged }) {
  const [cdr, setCdr] = useState(null);
  const [error, setError] = useState(null);
  const [disputing, setDisputing] = useState(false);
  const load = () => api(`/v1/cdrs/${encodeURIComponent(id)}`).then(setCdr, setError);
  useEffect(() => void load(), [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!cdr) return html`<${Loading} />`;
  const isCpo = me.kind === 'admin' || me.operatorId === cdr.cpoId;
  const isPayer = me.kind === 'operator' && me.operatorId === cdr.providerId;
  const review = (action) => async () => {
    await post(`/v1/cdrs/${encodeURIComponent(cdr.id)}/${action}`);
    await load();
    onChanged();
  };
  return html`<section class="detail" aria-label=${t('cdr')} data-cdr=${cdr.id}>
    <h2>${t('cdr')} ${cdr.id}</h2>
    <${DefinitionList} items=${[
      [t('cdr.status'), `${t(`cdrStatus.${cdr.status}`)}${cdr.statusReason ? ` (${cdr.statusReason})` : ''}`],
      [t('cdr.kind'), cdr.kind],
      [t('cdr.cpo'), operatorName(cdr.cpoId)],
      [t('cdr.provider'), operatorName(cdr.providerId)],
      [t('location'), `${cdr.location.name ?? '—'} (${cdr.location.city ?? '—'}) · ${cdr.location.stationId}`],
      [t('started'), time(cdr.startedAt)],
      [t('stopped'), time(cdr.stoppedAt)],
      [t('energy'), kwh(cdr.energyWh)],
      [t('cdr.total'), money(cdr.total)],
      [t('cdr.settlementDay'), cdr.settlementDay],
    ]} />
    ${cdr.quality.length ? html`<ul class="quality">${cdr.quality.map((q) => html`<li><strong>${q.reason}</strong> ${q.detail}</li>`)}</ul>` : ''}
    <${Table}
      caption=${t('cdr.lines')}
      rows=${cdr.lines.map((l, i) => ({ ...l, id: i }))}
      columns=${[
        { label: t('cdr.line'), key: 'kind' },
        { label: t('from'), render: (l) => time(l.startsAt) },
        { label: t('to'), render: (l) => time(l.endsAt) },
        { label: t('tariff.tier'), render: (l) => (l.tier ? t(`tier.${l.tier}`) : '—') },
        { label: t('energy'), num: true, render: (l) => kwh(l.wh) },
        { label: t('tariff.energyPrice'), num: true, key: 'energyPrice' },
        { label: t('tariff.serviceFee'), num: true, key: 'serviceFee' },
        { label: t('cdr.amount'), num: true, render: (l) => money(l.amount) },
      ]}
    />
    ${cdr.status === 'held' && isCpo
      ? html`<p><${ActionButton} kind="primary" onClick=${review('release')}>${t('cdr.release')}<//> <${ActionButton} kind="danger" onClick=${review('void')}>${t('cdr.void')}<//></p>`
      : ''}
    ${isPayer ? (disputing ? html`<${DisputeForm} cdr=${cdr} onDone=${() => setDisputing(false)} />` : html`<button type="button" onClick=${() => setDisputing(true)}>${t('dispute.raise')}</button>`) : ''}
  </section>`;
}

export function CdrsTab({ me }) {
  const [filters, setFilters] = useState({ status: '', city: '', operatorId: '', providerId: '', from: '', to: '' });
  const [page, setPage] = useState({ items: [], nextCursor: null });
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const [progress, setProgress] = useState(null);
  const [open, setOpen] = useState(() => currentRoute().query.get('id'));
  const set = (k) => (v) => setFilters((f) => ({ ...f, [k]: v }));

  const load = async (cursor) => {
    setLoading(true);
    try {
      const p = await api(`/v1/cdrs?${query(filters, { limit: '50', ...(cursor ? { cursor } : {}) })}`);
      setPage((old) => ({ items: cursor ? [...old.items, ...p.items] : p.items, nextCursor: p.nextCursor }));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(null), [JSON.stringify(filters)]);

  const csv = async () => {
    setProgress({ bytes: 0, lines: 0 });
    setError(null);
    try {
      const r = await download(`/v1/cdrs?${query(filters, { format: 'csv' })}`, `cdrs-${shanghaiDate()}.csv`, setProgress);
      setProgress({ ...r, done: true });
    } catch (e) {
      setError(e);
      setProgress(null);
    }
  };
  const ops = [['', t('any')], ...knownOperators()];
  return html`
    <form class="filters" role="search" onSubmit=${(e) => e.preventDefault()}>
      <${Select} label=${t('status')} name="status" value=${filters.status} onChange=${set('status')} options=${[['', t('any')], ...STATUSES.map((s) => [s, t(`cdrStatus.${s}`)])]} />
      <${Select} label=${t('city')} name="city" value=${filters.city} onChange=${set('city')} options=${[['', t('any')], ...CITIES.map((c) => [c, t(`city.${c}`)])]} />
      ${me.kind === 'admin'
        ? html`<${Select} label=${t('cdr.cpo')} name="operatorId" value=${filters.operatorId} onChange=${set('operatorId')} options=${ops} />
            <${Select} label=${t('cdr.provider')} name="providerId" value=${filters.providerId} onChange=${set('providerId')} options=${ops} />`
        : ''}
      <${Field} label=${t('from')} hint=${t('shanghaiTime')}><input type="datetime-local" name="from" value=${filters.from} onChange=${(e) => set('from')(e.currentTarget.value)} /><//>
      <${Field} label=${t('to')}><input type="datetime-local" name="to" value=${filters.to} onChange=${(e) => set('to')(e.currentTarget.value)} /><//>
      <button type="button" class="primary" onClick=${csv} disabled=${progress && !progress.done}>${t('cdr.csv')}</button>
    </form>
    ${progress
      ? progress.done
        ? html`<p class="ok" role="status" data-csv-lines=${progress.lines}>${t('cdr.csvDone', { lines: Math.max(0, progress.lines - 1), kb: (progress.bytes / 1024).toFixed(1) })}</p>`
        : html`<${Progress} label=${t('cdr.csvProgress', { lines: progress.lines, kb: (progress.bytes / 1024).toFixed(1) })} />`
      : ''}
    <${ErrorBox} error=${error} />
    <${Table}
      caption=${t('money.cdrs')}
      rows=${page.items}
      columns=${[
        { label: t('cdr'), render: (c) => html`<button type="button" class="link" onClick=${() => setOpen(c.id)}>${c.id}</button>` },
        { label: t('cdr.status'), render: (c) => html`<span class=${`cdr-${c.status}`} data-cdr-status=${c.status}>${t(`cdrStatus.${c.status}`)}</span>` },
        { label: t('cdr.cpo'), render: (c) => operatorName(c.cpoId) },
        { label: t('cdr.provider'), render: (c) => operatorName(c.providerId) },
        { label: t('city'), render: (c) => (c.location.city ? t(`city.${c.location.city}`) : '—') },
        { label: t('stopped'), render: (c) => time(c.stoppedAt) },
        { label: t('energy'), num: true, render: (c) => kwh(c.energyWh) },
        { label: t('cdr.total'), num: true, render: (c) => money(c.total) },
      ]}
    />
    ${loading ? html`<${Loading} />` : ''}
    ${page.nextCursor && !loading ? html`<button type="button" onClick=${() => void load(page.nextCursor)}>${t('more')}</button>` : ''}
    ${open ? html`<${CdrDetail} key=${open} id=${open} me=${me} onChanged=${() => void load(null)} />` : ''}`;
}
