import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { whoIs } from '../api.js';
import { t } from '../i18n.js';
import { begin, takeEndReason } from '../session.js';

export function SignIn() {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [notice] = useState(() => takeEndReason());
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await whoIs(key.trim());
      begin(key.trim(), me);
    } catch (err) {
      setError(err.status === 401 ? t('signin.refused', { message: err.message }) : err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="signin" id="main">
    <h1>${t('app.title')}</h1>
    <p class="lead">${t('signin.lead')}</p>
    ${notice === 'expired' ? html`<p class="notice" role="status">${t('signin.expired')}</p>` : ''}
    <form onSubmit=${submit}>
      <label class="field"><span>${t('signin.key')}</span>
        <input type="password" name="apiKey" autocomplete="current-password" required minlength="8" value=${key} onInput=${(e) => setKey(e.currentTarget.value)} />
      </label>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <button type="submit" class="primary" disabled=${busy}>${busy ? t('signin.checking') : t('signin.submit')}</button>
    </form>
    <p class="hint">${t('signin.hint')}</p>
  </main>`;
}
