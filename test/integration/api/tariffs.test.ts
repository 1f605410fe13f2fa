import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';

const day = [
  { startsAt: '00:00', energyPricePerKwh: '0.3', serviceFeePerKwh: '0.4' },
  { startsAt: '08:00', energyPricePerKwh: '0.95', serviceFeePerKwh: '0.8' },
  { startsAt: '22:00', energyPricePerKwh: '0.3', serviceFeePerKwh: '0.4' },
];

describe.each([{ redis: false }, { redis: true }] as const)('tariffs, and what drivers see of them (redis: $redis)', ({ redis }) => {
  let p: TestPlatform;
  let cpoKey: string;
  let otherKey: string;
  /** The tariff summary drivers get with a location, through the search and the location itself. */
  const seen = async (locationId: string) => {
    const search = await p.api('/v1/locations?lat=28.2&lng=112.9&radiusKm=50&limit=50');
    const inSearch = (search.body.items as { id: string; tariff: unknown }[]).find((l) => l.id === locationId)?.tariff;
    expect((await p.api(`/v1/locations/${locationId}`)).body.tariff).toEqual(inSearch);
    return inSearch as { tariffId: string; minPricePerKwh: string; maxPricePerKwh: string; periods: unknown[] } | null;
  };

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    for (const id of ['OP-TF', 'OP-ELSE']) await p.api('/v1/operators', { body: { id, name: id, roles: ['CPO'] } });
    for (const [id, operatorId, lat] of [['LOC-TF1', 'OP-TF', 28.2], ['LOC-TF2', 'OP-TF', 28.21], ['LOC-ELSE', 'OP-ELSE', 28.22]] as const) {
      await p.api('/v1/locations', { body: { id, operatorId, name: id, city: 'Changsha', address: 'x', lat, lng: 112.9 } });
    }
    cpoKey = (await p.api('/v1/api-keys', { body: { operatorId: 'OP-TF', name: 'cpo' } })).body.key;
    otherKey = (await p.api('/v1/api-keys', { body: { operatorId: 'OP-ELSE', name: 'else' } })).body.key;
  });
  afterAll(() => p.stop());

  it('an operator publishes a default and a location its own; drivers see the one that applies, exactly', async () => {
    expect(await seen('LOC-TF1')).toBeNull();
    const def = await p.api('/v1/tariffs', { key: cpoKey, body: { id: 'TF-DEFAULT', operatorId: 'OP-TF', name: 'Peak and valley', periods: day } });
    expect(def.status).toBe(201);
    expect(def.body.periods[1]).toEqual({ startsAt: '08:00', energyPricePerKwh: '0.9500', serviceFeePerKwh: '0.8000', tier: null });
    expect(def.body).toMatchObject({ version: 1, validTo: null, idleFee: null, sessionFee: null, powerType: null, versions: [{ version: 1, validTo: null }] });
    const own = await p.api('/v1/tariffs', { key: cpoKey, body: { id: 'TF-OWN', operatorId: 'OP-TF', locationId: 'LOC-TF2', name: 'Flat', periods: [{ ...day[1], startsAt: '00:00' }] } });
    expect(own.status).toBe(201);
    // Master data changes are seen at once on this node (and within 10 s on others).
    expect(await seen('LOC-TF1')).toMatchObject({ tariffId: 'TF-DEFAULT', minPricePerKwh: '0.7000', maxPricePerKwh: '1.7500' });
    expect((await seen('LOC-TF1'))?.periods).toEqual([
      { startsAt: '00:00', endsAt: '08:00', energyPricePerKwh: '0.3000', serviceFeePerKwh: '0.4000', pricePerKwh: '0.7000' },
      { startsAt: '08:00', endsAt: '22:00', energyPricePerKwh: '0.9500', serviceFeePerKwh: '0.8000', pricePerKwh: '1.7500' },
      { startsAt: '22:00', endsAt: '24:00', energyPricePerKwh: '0.3000', serviceFeePerKwh: '0.4000', pricePerKwh: '0.7000' },
    ]);
    expect(await seen('LOC-TF2')).toMatchObject({ tariffId: 'TF-OWN', minPricePerKwh: '1.7500', maxPricePerKwh: '1.7500' });
    expect(await seen('LOC-ELSE')).toBeNull();
  });

  it('a change or a removal shows in the next answer', async () => {
    const changed = await p.api('/v1/tariffs/TF-OWN', { method: 'PATCH', key: cpoKey, body: { periods: [{ startsAt: '00:00', energyPricePerKwh: '1.2', serviceFeePerKwh: '0' }] } });
    expect(changed.status).toBe(200);
    // A price change is a new version from now; the old one ends where it starts.
    expect(changed.body).toMatchObject({ version: 2, validTo: null });
    expect(changed.body.versions[0].validTo).toBe(changed.body.validFrom);
    expect(await seen('LOC-TF2')).toMatchObject({ tariffId: 'TF-OWN', minPricePerKwh: '1.2000' });
    expect((await p.api('/v1/tariffs/TF-OWN', { method: 'DELETE', key: cpoKey })).status).toBe(204);
    expect(await seen('LOC-TF2')).toMatchObject({ tariffId: 'TF-DEFAULT' });
    expect((await p.api('/v1/tariffs', { key: cpoKey })).body.items.map((t: { id: string }) => t.id)).toEqual(['TF-DEFAULT']);
  });

  it("another operator can neither publish for it nor see or change its tariffs; bad tariffs are 400 with the reason", async () => {
    expect((await p.api('/v1/tariffs', { key: otherKey, body: { id: 'TF-X', operatorId: 'OP-TF', name: 'x', periods: day } })).body.code).toBe('FORBIDDEN');
    expect((await p.api('/v1/tariffs/TF-DEFAULT', { key: otherKey })).body.code).toBe('TARIFF_NOT_FOUND');
    expect((await p.api('/v1/tariffs/TF-DEFAULT', { method: 'PATCH', key: otherKey, body: { name: 'mine' } })).status).toBe(404);
    expect((await p.api('/v1/tariffs', { key: otherKey })).body.items).toEqual([]);
    // A location of another operator, a duplicate id, and periods that do not make a day.
    const foreign = await p.api('/v1/tariffs', { key: cpoKey, body: { id: 'TF-Y', operatorId: 'OP-TF', locationId: 'LOC-ELSE', name: 'x', periods: day } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details.field).toBe('locationId');
    expect((await p.api('/v1/tariffs', { body: { id: 'TF-DEFAULT', operatorId: 'OP-TF', name: 'x', periods: day } })).body.code).toBe('TARIFF_ALREADY_EXISTS');
    const noMidnight = await p.api('/v1/tariffs', { body: { id: 'TF-Z', operatorId: 'OP-TF', name: 'x', periods: [day[1]!, day[2]!] } });
    expect(noMidnight.status).toBe(400);
    expect(noMidnight.body.message).toMatch(/00:00/);
    for (const [bad, named] of [
      [{ ...day[0], energyPricePerKwh: '0.12345' }, 'periods.0.energyPricePerKwh'],
      [{ ...day[0], serviceFeePerKwh: -1 }, 'periods.0.serviceFeePerKwh'],
      [{ ...day[0], serviceFeePerKwh: '-1' }, 'periods.0.serviceFeePerKwh'],
      [{ ...day[0], startsAt: '24:00' }, 'periods.0.startsAt'],
    ] as const) {
      const r = await p.api('/v1/tariffs', { body: { id: 'TF-Z', operatorId: 'OP-TF', name: 'x', periods: [bad] } });
      expect([r.status, r.body.details?.field]).toEqual([400, named]);
    }
    // A rename that comes with refused prices renames nothing.
    const renameAndBad = await p.api('/v1/tariffs/TF-DEFAULT', { method: 'PATCH', key: cpoKey, body: { name: 'Renamed', periods: [day[0], { ...day[1], startsAt: '00:00' }] } });
    expect([renameAndBad.status, renameAndBad.body.details?.field]).toEqual([400, 'periods.1.startsAt']);
    expect((await p.api('/v1/tariffs/TF-DEFAULT', { key: cpoKey })).body.name).not.toBe('Renamed');
    expect((await p.api('/v1/tariffs/TF-NOPE')).status).toBe(404);
    // Named fields: unordered or repeated starts, an unknown tier or currency, an over-precise fee.
    const field = async (body: Record<string, unknown>) => (await p.api('/v1/tariffs', { body: { id: 'TF-Z', operatorId: 'OP-TF', name: 'x', periods: day, ...body } })).body.details?.field;
    expect(await field({ periods: [day[0], day[2], day[1]] })).toBe('periods.2.startsAt');
    expect(await field({ periods: [day[0], day[1], { ...day[2], startsAt: '08:00' }] })).toBe('periods.2.startsAt');
    expect(await field({ periods: [{ ...day[0], tier: 'super-peak' }] })).toBe('periods.0.tier');
    expect(await field({ currency: 'USD' })).toBe('currency');
    expect(await field({ sessionFee: '1.00001' })).toBe('sessionFee');
    expect(await field({ idleFee: { perMinute: '0.5', graceMinutes: 10, dailyCap: '1.234' } })).toBe('idleFee.dailyCap');
    expect(await field({ powerType: 'HVDC' })).toBe('powerType');
    expect(await field({ validFrom: '2026-01-01T00:00:00Z', validTo: '2025-01-01T00:00:00Z' })).toBe('validTo');
    // Nothing half-made: the refused tariffs do not exist.
    expect((await p.api('/v1/tariffs')).body.items.map((t: { id: string }) => t.id)).toEqual(['TF-DEFAULT']);
  });
});

