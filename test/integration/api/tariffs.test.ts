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
    expect(def.body.periods[1]).toEqual({ startsAt: '08:00', energyPricePerKwh: '0.9500', serviceFeePerKwh: '0.8000' });
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
    for (const bad of [{ ...day[0], energyPricePerKwh: '0.12345' }, { ...day[0], serviceFeePerKwh: -1 }, { ...day[0], startsAt: '24:00' }]) {
      expect((await p.api('/v1/tariffs', { body: { id: 'TF-Z', operatorId: 'OP-TF', name: 'x', periods: [bad] } })).status).toBe(400);
    }
    expect((await p.api('/v1/tariffs/TF-NOPE')).status).toBe(404);
    // Nothing half-made: the refused tariffs do not exist.
    expect((await p.api('/v1/tariffs')).body.items.map((t: { id: string }) => t.id)).toEqual(['TF-DEFAULT']);
  });
});
