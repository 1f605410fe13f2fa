import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAvailabilityCatalog } from '../../../src/adapters/prisma/availability.catalog.js';
import { storeFixture } from '../../helpers/store-fixture.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

describe.each(STORE_TARGETS)('availability catalog on $name', (target) => {
  let fx: ReturnType<typeof storeFixture>;
  let dispose: () => Promise<void>;
  let now = 0;
  let catalog: SqlAvailabilityCatalog;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    fx = storeFixture(opened.db);
    await fx.seedBasics();
    await fx.catalog.createLocation({ id: 'LOC-2', operatorId: 'OP-A', name: '湘潭北站', city: 'Xiangtan', district: null, address: 'Road 2', lat: 27.88, lng: 112.97, timeZone: 'Asia/Shanghai' });
    await fx.catalog.createStation({
      id: 'ST-2',
      operatorId: 'OP-A',
      locationId: 'LOC-2',
      password: 'Xq7-kP2_zR9mW4tY',
      evses: [
        { evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] },
        { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }, { connectorId: 2, standard: 'CCS2', maxPowerKw: 60 }] },
      ],
    });
    catalog = new SqlAvailabilityCatalog(opened.db.sql, () => now);
  });
  afterAll(() => dispose());

  it('reads locations with their stations, EVSEs and connectors in one query', async () => {
    const all = await catalog.locations();
    expect(all.map((l) => l.id)).toEqual(['LOC-1', 'LOC-2']);
    const loc2 = all[1]!;
    expect(loc2).toMatchObject({ name: '湘潭北站', city: 'Xiangtan', lat: 27.88, lng: 112.97, district: null });
    expect(loc2.stations).toEqual([
      {
        id: 'ST-2',
        evses: [
          { evseNo: 1, connectors: [{ connectorNo: 1, standard: 'GBT_DC', format: 'CABLE', maxPowerW: 120_000 }] },
          { evseNo: 2, connectors: [{ connectorNo: 1, standard: 'GBT_DC', format: 'CABLE', maxPowerW: 120_000 }, { connectorNo: 2, standard: 'CCS2', format: 'CABLE', maxPowerW: 60_000 }] },
        ],
      },
    ]);
    expect(all[0]?.stations.map((s) => s.id)).toEqual(['ST-1']); // a station without EVSEs yet
  });

  it('a re-read that finds nothing new keeps the snapshot; a changed location alone gets a new object', async () => {
    const first = await catalog.locations();
    catalog.invalidate();
    const same = await catalog.locations();
    expect(same).toBe(first);
    await fx.catalog.updateLocation('LOC-1', { name: 'Renamed site' });
    now += 11_000; // past the refresh interval: answered from the old snapshot, re-read behind
    expect(await catalog.locations()).toBe(first);
    let next = first;
    for (let i = 0; i < 100 && next === first; i++) {
      await new Promise((r) => setTimeout(r, 10));
      next = await catalog.locations();
    }
    expect(next).not.toBe(first);
    expect(next[0]?.name).toBe('Renamed site');
    expect(next[1]).toBe(first[1]); // LOC-2 did not change: same object, so its cached views stay valid
  });
});
