import { Decimal } from 'decimal.js';
import type { Cdr, CdrFilter, CdrKind, CdrRepository, CdrStatus, CdrTariff, SessionFacts } from '../../domain/cdrs/index.js';
import { domainEvent } from '../../domain/events/index.js';
import type { CdrLine, QualityFinding, TariffTier } from '../../domain/pricing/index.js';
import type { Sql, SqlConnection } from './database.js';
import { appendEvents } from './outbox.writer.js';
import { decodeCursor, encodeCursor, isCursorTime } from './prisma-errors.js';
import { tariffsOf } from './tariff.repository.js';

interface CdrRow {
  id: string;
  session_id: string;
  kind: string;
  status: string;
  status_reason: string | null;
  quality: unknown;
  cpo_id: string;
  provider_id: string;
  agreement_id: string | null;
  credits_cdr_id: string | null;
  replaces_cdr_id: string | null;
  id_token: string | null;
  location: unknown;
  tariff: unknown;
  started_at: Date | string;
  stopped_at: Date | string;
  energy_wh: string | number;
  energy_amount: string;
  service_amount: string;
  idle_amount: string;
  session_fee_amount: string;
  total: string;
  settlement_day: string;
  created_at: Date | string;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
  review_note: string | null;
}

interface LineRow {
  cdr_id: string;
  line_no: number;
  kind: string;
  starts_at: Date | string;
  ends_at: Date | string;
  wh: string | number;
  minutes: number;
  tier: string | null;
  tariff_id: string | null;
  tariff_version: number | null;
  energy_price: string;
  service_fee: string;
  energy_amount: string;
  service_amount: string;
  fee_amount: string;
  amount: string;
  split_by: string | null;
}

const COLUMNS = `id, session_id, kind, status, status_reason, quality, cpo_id, provider_id, agreement_id, credits_cdr_id, replaces_cdr_id, id_token,
  location, tariff, started_at, stopped_at, energy_wh, energy_amount::text AS energy_amount, service_amount::text AS service_amount,
  idle_amount::text AS idle_amount, session_fee_amount::text AS session_fee_amount, total::text AS total, settlement_day, created_at,
  reviewed_by, reviewed_at, review_note`;
const LINE_COLUMNS = `cdr_id, line_no, kind, starts_at, ends_at, wh, minutes, tier, tariff_id, tariff_version, energy_price::text AS energy_price,
  service_fee::text AS service_fee, energy_amount::text AS energy_amount, service_amount::text AS service_amount, fee_amount::text AS fee_amount,
  amount::text AS amount, split_by`;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const dec = (v: unknown): Decimal => new Decimal(v as string);

/** The tariff snapshot as stored (JSON: decimals and times as strings) back into its types. */
function tariffFromJson(v: unknown): CdrTariff {
  const t = json<{ tariffId: string | null; name: string | null; versions: any[] }>(v);
  return {
    tariffId: t.tariffId,
    name: t.name,
    versions: t.versions.map((x) => ({
      version: x.version,
      validFrom: new Date(x.validFrom),
      validTo: x.validTo === null ? null : new Date(x.validTo),
      periods: x.periods.map((p: any) => ({ startsAt: p.startsAt, energyPrice: dec(p.energyPrice), serviceFee: dec(p.serviceFee), tier: p.tier ?? null })),
      idleFee: x.idleFee ? { perMinute: dec(x.idleFee.perMinute), graceMinutes: x.idleFee.graceMinutes, dailyCap: x.idleFee.dailyCap === null ? null : dec(x.idleFee.dailyCap) } : null,
      sessionFee: x.sessionFee === null ? null : dec(x.sessionFee),
    })),
  };
}

const lineFromRow = (r: LineRow): CdrLine => ({
  kind: r.kind as CdrLine['kind'],
  startsAt: new Date(r.starts_at),
  endsAt: new Date(r.ends_at),
  wh: Number(r.wh),
  minutes: Number(r.minutes),
  tier: (r.tier as TariffTier | null) ?? null,
  tariffId: r.tariff_id ?? '',
  tariffVersion: r.tariff_version ?? 0,
  energyPrice: dec(r.energy_price),
  serviceFee: dec(r.service_fee),
  energyAmount: dec(r.energy_amount),
  serviceAmount: dec(r.service_amount),
  feeAmount: dec(r.fee_amount),
  amount: dec(r.amount),
  splitBy: (r.split_by as CdrLine['splitBy']) ?? null,
});

