// Disputes of CDRs: the payer raises them (on the CDRs tab); the operator paid accepts or rejects.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, post } from '../api.js';
import { operatorName } from '../directory.js';
import { t } from '../i18n.js';
import { time } from '../format.js';
import { ErrorBox, Loading, Select, Table, useLoad } from '../ui.js';

function Resolve({ dispute, onDone }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const act = (action) => async () => {
    setError(null);
    try {
      await post(`/v1/disputes/${encodeURIComponent(dispute.id)}/${action}`, note.trim() ? { note: note.trim() } : {});
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return html`<span class="resolve">
    <input aria-label=${t('note')} placeholder=${t('note')} value=${note} onInput=${(e) => setNote(e.currentTarget.value)} />
    <button type="button" class="primary" onClick=${act('accept')}>${t('dispute.accept')}</button>
    <button type="button" class="danger" onClick=${act('reject')}>${t('dispute.reject')}</button>
    ${error ? html`<span class="inline-error" role="alert">${error.message}</span>` : ''}
  </span>`;
}

export function DisputesTab() {
  const [status, setStatus] = useState('');
  const list = useLoad(() => api(`/v1/disputes${status ? `?status=${status}` : ''}`), [status]);
  return html`
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <${Select} label=${t('status')} name="status" value=${status} onChange=${setStatus} options=${[['', t('any')], ...['open', 'accepted', 'rejected'].map((s) => [s, t(`disputeStatus.${s}`)])]} />
    </form>
    <${ErrorBox} error=${list.error} />
    ${list.loading && !list.data ? html`<${Loading} />` : ''}
    <${Table}
      caption=${t('money.disputes')}
      rows=${list.data?.items ?? []}
      columns=${[
        { label: t('cdr'), key: 'cdrId' },
        { label: t('dispute.raisedBy'), render: (d) => operatorName(d.raisedBy) },
        { label: t('dispute.reason'), render: (d) => t(`dispute.reason.${d.reason}`) },
        { label: t('note'), render: (d) => d.note ?? '—' },
        { label: t('status'), render: (d) => t(`disputeStatus.${d.status}`) },
        { label: t('dispute.resolution'), render: (d) => (d.resolvedAt ? `${operatorName(d.resolvedBy)} · ${time(d.resolvedAt)}${d.resolutionNote ? ` · ${d.resolutionNote}` : ''}` : '—') },
        { label: '', render: (d) => (d.status === 'open' ? html`<${Resolve} dispute=${d} onDone=${() => void list.reload()} />` : '') },
      ]}
    />`;
}
