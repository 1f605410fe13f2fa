// Tariffs: what each operator charges, in versions; publish a new version from a date.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, post } from '../api.js';
import { operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { fromShanghaiLocal, money, price, shanghaiDate, time } from '../format.js';
import { ErrorBox, Field, Loading, Table, useLoad } from '../ui.js';

const TIERS = ['', 'sharp', 'peak', 'flat', 'valley', 'deep-valley'];

function tomorrowMidnight() {
  const d = new Date(`${shanghaiDate()}T00:00:00+08:00`);
  d.setUTCDate(d.getUTCDate() + 1);
  return `${shanghaiDate(d)}T00:00`;
}

function PublishVersion({ tariff, onPublished }) {
  const [validFrom, setValidFrom] = useState(tomorrowMidnight());
  const [periods, setPeriods] = useState(tariff.periods.map((p) => ({ ...p, tier: p.tier ?? '' })));
  const [sessionFee, setSessionFee] = useState(tariff.sessionFee ?? '');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  const setAt = (i, k) => (e) => setPeriods((ps) => ps.map((p, j) => (j === i ? { ...p, [k]: e.currentTarget.value } : p)));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        validFrom: fromShanghaiLocal(validFrom),
        periods: periods.map((p) => ({ startsAt: p.startsAt, energyPricePerKwh: p.energyPricePerKwh.trim(), serviceFeePerKwh: p.serviceFeePerKwh.trim(), ...(p.tier ? { tier: p.tier } : {}) })),
        sessionFee: sessionFee.trim() ? sessionFee.trim() : null,
      };
      const updated = await post(`/v1/tariffs/${encodeURIComponent(tariff.id)}/versions`, body);
      // The answer is the tariff as it is now; the new version is its latest.
      const latest = updated.versions[updated.versions.length - 1];
      setDone(latest);
      onPublished();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="publish" onSubmit=${submit} aria-labelledby="pub-h">
    <h3 id="pub-h">${t('tariff.publish')}</h3>
    <${Field} label=${t('tariff.validFrom')} hint=${t('shanghaiTime')}><input type="datetime-local" name="validFrom" required value=${validFrom} onInput=${(e) => setValidFrom(e.currentTarget.value)} /><//>
    <table class="mini periods">
      <thead><tr><th>${t('tariff.from')}</th><th>${t('tariff.energyPrice')}</th><th>${t('tariff.serviceFee')}</th><th>${t('tariff.tier')}</th><th></th></tr></thead>
      <tbody>${periods.map(
        (p, i) => html`<tr>
          <td><input aria-label=${`${t('tariff.from')} ${i + 1}`} name=${`startsAt-${i}`} pattern="[0-2][0-9]:[0-5][0-9]" required value=${p.startsAt} onInput=${setAt(i, 'startsAt')} /></td>
          <td><input aria-label=${`${t('tariff.energyPrice')} ${i + 1}`} name=${`energy-${i}`} inputmode="decimal" required value=${p.energyPricePerKwh} onInput=${setAt(i, 'energyPricePerKwh')} /></td>
          <td><input aria-label=${`${t('tariff.serviceFee')} ${i + 1}`} name=${`service-${i}`} inputmode="decimal" required value=${p.serviceFeePerKwh} onInput=${setAt(i, 'serviceFeePerKwh')} /></td>
          <td><select aria-label=${`${t('tariff.tier')} ${i + 1}`} value=${p.tier} onChange=${setAt(i, 'tier')}>${TIERS.map((x) => html`<option value=${x}>${x ? t(`tier.${x}`) : '—'}</option>`)}</select></td>
          <td><button type="button" aria-label=${t('tariff.removePeriod', { n: i + 1 })} disabled=${periods.length < 2} onClick=${() => setPeriods((ps) => ps.filter((_, j) => j !== i))}>−</button></td>
        </tr>`,
      )}</tbody>
    </table>
    <button type="button" onClick=${() => setPeriods((ps) => [...ps, { startsAt: '', energyPricePerKwh: '', serviceFeePerKwh: '', tier: '' }])}>${t('tariff.addPeriod')}</button>
    <${Field} label=${t('tariff.sessionFee')}><input name="sessionFee" inputmode="decimal" value=${sessionFee} onInput=${(e) => setSessionFee(e.currentTarget.value)} /><//>
    <${ErrorBox} error=${error} />
    ${done ? html`<p class="ok" role="status">${t('tariff.published', { n: done.version, from: time(done.validFrom) })}</p>` : ''}
    <button type="submit" class="primary" disabled=${busy}>${t('tariff.publishButton')}</button>
  </form>`;
}

function TariffDetail({ tariff, onChanged }) {
  const versions = useLoad(() => api(`/v1/tariffs/${encodeURIComponent(tariff.id)}/versions`), [tariff.id]);
  return html`<section class="detail" aria-label=${tariff.name}>
    <h2>${tariff.name} <small>${tariff.id}</small></h2>
    <${ErrorBox} error=${versions.error} />
    ${(versions.data?.items ?? []).map(
      (v) => html`<details open=${v.version === tariff.version} data-version=${v.version}>
        <summary>${t('tariff.version', { n: v.version })} · ${time(v.validFrom)} → ${v.validTo ? time(v.validTo) : '…'}</summary>
        <${Table}
          rows=${v.periods.map((p) => ({ ...p, id: p.startsAt }))}
          columns=${[
            { label: t('tariff.from'), key: 'startsAt' },
            { label: t('tariff.tier'), render: (p) => (p.tier ? t(`tier.${p.tier}`) : '—') },
            { label: t('tariff.energyPrice'), num: true, render: (p) => price(p.energyPricePerKwh) },
            { label: t('tariff.serviceFee'), num: true, render: (p) => price(p.serviceFeePerKwh) },
          ]}
        />
        ${v.sessionFee ? html`<p>${t('tariff.sessionFee')}: ${money(v.sessionFee)}</p>` : ''}
        ${v.idleFee ? html`<p>${t('tariff.idleFee', { perMinute: v.idleFee.perMinute, grace: v.idleFee.graceMinutes, cap: v.idleFee.dailyCap ?? '—' })}</p>` : ''}
      </details>`,
    )}
    <${PublishVersion} tariff=${tariff} onPublished=${() => {
      void versions.reload();
      onChanged();
    }} />
  </section>`;
}

export function TariffsTab() {
  const list = useLoad(() => api('/v1/tariffs'), []);
  const [open, setOpen] = useState(null);
  const items = list.data?.items ?? [];
  const selected = items.find((x) => x.id === open);
  return html`
    <${ErrorBox} error=${list.error} />
    ${list.loading && !list.data ? html`<${Loading} />` : ''}
    <${Table}
      caption=${t('money.tariffs')}
      rows=${items}
      columns=${[
        { label: t('tariff'), render: (x) => html`<button type="button" class="link" onClick=${() => setOpen(x.id)}>${x.name}</button> <small>${x.id}</small>` },
        { label: t('operator'), render: (x) => operatorName(x.operatorId) },
        { label: t('tariff.appliesTo'), render: (x) => `${x.locationId ?? t('tariff.operatorDefault')}${x.powerType ? ` · ${x.powerType}` : ''}` },
        { label: t('tariff.current'), render: (x) => `v${x.version} · ${time(x.validFrom)}` },
        { label: t('tariff.versions'), num: true, render: (x) => x.versions.length },
        { label: t('tariff.periods'), render: (x) => x.periods.map((p) => `${p.startsAt} ${p.energyPricePerKwh}+${p.serviceFeePerKwh}`).join(' · ') },
      ]}
    />
    ${selected ? html`<${TariffDetail} key=${selected.id} tariff=${selected} onChanged=${() => void list.reload()} />` : ''}`;
}
