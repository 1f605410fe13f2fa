import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCdrRepository } from '../../../src/adapters/prisma/cdr.repository.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { SqlOutbox } from '../../../src/adapters/prisma/outbox.store.js';
import { SqlTariffRepository } from '../../../src/adapters/prisma/tariff.repository.js';
import { buildCdr, creditFor } from '../../../src/domain/cdrs/index.js';
import { tariffVersion } from '../../../src/domain/tariffs/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);
const now = t('2026-11-21T00:00:00Z');

describe.each(STORE_TARGETS)('CDRs on $name', (target) => {
  let sql: SqlConnection;
  let repo: SqlCdrRepository;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    sql = opened.db.sql;
    repo = new SqlCdrRepository(sql);
    await sql.query(`INSERT INTO operators (id, name, roles) VALUES ('CPO', 'CPO', '{CPO}'), ('APP', 'App', '{EMSP}')`);
    await sql.query(`INSERT INTO locations (id, operator_id, name, city, district, address, lat, lng) VALUES ('L1', 'CPO', 'Hub', 'Zhuzhou', 'Tianyuan', 'Road 1', 27.8, 113.1)`);
    await sql.query(`INSERT INTO stations (id, operator_id, location_id, password_hash) VALUES ('S16', 'CPO', 'L1', 'x'), ('S201', 'CPO', 'L1', 'x')`);
    await sql.query(`INSERT INTO evses (id, station_id, evse_no, max_power_w) VALUES ('S16.1', 'S16', 1, 60000), ('S201.1', 'S201', 1, 7000)`);
    await sql.query(`INSERT INTO connectors (id, evse_id, station_id, evse_no, connector_no, standard, max_power_w) VALUES ('S16.1.1', 'S16.1', 'S16', 1, 1, 'GBT_DC', 60000), ('S201.1.1', 'S201.1', 'S201', 1, 1, 'GBT_AC', NULL)`);
    await new SqlTariffRepository(sql).create({
      id: 'T', operatorId: 'CPO', locationId: null, powerType: null, name: 'Flat', currency: 'CNY',
      versions: [tariffVersion('T', 1, { validFrom: t('2026-01-01T00:00:00Z'), periods: [{ startsAt: '00:00', energyPricePerKwh: '1.2345', serviceFeePerKwh: '0.5' }], idleFee: { perMinute: '0.1', graceMinutes: 0 } }, now)],
    });
    const session = (id: string, station: string, version: string, start: string, stop: string, meterStop: number) =>
      sql.query(
        `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, id_token, auth_status, status, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh, provider_id)
         VALUES ($1, $2, 'CPO', $3, $1, 1, 1, 'TAG', 'Accepted', 'COMPLETED', $4, $5, 0, $6, $6, 'APP')`,
        [id, station, version, start, stop, meterStop],
      );
    await session('SES-16', 'S16', '1.6', '2026-11-20T02:00:00Z', '2026-11-20T03:00:00Z', 10_000);
    await session('SES-201', 'S201', '2.0.1', '2026-11-20T04:00:00Z', '2026-11-20T05:00:00Z', 5_000);
    // Readings, one of them also at the inlet (the outlet's counts), and one of another measurand.
    await sql.query(
      `INSERT INTO meter_samples (station_id, session_id, evse_no, sampled_at, measurand, location, value, unit) VALUES
       ('S16', 'SES-16', 1, '2026-11-20T02:30:00Z', 'Energy.Active.Import.Register', 'Outlet', 4000, 'Wh'),
       ('S16', 'SES-16', 1, '2026-11-20T02:30:00Z', 'Energy.Active.Import.Register', 'Inlet', 4100, 'Wh'),
       ('S16', 'SES-16', 1, '2026-11-20T02:15:00Z', 'Energy.Active.Import.Register', '', 2000, 'Wh'),
       ('S16', 'SES-16', 1, '2026-11-20T02:20:00Z', 'Power.Active.Import', '', 7000, 'W')`,
    );
    // 1.6 charging ends at the SuspendedEV after the last Charging; 2.0.1 at the EVConnected after the last Charging.
    await sql.query(
      `INSERT INTO connector_status_history (station_id, evse_no, connector_no, status, ocpp_status, occurred_at) VALUES
       ('S16', 1, 1, 'CHARGING', 'Charging', '2026-11-20T02:01:00Z'), ('S16', 1, 1, 'CHARGING', 'SuspendedEV', '2026-11-20T02:10:00Z'),
       ('S16', 1, 1, 'CHARGING', 'Charging', '2026-11-20T02:20:00Z'), ('S16', 1, 1, 'CHARGING', 'SuspendedEV', '2026-11-20T02:50:00Z'),
       ('S16', 1, 1, 'CHARGING', 'Finishing', '2026-11-20T02:55:00Z')`,
    );
    await sql.query(
      `INSERT INTO transaction_events (session_id, seq_no, event_type, trigger_reason, occurred_at, charging_state) VALUES
       ('SES-201', 0, 'Started', 'Authorized', '2026-11-20T04:00:00Z', 'Charging'), ('SES-201', 1, 'Updated', 'ChargingStateChanged', '2026-11-20T04:40:00Z', 'EVConnected'),
       ('SES-201', 2, 'Ended', 'EVDeparted', '2026-11-20T05:00:00Z', 'Idle')`,
    );
  });
  afterAll(() => dispose());

  it('reads the facts pricing needs: readings (outlet first, ordered), where charging ended, connector and tariffs', async () => {
    const facts = await repo.facts(['SES-16', 'SES-201', 'NO-SUCH']);
    const f16 = facts.find((f) => f.session.id === 'SES-16')!;
    expect(f16.readings).toEqual([{ at: t('2026-11-20T02:15:00Z'), wh: 2000 }, { at: t('2026-11-20T02:30:00Z'), wh: 4000 }]);
    expect(f16.chargingEndedAt).toEqual(t('2026-11-20T02:50:00Z'));
    expect(f16).toMatchObject({ connector: { standard: 'GBT_DC', maxPowerW: 60000 }, location: { id: 'L1', city: 'Zhuzhou', district: 'Tianyuan' }, session: { cpoId: 'CPO', providerId: 'APP', status: 'COMPLETED' } });
    expect(f16.tariffs.map((x) => x.id)).toEqual(['T']);
    const f201 = facts.find((f) => f.session.id === 'SES-201')!;
    expect(f201.chargingEndedAt).toEqual(t('2026-11-20T04:40:00Z'));
    // The connector has no power of its own: the EVSE's.
    expect(f201.connector).toEqual({ standard: 'GBT_AC', maxPowerW: 7000 });
    expect(facts).toHaveLength(2);
  });

  it('stores one original per session (replays skip), exact lines and amounts, with a cdr.created event each', async () => {
    const facts = await repo.facts(['SES-16', 'SES-201']);
    const first = facts.map((f, i) => buildCdr(f, `CDR-${i}`, now));
    expect(await repo.insert(first)).toEqual(['CDR-0', 'CDR-1']);
    // The same sessions again under new ids (another node, a redelivery): nothing stored.
    expect(await repo.insert(facts.map((f, i) => buildCdr(f, `CDR-AGAIN-${i}`, now)))).toEqual([]);
    const stored = (await repo.get('CDR-0'))!;
    expect(stored).toEqual(first[0]);
    // 10 kWh × 1.2345 = 12.345 → 12.35; idle 02:50–03:00 = 10 min × 0.10 = 1.00.
    expect(stored.totals.energyAmount.toFixed(2)).toBe('12.35');
    expect(stored.totals.idleAmount.toFixed(2)).toBe('1.00');
    const events = (await new SqlOutbox(sql).read({ txId: '0', id: '0' }, 100, ['cdr.created'])).events.map((e) => e.subject);
    expect(events).toEqual(['CDR-0', 'CDR-1']);
    // A credit of it is a separate CDR (no original_of), negated.
    const credit = creditFor(stored, now);
    expect(await repo.insert([credit])).toEqual(['CDR-0-C']);
    expect((await repo.get('CDR-0-C'))!.totals.total.toFixed(2)).toBe(stored.totals.total.negated().toFixed(2));
  });

  it('lists newest first with filters and cursor, streams every match, and reviews only held CDRs', async () => {
    const all = await repo.list({ limit: 10 });
    // By session end, newest first; equal ends by id, descending.
    expect(all.items.map((c) => c.id)).toEqual(['CDR-1', 'CDR-0-C', 'CDR-0']);
    expect((await repo.list({ kind: 'credit', limit: 10 })).items.map((c) => c.id)).toEqual(['CDR-0-C']);
    expect((await repo.list({ visibleTo: 'APP', limit: 10 })).items).toHaveLength(3);
    expect((await repo.list({ visibleTo: 'NOBODY', limit: 10 })).items).toEqual([]);
    const one = await repo.list({ limit: 1 });
    const rest = await repo.list({ limit: 10, cursor: one.nextCursor! });
    expect([...one.items, ...rest.items].map((c) => c.id)).toEqual(all.items.map((c) => c.id));
    const streamed: string[] = [];
    for await (const c of repo.stream({ sessionId: 'SES-16' })) streamed.push(c.id);
    expect(streamed.sort()).toEqual(['CDR-0', 'CDR-0-C']);
    expect(await repo.review('CDR-0', 'voided', { by: 'admin', at: now, note: null })).toBe(false);
    await sql.query(`UPDATE cdrs SET status = 'held' WHERE id = 'CDR-1'`);
    expect(await repo.review('CDR-1', 'priced', { by: 'CPO', at: now, note: 'fine' })).toBe(true);
    expect((await repo.get('CDR-1'))!).toMatchObject({ status: 'priced', review: { by: 'CPO', note: 'fine' } });
  });
});
