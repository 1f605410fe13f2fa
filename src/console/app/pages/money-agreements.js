// Roaming agreements: whose customers may charge where. The admin makes them; parties see theirs.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, post } from '../api.js';
import { knownOperators, operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { fromShanghaiLocal, time } from '../format.js';
import { ActionButton, ErrorBox, Field, Loading, Table, useLoad } from '../ui.js';

const CITIES = ['Changsha', 'Zhuzhou', 'Xiangtan'];

function NewAgreement({ onCreated }) {
  const ops = knownOperators();
  const [form, setForm] = useState({ providerId: ops[0]?.[0] ?? '', operatorId: ops[0]?.[0] ?? '', validFrom: '', validTo: '', cities: [] });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  const toggle = (c) => setForm((f) => ({ ...f, cities: f.cities.includes(c) ? f.cities.filter((x) => x !== c) : [...f.cities, c] }));
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await post('/v1/agreements', {
        providerId: form.providerId,
        operatorId: form.operatorId,
        validFrom: fromShanghaiLocal(form.validFrom) ?? new Date().toISOString(),
        ...(form.validTo ? { validTo: fromShanghaiLocal(form.validTo) } : {}),
        ...(form.cities.length ? { cities: form.cities } : {}),
      });
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const select = (k) => html`<select name=${k} value=${form[k]} onChange=${set(k)}>${ops.map(([id, name]) => html`<option value=${id}>${name}</option>`)}</select>`;
  return html`<form class="inline-form" onSubmit=${submit} aria-labelledby="agr-h">
    <h2 id="agr-h">${t('agreement.new')}</h2>
    <${Field} label=${t('agreement.provider')}>${select('providerId')}<//>
    <${Field} label=${t('agreement.operator')}>${select('operatorId')}<//>
    <${Field} label=${t('agreement.validFrom')} hint=${t('shanghaiTime')}><input type="datetime-local" name="validFrom" value=${form.validFrom} onInput=${set('validFrom')} /><//>
    <${Field} label=${t('agreement.validTo')}><input type="datetime-local" name="validTo" value=${form.validTo} onInput=${set('validTo')} /><//>
    <fieldset><legend>${t('agreement.cities')}</legend>${CITIES.map(
      (c) => html`<label class="check"><input type="checkbox" checked=${form.cities.includes(c)} onChange=${() => toggle(c)} /> ${t(`city.${c}`)}</label>`,
    )}</fieldset>
    <${ErrorBox} error=${error} />
    <button type="submit" class="primary">${t('create')}</button>
  </form>`;
}

export function AgreementsTab({ me }) {
  const list = useLoad(() => api('/v1/agreements?limit=500'), []);
  return html`
    <${ErrorBox} error=${list.error} />
    ${list.loading && !list.data ? html`<${Loading} />` : ''}
    <${Table}
      caption=${t('money.agreements')}
      rows=${list.data?.items ?? []}
      columns=${[
        { label: 'ID', key: 'id' },
        { label: t('agreement.provider'), render: (a) => operatorName(a.providerId) },
        { label: t('agreement.operator'), render: (a) => operatorName(a.operatorId) },
        { label: t('agreement.cities'), render: (a) => (a.cities.length ? a.cities.map((c) => t(`city.${c}`)).join(', ') : t('agreement.allCities')) },
        { label: t('agreement.validFrom'), render: (a) => time(a.validFrom) },
        { label: t('agreement.validTo'), render: (a) => (a.validTo ? time(a.validTo) : '…') },
        ...(me.kind === 'admin'
          ? [{ label: '', render: (a) => html`<${ActionButton} label=${t('agreement.delete', { id: a.id })} onClick=${async () => {
              await api(`/v1/agreements/${encodeURIComponent(a.id)}`, { method: 'DELETE' });
              await list.reload();
            }}>${t('delete')}<//>` }]
          : []),
      ]}
    />
    ${me.kind === 'admin' ? html`<${NewAgreement} onCreated=${() => void list.reload()} />` : ''}`;
}
