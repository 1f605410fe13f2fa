/** An access token a partner gave us (its query_token answer), with when to ask for the next one. */
export interface StoredPartnerToken {
  readonly token: string;
  readonly expiresAt: Date;
  readonly refreshAt: Date;
}

/** What the store says to a node that needs a token: use the stored one, fetch one (it holds the lease), or wait for the node that is fetching. */
export type PartnerTokenClaim = { readonly kind: 'use'; readonly token: StoredPartnerToken } | { readonly kind: 'fetch' } | { readonly kind: 'wait' };

/**
 * The token we call each partner with, shared by every node, so a partner that keeps one token per
 * OperatorID is asked for one once per token life, not once per node. One node at a time fetches
 * (it holds a lease until it saves the token, gives up, or the lease runs out); the others use
 * what it stored. Implementations keep the token sealed at rest.
 */
export interface PartnerOutboundTokens {
  /**
   * `use` when a token is stored that is not due for renewal at `now` and is not `refused` (the
   * token the partner just answered 4002 to: compare-and-swap, so a node renews only the token
   * that failed, never a newer one another node stored); else `fetch` when no lease is running
   * (the holder now has it until `leaseUntil`); else `wait`.
   */
  claim(partnerId: string, holder: string, refused: string | null, now: Date, leaseUntil: Date): Promise<PartnerTokenClaim>;
  /** Stores the token the holder fetched and ends its lease; false (nothing stored) when the holder's lease was gone. */
  save(partnerId: string, holder: string, token: StoredPartnerToken): Promise<boolean>;
  /** Ends the holder's lease without a token (its fetch failed), so another node may try at once. */
  release(partnerId: string, holder: string): Promise<void>;
  /** Forgets the partner's token (its outbound secrets or address changed). */
  forget(partnerId: string): Promise<void>;
}
