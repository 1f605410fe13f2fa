import type { PartnerOutboundTokens, PartnerTokenClaim, StoredPartnerToken } from '../../domain/roaming/index.js';

interface Row {
  token: StoredPartnerToken | null;
  lease: { holder: string; until: Date } | null;
}

/** The in-process twin of SqlPartnerOutboundTokens (one node, or a client with no store). */
export class MemoryPartnerOutboundTokens implements PartnerOutboundTokens {
  readonly #rows = new Map<string, Row>();

  async claim(partnerId: string, holder: string, refused: string | null, now: Date, leaseUntil: Date): Promise<PartnerTokenClaim> {
    const row = this.#rows.get(partnerId) ?? { token: null, lease: null };
    const t = row.token;
    if (t && t.refreshAt > now && t.token !== refused) return { kind: 'use', token: { ...t } };
    if (row.lease && row.lease.until > now) return { kind: 'wait' };
    this.#rows.set(partnerId, { token: t, lease: { holder, until: new Date(leaseUntil) } });
    return { kind: 'fetch' };
  }

  async save(partnerId: string, holder: string, token: StoredPartnerToken): Promise<boolean> {
    const row = this.#rows.get(partnerId);
    if (!row || row.lease?.holder !== holder) return false;
    this.#rows.set(partnerId, { token: { ...token }, lease: null });
    return true;
  }

  async release(partnerId: string, holder: string): Promise<void> {
    const row = this.#rows.get(partnerId);
    if (row?.lease?.holder === holder) row.lease = null;
  }

  async forget(partnerId: string): Promise<void> {
    const row = this.#rows.get(partnerId);
    if (row) row.token = null;
  }
}
