import type { NewPartnerMessage, PartnerMessage, PartnerMessageLog } from '../../domain/partners/index.js';
import { AppError } from '../../shared/errors.js';
import type { SqlConnection } from './database.js';

interface Row {
  id: string | number | bigint;
  partner_id: string | null;
  direction: 'in' | 'out';
  kind: string;
  status: number | null;
  error: string | null;
  raw: PartnerMessage['raw'] | string;
  decrypted: PartnerMessage['decrypted'] | string;
  at: Date | string;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const fromRow = (r: Row): PartnerMessage => ({
  id: String(r.id),
  partnerId: r.partner_id,
  direction: r.direction,
  kind: r.kind,
  status: r.status,
  error: r.error,
  raw: json(r.raw),
  decrypted: json(r.decrypted),
  at: new Date(r.at),
});

/** The roaming audit trail in plain SQL (append-only; the retention job prunes it). */
export class SqlPartnerMessageLog implements PartnerMessageLog {
  constructor(private readonly sql: SqlConnection) {}

  async append(m: NewPartnerMessage): Promise<void> {
    await this.sql.query(
      `INSERT INTO partner_messages (partner_id, direction, kind, status, error, raw, decrypted, at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
      [m.partnerId, m.direction, m.kind, m.status, m.error, JSON.stringify(m.raw), JSON.stringify(m.decrypted), m.at],
    );
  }

  async list(partnerId: string, page: { limit: number; before?: string | undefined }): Promise<{ items: PartnerMessage[]; nextCursor: string | null }> {
    if (page.before !== undefined && !/^\d{1,18}$/.test(page.before)) throw new AppError('INVALID_CURSOR', 'cursor is not one this API issued', { field: 'cursor' });
    const rows = await this.sql.query<Row>(
      `SELECT id, partner_id, direction, kind, status, error, raw, decrypted, at FROM partner_messages
       WHERE partner_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
      [partnerId, page.before ?? null, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map(fromRow);
    return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  async prune(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM partner_messages WHERE at < $1 RETURNING id`, [before])).length;
  }
}