function cdrFromRow(r: CdrRow, lines: readonly CdrLine[]): Cdr {
  return {
    id: r.id,
    sessionId: r.session_id,
    kind: r.kind as CdrKind,
    status: r.status as CdrStatus,
    statusReason: r.status_reason,
    quality: json<QualityFinding[]>(r.quality),
    cpoId: r.cpo_id,
    providerId: r.provider_id,
    agreementId: r.agreement_id,
    creditsCdrId: r.credits_cdr_id,
    replacesCdrId: r.replaces_cdr_id,
    idToken: r.id_token,
    location: json(r.location),
    tariff: tariffFromJson(r.tariff),
    startedAt: new Date(r.started_at),
    stoppedAt: new Date(r.stopped_at),
    lines,
    totals: {
      energyWh: Number(r.energy_wh),
      energyAmount: dec(r.energy_amount),
      serviceAmount: dec(r.service_amount),
      idleAmount: dec(r.idle_amount),
      sessionFeeAmount: dec(r.session_fee_amount),
      total: dec(r.total),
    },
    currency: 'CNY',
    settlementDay: r.settlement_day,
    createdAt: new Date(r.created_at),
    review: r.reviewed_by && r.reviewed_at ? { by: r.reviewed_by, at: new Date(r.reviewed_at), note: r.review_note } : null,
  };
}

