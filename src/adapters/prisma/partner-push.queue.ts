import { afterTry, type NewPartnerPush, type PartnerPush, type PartnerPushQueue, type PushOutcome, type PushStatus } from '../../domain/roaming/index.js';
import type { SqlConnection } from './database.js';

interface Row {
  id: string | number | bigint;
  partner_id: string;
  kind: string;
  key: string;
  body: unknown;
  status: PushStatus;
  attempts: number;
  next_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

const COLUMNS = 'id, partner_id, kind, key, body, status, attempts, next_at, last_error, created_at, sent_at';

const fromRow = (r: Row): PartnerPush => ({
  id: String(r.id),
  partnerId: r.partner_id,
  kind: r.kind,
  key: r.key,
  body: typeof r.body === 'string' ? (JSON.parse(r.body) as unknown) : r.body,
  status: r.status,
  attempts: r.attempts,
  nextAt: new Date(r.next_at),
  lastError: r.last_error,
  createdAt: new Date(r.created_at),
  sentAt: r.sent_at === null ? null : new Date(r.sent_at),
});

/** The push queue in plain SQL: one row per (partner, fact); claims move next_at under a row lock. */
export class SqlPartnerPushQueue implements PartnerPushQueue {
  constructor(private readonly sql: SqlConnection) {}

  async enqueue(pushes: readonly NewPartnerPush[], claimUntil: Date): Promise<PartnerPush[]> {
    if (pushes.length === 0) return [];
    const rows = await this.sql.query<Row>(
      `INSERT INTO partner_pushes (partner_id, kind, key, body, next_at, created_at)
       SELECT p.partner_id, p.kind, p.key, p.body, $2, p.created_at
       FROM jsonb_to_recordset($1::jsonb) AS p(partner_id text, kind text, key text, body jsonb, created_at timestamptz)
       ON CONFLICT (partner_id, key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [JSON.stringify(pushes.map((p) => ({ partner_id: p.partnerId, kind: p.kind, key: p.key, body: p.body, created_at: p.createdAt.toISOString() }))), claimUntil],
    );
    return rows.map(fromRow).sort((a, b) => Number(a.id) - Number(b.id));
  }

  async claimDue(now: Date, claimUntil: Date, limit: number): Promise<PartnerPush[]> {
    const rows = await this.sql.query<Row>(
      `UPDATE partner_pushes SET next_at = $2
       WHERE id IN (SELECT id FROM partner_pushes WHERE status = 'pending' AND next_at <= $1 ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [now, claimUntil, limit],
    );
    return rows.map(fromRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || Number(a.id) - Number(b.id));
  }

  async complete(id: string, outcome: PushOutcome, now: Date): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ attempts: number; status: string }>(`SELECT attempts, status FROM partner_pushes WHERE id = $1 FOR UPDATE`, [id]);
      if (!row || row.status !== 'pending') return;
      const next = afterTry(row, outcome, now);
      await tx.query(`UPDATE partner_pushes SET status = $2, attempts = $3, next_at = $4, last_error = $5, sent_at = $6 WHERE id = $1`, [
        id,
        next.status,
        next.attempts,
        next.nextAt,
        next.lastError,
        next.sentAt,
      ]);
    });
  }

  async get(partnerId: string, key: string): Promise<PartnerPush | null> {
    const [row] = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM partner_pushes WHERE partner_id = $1 AND key = $2`, [partnerId, key]);
    return row ? fromRow(row) : null;
  }

  async deliveredAfter(partnerId: string, kind: string, afterId: string, bodyPath: readonly string[], value: string): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM partner_pushes WHERE partner_id = $1 AND kind = $2 AND id > $3::bigint AND status IN ('sent', 'ignored') AND body #>> $4::text[] = $5 LIMIT 1`,
      [partnerId, kind, afterId, [...bodyPath], value],
    );
    return rows.length > 0;
  }

  async list(filter: { partnerId: string; status?: PushStatus | undefined; limit: number }): Promise<PartnerPush[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM partner_pushes WHERE partner_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT $3`,
      [filter.partnerId, filter.status ?? null, filter.limit],
    );
    return rows.map(fromRow);
  }

  async prune(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM partner_pushes WHERE status <> 'pending' AND created_at < $1 RETURNING id`, [before])).length;
  }
}
