/**
 * Sharing a site's grid connection among its charging sessions: a pure function, no I/O.
 *
 * Weighted max-min fairness ("water filling"): every session's share rises at the rate of its
 * weight until it reaches its own maximum, or its group (a station whose power modules its EVSEs
 * share) reaches the group's maximum, or the site's limit is used up. What a capped session cannot
 * take is thereby left to the others. A session that cannot get the least it can charge at (AC:
 * 6 A per phase) gets nothing rather than a limit it cannot use; when not everyone can get that
 * least, the higher weight and then the earlier session (input order) goes first.
 *
 * Everything is in whole watts: the result never exceeds the limit, a session's maximum or a
 * group's maximum, and watts are left over only when every session that could take more is at its
 * maximum (or its group's).
 */

export interface AllocationSession {
  readonly id: string;
  /** The most it may get (W): its EVSE's maximum, what the station or the EV reported, its demand. */
  readonly maxW: number;
  /** Below this it cannot charge and gets 0 instead (W; default 0). Taken as at most maxW. */
  readonly minW?: number | undefined;
  /** Its share relative to the others (the session's priority): 2 gets twice what 1 gets. Default 1. */
  readonly weight?: number | undefined;
  /** Sessions of one group share the group's maximum. */
  readonly groupId?: string | undefined;
}

export interface AllocationGroup {
  readonly id: string;
  readonly maxW: number;
}

export interface AllocationInput {
  /** What all sessions together may get (W). */
  readonly limitW: number;
  readonly groups?: readonly AllocationGroup[] | undefined;
  /** In admission order (earliest first): it decides who waits when not every minimum fits. */
  readonly sessions: readonly AllocationSession[];
}

export interface Allocation {
  readonly id: string;
  /** Whole watts. */
  readonly limitW: number;
  /** It could not be given its minimum and gets 0. */
  readonly paused: boolean;
}

interface Prepared {
  readonly id: string;
  readonly max: number;
  readonly min: number;
  readonly weight: number;
  /** Index into groups, or -1. */
  readonly group: number;
}

const whole = (w: number): number => (Number.isFinite(w) && w > 0 ? Math.floor(w) : 0);

/** The share of a session at water level t: its weight × t, within [min, max]. */
const shareAt = (s: Prepared, t: number): number => Math.min(s.max, Math.max(s.min, s.weight * t));

/** The largest t in [0, hi] with f(t) ≤ target, for a nondecreasing f with f(0) ≤ target (bisection to the last bit). */
function highestLevel(f: (t: number) => number, target: number, hi: number): number {
  if (f(hi) <= target) return hi;
  let lo = 0;
  for (let i = 0; i < 200 && lo < hi; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (f(mid) <= target) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function allocate(input: AllocationInput): Allocation[] {
  const limit = whole(input.limitW);
  const groupIndex = new Map<string, number>();
  const groupMax: number[] = [];
  for (const g of input.groups ?? []) {
    if (groupIndex.has(g.id)) continue;
    groupIndex.set(g.id, groupMax.length);
    groupMax.push(whole(g.maxW));
  }
  const sessions: Prepared[] = input.sessions.map((s) => {
    const max = whole(s.maxW);
    const weight = s.weight !== undefined && Number.isFinite(s.weight) && s.weight > 0 ? s.weight : 1;
    return { id: s.id, max, min: Math.min(max, Math.ceil(whole(s.minW ?? 0))), weight, group: s.groupId === undefined ? -1 : (groupIndex.get(s.groupId) ?? -1) };
  });

  // Admission: minimums are promised first, by weight, then in input order.
  const admitted = new Array<boolean>(sessions.length).fill(false);
  const groupMin = groupMax.map(() => 0);
  let minSum = 0;
  const byWeight = sessions.map((_, i) => i).sort((a, b) => (sessions[b]!.weight - sessions[a]!.weight) || a - b);
  for (const i of byWeight) {
    const s = sessions[i]!;
    const fitsGroup = s.group < 0 || groupMin[s.group]! + s.min <= groupMax[s.group]!;
    if (s.min === 0 || (minSum + s.min <= limit && fitsGroup)) {
      admitted[i] = true;
      minSum += s.min;
      if (s.group >= 0) groupMin[s.group]! += s.min;
    }
  }
  const active = sessions.map((s, i) => ({ s, i })).filter((x) => admitted[x.i]);
  // Beyond this level every share is at its maximum.
  const top = Math.max(0, ...active.map(({ s }) => s.max / s.weight));

  // Each group stops rising at the level where it is full; the site at the level where it is.
  const groupLevel = groupMax.map((gmax, g) => {
    const members = active.filter(({ s }) => s.group === g).map(({ s }) => s);
    return highestLevel((t) => members.reduce((sum, s) => sum + shareAt(s, t), 0), gmax, top);
  });
  const levelOf = (s: Prepared, t: number) => (s.group >= 0 ? Math.min(t, groupLevel[s.group]!) : t);
  const siteLevel = highestLevel((t) => active.reduce((sum, { s }) => sum + shareAt(s, levelOf(s, t)), 0), limit, top);

  const exact = sessions.map(() => 0);
  for (const { s, i } of active) exact[i] = shareAt(s, levelOf(s, siteLevel));
  const out = exact.map(Math.floor);

  // Whole watts: take back what rounding may have put over a maximum, then hand out what flooring left.
  const groupSum = groupMax.map(() => 0);
  for (const { s, i } of active) if (s.group >= 0) groupSum[s.group]! += out[i]!;
  let total = out.reduce((a, b) => a + b, 0);
  const takeBack = (excess: number, members: { s: Prepared; i: number }[]): number => {
    for (const { s, i } of members) {
      if (excess <= 0) break;
      const d = Math.min(excess, out[i]! - s.min);
      if (d <= 0) continue;
      out[i]! -= d;
      excess -= d;
      total -= d;
      if (s.group >= 0) groupSum[s.group]! -= d;
    }
    return excess;
  };
  groupMax.forEach((gmax, g) => void takeBack(groupSum[g]! - gmax, active.filter(({ s }) => s.group === g)));
  takeBack(total - limit, active);

  let spare = limit - total;
  for (;;) {
    const room = (x: { s: Prepared; i: number }) => Math.min(x.s.max - out[x.i]!, x.s.group >= 0 ? groupMax[x.s.group]! - groupSum[x.s.group]! : Infinity);
    const open = active.filter((x) => room(x) > 0);
    if (spare <= 0 || open.length === 0) break;
    // Evenly, a watt at a time when little is left: the site's spare among all, a group's room among its members.
    const quota = Math.max(1, Math.floor(spare / open.length));
    const openIn = groupMax.map((_, g) => open.filter((x) => x.s.group === g).length);
    const groupQuota = groupMax.map((gmax, g) => Math.max(1, Math.floor((gmax - groupSum[g]!) / Math.max(1, openIn[g]!))));
    // Those that rounding shorted most first, then the heaviest: the last watts follow the shares too.
    open.sort((a, b) => (exact[b.i]! - out[b.i]!) - (exact[a.i]! - out[a.i]!) || (b.s.weight - a.s.weight) || a.i - b.i);
    for (const x of open) {
      const d = Math.min(quota, x.s.group >= 0 ? groupQuota[x.s.group]! : Infinity, room(x), spare);
      if (d <= 0) continue;
      out[x.i]! += d;
      spare -= d;
      if (x.s.group >= 0) groupSum[x.s.group]! += d;
    }
  }

  return sessions.map((s, i) => ({ id: s.id, limitW: out[i]!, paused: !admitted[i] && s.min > 0 }));
}
