import { createHash } from 'node:crypto';
import type { SecretSealer } from '../../domain/partners/index.js';
import type { PartnerOutboundTokens, PartnerTokenClaim, StoredPartnerToken } from '../../domain/roaming/index.js';
import type { Sql } from './database.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

interface Row {
  taken: boolean;
  token_sealed: string | null;
  expires_at: Date | string | null;
  refresh_at: Date | string | null;
  token_hash: string | null;
}

/**
 * Partners' tokens in plain SQL, shared by every node. The token is sealed like the partner's
 * secrets (PARTNER_SECRETS_KEY); its SHA-256 sits beside it, so "is the stored token the one that
 * was refused" is answered in SQL without opening it. A claim is one statement: the conditional
 * upsert takes the lease, and the same statement reads the row as it was before.
 */
export class SqlPartnerOutboundTokens implements PartnerOutboundTokens {
  constructor(
    private readonly sql: Sql,
    private readonly sealer: SecretSealer,
  ) {}

  async claim(partnerId: string, holder: string, refused: string | null, now: Date, leaseUntil: Date): Promise<PartnerTokenClaim> {
    const [row] = await this.sql.query<Row>(
      `WITH taken AS (
         INSERT INTO tcec_partner_tokens AS t (partner_id, lease_holder, lease_until) VALUES ($1, $2, $5)
         ON CONFLICT (partner_id) DO UPDATE SET lease_holder = $2, lease_until = $5
           WHERE (t.lease_until IS NULL OR t.lease_until <= $4)
             AND (t.token_hash IS NULL OR t.refresh_at <= $4 OR t.token_hash = $3)
         RETURNING partner_id)
       SELECT EXISTS (SELECT 1 FROM taken) AS taken, p.token_sealed, p.expires_at, p.refresh_at, p.token_hash
         FROM (SELECT 1) one LEFT JOIN tcec_partner_tokens p ON p.partner_id = $1`,
      [partnerId, holder, refused === null ? null : hashOf(refused), now, leaseUntil],
    );
    if (row!.taken) return { kind: 'fetch' };
    const fresh = row!.token_sealed !== null && row!.refresh_at !== null && new Date(row!.refresh_at) > now && (refused === null || row!.token_hash !== hashOf(refused));
    if (!fresh) return { kind: 'wait' };
    return { kind: 'use', token: { token: this.sealer.open(row!.token_sealed!), expiresAt: new Date(row!.expires_at!), refreshAt: new Date(row!.refresh_at!) } };
  }

  async save(partnerId: string, holder: string, token: StoredPartnerToken): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE tcec_partner_tokens SET token_sealed = $3, token_hash = $4, expires_at = $5, refresh_at = $6, lease_holder = NULL, lease_until = NULL
        WHERE partner_id = $1 AND lease_holder = $2 RETURNING partner_id`,
      [partnerId, holder, this.sealer.seal(token.token), hashOf(token.token), token.expiresAt, token.refreshAt],
    );
    return rows.length === 1;
  }

  async release(partnerId: string, holder: string): Promise<void> {
    await this.sql.query(`UPDATE tcec_partner_tokens SET lease_holder = NULL, lease_until = NULL WHERE partner_id = $1 AND lease_holder = $2`, [partnerId, holder]);
  }

  async forget(partnerId: string): Promise<void> {
    await this.sql.query(`UPDATE tcec_partner_tokens SET token_sealed = NULL, token_hash = NULL, expires_at = NULL, refresh_at = NULL WHERE partner_id = $1`, [partnerId]);
  }
}
