import type { Cdr } from '../../domain/cdrs/index.js';
import type { Dispute, DisputeFilter, DisputeReason, DisputeRepository, DisputeStatus } from '../../domain/disputes/index.js';
import { AppError } from '../../shared/errors.js';
import { insertCdrs } from './cdr.repository.js';
import type { SqlConnection } from './database.js';

interface Row {
  id: string;
  cdr_id: string;
  statement_id: string | null;
  raised_by: string;
  reason: number;
  note: string | null;
  status: string;
  resolved_by: string | null;
  resolved_at: Date | string | null;
  resolution_note: string | null;
  credit_cdr_id: string | null;
  replacement_cdr_id: string | null;
  created_at: Date | string;
}

const COLUMNS = 'd.id, d.cdr_id, d.statement_id, d.raised_by, d.reason, d.note, d.status, d.resolved_by, d.resolved_at, d.resolution_note, d.credit_cdr_id, d.replacement_cdr_id, d.created_at';

const fromRow = (r: Row): Dispute => ({
  id: r.id,
  cdrId: r.cdr_id,
  statementId: r.statement_id,
  raisedBy: r.raised_by,
  reason: Number(r.reason) as DisputeReason,
  note: r.note,
  status: r.status as DisputeStatus,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
  resolutionNote: r.resolution_note,
  creditCdrId: r.credit_cdr_id,
  replacementCdrId: r.replacement_cdr_id,
  createdAt: new Date(r.created_at),
});

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

/** Disputes in plain SQL; an open one holds its CDR (open_for, unique) until it is answered. */
export class SqlDisputeRepository implements DisputeRepository {
  constructor(private readonly sql: SqlConnection) {}

  async statementCovers(statementId: string, cdr: Cdr): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM settlement_statements s WHERE s.id = $1 AND s.provider_id = $3 AND s.cpo_id = $4
         AND (s.status = 'provisional' OR EXISTS (SELECT 1 FROM statement_cdrs l WHERE l.statement_id = s.id AND l.cdr_id = $2))`,
      [statementId, cdr.id, cdr.providerId, cdr.cpoId],
    );
    return rows.length > 0;
  }

  async create(d: Dispute): Promise<Dispute> {
    try {
      await this.sql.query(
        `INSERT INTO disputes (id, cdr_id, statement_id, raised_by, reason, note, status, open_for, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $2, $7)`,
        [d.id, d.cdrId, d.statementId, d.raisedBy, d.reason, d.note, d.createdAt],
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('DISPUTE_ALREADY_OPEN', `CDR ${d.cdrId} is disputed already`, { field: 'cdrId' });
      throw e;
    }
    return (await this.get(d.id)) as Dispute;
  }

  async get(id: string): Promise<Dispute | null> {
    const [r] = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM disputes d WHERE d.id = $1`, [id]);
    return r ? fromRow(r) : null;
  }

  async list(f: DisputeFilter): Promise<Dispute[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM disputes d JOIN cdrs c ON c.id = d.cdr_id
       WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.cdr_id = $2)
         AND ($3::text IS NULL OR d.raised_by = $3 OR c.cpo_id = $3 OR c.provider_id = $3)
       ORDER BY d.created_at DESC, d.id DESC LIMIT 1000`,
      [f.status ?? null, f.cdrId ?? null, f.visibleTo ?? null],
    );
    return rows.map(fromRow);
  }

  async isCredited(cdrId: string): Promise<boolean> {
    return (await this.sql.query(`SELECT 1 FROM cdrs WHERE credits_cdr_id = $1 LIMIT 1`, [cdrId])).length > 0;
  }

  async resolve(id: string, r: Parameters<DisputeRepository['resolve']>[1], cdrs: readonly Cdr[]): Promise<Dispute> {
    await this.sql.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE disputes SET status = $2, resolved_by = $3, resolved_at = $4, resolution_note = $5, credit_cdr_id = $6, replacement_cdr_id = $7,
           open_for = NULL, updated_at = now()
         WHERE id = $1 AND status = 'open' RETURNING id`,
        [id, r.status, r.resolvedBy, r.resolvedAt, r.resolutionNote, r.creditCdrId, r.replacementCdrId],
      );
      if (rows.length === 0) throw new AppError('DISPUTE_NOT_OPEN', `dispute ${id} was answered meanwhile`);
      if (cdrs.length > 0) await insertCdrs(tx, cdrs);
    });
    return (await this.get(id)) as Dispute;
  }
}