async function withLines(sql: Sql, rows: readonly CdrRow[]): Promise<Cdr[]> {
  if (rows.length === 0) return [];
  const lines = await sql.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM cdr_lines WHERE cdr_id = ANY($1::text[]) ORDER BY cdr_id, line_no`, [rows.map((r) => r.id)]);
  const byCdr = new Map<string, CdrLine[]>();
  for (const l of lines) {
    const list = byCdr.get(l.cdr_id) ?? [];
    list.push(lineFromRow(l));
    byCdr.set(l.cdr_id, list);
  }
  return rows.map((r) => cdrFromRow(r, byCdr.get(r.id) ?? []));
}

/** Where clause and parameters of a filter (the cursor aside). */
function where(f: Omit<CdrFilter, 'cursor' | 'limit'>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  const add = (clause: string, v: unknown) => {
    params.push(v);
    parts.push(clause.replaceAll('?', `$${params.length}`));
  };
  if (f.operatorId) add('cpo_id = ?', f.operatorId);
  if (f.providerId) add('provider_id = ?', f.providerId);
  if (f.city) add('city = ?', f.city);
  if (f.status) add('status = ?', f.status);
  if (f.kind) add('kind = ?', f.kind);
  if (f.sessionId) add('session_id = ?', f.sessionId);
  if (f.from) add('stopped_at >= ?', f.from);
  if (f.to) add('stopped_at < ?', f.to);
  if (f.visibleTo) add('(cpo_id = ? OR provider_id = ?)', f.visibleTo);
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const text = (v: unknown) => JSON.stringify(v);

/** CDRs in plain SQL: written in batches with their lines and events, read with their lines. */
export class SqlCdrRepository implements CdrRepository {
  constructor(private readonly sql: SqlConnection) {}

  async facts(sessionIds: readonly string[]): Promise<SessionFacts[]> {
    if (sessionIds.length === 0) return [];
    const ids = [...sessionIds];
    const sessions = await this.sql.query<{
      id: string; station_id: string; operator_id: string; provider_id: string | null; agreement_id: string | null; id_token: string | null;
      auth_status: string | null; evse_no: number | null; connector_no: number | null; status: string; started_at: Date | string; stopped_at: Date | string | null;
      meter_start_wh: string | number | null; meter_stop_wh: string | number | null; location_id: string | null; name: string | null; city: string | null;
      district: string | null; address: string | null; standard: string | null; max_power_w: number | null;
    }>(
      `SELECT s.id, s.station_id, s.operator_id, s.provider_id, s.agreement_id, s.id_token, s.auth_status, s.evse_no, s.connector_no, s.status,
              s.started_at, s.stopped_at, s.meter_start_wh, s.meter_stop_wh, l.id AS location_id, l.name, l.city, l.district, l.address,
              c.standard, COALESCE(c.max_power_w, e.max_power_w) AS max_power_w
       FROM charging_sessions s
       JOIN stations st ON st.id = s.station_id
       LEFT JOIN locations l ON l.id = st.location_id
       LEFT JOIN evses e ON e.station_id = s.station_id AND e.evse_no = s.evse_no
       LEFT JOIN connectors c ON c.station_id = s.station_id AND c.evse_no = s.evse_no AND c.connector_no = COALESCE(s.connector_no, 1)
       WHERE s.id = ANY($1::text[])`,
      [ids],
    );
    if (sessions.length === 0) return [];
    const [readings, ended201, ended16, tariffs] = await Promise.all([
      // The outlet's register where a station reports several places.
      this.sql.query<{ session_id: string; sampled_at: Date | string; value: string }>(
        `SELECT DISTINCT ON (session_id, sampled_at) session_id, sampled_at, value::text AS value FROM meter_samples
         WHERE session_id = ANY($1::text[]) AND measurand = 'Energy.Active.Import.Register' AND phase = '' AND unit = 'Wh' AND location IN ('', 'Outlet')
         ORDER BY session_id, sampled_at, (location = 'Outlet') DESC`,
        [ids],
      ),
      // 2.0.1: the first chargingState after the last Charging/SuspendedEV that is neither.
      this.sql.query<{ session_id: string; ended_at: Date | string }>(
        `SELECT e.session_id, min(e.occurred_at) AS ended_at
         FROM transaction_events e
         JOIN (SELECT session_id, max(occurred_at) AS last_charging FROM transaction_events
               WHERE session_id = ANY($1::text[]) AND charging_state IN ('Charging', 'SuspendedEV') GROUP BY session_id) c ON c.session_id = e.session_id
         WHERE e.session_id = ANY($1::text[]) AND e.charging_state IS NOT NULL AND e.charging_state NOT IN ('Charging', 'SuspendedEV')
           AND e.occurred_at > c.last_charging
         GROUP BY e.session_id`,
        [ids],
      ),
      // 1.6: the first SuspendedEV or Finishing after the connector's last Charging within the session.
      this.sql.query<{ session_id: string; ended_at: Date | string }>(
        `WITH s AS (SELECT id, station_id, evse_no, started_at, stopped_at FROM charging_sessions WHERE id = ANY($1::text[]) AND ocpp_version = '1.6'),
         h AS (SELECT s.id, h.ocpp_status, h.occurred_at FROM s JOIN connector_status_history h
               ON h.station_id = s.station_id AND h.evse_no = s.evse_no AND h.occurred_at >= s.started_at AND h.occurred_at <= COALESCE(s.stopped_at, 'infinity')),
         lc AS (SELECT id, max(occurred_at) AS last_charging FROM h WHERE ocpp_status = 'Charging' GROUP BY id)
         SELECT h.id AS session_id, min(h.occurred_at) AS ended_at FROM h JOIN lc ON lc.id = h.id
         WHERE h.ocpp_status IN ('SuspendedEV', 'Finishing') AND h.occurred_at > lc.last_charging GROUP BY h.id`,
        [ids],
      ),
      tariffsOf(this.sql, [...new Set(sessions.map((s) => s.operator_id))]),
    ]);
    const readingsOf = new Map<string, { at: Date; wh: number }[]>();
    for (const r of readings) {
      const list = readingsOf.get(r.session_id) ?? [];
      list.push({ at: new Date(r.sampled_at), wh: new Decimal(r.value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() });
      readingsOf.set(r.session_id, list);
    }
    const endedAt = new Map<string, Date>([...ended201, ...ended16].map((r) => [r.session_id, new Date(r.ended_at)]));
    const num = (v: string | number | null) => (v === null ? null : Number(v));
    return sessions.map((s) => ({
      session: {
        id: s.id,
        stationId: s.station_id,
        cpoId: s.operator_id,
        providerId: s.provider_id,
        agreementId: s.agreement_id,
        idToken: s.id_token,
        authStatus: s.auth_status,
        evseNo: s.evse_no,
        connectorNo: s.connector_no,
        status: s.status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE',
        startedAt: new Date(s.started_at),
        stoppedAt: s.stopped_at === null ? null : new Date(s.stopped_at),
        meterStartWh: num(s.meter_start_wh),
        meterStopWh: num(s.meter_stop_wh),
      },
      location: s.location_id && s.name !== null && s.city !== null && s.address !== null ? { id: s.location_id, name: s.name, city: s.city, district: s.district, address: s.address } : null,
      connector: s.standard !== null || s.max_power_w !== null ? { standard: s.standard ?? 'UNKNOWN', maxPowerW: s.max_power_w } : null,
      readings: readingsOf.get(s.id) ?? [],
      chargingEndedAt: endedAt.get(s.id) ?? null,
      tariffs: tariffs.filter((t) => t.operatorId === s.operator_id),
    }));
  }

  insert(cdrs: readonly Cdr[]): Promise<string[]> {
    if (cdrs.length === 0) return Promise.resolve([]);
    return this.sql.transaction((tx) => insertCdrs(tx, cdrs));
  }

  /** Several CDRs by id, with their lines (in no particular order). */
  async getMany(ids: readonly string[]): Promise<Cdr[]> {
    if (ids.length === 0) return [];
    return withLines(this.sql, await this.sql.query<CdrRow>(`SELECT ${COLUMNS} FROM cdrs WHERE id = ANY($1::text[])`, [[...ids]]));
  }

  async get(id: string): Promise<Cdr | null> {
    const rows = await this.sql.query<CdrRow>(`SELECT ${COLUMNS} FROM cdrs WHERE id = $1`, [id]);
    return (await withLines(this.sql, rows))[0] ?? null;
  }

  async list(f: CdrFilter): Promise<{ items: Cdr[]; nextCursor: string | null }> {
    const c = decodeCursor(f.cursor, 2, ([at, id]) => isCursorTime(at) && typeof id === 'string');
    const w = where(f);
    const params = [...w.params];
    let clause = w.sql;
    if (c) {
      params.push(new Date(String(c[0])), String(c[1]));
      const keyset = `(stopped_at, id) < ($${params.length - 1}, $${params.length})`;
      clause = clause ? `${clause} AND ${keyset}` : `WHERE ${keyset}`;
    }
    params.push(f.limit + 1);
    const rows = await this.sql.query<CdrRow>(`SELECT ${COLUMNS} FROM cdrs ${clause} ORDER BY stopped_at DESC, id DESC LIMIT $${params.length}`, params);
    const items = await withLines(this.sql, rows.slice(0, f.limit));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor([last.stoppedAt.toISOString(), last.id]) : null };
  }

  async *stream(f: Omit<CdrFilter, 'cursor' | 'limit'>): AsyncIterable<Cdr> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...f, cursor, limit: 500 });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async review(id: string, status: 'priced' | 'voided', review: { by: string; at: Date; note: string | null }): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE cdrs SET status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5 WHERE id = $1 AND status = 'held' RETURNING id`,
        [id, status, review.by, review.at, review.note],
      );
      if (rows.length === 0) return false;
      if (status === 'priced') {
        await enqueue(tx, [id]);
      }
      await appendEvents(tx, [domainEvent('cdr.reviewed', id, id, { cdrId: id, status }, review.at)]);
      return true;
    });
  }
}

