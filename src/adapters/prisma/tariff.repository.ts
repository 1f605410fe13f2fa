import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { domainEvent } from '../../domain/events/index.js';
import type { PowerType, Tariff, TariffRepository, TariffTier, TariffVersion, VersionChange } from '../../domain/tariffs/index.js';
import { AppError } from '../../shared/errors.js';
import type { Sql, SqlConnection } from './database.js';
import { appendEvents, type AfterCommit } from './outbox.writer.js';

interface TariffRow {
  id: string;
  operator_id: string;
  location_id: string | null;
  power_type: string | null;
  name: string;
  currency: string;
}

interface VersionRow {
  tariff_id: string;
  version: number;
  valid_from: Date | string;
  valid_to: Date | string | null;
  session_fee: string | null;
  idle_per_minute: string | null;
  idle_grace_minutes: number | null;
  idle_daily_cap: string | null;
}

interface PeriodRow {
  tariff_id: string;
  version: number;
  starts_at: string;
  energy_price: string;
  service_fee: string;
  tier: string | null;
}

const changed = (tariffId: string, version?: number) =>
  domainEvent('tariff.changed', `${tariffId}:${randomUUID()}`, tariffId, { tariffId, ...(version !== undefined ? { version } : {}) }, new Date());

// Money as text: exact, whatever the driver would make of numeric.
const TARIFFS = 'SELECT id, operator_id, location_id, power_type, name, currency FROM tariffs';
/** Deleted tariffs are kept (with their versions ended) for pricing; nothing else sees them. */
const LIVE = 'deleted_at IS NULL';
const VERSIONS = `SELECT tariff_id, version, valid_from, valid_to, session_fee::text AS session_fee, idle_per_minute::text AS idle_per_minute,
  idle_grace_minutes, idle_daily_cap::text AS idle_daily_cap FROM tariff_versions`;
const PERIODS = `SELECT tariff_id, version, starts_at, energy_price::text AS energy_price, service_fee::text AS service_fee, tier FROM tariff_periods`;

/** Tariffs with their versions and periods, from three result sets ordered by tariff. */
function assemble(tariffs: readonly TariffRow[], versions: readonly VersionRow[], periods: readonly PeriodRow[]): Tariff[] {
  const periodsOf = new Map<string, TariffVersion['periods'][number][]>();
  for (const p of periods) {
    const key = `${p.tariff_id}\u0000${p.version}`;
    const list = periodsOf.get(key) ?? [];
    list.push({ startsAt: p.starts_at, energyPrice: new Decimal(p.energy_price), serviceFee: new Decimal(p.service_fee), tier: (p.tier as TariffTier | null) ?? null });
    periodsOf.set(key, list);
  }
  const versionsOf = new Map<string, TariffVersion[]>();
  for (const v of versions) {
    const list = versionsOf.get(v.tariff_id) ?? [];
    list.push({
      tariffId: v.tariff_id,
      version: Number(v.version),
      validFrom: new Date(v.valid_from),
      validTo: v.valid_to === null ? null : new Date(v.valid_to),
      periods: (periodsOf.get(`${v.tariff_id}\u0000${v.version}`) ?? []).sort((a, b) => (a.startsAt < b.startsAt ? -1 : 1)),
      idleFee:
        v.idle_per_minute === null
          ? null
          : { perMinute: new Decimal(v.idle_per_minute), graceMinutes: Number(v.idle_grace_minutes ?? 0), dailyCap: v.idle_daily_cap === null ? null : new Decimal(v.idle_daily_cap) },
      sessionFee: v.session_fee === null ? null : new Decimal(v.session_fee),
    });
    versionsOf.set(v.tariff_id, list);
  }
  return tariffs
    .map((t) => ({
      id: t.id,
      operatorId: t.operator_id,
      locationId: t.location_id,
      powerType: (t.power_type as PowerType | null) ?? null,
      name: t.name,
      currency: 'CNY' as const,
      versions: (versionsOf.get(t.id) ?? []).sort((a, b) => a.version - b.version),
    }))
    .filter((t) => t.versions.length > 0);
}

/** Tariffs matching `where` (a condition, or ''); deleted ones only when `withDeleted`. */
async function load(sql: Sql, where: string, params: unknown[], withDeleted = false): Promise<Tariff[]> {
  const conditions = [where, withDeleted ? '' : LIVE].filter((c) => c !== '');
  const clause = conditions.length > 0 ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
  const tariffs = await sql.query<TariffRow>(`${TARIFFS} ${clause.replaceAll('$T', 'id')} ORDER BY id`, params);
  if (tariffs.length === 0) return [];
  const ids = tariffs.map((t) => t.id);
  const [versions, periods] = await Promise.all([
    sql.query<VersionRow>(`${VERSIONS} WHERE tariff_id = ANY($1::text[]) ORDER BY tariff_id, version`, [ids]),
    sql.query<PeriodRow>(`${PERIODS} WHERE tariff_id = ANY($1::text[]) ORDER BY tariff_id, version, starts_at`, [ids]),
  ]);
  return assemble(tariffs, versions, periods);
}

/** Every tariff with its versions (the availability catalog reads them all). */
export function allTariffs(sql: Sql): Promise<Tariff[]> {
  return load(sql, '', []);
}

