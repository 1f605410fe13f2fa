import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAvailabilityCatalog } from '../../../src/adapters/prisma/availability.catalog.js';
import { SqlTariffRepository } from '../../../src/adapters/prisma/tariff.repository.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { tariffPeriods, type Tariff } from '../../../src/domain/tariffs/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const tariff = (id: string, locationId: string | null, prices: [string, string][]): Tariff => ({
  id,
  operatorId: 'OP-T',
  locationId,
  name: `Tariff ${id}`,
  currency: 'CNY',
  periods: tariffPeriods(prices.map(([energy, fee], i) => ({ startsAt: `${String(i * 8).padStart(2, '0')}:00`, energyPricePerKwh: energy, serviceFeePerKwh: fee }))),
});
const prices = (t: Tariff | null) => t?.periods.map((p) => [p.startsAt, p.energyPrice.toFixed(4), p.serviceFee.toFixed(4)]);

describe.each(STORE_TARGETS)('tariffs on $name', (target) => {
  let repo: SqlTariffRepository;
  let sql: SqlConnection;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    sql = opened.db.sql;
    repo = new SqlTariffRepository(sql);
    await sql.query(`INSERT INTO operators (id, name, roles) VALUES ('OP-T', 'Tariff CPO', '{CPO}')`);
    await sql.query(
      `INSERT INTO locations (id, operator_id, name, city, address, lat, lng) VALUES ('LOC-T1', 'OP-T', 'One', 'Changsha', 'x', 28.2, 112.9), ('LOC-T2', 'OP-T', 'Two', 'Zhuzhou', 'x', 27.8, 113.1)`,
    );
  });
  afterAll(() => dispose());

  it('keeps prices exact through the store, and an id once', async () => {
    await repo.create(tariff('T-DEFAULT', null, [['0.6123', '0.8000'], ['1.0001', '0.8'], ['0.3', '0.0001']]));
    expect(prices(await repo.get('T-DEFAULT'))).toEqual([['00:00', '0.6123', '0.8000'], ['08:00', '1.0001', '0.8000'], ['16:00', '0.3000', '0.0001']]);
    await expect(repo.create(tariff('T-DEFAULT', null, [['1', '1']]))).rejects.toMatchObject({ code: 'TARIFF_ALREADY_EXISTS' });
    expect(await repo.get('T-NONE')).toBeNull();
  });

  it('an update replaces the periods whole; delete removes them; unknown ids are TARIFF_NOT_FOUND', async () => {
    await repo.create(tariff('T-OWN', 'LOC-T1', [['0.5', '0.5'], ['0.7', '0.5']]));
    const updated = await repo.update('T-OWN', { name: 'Peak and valley', periods: tariffPeriods([{ startsAt: '00:00', energyPricePerKwh: '0.4', serviceFeePerKwh: '0.6' }]) });
    expect(updated.name).toBe('Peak and valley');
    expect(prices(updated)).toEqual([['00:00', '0.4000', '0.6000']]);
    expect((await repo.list({ operatorId: 'OP-T' })).map((t) => t.id)).toEqual(['T-DEFAULT', 'T-OWN']);
    expect(await repo.list({ operatorId: 'OP-NOBODY' })).toEqual([]);
    await expect(repo.update('T-NONE', { name: 'x' })).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
    await expect(repo.delete('T-NONE')).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
  });

  it('the availability catalog carries each location its tariff: its own, else the default', async () => {
    const catalog = new SqlAvailabilityCatalog(sql);
    const byId = new Map((await catalog.locations()).map((l) => [l.id, l]));
    expect(byId.get('LOC-T1')?.tariff).toMatchObject({ tariffId: 'T-OWN', minPricePerKwh: '1.0000', maxPricePerKwh: '1.0000' });
    expect(byId.get('LOC-T2')?.tariff).toMatchObject({ tariffId: 'T-DEFAULT', minPricePerKwh: '0.3001', maxPricePerKwh: '1.8001' });
    // Deleting the location takes its own tariff with it.
    await sql.query(`DELETE FROM locations WHERE id = 'LOC-T1'`);
    expect(await repo.get('T-OWN')).toBeNull();
    await repo.delete('T-DEFAULT');
    catalog.invalidate();
    expect((await catalog.locations()).find((l) => l.id === 'LOC-T2')?.tariff).toBeNull();
  });
});
