/**
 * Transaction reconciliation: a running session the platform has heard nothing of for a while is
 * asked about (2.0.1 GetTransactionStatus; 1.6 TriggerMessage MeterValues for its connector), and
 * closed when the station no longer knows it.
 */

/** What the platform asks about, and what it knows of the session. */
export interface SilentSession {
  readonly sessionId: string;
  readonly stationId: string;
  readonly transactionId: string;
  readonly ocppVersion: '1.6' | '2.0.1';
  readonly evseNo: number | null;
  /** Its last news in station time (its last event or reading): where it ends if closed. */
  readonly lastActivityAt: Date;
  /** When the platform last heard of it (its last event received or change stored, or lastActivityAt). */
  readonly heardAt: Date;
  readonly lastRegisterWh: number | null;
  /** How many events and readings of it have arrived. */
  readonly news: number;
  readonly probe: Probe | null;
}

export interface Probe {
  readonly commandId: string;
  readonly probedAt: Date;
  readonly answeredAt: Date | null;
  readonly outcome: string | null;
  /** `news` when it was asked about. */
  readonly newsAtProbe: number;
}

/** The stop reason of a session closed because its station no longer knows it. */
export const UNKNOWN_TO_STATION = 'UnknownToStation';

/** 2.0.1 GetTransactionStatus answered: the transaction goes on, its messages are still queued, or the station does not know it. */
export function transactionStatusVerdict(response: unknown): 'ongoing' | 'messages-queued' | 'unknown-to-station' {
  const r = (response ?? {}) as { ongoingIndicator?: unknown; messagesInQueue?: unknown };
  if (r.ongoingIndicator === true) return 'ongoing';
  // Messages still queued may be its end: wait for them rather than close it.
  if (r.messagesInQueue === true) return 'messages-queued';
  return r.ongoingIndicator === false ? 'unknown-to-station' : 'ongoing';
}

/**
 * What to do with a silent session now: ask the station (again), close it (1.6: the trigger was
 * accepted and `graceMs` later nothing more of the transaction has arrived), or wait for an answer.
 */
export function nextStep(s: SilentSession, now: Date, graceMs: number): 'probe' | 'close' | 'wait' {
  const p = s.probe;
  if (!p) return 'probe';
  if (p.answeredAt === null) return now.getTime() - p.probedAt.getTime() > 2 * graceMs ? 'probe' : 'wait';
  if (s.ocppVersion === '1.6' && p.outcome === 'accepted' && s.news <= p.newsAtProbe) {
    return now.getTime() - p.answeredAt.getTime() >= graceMs ? 'close' : 'wait';
  }
  // Asked before and the station answered: ask again once the session has been silent that long since.
  return now.getTime() - Math.max(p.probedAt.getTime(), s.heardAt.getTime()) >= graceMs ? 'probe' : 'wait';
}

/** seqNos missing between the lowest and the highest received (stations number a transaction's events without gaps). */
export function missingSeqNos(seen: readonly number[], max = 1_000): number[] {
  if (seen.length === 0) return [];
  const have = new Set(seen);
  const lo = Math.min(...seen);
  const hi = Math.max(...seen);
  const missing: number[] = [];
  for (let n = lo + 1; n < hi && missing.length < max; n++) if (!have.has(n)) missing.push(n);
  return missing;
}