/** The tariffs of these operators, with their versions (pricing), deleted ones included. */
export function tariffsOf(sql: Sql, operatorIds: readonly string[]): Promise<Tariff[]> {
  return load(sql, 'operator_id = ANY($1::text[])', [[...operatorIds]], true);
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

async function insertVersion(tx: Sql, v: TariffVersion): Promise<void> {
  await tx.query(
    `INSERT INTO tariff_versions (tariff_id, version, valid_from, valid_to, session_fee, idle_per_minute, idle_grace_minutes, idle_daily_cap)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [v.tariffId, v.version, v.validFrom, v.validTo, v.sessionFee?.toFixed(4) ?? null, v.idleFee?.perMinute.toFixed(4) ?? null, v.idleFee?.graceMinutes ?? null, v.idleFee?.dailyCap?.toFixed(2) ?? null],
  );
  await tx.query(
    `INSERT INTO tariff_periods (tariff_id, version, starts_at, energy_price, service_fee, tier)
     SELECT $1, $2, * FROM unnest($3::text[], $4::numeric[], $5::numeric[], $6::text[])`,
    [v.tariffId, v.version, v.periods.map((p) => p.startsAt), v.periods.map((p) => p.energyPrice.toFixed(4)), v.periods.map((p) => p.serviceFee.toFixed(4)), v.periods.map((p) => p.tier)],
  );
}

/** Tariffs in plain SQL (PostgreSQL and PGlite); every change writes tariff.changed in its transaction. */
export class SqlTariffRepository implements TariffRepository {
  constructor(
    private readonly sql: SqlConnection,
    private readonly afterCommit: AfterCommit = async () => {},
  ) {}

  async create(t: Tariff): Promise<Tariff> {
    try {
      await this.sql.transaction(async (tx) => {
        await tx.query('INSERT INTO tariffs (id, operator_id, location_id, power_type, name, currency) VALUES ($1, $2, $3, $4, $5, $6)', [t.id, t.operatorId, t.locationId, t.powerType, t.name, t.currency]);
        for (const v of t.versions) await insertVersion(tx, v);
        await appendEvents(tx, [changed(t.id, 1)]);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('TARIFF_ALREADY_EXISTS', `tariff ${t.id} already exists`, { field: 'id' });
      throw e;
    }
    await this.afterCommit();
    return (await this.get(t.id)) as Tariff;
  }

  async get(id: string): Promise<Tariff | null> {
    return (await load(this.sql, '$T = $1', [id]))[0] ?? null;
  }

  list(filter: { operatorId?: string | undefined }): Promise<Tariff[]> {
    return filter.operatorId ? load(this.sql, 'operator_id = $1', [filter.operatorId]) : load(this.sql, '', []);
  }

  async rename(id: string, name: string): Promise<Tariff> {
    await this.sql.transaction(async (tx) => {
      const rows = await tx.query(`UPDATE tariffs SET name = $2, updated_at = now() WHERE id = $1 AND ${LIVE} RETURNING id`, [id, name]);
      if (rows.length === 0) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
      await appendEvents(tx, [changed(id)]);
    });
    await this.afterCommit();
    return (await this.get(id)) as Tariff;
  }

  async changeVersions(id: string, decide: (t: Tariff) => VersionChange): Promise<Tariff> {
    await this.sql.transaction(async (tx) => {
      // The row lock makes two changes of one tariff wait for each other (no two "version 3").
      const locked = await tx.query(`SELECT id FROM tariffs WHERE id = $1 AND ${LIVE} FOR UPDATE`, [id]);
      if (locked.length === 0) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
      const [current] = await load(tx, '$T = $1', [id]);
      if (!current) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
      const change = decide(current);
      if (change.remove !== undefined) await tx.query('DELETE FROM tariff_versions WHERE tariff_id = $1 AND version = $2', [id, change.remove]);
      if (change.end) await tx.query('UPDATE tariff_versions SET valid_to = $3 WHERE tariff_id = $1 AND version = $2', [id, change.end.version, change.end.validTo]);
      if (change.add) await insertVersion(tx, change.add);
      if (change.rename !== undefined) await tx.query('UPDATE tariffs SET name = $2 WHERE id = $1', [id, change.rename]);
      await tx.query('UPDATE tariffs SET updated_at = now() WHERE id = $1', [id]);
      await appendEvents(tx, [changed(id, change.add?.version)]);
    });
    await this.afterCommit();
    return (await this.get(id)) as Tariff;
  }

  async delete(id: string, at: Date): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const rows = await tx.query(`UPDATE tariffs SET deleted_at = $2, updated_at = now() WHERE id = $1 AND ${LIVE} RETURNING id`, [id, at]);
      if (rows.length === 0) throw new AppError('TARIFF_NOT_FOUND', `tariff ${id} not found`);
      await tx.query('DELETE FROM tariff_versions WHERE tariff_id = $1 AND valid_from > $2', [id, at]);
      await tx.query('UPDATE tariff_versions SET valid_to = $2 WHERE tariff_id = $1 AND (valid_to IS NULL OR valid_to > $2)', [id, at]);
      await appendEvents(tx, [changed(id)]);
    });
    await this.afterCommit();
  }
}
