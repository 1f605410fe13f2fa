// The console's only way to the platform: the public /v1 API with the signed-in key.
import { end, session, touch } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

async function errorOf(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  return new ApiError(res.status, body?.code ?? `HTTP_${res.status}`, body?.message ?? res.statusText ?? `HTTP ${res.status}`, body?.details);
}

async function send(path, { method = 'GET', body, key, accept = 'application/json', signal } = {}) {
  const s = key ? { key } : session();
  if (!s) throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in');
  let res;
  try {
    res = await fetch(path, {
      method,
      signal,
      headers: { authorization: `Bearer ${s.key}`, accept, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The platform cannot be reached');
  }
  if (res.status === 401 && !key) {
    // The key was revoked or the session is gone: back to sign-in, saying why.
    end('expired');
    throw await errorOf(res);
  }
  if (!res.ok) throw await errorOf(res);
  if (!key) touch();
  return res;
}

export async function api(path, options = {}) {
  const res = await send(path, options);
  if (res.status === 204) return null;
  return res.json();
}

export const post = (path, body = {}) => api(path, { method: 'POST', body });

/** Who a key belongs to (sign-in): resolves the /v1/me answer or throws the API's refusal. */
export const whoIs = (key) => api('/v1/me', { key });

/**
 * Downloads a CSV export with the key (a plain link cannot carry it), reporting bytes and lines
 * received as they arrive, then hands the file to the browser.
 */
export async function download(path, filename, onProgress) {
  const res = await send(path, { accept: 'text/csv' });
  const reader = res.body.getReader();
  const chunks = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    for (const b of value) if (b === 10) lines++;
    onProgress?.({ bytes, lines });
  }
  const url = URL.createObjectURL(new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { bytes, lines };
}

/** Downloads a file the API serves (a station's log) with the key, and hands it to the browser. */
export async function downloadFile(path, filename) {
  const res = await send(path, { accept: '*/*' });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
