import type { PartnerAccessTokens, RequestReplayGuard } from '../../domain/partners/index.js';
import type { SqlConnection } from './database.js';

/** Issued partner tokens in plain SQL (shared by every API node). */
export class SqlPartnerAccessTokens implements PartnerAccessTokens {
  constructor(private readonly sql: SqlConnection) {}

  async issue(partnerId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.sql.query(`INSERT INTO tcec_tokens (token_hash, partner_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, partnerId, expiresAt]);
  }

  async find(tokenHash: string): Promise<{ partnerId: string; expiresAt: Date } | null> {
    const [r] = await this.sql.query<{ partner_id: string; expires_at: Date | string }>(`SELECT partner_id, expires_at FROM tcec_tokens WHERE token_hash = $1`, [tokenHash]);
    return r ? { partnerId: r.partner_id, expiresAt: new Date(r.expires_at) } : null;
  }

  async prune(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM tcec_tokens WHERE expires_at < $1 RETURNING token_hash`, [before])).length;
  }

  async revokeAll(partnerId: string): Promise<number> {
    return (await this.sql.query(`DELETE FROM tcec_tokens WHERE partner_id = $1 RETURNING token_hash`, [partnerId])).length;
  }
}

/** The replay guard in plain SQL: the primary key makes "first seen" atomic across nodes. */
export class SqlReplayGuard implements RequestReplayGuard {
  constructor(private readonly sql: SqlConnection) {}

  async firstSeen(operatorId: string, timeStamp: string, seq: string, at: Date): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO tcec_seen_requests (operator_id, time_stamp, seq, seen_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING seq`,
      [operatorId, timeStamp, seq, at],
    );
    return rows.length === 1;
  }

  async prune(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM tcec_seen_requests WHERE seen_at < $1 RETURNING seq`, [before])).length;
  }
}