describe('tariff versions (embedded)', () => {
  let p: TestPlatform;
  const hour = 3_600_000;
  const flat = (price: string) => [{ startsAt: '00:00', energyPricePerKwh: price, serviceFeePerKwh: '0.5', tier: 'flat' }];
  beforeAll(async () => {
    p = await startTestPlatform();
    await p.api('/v1/operators', { body: { id: 'OP-V', name: 'Versions CPO', roles: ['CPO'] } });
    await p.api('/v1/locations', { body: { id: 'LOC-V', operatorId: 'OP-V', name: 'Hub', city: 'Xiangtan', address: 'x', lat: 27.85, lng: 112.9 } });
    await p.api('/v1/stations', {
      body: { id: 'ST-V', operatorId: 'OP-V', locationId: 'LOC-V', password: 'Xq7-kP2_zR9mW4tY-vers', evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] }, { evseId: 2, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] },
    });
  });
  afterAll(() => p.stop());

  it('a tariff keeps its history: new versions start later, never overlap, never in the past; the latest may be withdrawn before it starts', async () => {
    const since = '2026-01-01T00:00:00.000Z';
    const made = await p.api('/v1/tariffs', { body: { id: 'TV', operatorId: 'OP-V', name: 'Versions', validFrom: since, periods: flat('0.6'), sessionFee: '1.5', idleFee: { perMinute: '0.5', graceMinutes: 15, dailyCap: '30' } } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ version: 1, validFrom: since, sessionFee: '1.5000', idleFee: { perMinute: '0.5000', graceMinutes: 15, dailyCap: '30.00' }, periods: [{ tier: 'flat' }] });
    const later = new Date(Date.now() + hour).toISOString();
    const v2 = await p.api('/v1/tariffs/TV/versions', { body: { validFrom: later, periods: flat('0.8') } });
    expect(v2.status).toBe(201);
    // Still version 1 in effect; version 1 now ends where 2 begins.
    expect(v2.body).toMatchObject({ version: 1, validTo: later, versions: [{ version: 1, validTo: later }, { version: 2, validFrom: later, validTo: null }] });
    const versions = (await p.api('/v1/tariffs/TV/versions')).body.items;
    // An explicit version names everything: no idle or session fee unless given.
    expect(versions[1]).toMatchObject({ version: 2, periods: [{ energyPricePerKwh: '0.8000' }], idleFee: null, sessionFee: null });
    const overlap = await p.api('/v1/tariffs/TV/versions', { body: { validFrom: new Date(Date.now() + hour / 2).toISOString(), periods: flat('0.9') } });
    expect(overlap.status).toBe(400);
    expect(overlap.body.details.field).toBe('validFrom');
    const past = await p.api('/v1/tariffs/TV', { method: 'PATCH', body: { validFrom: '2026-02-01T00:00:00Z', periods: flat('0.9') } });
    expect(past.status).toBe(400);
    expect(past.body.details.field).toBe('validFrom');
    // Withdraw version 2: version 1 is open-ended again; version 1 itself cannot be withdrawn.
    const withdrawn = await p.api('/v1/tariffs/TV/versions/2', { method: 'DELETE' });
    expect(withdrawn.body).toMatchObject({ version: 1, validTo: null, versions: [{ version: 1, validTo: null }] });
    expect((await p.api('/v1/tariffs/TV/versions/1', { method: 'DELETE' })).body.details.field).toBe('version');
    // A PATCH of prices keeps what it does not name (here the fees) in the new version.
    const patched = await p.api('/v1/tariffs/TV', { method: 'PATCH', body: { periods: flat('0.7') } });
    expect(patched.body).toMatchObject({ version: 2, sessionFee: '1.5000', idleFee: { perMinute: '0.5000' }, periods: [{ energyPricePerKwh: '0.7000' }] });
    expect((await p.api('/v1/tariffs/TV/versions')).body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it("the most specific tariff wins: a location's DC tariff over its own, over the operator's DC, over the default", async () => {
    const make = (id: string, extra: Record<string, unknown>, price: string) =>
      p.api('/v1/tariffs', { body: { id, operatorId: 'OP-V', name: id, periods: flat(price), ...extra } });
    expect((await make('TV-OP-DC', { powerType: 'DC' }, '1.1')).status).toBe(201);
    // The location's headline price is for its fastest connectors (DC).
    await expect.poll(async () => (await p.api('/v1/locations/LOC-V')).body.tariff?.tariffId).toBe('TV-OP-DC');
    expect((await make('TV-LOC', { locationId: 'LOC-V' }, '1.2')).status).toBe(201);
    await expect.poll(async () => (await p.api('/v1/locations/LOC-V')).body.tariff?.tariffId).toBe('TV-LOC');
    expect((await make('TV-LOC-DC', { locationId: 'LOC-V', powerType: 'DC' }, '1.3')).status).toBe(201);
    await expect.poll(async () => (await p.api('/v1/locations/LOC-V')).body.tariff?.tariffId).toBe('TV-LOC-DC');
  });
});
