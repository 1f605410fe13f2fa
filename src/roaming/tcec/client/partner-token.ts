/**
 * An access token a partner gave us (its query_token answer) and when to ask for a new one: a
 * fifth of its life before it runs out, at most five minutes before, so a call never goes out
 * with a token about to expire.
 */
export interface PartnerToken {
  readonly token: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

const MAX_MARGIN_MS = 5 * 60_000;

export function partnerToken(token: string, obtainedAtMs: number, availableSeconds: number): PartnerToken {
  const lifeMs = Math.max(0, availableSeconds) * 1000;
  const margin = Math.min(MAX_MARGIN_MS, lifeMs / 5);
  return { token, expiresAt: obtainedAtMs + lifeMs, refreshAt: obtainedAtMs + lifeMs - margin };
}

export const needsRefresh = (t: PartnerToken | undefined, nowMs: number): boolean => t === undefined || nowMs >= t.refreshAt;
