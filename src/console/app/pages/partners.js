// Roaming partners (T/CEC 102 now, OCPI later): state, last error, message audit trail.
import { html } from 'htm/preact';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { time } from '../format.js';
import { ErrorBox, Loading, Table, useLoad } from '../ui.js';


function Messages({ id }) {
  const list = useLoad(() => api(`/v1/partners/${encodeURIComponent(id)}/messages`), [id]);
  return html`<section aria-labelledby="msg-h">
    <h2 id="msg-h">${t('partners.messages', { id })}</h2>
    <${ErrorBox} error=${list.error} />
    ${list.loading && !list.data ? html`<${Loading} />` : ''}
    <${Table}
      rows=${(list.data?.items ?? []).map((m, i) => ({ ...m, id: m.id ?? i }))}
      columns=${[
        { label: t('time'), render: (m) => time(m.at ?? m.createdAt ?? m.sentAt ?? m.receivedAt) },
        { label: t('partners.direction'), render: (m) => m.direction ?? '—' },
        { label: t('partners.kind'), render: (m) => m.kind ?? m.type ?? m.path ?? m.interface ?? '—' },
        { label: t('status'), render: (m) => m.status ?? m.result ?? m.httpStatus ?? '—' },
        { label: t('partners.detail'), render: (m) => html`<code class="clip">${m.error ?? m.summary ?? (m.body ? JSON.stringify(m.body) : '')}</code>` },
      ]}
    />
  </section>`;
}

export function PartnersPage({ id }) {
  const list = useLoad(() => api('/v1/partners'), []);
  if (list.loading && !list.data) return html`<h1>${t('nav.partners')}</h1><${Loading} />`;
  return html`
    <h1>${t('nav.partners')}</h1>
    <${ErrorBox} error=${list.error} />
    <${Table}
      rows=${list.data?.items ?? []}
      columns=${[
        { label: 'ID', render: (p) => html`<a href=${href('partners', p.id)}>${p.id}</a>` },
        { label: t('partners.name'), render: (p) => p.name ?? '—' },
        { label: t('partners.protocol'), render: (p) => p.protocol ?? '—' },
        { label: t('partners.role'), render: (p) => (Array.isArray(p.role) ? p.role.join(', ') : (p.role ?? (p.roles ?? []).join(', ') ?? '—')) },
        { label: t('partners.state'), render: (p) => html`<span data-partner-state=${p.state ?? ''}>${p.state ?? '—'}</span>` },
        { label: t('partners.lastError'), render: (p) => {
          const e = p.lastError;
          if (!e) return '—';
          return typeof e === 'string' ? e : `${e.message ?? JSON.stringify(e)}${e.at ? ` · ${time(e.at)}` : ''}`;
        } },
      ]}
    />
    ${id ? html`<${Messages} key=${id} id=${id} />` : ''}`;
}
