import { Decimal } from 'decimal.js';
import type { Cdr } from '../../domain/cdrs/index.js';
import { domainEvent } from '../../domain/events/index.js';
import {
  StatementFold,
  settlementPeriod,
  statementId,
  type PeriodKind,
  type SettleableCdr,
  type SettlementPeriod,
  type SettlementStore,
  type StatementFigures,
  type StoredStatement,
} from '../../domain/settlement/index.js';
import { shanghaiDate } from '../../shared/shanghai-time.js';
import { SqlCdrRepository } from './cdr.repository.js';
import type { Sql, SqlConnection } from './database.js';
import { appendEvents } from './outbox.writer.js';

/** CDRs read per step of a close: memory stays flat however many a month holds. */
const PAGE = 5_000;

interface EligibleRow {
  seq: string;
  cdr_id: string;
  provider_id: string;
  cpo_id: string;
  kind: string;
  adjustment: boolean;
  energy_wh: string | number;
  energy_amount: string;
  service_amount: string;
  idle_amount: string;
  session_fee_amount: string;
  total: string;
}

interface StatementRow {
  id: string;
  kind: string;
  period_date: string;
  provider_id: string;
  cpo_id: string;
  status: string;
  period_from: Date | string;
  period_to: Date | string;
  figures: unknown;
}

type FiguresJson = { [K in keyof StatementFigures]: StatementFigures[K] extends Decimal ? string : number };

const figuresJson = (f: StatementFigures): FiguresJson => ({
  sessions: f.sessions,
  energyWh: f.energyWh,
  energyAmount: f.energyAmount.toFixed(2),
  serviceAmount: f.serviceAmount.toFixed(2),
  idleAmount: f.idleAmount.toFixed(2),
  sessionFeeAmount: f.sessionFeeAmount.toFixed(2),
  total: f.total.toFixed(2),
  cdrCount: f.cdrCount,
});

const figures = (j: FiguresJson): StatementFigures => ({
  sessions: j.sessions,
  energyWh: j.energyWh,
  energyAmount: new Decimal(j.energyAmount),
  serviceAmount: new Decimal(j.serviceAmount),
  idleAmount: new Decimal(j.idleAmount),
  sessionFeeAmount: new Decimal(j.sessionFeeAmount),
  total: new Decimal(j.total),
  cdrCount: j.cdrCount,
});

function fromRow(r: StatementRow): StoredStatement {
  const f = (typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures) as { regular: FiguresJson; adjustments: FiguresJson; total: FiguresJson };
  return {
    id: r.id,
    kind: r.kind as PeriodKind,
    date: r.period_date,
    from: new Date(r.period_from),
    to: new Date(r.period_to),
    providerId: r.provider_id,
    cpoId: r.cpo_id,
    status: r.status as StoredStatement['status'],
    regular: figures(f.regular),
    adjustments: figures(f.adjustments),
    total: figures(f.total),
  };
}

const STATEMENT_COLUMNS = 'id, kind, period_date, provider_id, cpo_id, status, period_from, period_to, figures';

/**
 * The CDRs a close of `period` takes: queued for its kind, settled on a day before its end; read in
 * the order they were queued (`seq` > $4), from the queue alone.
 */
const ELIGIBLE = `
  SELECT seq::text AS seq, cdr_id, provider_id, cpo_id, cdr_kind AS kind, (settlement_day < $2) AS adjustment, energy_wh,
         energy_amount::text AS energy_amount, service_amount::text AS service_amount, idle_amount::text AS idle_amount,
         session_fee_amount::text AS session_fee_amount, total::text AS total
  FROM settlement_queue
  WHERE period_kind = $1 AND seq > $4::bigint AND settlement_day < $3`;

const settleable = (r: EligibleRow): SettleableCdr => ({
  id: r.cdr_id,
  providerId: r.provider_id,
  cpoId: r.cpo_id,
  kind: r.kind as SettleableCdr['kind'],
  adjustment: r.adjustment,
  energyWh: Number(r.energy_wh),
  energyAmount: new Decimal(r.energy_amount),
  serviceAmount: new Decimal(r.service_amount),
  idleAmount: new Decimal(r.idle_amount),
  sessionFeeAmount: new Decimal(r.session_fee_amount),
  total: new Decimal(r.total),
});

/** The first day after the period ("YYYY-MM-DD"): settlement days before it belong to it or earlier. */
const endDay = (p: SettlementPeriod): string => shanghaiDate(p.to);

/**
 * Settlement in plain SQL. A close streams the settlement queue through the statement fold a page
 * at a time (so a month of a million CDRs takes flat memory), writes the statements, links the
 * CDRs, and dequeues them, all in one repeatable-read transaction: a crash leaves the period as it
 * was, and the CDRs linked are exactly those summed.
 */
export class SqlSettlementStore implements SettlementStore {
  readonly #cdrs: SqlCdrRepository;

  constructor(private readonly sql: SqlConnection) {
    this.#cdrs = new SqlCdrRepository(sql);
  }

  async isClosed(kind: PeriodKind, date: string): Promise<boolean> {
    return (await this.sql.query('SELECT 1 FROM settlement_closes WHERE kind = $1 AND period_date = $2', [kind, date])).length > 0;
  }

  async lastClosed(kind: PeriodKind): Promise<string | null> {
    const [r] = await this.sql.query<{ period_date: string }>('SELECT period_date FROM settlement_closes WHERE kind = $1 ORDER BY period_date DESC LIMIT 1', [kind]);
    return r?.period_date ?? null;
  }