/** Inside a transaction: CDRs (originals once per session), their lines and cdr.created events. */
export async function insertCdrs(tx: Sql, cdrs: readonly Cdr[]): Promise<string[]> {
  const s = (f: (c: Cdr) => unknown) => cdrs.map(f);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO cdrs (id, session_id, original_of, kind, status, status_reason, quality, cpo_id, provider_id, agreement_id, credits_cdr_id,
       replaces_cdr_id, id_token, station_id, evse_no, connector_no, location_id, city, started_at, stopped_at, energy_wh, energy_amount,
       service_amount, idle_amount, session_fee_amount, total, currency, settlement_day, location, tariff, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::text[], $10::text[],
       $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::int[], $17::text[], $18::text[], $19::timestamptz[], $20::timestamptz[],
       $21::bigint[], $22::numeric[], $23::numeric[], $24::numeric[], $25::numeric[], $26::numeric[], $27::text[], $28::text[], $29::jsonb[],
       $30::jsonb[], $31::timestamptz[])
     ON CONFLICT (original_of) DO NOTHING
     RETURNING id`,
    [
      s((c) => c.id), s((c) => c.sessionId), s((c) => (c.kind === 'original' ? c.sessionId : null)), s((c) => c.kind), s((c) => c.status),
      s((c) => c.statusReason), s((c) => text(c.quality)), s((c) => c.cpoId), s((c) => c.providerId), s((c) => c.agreementId),
      s((c) => c.creditsCdrId), s((c) => c.replacesCdrId), s((c) => c.idToken), s((c) => c.location.stationId), s((c) => c.location.evseNo),
      s((c) => c.location.connectorNo), s((c) => c.location.locationId), s((c) => c.location.city), s((c) => c.startedAt.toISOString()),
      s((c) => c.stoppedAt.toISOString()), s((c) => c.totals.energyWh), s((c) => c.totals.energyAmount.toFixed(2)),
      s((c) => c.totals.serviceAmount.toFixed(2)), s((c) => c.totals.idleAmount.toFixed(2)), s((c) => c.totals.sessionFeeAmount.toFixed(2)),
      s((c) => c.totals.total.toFixed(2)), s((c) => c.currency), s((c) => c.settlementDay), s((c) => text(c.location)), s((c) => text(c.tariff)),
      s((c) => c.createdAt.toISOString()),
    ],
  );
  const ids = new Set(inserted.map((r) => r.id));
  const kept = cdrs.filter((c) => ids.has(c.id));
  const lines = kept.flatMap((c) => c.lines.map((l, i) => ({ c, l, i })));
  if (lines.length > 0) {
    const m = (f: (x: (typeof lines)[number]) => unknown) => lines.map(f);
    await tx.query(
      `INSERT INTO cdr_lines (cdr_id, line_no, kind, starts_at, ends_at, wh, minutes, tier, tariff_id, tariff_version, energy_price, service_fee,
         energy_amount, service_amount, fee_amount, amount, split_by)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::bigint[], $7::int[], $8::text[], $9::text[],
         $10::int[], $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::numeric[], $16::numeric[], $17::text[])`,
      [
        m((x) => x.c.id), m((x) => x.i + 1), m((x) => x.l.kind), m((x) => x.l.startsAt.toISOString()), m((x) => x.l.endsAt.toISOString()),
        m((x) => x.l.wh), m((x) => x.l.minutes), m((x) => x.l.tier), m((x) => x.l.tariffId || null), m((x) => x.l.tariffVersion || null),
        m((x) => x.l.energyPrice.toFixed(4)), m((x) => x.l.serviceFee.toFixed(4)), m((x) => x.l.energyAmount.toFixed(2)),
        m((x) => x.l.serviceAmount.toFixed(2)), m((x) => x.l.feeAmount.toFixed(2)), m((x) => x.l.amount.toFixed(2)), m((x) => x.l.splitBy),
      ],
    );
  }
  await queueForSettlement(tx, kept);
  await appendEvents(tx, kept.map((c) => domainEvent('cdr.created', c.id, c.id, { cdrId: c.id, sessionId: c.sessionId, kind: c.kind, status: c.status }, c.createdAt)));
  return kept.map((c) => c.id);
}

/**
 * CDRs that count go into the settlement queue for days and months. Self-pairs (an operator's own
 * customers at its own stations) settle nothing between parties and are left out.
 */
async function queueForSettlement(tx: Sql, cdrs: readonly Cdr[]): Promise<void> {
  const due = cdrs.filter((c) => c.status === 'priced' && c.providerId !== c.cpoId);
  if (due.length > 0) await enqueue(tx, due.map((c) => c.id));
}

/** Stored CDRs into the queue for days and months, with the figures a statement sums. */
async function enqueue(tx: Sql, ids: readonly string[]): Promise<void> {
  await tx.query(
    `INSERT INTO settlement_queue (cdr_id, period_kind, settlement_day, provider_id, cpo_id, cdr_kind, energy_wh, energy_amount, service_amount,
       idle_amount, session_fee_amount, total)
     SELECT c.id, k, c.settlement_day, c.provider_id, c.cpo_id, c.kind, c.energy_wh, c.energy_amount, c.service_amount, c.idle_amount,
       c.session_fee_amount, c.total
     FROM cdrs c, unnest(ARRAY['day', 'month']) k
     WHERE c.id = ANY($1::text[]) AND c.status = 'priced' AND c.provider_id <> c.cpo_id
     ORDER BY c.id, k
     ON CONFLICT DO NOTHING`,
    [[...ids]],
  );
}
