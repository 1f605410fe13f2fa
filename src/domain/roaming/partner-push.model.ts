/**
 * A message owed to a roaming partner (a T/CEC notification; an OCPI push later): queued once per
 * fact — (partner, key) is unique, so an outbox event handled twice queues nothing new — sent at
 * once, retried after a failure, and in the end left for the partner's own queries.
 *
 * pending: to send (again) from nextAt; sent: the partner took it; ignored: it answered "ignored,
 * do not retry" (T/CEC Status=1); abandoned: every try failed.
 */
export const PUSH_STATUSES = ['pending', 'sent', 'ignored', 'abandoned'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export interface PartnerPush {
  readonly id: string;
  readonly partnerId: string;
  /** The interface to call, e.g. notification_stationStatus. */
  readonly kind: string;
  /** The fact it reports, unique per partner (e.g. the outbox event's key). */
  readonly key: string;
  /** The canonical body to send. */
  readonly body: unknown;
  readonly status: PushStatus;
  readonly attempts: number;
  readonly nextAt: Date;
  readonly lastError: string | null;
  /** When the fact happened. */
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface NewPartnerPush {
  readonly partnerId: string;
  readonly kind: string;
  readonly key: string;
  readonly body: unknown;
  readonly createdAt: Date;
}

/** How a try ended, as the sender saw it. */
export type PushOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'failed'; readonly error: string }
  /** A retry that a newer push about the same thing has overtaken: sending it would undo the newer one. */
  | { readonly kind: 'superseded' };

/** T/CEC 102.4 asks for more than 3 resends about a minute apart: the first try and 3 retries. */
export const PUSH_RETRY = { tries: 4, intervalMs: 60_000 } as const;

/** What the store records after a try: the next status, and when to try again. */
export function afterTry(push: Pick<PartnerPush, 'attempts'>, outcome: PushOutcome, now: Date): { status: PushStatus; attempts: number; nextAt: Date; lastError: string | null; sentAt: Date | null } {
  const attempts = push.attempts + 1;
  if (outcome.kind === 'sent') return { status: 'sent', attempts, nextAt: now, lastError: null, sentAt: now };
  if (outcome.kind === 'ignored') return { status: 'ignored', attempts, nextAt: now, lastError: null, sentAt: now };
  if (outcome.kind === 'superseded') return { status: 'ignored', attempts: push.attempts, nextAt: now, lastError: 'superseded by a newer push about the same thing', sentAt: null };
  if (attempts >= PUSH_RETRY.tries) return { status: 'abandoned', attempts, nextAt: now, lastError: outcome.error, sentAt: null };
  return { status: 'pending', attempts, nextAt: new Date(now.getTime() + PUSH_RETRY.intervalMs), lastError: outcome.error, sentAt: null };
}
