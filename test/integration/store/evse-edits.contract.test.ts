import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAvailabilityCatalog } from '../../../src/adapters/prisma/availability.catalog.js';
import { SqlCommandRepository } from '../../../src/adapters/prisma/command.repository.js';
import type { EvseLayout } from '../../../src/domain/catalog/index.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const AT = new Date('2026-03-02T09:00:00Z');
const dc = (evseId: number, kw = 60): EvseLayout => ({ evseId, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: kw }] });

describe.each(STORE_TARGETS)('per-EVSE catalog edits on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let dispose: () => Promise<void>;
  let catalog: SqlAvailabilityCatalog;
  let targets: SqlCommandRepository;

  const events = async () => Number((await fx.db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE kind = 'catalog.changed' AND subject = 'ST-E'`))[0]!.n);
  const offered = async () => {
    catalog.invalidate();
    const loc = (await catalog.locations()).find((l) => l.id === 'LOC-1')!;
    return loc.stations.find((s) => s.id === 'ST-E')!.evses.map((e) => ({ evseNo: e.evseNo, connectors: e.connectors.map((c) => `${c.connectorNo}:${c.standard}:${c.format}:${c.maxPowerW}`) }));
  };
  const stored = async () => (await fx.stationQueries.get('ST-E'))!.evses.map((e) => ({ evseId: e.evseId, retired: e.retiredAt !== null, connectors: e.connectors.map((c) => [c.connectorId, c.standard, c.retiredAt !== null]) }));

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    await fx.seedBasics();
    await fx.catalog.createStation({
      id: 'ST-E',
      operatorId: 'OP-A',
      locationId: 'LOC-1',
      password: 'Xq7-kP2_zR9mW4tY',
      evses: [dc(1), { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }, { connectorId: 2, standard: 'TYPE2', maxPowerKw: 7 }] }],
    });
    // A finished session on EVSE 1 (its history); EVSE 2 has none.
    await fx.db.sql.query(
      `INSERT INTO charging_sessions (id, station_id, operator_id, ocpp_version, transaction_id, evse_no, connector_no, status, started_at, stopped_at, energy_wh)
       VALUES ('SES-E1', 'ST-E', 'OP-A', '1.6', 'E1', 1, 1, 'COMPLETED', '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', 10000)`,
    );
    catalog = new SqlAvailabilityCatalog(opened.db.sql);
    targets = new SqlCommandRepository(opened.db.sql);
  });
  afterAll(() => dispose());

  it('adds, changes, retires the connector with history and deletes the one without; one catalog.changed event', async () => {
    const before = await events();
    const changes = await fx.catalog.setStationEvses(
      'ST-E',
      [{ evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 11, format: 'SOCKET' }] }, dc(3, 120)],
      AT,
    );
    expect(changes).toEqual({ added: ['3/1'], changed: ['2/1'], restored: [], retired: ['1/1'], deleted: ['2/2'] });
    expect(await events()).toBe(before + 1);
    // Drivers' answers (and T/CEC station info, built on the same snapshot) no longer offer EVSE 1.
    expect(await offered()).toEqual([
      { evseNo: 2, connectors: ['1:GBT_AC:SOCKET:11000'] },
      { evseNo: 3, connectors: ['1:GBT_DC:CABLE:120000'] },
    ]);
    // The store keeps it, marked retired, for the session that names it.
    expect(await stored()).toEqual([
      { evseId: 1, retired: true, connectors: [[1, 'GBT_DC', true]] },
      { evseId: 2, retired: false, connectors: [[1, 'GBT_AC', false]] },
      { evseId: 3, retired: false, connectors: [[1, 'GBT_DC', false]] },
    ]);
    expect((await fx.stationQueries.get('ST-E'))!.evses[0]!.connectors[0]!.retiredAt).toBe(AT.toISOString());
    // Commands (a start) no longer reach it.
    expect([...(await targets.station('ST-E'))!.evses.keys()].sort()).toEqual([2, 3]);
  });

  it('the same list again changes nothing and says nothing', async () => {
    const before = await events();
    const changes = await fx.catalog.setStationEvses('ST-E', [{ evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 11, format: 'SOCKET' }] }, dc(3, 120)], AT);
    expect(changes).toEqual({ added: [], changed: [], restored: [], retired: [], deleted: [] });
    expect(await events()).toBe(before);
  });

  it('an EVSE without history left out is deleted; a retired one named again is back in service', async () => {
    const changes = await fx.catalog.setStationEvses('ST-E', [dc(1, 90), { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 11, format: 'SOCKET' }] }], AT);
    expect(changes).toEqual({ added: [], changed: [], restored: ['1/1'], retired: [], deleted: ['3/1'] });
    expect(await stored()).toEqual([
      { evseId: 1, retired: false, connectors: [[1, 'GBT_DC', false]] },
      { evseId: 2, retired: false, connectors: [[1, 'GBT_AC', false]] },
    ]);
    expect((await offered()).map((e) => e.connectors[0])).toEqual(['1:GBT_DC:CABLE:90000', '1:GBT_AC:SOCKET:11000']);
  });

  it('refuses a list naming an EVSE twice, and an unknown station', async () => {
    await expect(fx.catalog.setStationEvses('ST-E', [dc(1), dc(1)])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(fx.catalog.setStationEvses('ST-E', [{ evseId: 1, connectors: [] }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(fx.catalog.setStationEvses('NOPE', [dc(1)])).rejects.toMatchObject({ code: 'STATION_NOT_FOUND' });
  });

  it('a status report on a retired connector keeps it retired', async () => {
    await fx.catalog.setStationEvses('ST-E', [dc(2)], AT);
    await fx.stations.connectorStatus(
      { stationId: 'ST-E', evseNo: 1, connectorNo: 1, ocppStatus: 'Available', status: 'AVAILABLE', occurredAt: new Date('2026-03-02T10:00:00Z') },
      { operatorId: 'OP-A', locationId: 'LOC-1', city: 'Changsha', lat: 28.2, lng: 112.9 },
    );
    await fx.gc.drained();
    expect((await offered()).map((e) => e.evseNo)).toEqual([2]);
    expect((await stored())[0]).toMatchObject({ evseId: 1, retired: true });
  });
});
