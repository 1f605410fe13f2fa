// The signed-in key, kept for this browser tab only (sessionStorage), forgotten after the
// configured minutes without use or as soon as the API refuses it.
const STORE = 'xj.console.session';
const listeners = new Set();
let minutes = 720;
let current = load();
let lastReason = null;

function load() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORE) ?? 'null');
    return s && typeof s.key === 'string' ? s : null;
  } catch {
    return null;
  }
}
function save() {
  if (current) sessionStorage.setItem(STORE, JSON.stringify(current));
  else sessionStorage.removeItem(STORE);
  for (const l of listeners) l(current);
}

export function configureSession(sessionMinutes) {
  if (Number.isFinite(sessionMinutes) && sessionMinutes > 0) minutes = sessionMinutes;
}

/** The session if it is still valid; an expired one is ended (reason "expired"). */
export function session() {
  if (current && Date.now() > current.expiresAt) end('expired');
  return current;
}

export function begin(key, me) {
  lastReason = null;
  current = { key, me, expiresAt: Date.now() + minutes * 60_000 };
  save();
}

/** Each answered request keeps the session alive. */
export function touch() {
  if (current) {
    current.expiresAt = Date.now() + minutes * 60_000;
    sessionStorage.setItem(STORE, JSON.stringify(current));
  }
}

/** reason: "signed-out" | "expired" (timed out, or the API no longer takes the key). */
export function end(reason) {
  if (!current) return;
  current = null;
  lastReason = reason;
  save();
}

/** Why the last session ended (shown on the sign-in page once). */
export function takeEndReason() {
  const r = lastReason;
  lastReason = null;
  return r;
}

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