  settle(period: SettlementPeriod, final: boolean): Promise<StoredStatement[]> {
    return this.sql.transaction(async (tx) => {
      // One snapshot for the fold and the writes, so the statements link exactly the CDRs they sum.
      // The lock comes first (a repeatable-read snapshot is taken by the first query): one close
      // or provisional run at a time, whichever node runs it.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await tx.query('LOCK TABLE settlement_closes IN SHARE ROW EXCLUSIVE MODE');
      if (final && (await tx.query('SELECT 1 FROM settlement_closes WHERE kind = $1 AND period_date = $2', [period.kind, period.date])).length > 0) {
        return (await tx.query<StatementRow>(`SELECT ${STATEMENT_COLUMNS} FROM settlement_statements WHERE kind = $1 AND period_date = $2 ORDER BY provider_id, cpo_id`, [period.kind, period.date])).map(fromRow);
      }
      // Read first, a page at a time (no transaction id is held while reading, so the outbox's
      // readers are not held back), then write with a few set-based statements.
      const fold = new StatementFold(period);
      for (let after = '0'; ; ) {
        const rows = await tx.query<EligibleRow>(`${ELIGIBLE} ORDER BY seq LIMIT ${PAGE}`, [period.kind, period.date, endDay(period), after]);
        for (const r of rows) fold.add(settleable(r));
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.seq;
      }
      const statements = fold.statements();
      if (final && statements.length > 0) {
        await tx.query(
          `INSERT INTO statement_cdrs (statement_id, cdr_id, period_kind, adjustment)
           SELECT p.statement_id, q.cdr_id, q.period_kind, q.settlement_day < $2
           FROM settlement_queue q JOIN unnest($4::text[], $5::text[], $6::text[]) AS p(provider_id, cpo_id, statement_id) USING (provider_id, cpo_id)
           WHERE q.period_kind = $1 AND q.settlement_day < $3`,
          [period.kind, period.date, endDay(period), statements.map((x) => x.providerId), statements.map((x) => x.cpoId), statements.map((x) => x.id)],
        );
        await tx.query('DELETE FROM settlement_queue WHERE period_kind = $1 AND settlement_day < $2', [period.kind, endDay(period)]);
      }
      await tx.query(`DELETE FROM settlement_statements WHERE kind = $1 AND period_date = $2 AND status = 'provisional'`, [period.kind, period.date]);
      const status = final ? 'final' : 'provisional';
      if (statements.length > 0) {
        await tx.query(
          `INSERT INTO settlement_statements (id, kind, period_date, provider_id, cpo_id, status, period_from, period_to, figures, total, updated_at)
           SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::jsonb[], $10::numeric[])`,
          [
            statements.map((s) => s.id),
            statements.map(() => period.kind),
            statements.map(() => period.date),
            statements.map((s) => s.providerId),
            statements.map((s) => s.cpoId),
            statements.map(() => status),
            statements.map(() => period.from.toISOString()),
            statements.map(() => period.to.toISOString()),
            statements.map((s) => JSON.stringify({ regular: figuresJson(s.regular), adjustments: figuresJson(s.adjustments), total: figuresJson(s.total) })),
            statements.map((s) => s.total.total.toFixed(2)),
          ],
        );
      }
      if (final) {
        await tx.query('INSERT INTO settlement_closes (kind, period_date) VALUES ($1, $2)', [period.kind, period.date]);
        await appendEvents(tx, [domainEvent('settlement.closed', `${period.kind}:${period.date}`, `${period.kind}:${period.date}`, { kind: period.kind, date: period.date }, period.to)]);
      }
      return statements.map((s) => ({ ...s, status }));
    });
  }

  async statementsOf(kind: PeriodKind, date: string, partyId?: string): Promise<StoredStatement[]> {
    const rows = await this.sql.query<StatementRow>(
      `SELECT ${STATEMENT_COLUMNS} FROM settlement_statements WHERE kind = $1 AND period_date = $2 AND ($3::text IS NULL OR provider_id = $3 OR cpo_id = $3)
       ORDER BY provider_id, cpo_id`,
      [kind, date, partyId ?? null],
    );
    return rows.map(fromRow);
  }

  async get(id: string): Promise<StoredStatement | null> {
    const [r] = await this.sql.query<StatementRow>(`SELECT ${STATEMENT_COLUMNS} FROM settlement_statements WHERE id = $1`, [id]);
    return r ? fromRow(r) : null;
  }

  async *cdrsOf(s: StoredStatement): AsyncIterable<{ cdr: Cdr; adjustment: boolean }> {
    const period = settlementPeriod(s.kind, s.date);
    let after = '';
    for (;;) {
      const rows: { cdr_id: string; adjustment: boolean }[] =
        s.status === 'final'
          ? await this.sql.query(`SELECT cdr_id, adjustment FROM statement_cdrs WHERE statement_id = $1 AND cdr_id > $2 ORDER BY cdr_id LIMIT 500`, [s.id, after])
          : await this.sql.query(`${ELIGIBLE} AND provider_id = $5 AND cpo_id = $6 AND cdr_id > $7 ORDER BY cdr_id LIMIT 500`, [s.kind, period.date, endDay(period), '0', s.providerId, s.cpoId, after]);
      if (rows.length === 0) return;
      const cdrs = new Map((await this.#cdrs.getMany(rows.map((r) => r.cdr_id))).map((c) => [c.id, c]));
      for (const r of rows) {
        const cdr = cdrs.get(r.cdr_id);
        if (cdr) yield { cdr, adjustment: r.adjustment };
      }
      after = rows[rows.length - 1]!.cdr_id;
    }
  }
}

/** For tests and tools: the queue rows of a CDR. */
export async function queuedKinds(sql: Sql, cdrId: string): Promise<string[]> {
  return (await sql.query<{ period_kind: string }>('SELECT period_kind FROM settlement_queue WHERE cdr_id = $1 ORDER BY period_kind', [cdrId])).map((r) => r.period_kind);
}
