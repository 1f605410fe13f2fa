import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAvailabilityCatalog } from '../../../src/adapters/prisma/availability.catalog.js';
import { SqlTariffRepository, tariffsOf } from '../../../src/adapters/prisma/tariff.repository.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { tariffVersion, type Tariff } from '../../../src/domain/tariffs/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const tariff = (id: string, locationId: string | null, prices: [string, string][]): Tariff => ({
  id,
  operatorId: 'OP-T',
  locationId,
  powerType: null,
  name: `Tariff ${id}`,
  currency: 'CNY',
  versions: [version(id, 1, prices)],
});
const version = (id: string, n: number, prices: [string, string][], validFrom = new Date('2026-01-01T00:00:00Z')) =>
  tariffVersion(id, n, { validFrom, periods: prices.map(([energy, fee], i) => ({ startsAt: `${String(i * 8).padStart(2, '0')}:00`, energyPricePerKwh: energy, serviceFeePerKwh: fee })) }, validFrom);
const prices = (t: Tariff | null) => t?.versions[t.versions.length - 1]!.periods.map((p) => [p.startsAt, p.energyPrice.toFixed(4), p.serviceFee.toFixed(4)]);

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

  it('versions are added, ended and removed under a lock, with their fees and tiers exact; unknown ids are TARIFF_NOT_FOUND', async () => {
    await repo.create(tariff('T-OWN', 'LOC-T1', [['0.5', '0.5'], ['0.7', '0.5']]));
    const renamed = await repo.rename('T-OWN', 'Peak and valley');
    expect(renamed.name).toBe('Peak and valley');
    const v2from = new Date('2026-07-01T00:00:00Z');
    const v2 = tariffVersion('T-OWN', 2, {
      validFrom: v2from,
      periods: [{ startsAt: '00:00', energyPricePerKwh: '0.4', serviceFeePerKwh: '0.6', tier: 'deep-valley' }],
      idleFee: { perMinute: '0.25', graceMinutes: 10, dailyCap: '20.5' },
      sessionFee: '2',
    }, v2from);
    const updated = await repo.changeVersions('T-OWN', (t) => ({ add: v2, end: { ...t.versions[0]!, validTo: v2from } }));
    expect(updated.versions.map((v) => [v.version, v.validFrom.toISOString(), v.validTo?.toISOString() ?? null])).toEqual([
      [1, '2026-01-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z'],
      [2, '2026-07-01T00:00:00.000Z', null],
    ]);
    expect(prices(updated)).toEqual([['00:00', '0.4000', '0.6000']]);
    const last = updated.versions[1]!;
    expect([last.periods[0]!.tier, last.idleFee?.perMinute.toFixed(4), last.idleFee?.graceMinutes, last.idleFee?.dailyCap?.toFixed(2), last.sessionFee?.toFixed(4)]).toEqual(['deep-valley', '0.2500', 10, '20.50', '2.0000']);
    // A failing decision changes nothing.
    await expect(repo.changeVersions('T-OWN', () => { throw new Error('refused'); })).rejects.toThrow('refused');
    const removed = await repo.changeVersions('T-OWN', (t) => ({ remove: 2, end: { ...t.versions[0]!, validTo: null } }));
    expect(removed.versions.map((v) => [v.version, v.validTo])).toEqual([[1, null]]);
    expect((await repo.list({ operatorId: 'OP-T' })).map((t) => t.id)).toEqual(['T-DEFAULT', 'T-OWN']);
    expect(await repo.list({ operatorId: 'OP-NOBODY' })).toEqual([]);
    await expect(repo.rename('T-NONE', 'x')).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
    await expect(repo.changeVersions('T-NONE', () => ({}))).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
    await expect(repo.delete('T-NONE', new Date())).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
  });

  it('the availability catalog carries each location its tariff: its own, else the default', async () => {
    const catalog = new SqlAvailabilityCatalog(sql);
    const byId = new Map((await catalog.locations()).map((l) => [l.id, l]));
    expect(byId.get('LOC-T1')?.tariff).toMatchObject({ tariffId: 'T-OWN', minPricePerKwh: '1.0000', maxPricePerKwh: '1.2000' });
    expect(byId.get('LOC-T2')?.tariff).toMatchObject({ tariffId: 'T-DEFAULT', minPricePerKwh: '0.3001', maxPricePerKwh: '1.8001' });
    // Deleting the location takes its own tariff with it.
    await sql.query(`DELETE FROM locations WHERE id = 'LOC-T1'`);
    expect(await repo.get('T-OWN')).toBeNull();
    await repo.delete('T-DEFAULT', new Date());
    catalog.invalidate();
    expect((await catalog.locations()).find((l) => l.id === 'LOC-T2')?.tariff).toBeNull();
  });

  it('a rename that comes with a refused price change renames nothing', async () => {
    await repo.create(tariff('T-NAME', null, [['0.5', '0.5']]));
    await expect(repo.changeVersions('T-NAME', () => { throw new Error('bad periods'); })).rejects.toThrow('bad periods');
    expect((await repo.get('T-NAME'))?.name).toBe('Tariff T-NAME');
    const v2from = new Date('2026-08-01T00:00:00Z');
    const renamed = await repo.changeVersions('T-NAME', (t) => ({ add: version('T-NAME', 2, [['0.6', '0.5']], v2from), end: { ...t.versions[0]!, validTo: v2from }, rename: 'Summer' }));
    expect([renamed.name, renamed.versions.length]).toEqual(['Summer', 2]);
  });

  it('a deleted tariff is gone for everyone but pricing, which keeps the prices that were in force until then', async () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const next = new Date('2027-06-01T00:00:00Z');
    await repo.create(tariff('T-GONE', null, [['0.9', '0.1']]));
    await repo.changeVersions('T-GONE', (t) => ({ add: version('T-GONE', 2, [['1.9', '0.1']], next), end: { ...t.versions[0]!, validTo: next } }));
    const at = new Date('2026-12-06T10:00:00Z');
    await repo.delete('T-GONE', at);
    expect(await repo.get('T-GONE')).toBeNull();
    expect((await repo.list({ operatorId: 'OP-T' })).map((t) => t.id)).not.toContain('T-GONE');
    await expect(repo.rename('T-GONE', 'x')).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
    await expect(repo.changeVersions('T-GONE', () => ({}))).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
    await expect(repo.delete('T-GONE', at)).rejects.toMatchObject({ code: 'TARIFF_NOT_FOUND' });
    await expect(repo.create(tariff('T-GONE', null, [['1', '1']]))).rejects.toMatchObject({ code: 'TARIFF_ALREADY_EXISTS' });
    const kept = (await tariffsOf(sql, ['OP-T'])).find((t) => t.id === 'T-GONE');
    // The version in force ends at the deletion; the one that had not started is dropped.
    expect(kept?.versions.map((v) => [v.version, v.validFrom.toISOString(), v.validTo?.toISOString()])).toEqual([[1, from.toISOString(), at.toISOString()]]);
    expect(prices(kept ?? null)).toEqual([['00:00', '0.9000', '0.1000']]);
  });
});
