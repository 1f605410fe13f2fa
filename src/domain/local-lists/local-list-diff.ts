import type { LocalListEntry, LocalListUpdate, LocalListUpdateType } from './local-list.model.js';

/** Longest id token (2.0.1 IdTokenType; a 1.6 idTag has 20, and a 1.6 station is sent only those that fit). */
const MAX_TOKEN_LENGTH = 36;

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

/** What a managed station's list is, as far as the platform knows. */
export interface LocalListState {
  readonly stationId: string;
  readonly enabled: boolean;
  /** The version the station confirmed last (0: none yet). */
  readonly version: number;
  readonly entries: readonly LocalListEntry[];
  readonly pending: { readonly version: number; readonly updateType: LocalListUpdateType; readonly entriesAfter: readonly LocalListEntry[]; readonly commandId: string } | null;
  readonly fullRequested: boolean;
  readonly lastError: string | null;
  readonly syncedAt: Date | null;
}

/** Entries one SendLocalList carries at most; a longer list goes as a full update and differential ones after it. */
export const MAX_ENTRIES_PER_UPDATE = 1_000;

/**
 * The update that brings the station's list (closer) to the wanted one, or null when it has it. A
 * full update when one is asked for or the station's list is not known for sure; otherwise the
 * differences; at most `max` entries each (the rest follows in the next). One version up each.
 */
export function nextLocalListUpdate(
  s: LocalListState,
  wanted: readonly LocalListEntry[],
  max = MAX_ENTRIES_PER_UPDATE,
): (LocalListUpdate & { entriesAfter: LocalListEntry[]; complete: boolean }) | null {
  const sorted = applyLocalListDiff([], wanted);
  if (s.fullRequested || s.version === 0) {
    const part = sorted.slice(0, max);
    return { version: s.version + 1, updateType: 'Full', entries: part, entriesAfter: part, complete: part.length === sorted.length };
  }
  const changes = localListDiff(s.entries, wanted);
  if (changes.length === 0) return null;
  const part = changes.slice(0, max);
  return { version: s.version + 1, updateType: 'Differential', entries: part, entriesAfter: applyLocalListDiff(s.entries, part), complete: part.length === changes.length };
}

/** The update a pending one is, rebuilt from what is stored (to queue its command again, idempotently). */
export function pendingUpdate(s: LocalListState): LocalListUpdate | null {
  if (!s.pending) return null;
  const entries = s.pending.updateType === 'Full' ? s.pending.entriesAfter : localListDiff(s.entries, s.pending.entriesAfter);
  return { version: s.pending.version, updateType: s.pending.updateType, entries };
}
