import { Decimal } from 'decimal.js';
import type { Tariff, TariffRepository } from '../../domain/tariffs/index.js';
import { AppError } from '../../shared/errors.js';
import { randomUUID } from 'node:crypto';
import { domainEvent } from '../../domain/events/index.js';
import type { Sql, SqlConnection } from './database.js';
import { appendEvents, type AfterCommit } from './outbox.writer.js';

const changed = (tariffId: string) => domainEvent('tariff.changed', `${tariffId}:${randomUUID()}`, tariffId, { tariffId }, new Date());

interface TariffRow {
  id: string;
  operator_id: string;
  location_id: string | null;
  name: string;
  currency: string;
  starts_at: string | null;
  energy_price: string | null;
  service_fee: string | null;
}

// Prices as text: exact, whatever the driver would make of numeric.
const SELECT = `
  SELECT t.id, t.operator_id, t.location_id, t.name, t.currency, p.starts_at, p.energy_price::text AS energy_price, p.service_fee::text AS service_fee
  FROM tariffs t LEFT JOIN tariff_periods p ON p.tariff_id = t.id`;

/** Rows of SELECT, ordered by tariff then period, as tariffs. */
export function tariffsFromRows(rows: readonly TariffRow[]): Tariff[] {
  const out: Tariff[] = [];
  let current: (Omit<Tariff, 'periods'> & { periods: Tariff['periods'][number][] }) | undefined;
  for (const r of rows) {
    if (current?.id !== r.id) {
      current = { id: r.id, operatorId: r.operator_id, locationId: r.location_id, name: r.name, currency: 'CNY', periods: [] };
      out.push(current);
    }
    if (r.starts_at !== null && r.energy_price !== null && r.service_fee !== null) {
      current.periods.push({ startsAt: r.starts_at, energyPrice: new Decimal(r.energy_price), serviceFee: new Decimal(r.service_fee) });
    }
  }
  return out;
}

/** Every tariff with its periods (the availability catalog reads them all, with the locations). */
export async function allTariffs(sql: Sql): Promise<Tariff[]> {
  return tariffsFromRows(await sql.query<TariffRow>(`${SELECT} ORDER BY t.id, p.starts_at`));
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

/** Tariffs in plain SQL (PostgreSQL and PGlite). */
export class SqlTariffRepository implements TariffRepository {
  constructor(
    private readonly sql: SqlConnection,
    private readonly afterCommit: AfterCommit = async () => {},
  ) {}

  async create(t: Tariff): Promise<Tariff> {
    try {
      await this.sql.transaction(async (tx) => {
        await tx.query('INSERT INTO tariffs (id, operator_id, location_id, name, currency) VALUES ($1, $2, $3, $4, $5)', [t.id, t.operatorId, t.locationId, t.name, t.currency]);
        await insertPeriods(tx, t.id, t.periods);
        await appendEvents(tx, [changed(t.id)]);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('TARIFF_ALREADY_EXISTS', `tariff ${t.id} already exists`, { field: 'id' });
      throw e;
    }
    await this.afterCommit();
    return (await this.get(t.id)) as Tariff;
  }

  async update(id: string, change: { name?: string | undefined; periods?: Tariff['periods'] | undefined }): Promise<Tariff> {
    await this.sql.transaction(async (tx) => {
      const rows = await tx.query('UPDATE tariffs SET name = COALESCE($2, name), updated_at = now() WHERE id = $1 RETURNING id', [id, change.name ?? null]);
      if (rows.length === 0) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
      if (change.periods) {
        await tx.query('DELETE FROM tariff_periods WHERE tariff_id = $1', [id]);
        await insertPeriods(tx, id, change.periods);
      }
      await appendEvents(tx, [changed(id)]);
    });
    await this.afterCommit();
    return (await this.get(id)) as Tariff;
  }

  async get(id: string): Promise<Tariff | null> {
    return tariffsFromRows(await this.sql.query<TariffRow>(`${SELECT} WHERE t.id = $1 ORDER BY p.starts_at`, [id]))[0] ?? null;
  }

  async list(filter: { operatorId?: string | undefined }): Promise<Tariff[]> {
    const rows = filter.operatorId
      ? await this.sql.query<TariffRow>(`${SELECT} WHERE t.operator_id = $1 ORDER BY t.id, p.starts_at`, [filter.operatorId])
      : await this.sql.query<TariffRow>(`${SELECT} ORDER BY t.id, p.starts_at`);
    return tariffsFromRows(rows);
  }

  async delete(id: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const rows = await tx.query('DELETE FROM tariffs WHERE id = $1 RETURNING id', [id]);
      if (rows.length === 0) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
      await appendEvents(tx, [changed(id)]);
    });
    await this.afterCommit();
  }
}

async function insertPeriods(tx: Sql, tariffId: string, periods: Tariff['periods']): Promise<void> {
  for (const p of periods) {
    await tx.query('INSERT INTO tariff_periods (tariff_id, starts_at, energy_price, service_fee) VALUES ($1, $2, $3, $4)', [tariffId, p.startsAt, p.energyPrice.toFixed(4), p.serviceFee.toFixed(4)]);
  }
}
