/** Access tokens we issued to partners (T/CEC query_token); only a hash of each token is kept. */
export interface PartnerAccessTokens {
  issue(partnerId: string, tokenHash: string, expiresAt: Date): Promise<void>;
  /** The token's partner and expiry, or null when we never issued it (or it was pruned). */
  find(tokenHash: string): Promise<{ partnerId: string; expiresAt: Date } | null>;
  /** Deletes tokens expired before `before`; returns how many. */
  prune(before: Date): Promise<number>;
  /** Revokes every token of the partner (its secrets changed); returns how many. */
  revokeAll(partnerId: string): Promise<number>;
}

/**
 * Remembers which signed requests were accepted, so a replay of one is refused. The key is the
 * caller's (OperatorID, TimeStamp, Seq); requests outside the TimeStamp window are refused anyway,
 * so keys older than the window can go.
 */
export interface RequestReplayGuard {
  /** Records the key; false when it was recorded before (a replay). Atomic across nodes. */
  firstSeen(operatorId: string, timeStamp: string, seq: string, at: Date): Promise<boolean>;
  /** Forgets keys recorded before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}
