import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocppClient } from '../../helpers/ocpp-client.js';
import { ADMIN_KEY, startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL, redisPrefix } from '../../helpers/services.js';

/** The nodes of this test share one set of Redis keys, apart from other tests'. */
const PREFIX = redisPrefix('sse');
import { SseClient } from '../../helpers/sse-client.js';

const PASSWORD = 'Xq7-kP2_zR9mW4tY-sse';
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

describe('availability stream (SSE) across nodes: gateway+API node and an API-only node on one PostgreSQL and Redis', () => {
  let gw: TestPlatform & { databaseUrl: string | undefined };
  let api: TestPlatform;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    gw = await startTestPlatform({ postgres: true, redisUrl: REDIS_URL, env: { NODE_ID: 'sse-gw', REDIS_PREFIX: PREFIX } });
    api = await startTestPlatform({ databaseUrl: gw.databaseUrl!, redisUrl: REDIS_URL, env: { ROLE: 'api', NODE_ID: 'sse-api', REDIS_PREFIX: PREFIX } });
    const ok = async (path: string, body: unknown) => expect((await gw.api(path, { body })).status).toBe(201);
    await ok('/v1/operators', { id: 'OP-SSE', name: 'SSE CPO', roles: ['CPO'] });
    await ok('/v1/locations', { id: 'SSE-CS', operatorId: 'OP-SSE', name: 'Changsha South', city: 'Changsha', address: 'x', lat: 28.1483, lng: 113.0646 });
    await ok('/v1/locations', { id: 'SSE-XT', operatorId: 'OP-SSE', name: 'Xiangtan North', city: 'Xiangtan', address: 'y', lat: 27.8832, lng: 112.9728 });
    await ok('/v1/stations', { id: 'SSE-1', operatorId: 'OP-SSE', locationId: 'SSE-CS', password: PASSWORD });
    await ok('/v1/stations', { id: 'SSE-2', operatorId: 'OP-SSE', locationId: 'SSE-XT', password: PASSWORD });
  });
  afterAll(async () => {
    for (const s of streams) await s.close();
    await api.stop();
    await gw.stop();
  });

  const open = async (p: TestPlatform, query = '', headers: Record<string, string> = {}) => {
    const s = await SseClient.open(`${p.http}/v1/availability/stream${query}`, { ...auth, ...headers });
    streams.push(s);
    return s;
  };

  it('delivers status changes from the gateway node to subscribers on the API node, filtered, and resumes with Last-Event-ID', async () => {
    const all = await open(api);
    const xiangtan = await open(api, '?city=Xiangtan');
    const bbox = await open(api, '?bbox=113.0,28.1,113.1,28.2');
    expect(all.status).toBe(200);

    const s1 = ocppClient({ endpoint: gw.ocpp, identity: 'SSE-1', password: PASSWORD, protocols: ['ocpp2.0.1'] });
    const s2 = ocppClient({ endpoint: gw.ocpp, identity: 'SSE-2', password: PASSWORD, protocols: ['ocpp1.6'] });
    await s1.connect();
    await s2.connect();
    await s1.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
    await s2.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const started = Date.now();
    await s1.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await s2.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: new Date().toISOString() });

    const events = await all.waitFor(2);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(events.map((e) => [e.event, e.data.stationId, e.data.status])).toEqual([
      ['status', 'SSE-1', 'AVAILABLE'],
      ['status', 'SSE-2', 'CHARGING'],
    ]);
    expect(events[0]?.data).toMatchObject({ locationId: 'SSE-CS', city: 'Changsha', evseNo: 1, connectorNo: 1 });
    expect((await xiangtan.waitFor(1)).map((e) => e.data.stationId)).toEqual(['SSE-2']);
    expect((await bbox.waitFor(1)).map((e) => e.data.stationId)).toEqual(['SSE-1']);

    // A client that saw only the first event reconnects and gets exactly what it missed.
    const resumed = await open(api, '', { 'last-event-id': events[0]!.id! });
    expect((await resumed.waitFor(1)).map((e) => e.id)).toEqual([events[1]!.id]);

    // A station that drops off shows OFFLINE to subscribers.
    await s2.close();
    const offline = await xiangtan.waitFor(2);
    expect(offline[1]?.data).toMatchObject({ stationId: 'SSE-2', status: 'OFFLINE' });
    await s1.close();
  });

  it('rejects a bad filter with 400 and needs the key', async () => {
    const bad = await SseClient.open(`${api.http}/v1/availability/stream?bbox=1,2,3`, auth);
    expect(bad.status).toBe(400);
    const anonymous = await SseClient.open(`${api.http}/v1/availability/stream`, {});
    expect(anonymous.status).toBe(401);
  });
});
