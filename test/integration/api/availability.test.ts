import { Check } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocationPage } from '../../../src/api/schemas/availability.js';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-avail';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(50);
  }
}

describe.each([
  { name: 'embedded', redis: false },
  { name: 'PostgreSQL + Redis', redis: true },
])('availability for drivers ($name)', ({ redis }) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    const ok = async (path: string, body: unknown) => expect((await p.api(path, { body })).status).toBe(201);
    await ok('/v1/operators', { id: 'OP-AV', name: 'Avail CPO', roles: ['CPO'] });
    await ok('/v1/locations', { id: 'AV-WULI', operatorId: 'OP-AV', name: 'Wuyi Square', city: 'Changsha', address: 'Wuyi Ave', lat: 28.1963, lng: 112.9769 });
    await ok('/v1/locations', { id: 'AV-ZZ', operatorId: 'OP-AV', name: 'Zhuzhou West', city: 'Zhuzhou', address: 'Zhuzhou Ave', lat: 27.8312, lng: 113.0647 });
    await ok('/v1/stations', { id: 'AV-DC', operatorId: 'OP-AV', locationId: 'AV-WULI', password: PASSWORD, evses: [1, 2].map((evseId) => ({ evseId, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] })) });
    await ok('/v1/stations', { id: 'AV-AC', operatorId: 'OP-AV', locationId: 'AV-ZZ', password: PASSWORD, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_AC', maxPowerKw: 7 }] }] });
  });
  afterAll(() => p.stop());

  it('answers with live statuses, nearest first, and follows the stations as they change', async () => {
    const c = ocppClient({ endpoint: p.ocpp, identity: 'AV-DC', password: PASSWORD, protocols: ['ocpp1.6'] });
    await c.connect();
    await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'DC120' });
    await c.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await c.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Charging' });

    const search = () => p.api('/v1/locations?lat=28.19&lng=112.98&radiusKm=60');
    const answer = await search();
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    // The route writes its JSON itself (joined from cached views): it must still be the documented shape.
    expect(Check(LocationPage, answer.body)).toBe(true);
    const near = answer.body;
    expect(near.items.map((l: any) => l.id)).toEqual(['AV-WULI', 'AV-ZZ']);
    expect(near.items[0]).toMatchObject({ availableConnectors: 1, totalConnectors: 2 });
    expect(near.items[0].distanceKm).toBeLessThan(1.5);
    expect(near.items[0].evses.map((e: any) => [e.id, e.status])).toEqual([['AV-DC.1', 'AVAILABLE'], ['AV-DC.2', 'CHARGING']]);
    expect(near.items[1].evses[0].status).toBe('UNKNOWN'); // never connected

    const dcOnly = (await p.api('/v1/locations?standard=GBT_DC&minPowerKw=100&availableOnly=true')).body;
    expect(dcOnly.items.map((l: any) => l.id)).toEqual(['AV-WULI']);
    expect((await p.api('/v1/locations?standard=GBT_AC&availableOnly=true')).body.items).toEqual([]);
    expect((await p.api('/v1/evses/AV-DC.2')).body).toMatchObject({ locationId: 'AV-WULI', status: 'CHARGING', connectors: [{ standard: 'GBT_DC', maxPowerKw: 120 }] });

    await c.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });
    expect((await p.api('/v1/locations/AV-WULI')).body.availableConnectors).toBe(2);
    // Searches reuse built views only while nothing changed: the change shows in the next search.
    const changed = await until(search, (r) => r.body.items[0]?.availableConnectors === 2);
    expect(changed.body.items[0].evses.map((e: any) => e.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(Check(LocationPage, changed.body)).toBe(true);

    await c.close();
    const offline = await until(() => p.api('/v1/locations/AV-WULI'), (r) => r.body.evses.every((e: any) => e.status === 'OFFLINE'));
    expect(offline.body.evses.map((e: any) => e.status)).toEqual(['OFFLINE', 'OFFLINE']);
    expect(offline.body.availableConnectors).toBe(0);
    const offlineSearch = await until(search, (r) => r.body.items[0]?.availableConnectors === 0);
    expect(offlineSearch.body.items[0].evses.map((e: any) => e.status)).toEqual(['OFFLINE', 'OFFLINE']);
  });

  it('speaks GCJ-02 for Chinese map SDKs on request', async () => {
    const wgs = (await p.api('/v1/locations/AV-WULI')).body;
    const gcj = (await p.api('/v1/locations/AV-WULI?coords=gcj02')).body;
    expect(gcj.lat).not.toBe(wgs.lat);
    expect(Math.abs(gcj.lng - wgs.lng)).toBeGreaterThan(0.003);
    expect(Math.abs(gcj.lng - wgs.lng)).toBeLessThan(0.01);
    // A centre given in GCJ-02 finds the same place at the same distance.
    const r = (await p.api(`/v1/locations?lat=${gcj.lat}&lng=${gcj.lng}&radiusKm=1&coords=gcj02`)).body;
    expect(r.items[0].id).toBe('AV-WULI');
    expect(r.items[0].distanceKm).toBeLessThan(0.01);
  });

  it('rejects bad queries with the field named', async () => {
    for (const [q, field] of [
      ['lat=28.2', 'lng'],
      ['lat=91&lng=112', 'lat'],
      ['radiusKm=0', 'radiusKm'],
      ['standard=SCHUKO', 'standard'],
      ['coords=bd09', 'coords'],
      ['minPowerKw=-1', 'minPowerKw'],
    ] as const) {
      const r = await p.api(`/v1/locations?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.details.field, q).toContain(field);
    }
    expect((await p.api('/v1/locations?cursor=abc')).body.code).toBe('INVALID_CURSOR');
    expect((await p.api('/v1/evses/NOPE.1')).body.code).toBe('EVSE_NOT_FOUND');
    expect((await p.api('/v1/locations/NOPE')).body.code).toBe('LOCATION_NOT_FOUND');
  });
});
