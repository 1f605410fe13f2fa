import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL } from '../../helpers/services.js';
import { expectError } from './api-helpers.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-overv';
const register = (wh: number) => ({ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' });
const SHANGHAI_MS = 8 * 3_600_000;

/**
 * What the console needs from the API: the overview's aggregates (GET /v1/overview), who a key is
 * (GET /v1/me), station search and filters, and a station's status history; each as the admin
 * and as operator keys, which see only their own stations.
 *
 * CPO-A (Changsha) has ST-A1 (online, two EVSEs: one free after a roaming session of 1 kWh in a minute by
 * CPO-B's card, one charging A's own card) and ST-A2 (never connected). CPO-B (Zhuzhou, also an
 * EMSP) has ST-B1, online and faulted. A's flat tariff: 1.20 + 0.80 per kWh.
 */
describe.each([
  { name: 'embedded', redis: false },
  { name: 'PostgreSQL + Redis', redis: true },
])('console API: overview, me, station filters, status history ($name)', ({ redis }) => {
  let p: TestPlatform;
  const keys: Record<string, string> = {};
  const clients: RPCClient[] = [];
  const as = (who: string, path: string) => p.api(path, { key: keys[who]! });
  const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((s) => s.id).sort();

  beforeAll(async () => {
    p = await startTestPlatform(redis ? { postgres: true, redisUrl: REDIS_URL } : {});
    const ok = async (path: string, body: unknown) => {
      const r = await p.api(path, { body });
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(201);
      return r.body;
    };
    await ok('/v1/operators', { id: 'CPO-A', name: 'Alpha Charging', roles: ['CPO'] });
    await ok('/v1/operators', { id: 'CPO-B', name: 'Beta', roles: ['CPO', 'EMSP'] });
    await ok('/v1/agreements', { providerId: 'CPO-B', operatorId: 'CPO-A', validFrom: '2026-01-01T00:00:00Z' });
    await ok('/v1/locations', { id: 'L-A', operatorId: 'CPO-A', name: 'Furong square', city: 'Changsha', address: 'a', lat: 28.2, lng: 112.9 });
    await ok('/v1/locations', { id: 'L-B', operatorId: 'CPO-B', name: 'Hetang park', city: 'Zhuzhou', address: 'b', lat: 27.8, lng: 113.1 });
    const dc = (n: number) => Array.from({ length: n }, (_, i) => ({ evseId: i + 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] }));
    await ok('/v1/stations', { id: 'ST-A1', operatorId: 'CPO-A', locationId: 'L-A', password: PASSWORD, evses: dc(2) });
    await ok('/v1/stations', { id: 'ST-A2', operatorId: 'CPO-A', locationId: 'L-A', password: PASSWORD, evses: dc(1) });
    await ok('/v1/stations', { id: 'ST-B1', operatorId: 'CPO-B', locationId: 'L-B', password: PASSWORD, evses: dc(1) });
    await ok('/v1/tokens', { uid: 'CARD-A', operatorId: 'CPO-A', status: 'Accepted' });
    await ok('/v1/tokens', { uid: 'CARD-B', operatorId: 'CPO-B', status: 'Accepted' });
    await ok('/v1/tariffs', { id: 'T-A', operatorId: 'CPO-A', name: 'Flat', validFrom: '2026-01-01T00:00:00Z', periods: [{ startsAt: '00:00', energyPricePerKwh: '1.2000', serviceFeePerKwh: '0.8000' }] });
    for (const who of ['CPO-A', 'CPO-B']) keys[who] = (await ok('/v1/api-keys', { operatorId: who, name: 'console test' })).key;

    const connect = async (id: string) => {
      const c = ocppClient({ endpoint: p.ocpp, identity: id, password: PASSWORD, protocols: ['ocpp1.6'] });
      await c.connect();
      clients.push(c);
      await c.call('BootNotification', { chargePointVendor: 'XJ', chargePointModel: 'DC120' });
      return c;
    };
    const a1 = await connect('ST-A1');
    const b1 = await connect('ST-B1');
    const status = (c: RPCClient, connectorId: number, s: string, errorCode = 'NoError') => c.call('StatusNotification', { connectorId, errorCode, status: s });
    await status(b1, 1, 'Faulted', 'GroundFailure');
    // Today in Shanghai, finished a minute ago (never before local midnight).
    const now = Date.now();
    const midnight = now - ((now + SHANGHAI_MS) % 86_400_000);
    const start = Math.max(now - 90_000, midnight + 1000);
    const at = (ms: number) => new Date(ms).toISOString();
    const roam = (await a1.call('StartTransaction', { connectorId: 1, idTag: 'CARD-B', meterStart: 50_000, timestamp: at(start) })) as { transactionId: number };
    await a1.call('MeterValues', { connectorId: 1, transactionId: roam.transactionId, meterValue: [{ timestamp: at(start + 30_000), sampledValue: [register(50_500)] }] });
    await a1.call('StopTransaction', { transactionId: roam.transactionId, meterStop: 51_000, timestamp: at(start + 60_000) });
    await status(a1, 1, 'Available');
    await a1.call('StartTransaction', { connectorId: 2, idTag: 'CARD-A', meterStart: 0, timestamp: at(start + 61_000) });
    await status(a1, 2, 'Charging');
    await p.drainEvents();
  });

  afterAll(async () => {
    for (const c of clients) await c.close({ force: true });
    await p?.stop();
  });

  it('the admin sees the three cities: stations online and offline, connectors by live status, today and this month', async () => {
    const r = await p.api('/v1/overview');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const o = r.body;
    expect(o.currency).toBe('CNY');
    expect(o.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(o.month).toBe(o.day.slice(0, 7));
    expect(o.totals.stations).toEqual({ total: 3, online: 2, offline: 1 });
    expect(o.totals.connectors).toMatchObject({ AVAILABLE: 1, CHARGING: 1, FAULTED: 1, OFFLINE: 1, UNKNOWN: 0 });
    expect(o.totals).toMatchObject({
      sessionsToday: 2,
      activeSessions: 1,
      energyKwhToday: '1.000',
      revenueToday: '2.00',
      revenueMonth: '2.00',
      roamingEnergyShareMonth: '1.0000',
      roamingRevenueMonth: '2.00',
    });
    expect(o.cities.map((c: { city: string }) => c.city)).toEqual(['Changsha', 'Xiangtan', 'Zhuzhou']);
    const [changsha, xiangtan, zhuzhou] = o.cities;
    expect(changsha.stations).toEqual({ total: 2, online: 1, offline: 1 });
    expect(changsha.operators.map((x: { operatorId: string }) => x.operatorId)).toEqual(['CPO-A']);
    expect(changsha.operators[0]).toMatchObject({ revenueToday: '2.00', sessionsToday: 2 });
    expect(xiangtan).toMatchObject({ stations: { total: 0, online: 0, offline: 0 }, operators: [], revenueMonth: '0.00', roamingEnergyShareMonth: null });
    expect(zhuzhou).toMatchObject({ stations: { total: 1, online: 1, offline: 0 }, sessionsToday: 0, revenueToday: '0.00' });
    expect(zhuzhou.connectors.FAULTED).toBe(1);
  });

  it('an operator key counts only its own stations, their sessions and the CDRs it is paid for', async () => {
    const a = (await as('CPO-A', '/v1/overview')).body;
    expect(a.totals.stations).toEqual({ total: 2, online: 1, offline: 1 });
    expect(a.totals).toMatchObject({ sessionsToday: 2, revenueToday: '2.00' });
    expect(a.cities.flatMap((c: { operators: { operatorId: string }[] }) => c.operators.map((x) => x.operatorId))).toEqual(['CPO-A']);
    const b = (await as('CPO-B', '/v1/overview')).body;
    // B's card charged at A's station: B pays; it is not B's revenue, nor B's session.
    expect(b.totals.stations).toEqual({ total: 1, online: 1, offline: 0 });
    expect(b.totals).toMatchObject({ sessionsToday: 0, activeSessions: 0, energyKwhToday: '0.000', revenueToday: '0.00', revenueMonth: '0.00' });
    expect(b.totals.connectors).toMatchObject({ FAULTED: 1, AVAILABLE: 0, CHARGING: 0, OFFLINE: 0 });
  });

  it('the overview needs a key', async () => {
    expectError(await p.api('/v1/overview', { key: null }), 401, 'UNAUTHENTICATED');
    expectError(await p.api('/v1/overview', { key: 'xj_wrong-key-wrong-key' }), 401, 'UNAUTHENTICATED');
  });

  it('/v1/me says who the key is', async () => {
    expect((await p.api('/v1/me')).body).toEqual({ kind: 'admin', keyId: null, operatorId: null, operatorName: null, roles: [] });
    const me = (await as('CPO-A', '/v1/me')).body;
    expect(me).toMatchObject({ kind: 'operator', operatorId: 'CPO-A', operatorName: 'Alpha Charging', roles: ['CPO'] });
    expect(typeof me.keyId).toBe('string');
    expectError(await p.api('/v1/me', { key: null }), 401, 'UNAUTHENTICATED');
  });

  it('stations are searched and filtered by city, OCPP version, online, faulted and text', async () => {
    expect(ids(await p.api('/v1/stations?city=Zhuzhou'))).toEqual(['ST-B1']);
    expect(ids(await p.api('/v1/stations?ocppVersion=1.6'))).toEqual(['ST-A1', 'ST-B1']);
    expect(ids(await p.api('/v1/stations?online=true'))).toEqual(['ST-A1', 'ST-B1']);
    expect(ids(await p.api('/v1/stations?online=false'))).toEqual(['ST-A2']);
    expect(ids(await p.api('/v1/stations?faulted=true'))).toEqual(['ST-B1']);
    expect(ids(await p.api('/v1/stations?faulted=false'))).toEqual(['ST-A1', 'ST-A2']);
    expect(ids(await p.api('/v1/stations?q=furong'))).toEqual(['ST-A1', 'ST-A2']);
    expect(ids(await p.api('/v1/stations?q=a2'))).toEqual(['ST-A2']);
    expect(ids(await p.api('/v1/stations?q=DC120&city=Changsha'))).toEqual(['ST-A1']);
    expectError(await p.api('/v1/stations?city=Beijing'), 400, 'VALIDATION_FAILED');
    // An operator key filters within its own stations only.
    expect(ids(await as('CPO-A', '/v1/stations?city=Zhuzhou'))).toEqual([]);
    expect(ids(await as('CPO-A', '/v1/stations?online=true'))).toEqual(['ST-A1']);
    expect(ids(await as('CPO-B', '/v1/stations?faulted=true'))).toEqual(['ST-B1']);
  });

  it('online filtering pages through the store: every station comes once, each page holds no more than the limit', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { items: { id: string; online: boolean }[]; nextCursor: string | null } } = await p.api(`/v1/stations?online=false&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(1);
      expect(r.body.items.every((s) => !s.online)).toBe(true);
      seen.push(...r.body.items.map((s) => s.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['ST-A2']);
  });

  it("a station's status history is its reports, newest first, for those who may see the station", async () => {
    const r = await p.api('/v1/stations/ST-A1/status-history?limit=10');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.map((h: { evseId: number; status: string }) => `${h.evseId}:${h.status}`)).toEqual(['2:CHARGING', '1:AVAILABLE']);
    const b = await p.api('/v1/stations/ST-B1/status-history');
    expect(b.body.items[0]).toMatchObject({ evseId: 1, connectorId: 1, status: 'FAULTED', ocppStatus: 'Faulted', errorCode: 'GroundFailure' });
    expect((await p.api('/v1/stations/ST-A1/status-history?limit=1')).body.items).toHaveLength(1);
    expectError(await as('CPO-A', '/v1/stations/ST-B1/status-history'), 404, 'STATION_NOT_FOUND');
    expect((await as('CPO-B', '/v1/stations/ST-B1/status-history')).status).toBe(200);
  });
});
