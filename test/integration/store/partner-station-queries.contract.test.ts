import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { SqlPartnerStationQueries } from '../../../src/adapters/prisma/partner-station.queries.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const t = (s: string) => new Date(s);

describe.each(STORE_TARGETS)('partner station queries on $name', (target) => {
  let sql: SqlConnection;
  let q: SqlPartnerStationQueries;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    sql = opened.db.sql;
    q = new SqlPartnerStationQueries(sql);
    await sql.query(`INSERT INTO operators (id, name, roles) VALUES ('C1', 'C1', '{CPO}'), ('C2', 'C2', '{CPO}')`);
    await sql.query(
      `INSERT INTO locations (id, operator_id, name, city, address, lat, lng, updated_at) VALUES
       ('L-OLD', 'C1', 'old', 'Changsha', 'a', 28.2, 112.9, '2026-12-01T00:00:00Z'),
       ('L-NEW', 'C1', 'new', 'Changsha', 'b', 28.2, 112.9, '2026-12-05T00:00:00Z'),
       ('L-STATION', 'C1', 'station changed', 'Zhuzhou', 'c', 27.8, 113.1, '2026-12-01T00:00:00Z'),
       ('L-OTHER', 'C2', 'other operator', 'Xiangtan', 'd', 27.8, 112.9, '2026-12-05T00:00:00Z')`,
    );
    await sql.query(
      `INSERT INTO stations (id, operator_id, location_id, password_hash, updated_at) VALUES
       ('S-OLD', 'C1', 'L-OLD', 'x', '2026-12-01T00:00:00Z'), ('S-NEW', 'C1', 'L-STATION', 'x', '2026-12-06T00:00:00Z')`,
    );
    const session = (id: string, station: string, evse: number | null, connector: number | null, at: string, wh: number | null) =>
      sql.query(
        `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, started_at, evse_no, connector_no, energy_wh) VALUES ($1, $2, 'C1', '1.6', $1, $3, $4, $5, $6)`,
        [id, station, at, evse, connector, wh],
      );
    await session('X1', 'S-OLD', 1, 1, '2026-12-05T01:00:00Z', 10_000);
    await session('X2', 'S-OLD', 1, 1, '2026-12-05T03:00:00Z', 2_500);
    await session('X3', 'S-OLD', 2, 1, '2026-12-05T04:00:00Z', null);
    await session('X4', 'S-OLD', 1, 1, '2026-12-06T00:00:00Z', 99_000);
    await session('X5', 'S-NEW', 1, 1, '2026-12-05T05:00:00Z', 7_000);
    await session('X6', 'S-OLD', null, null, '2026-12-05T06:00:00Z', 1_000);
  });
  afterAll(() => dispose());

  it('finds the operator\'s locations changed since a time: the location itself or one of its stations', async () => {
    expect([...(await q.locationsChangedSince(['C1'], t('2026-12-04T00:00:00Z')))].sort()).toEqual(['L-NEW', 'L-STATION']);
    expect([...(await q.locationsChangedSince(['C1'], t('2026-12-05T00:00:00Z')))].sort()).toEqual(['L-NEW', 'L-STATION']);
    expect([...(await q.locationsChangedSince(['C1'], t('2026-12-05T00:00:00.001Z')))]).toEqual(['L-STATION']);
    expect([...(await q.locationsChangedSince(['C1'], t('2026-11-01T00:00:00Z')))].sort()).toEqual(['L-NEW', 'L-OLD', 'L-STATION']);
    expect([...(await q.locationsChangedSince(['C2'], t('2026-12-04T00:00:00Z')))]).toEqual(['L-OTHER']);
    // A partner connected to both operators asks about both.
    expect([...(await q.locationsChangedSince(['C1', 'C2'], t('2026-12-04T00:00:00Z')))].sort()).toEqual(['L-NEW', 'L-OTHER', 'L-STATION']);
  });

  it('sums the energy of sessions started in [from, to) per connector of the given stations', async () => {
    expect(await q.connectorEnergy(['S-OLD'], t('2026-12-05T00:00:00Z'), t('2026-12-06T00:00:00Z'))).toEqual([
      { stationId: 'S-OLD', evseNo: 1, connectorNo: 1, energyWh: 12_500 },
      { stationId: 'S-OLD', evseNo: 2, connectorNo: 1, energyWh: 0 },
    ]);
    expect((await q.connectorEnergy(['S-OLD', 'S-NEW'], t('2026-12-05T00:00:00Z'), t('2026-12-07T00:00:00Z'))).map((r) => r.energyWh)).toEqual([7_000, 111_500, 0]);
    expect(await q.connectorEnergy([], t('2026-12-05T00:00:00Z'), t('2026-12-06T00:00:00Z'))).toEqual([]);
  });

  it('counts the energy delivered within the period: a session across Shanghai midnight splits by its meter readings, or by time without them', async () => {
    // 23:00–01:00 Shanghai (15:00–17:00 UTC): register 100 → 102 (23:30) → 116 (00:30) → 120 kWh.
    await sql.query(
      `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, status, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh)
       VALUES ('MID', 'S-NEW', 'C1', '1.6', 'MID', 2, 1, 'COMPLETED', '2026-12-10T15:00:00Z', '2026-12-10T17:00:00Z', 100000, 120000, 20000),
              ('PRO', 'S-NEW', 'C1', '1.6', 'PRO', 3, 1, 'COMPLETED', '2026-12-10T15:00:00Z', '2026-12-10T18:00:00Z', NULL, NULL, 9000)`,
    );
    await sql.query(
      `INSERT INTO meter_samples (station_id, session_id, evse_no, sampled_at, measurand, value, unit) VALUES
       ('S-NEW', 'MID', 2, '2026-12-10T15:30:00Z', 'Energy.Active.Import.Register', 102000, 'Wh'),
       ('S-NEW', 'MID', 2, '2026-12-10T16:30:00Z', 'Energy.Active.Import.Register', 116000, 'Wh'),
       ('S-NEW', 'MID', 2, '2026-12-10T16:30:00Z', 'Power.Active.Import', 28000, 'W')`,
    );
    const day = (from: string, to: string) => q.connectorEnergy(['S-NEW'], t(from), t(to));
    // 2026-12-10 in Shanghai: until midnight the register went 100 → 109 kWh (half way from 102 at 23:30 to 116 at 00:30).
    expect(await day('2026-12-09T16:00:00Z', '2026-12-10T16:00:00Z')).toEqual([
      { stationId: 'S-NEW', evseNo: 2, connectorNo: 1, energyWh: 9_000 },
      { stationId: 'S-NEW', evseNo: 3, connectorNo: 1, energyWh: 3_000 }, // no readings: 1 of its 3 hours
    ]);
    expect(await day('2026-12-10T16:00:00Z', '2026-12-11T16:00:00Z')).toEqual([
      { stationId: 'S-NEW', evseNo: 2, connectorNo: 1, energyWh: 11_000 },
      { stationId: 'S-NEW', evseNo: 3, connectorNo: 1, energyWh: 6_000 },
    ]);
    // Both days together: each session whole.
    expect((await day('2026-12-09T16:00:00Z', '2026-12-11T16:00:00Z')).map((r) => r.energyWh)).toEqual([20_000, 9_000]);
  });
});
