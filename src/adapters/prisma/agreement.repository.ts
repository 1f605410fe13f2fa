import type { Agreement, AgreementFilter, AgreementPatch, AgreementRepository, NewAgreement } from '../../domain/agreements/index.js';
import type { City } from '../../domain/catalog/index.js';
import { domainEvent } from '../../domain/events/index.js';
import { AppError } from '../../shared/errors.js';
import type { Sql, SqlConnection } from './database.js';
import { appendEvents, type AfterCommit } from './outbox.writer.js';
import { decodeCursor, encodeCursor } from './prisma-errors.js';

interface Row {
  id: string;
  provider_id: string;
  operator_id: string;
  valid_from: Date | string;
  valid_to: Date | string | null;
  cities: string[] | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, provider_id, operator_id, valid_from, valid_to, cities, created_at, updated_at';

/** PGlite may return text[] as its literal ("{a,b}"). */
const textArray = (v: string[] | string): string[] => (Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').filter(Boolean));

const fromRow = (r: Row): Agreement => ({
  id: r.id,
  providerId: r.provider_id,
  operatorId: r.operator_id,
  validFrom: new Date(r.valid_from),
  validTo: r.valid_to === null ? null : new Date(r.valid_to),
  cities: textArray(r.cities) as City[],
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';
const isForeignKeyViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23503';

/** Agreements in plain SQL; every change writes agreement.changed in its transaction. */
export class SqlAgreementRepository implements AgreementRepository {
  constructor(
    private readonly sql: SqlConnection,
    private readonly afterCommit: AfterCommit = async () => {},
  ) {}

  async create(a: NewAgreement): Promise<Agreement> {
    let row: Row | undefined;
    try {
      row = await this.sql.transaction(async (tx) => {
        const [r] = await tx.query<Row>(
          `INSERT INTO agreements (id, provider_id, operator_id, valid_from, valid_to, cities) VALUES ($1, $2, $3, $4, $5, $6::text[]) RETURNING ${COLUMNS}`,
          [a.id, a.providerId, a.operatorId, a.validFrom, a.validTo, [...a.cities]],
        );
        await changed(tx, a.id);
        return r;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('AGREEMENT_ALREADY_EXISTS', `agreement ${a.id} already exists`, { field: 'id' });
      if (isForeignKeyViolation(e)) throw new AppError('OPERATOR_NOT_FOUND', 'a party of the agreement does not exist');
      throw e;
    }
    await this.afterCommit();
    return fromRow(row!);
  }

  async get(id: string): Promise<Agreement | null> {
    const [r] = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM agreements WHERE id = $1`, [id]);
    return r ? fromRow(r) : null;
  }

  async between(providerId: string, operatorId: string): Promise<readonly Agreement[]> {
    const rows = await this.sql.query<Row>(`SELECT ${COLUMNS} FROM agreements WHERE provider_id = $1 AND operator_id = $2 ORDER BY id`, [providerId, operatorId]);
    return rows.map(fromRow);
  }

  /** By id; the cursor is the last id. */
  async list(f: AgreementFilter): Promise<{ items: Agreement[]; nextCursor: string | null }> {
    const c = decodeCursor(f.cursor, 1);
    const rows = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM agreements
       WHERE ($1::text IS NULL OR provider_id = $1) AND ($2::text IS NULL OR operator_id = $2)
         AND ($3::text IS NULL OR provider_id = $3 OR operator_id = $3) AND ($4::text IS NULL OR id > $4)
       ORDER BY id LIMIT $5`,
      [f.providerId ?? null, f.operatorId ?? null, f.partyId ?? null, c ? String(c[0]) : null, f.limit + 1],
    );
    const items = rows.slice(0, f.limit).map(fromRow);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor([last.id]) : null };
  }

  async update(id: string, patch: AgreementPatch): Promise<Agreement> {
    const row = await this.sql.transaction(async (tx) => {
      const [r] = await tx.query<Row>(
        `UPDATE agreements SET
           valid_from = COALESCE($2, valid_from),
           valid_to = CASE WHEN $3::boolean THEN $4::timestamptz ELSE valid_to END,
           cities = COALESCE($5::text[], cities),
           updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, patch.validFrom ?? null, patch.validTo !== undefined, patch.validTo ?? null, patch.cities ? [...patch.cities] : null],
      );
      if (!r) throw new AppError('AGREEMENT_NOT_FOUND', `agreement ${id} not found`);
      await changed(tx, id);
      return r;
    });
    await this.afterCommit();
    return fromRow(row);
  }

  async delete(id: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const [used] = await tx.query(`SELECT 1 FROM charging_sessions WHERE agreement_id = $1 LIMIT 1`, [id]);
      if (used) throw new AppError('AGREEMENT_IN_USE', `sessions charged under agreement ${id}: end it with validTo instead`);
      const rows = await tx.query(`DELETE FROM agreements WHERE id = $1 RETURNING id`, [id]);
      if (rows.length === 0) throw new AppError('AGREEMENT_NOT_FOUND', `agreement ${id} not found`);
      await changed(tx, id);
    });
    await this.afterCommit();
  }
}

function changed(tx: Sql, id: string): Promise<void> {
  return appendEvents(tx, [domainEvent('agreement.changed', `${id}:${Date.now()}:${Math.random().toString(36).slice(2)}`, id, { agreementId: id }, new Date())]);
}
