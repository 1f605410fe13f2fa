import type { LocalListEntry, LocalListUpdate } from './local-list.model.js';

/** Longest id token both versions carry (1.6 idTag: 20 characters). */
const MAX_TOKEN_LENGTH = 20;

/** Why an update cannot be sent as it is, or null. */
export function localListProblem(u: LocalListUpdate): string | null {
  if (!Number.isInteger(u.version) || u.version < 1) return 'version must be a positive integer';
  const seen = new Set<string>();
  for (const e of u.entries) {
    if (!e.idToken || e.idToken.length > MAX_TOKEN_LENGTH) return `idToken ${e.idToken} must be 1 to ${MAX_TOKEN_LENGTH} characters`;
    if (seen.has(e.idToken)) return `idToken ${e.idToken} is listed twice`;
    seen.add(e.idToken);
    if (u.updateType === 'Full' && e.status === undefined) return `a full list gives every token a status (${e.idToken} has none)`;
  }
  return null;
}

const same = (a: LocalListEntry, b: LocalListEntry): boolean =>
  a.type === b.type && a.status === b.status && (a.expiresAt ?? null) === (b.expiresAt ?? null) && (a.groupId ?? null) === (b.groupId ?? null);

/**
 * The differential update that turns the list a station has into the one it should have: changed
 * and new tokens with their info, removed ones without (an entry without status removes it).
 * Sorted by token, so the same two lists always give the same update.
 */
export function localListDiff(current: readonly LocalListEntry[], wanted: readonly LocalListEntry[]): LocalListEntry[] {
  const have = new Map(current.map((e) => [e.idToken, e]));
  const want = new Map(wanted.map((e) => [e.idToken, e]));
  const changes: LocalListEntry[] = [];
  for (const [uid, e] of want) {
    const h = have.get(uid);
    if (!h || !same(h, e)) changes.push(e);
  }
  for (const [uid, h] of have) if (!want.has(uid)) changes.push({ idToken: uid, type: h.type });
  return changes.sort((a, b) => (a.idToken < b.idToken ? -1 : a.idToken > b.idToken ? 1 : 0));
}

/** The list after a differential update. */
export function applyLocalListDiff(current: readonly LocalListEntry[], changes: readonly LocalListEntry[]): LocalListEntry[] {
  const list = new Map(current.map((e) => [e.idToken, e]));
  for (const c of changes) {
    if (c.status === undefined) list.delete(c.idToken);
    else list.set(c.idToken, c);
  }
  return [...list.values()].sort((a, b) => (a.idToken < b.idToken ? -1 : a.idToken > b.idToken ? 1 : 0));
}
