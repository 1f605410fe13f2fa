import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../../simulators/station/station.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../../helpers/sim-stations.js';
import { commandWithSession, settleCommand } from '../../helpers/commands.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/platform.js';
import { REDIS_URL, redisPrefix } from '../../helpers/services.js';

/** The nodes of this test share one set of Redis keys, apart from other tests'. */
const PREFIX = redisPrefix('x');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('commands across nodes: two gateway nodes and one API node on one PostgreSQL and Redis', () => {
  let api: TestPlatform & { databaseUrl: string | undefined };
  let gwA: TestPlatform;
  let gwB: TestPlatform;
  const stations: SimulatedStation[] = [];
  const s16 = simStationSpec('X-16', '1.6', 'dc120Dual');
  const s201 = simStationSpec('X-201', '2.0.1', 'dc120Dual');

  const connect = async (gw: TestPlatform, spec: typeof s16) => {
    const st = await connectAndBoot(gw.ocpp, spec, { timeScale: 60 });
    stations.push(st);
    return st;
  };
  const settle = (id: string) => settleCommand((path) => api.api(path), id, 5_000);

  beforeAll(async () => {
    api = await startTestPlatform({ postgres: true, redisUrl: REDIS_URL, env: { ROLE: 'api', NODE_ID: 'x-api', REDIS_PREFIX: PREFIX } });
    gwA = await startTestPlatform({ databaseUrl: api.databaseUrl!, redisUrl: REDIS_URL, env: { ROLE: 'gateway', NODE_ID: 'x-gw-a', REDIS_PREFIX: PREFIX } });
    gwB = await startTestPlatform({ databaseUrl: api.databaseUrl!, redisUrl: REDIS_URL, env: { ROLE: 'gateway', NODE_ID: 'x-gw-b', REDIS_PREFIX: PREFIX } });
    await api.api('/v1/operators', { body: { id: 'OP-X', name: 'X CPO', roles: ['CPO', 'EMSP'] } });
    await api.api('/v1/locations', { body: { id: 'LOC-X', operatorId: 'OP-X', name: 'Site', city: 'Zhuzhou', address: 'x', lat: 27.83, lng: 113.13 } });
    await api.api('/v1/tokens', { body: { uid: 'APP-X', operatorId: 'OP-X', status: 'Accepted' } });
    for (const spec of [s16, s201]) expect((await api.api('/v1/stations', { body: stationCreateBody(spec, 'OP-X', 'LOC-X') })).status).toBe(201);
  });
  afterAll(async () => {
    for (const s of stations) await s.close().catch(() => undefined);
    await gwA.stop();
    await gwB.stop();
    await api.stop();
  });

  it('a start command through the API reaches a station on either gateway node, and the session appears', async () => {
    await connect(gwA, s16);
    await connect(gwB, s201);
    for (const stationId of ['X-16', 'X-201']) {
      const r = await api.api('/v1/commands/start', { body: { stationId, evseId: 1, idToken: 'APP-X' } });
      expect(r.status).toBe(202);
      expect(await settle(r.body.id)).toMatchObject({ status: 'accepted' });
      const cmd = await commandWithSession((path) => api.api(path), r.body.id, 3_000);
      expect((await api.api(`/v1/sessions/${cmd.sessionId}`)).body).toMatchObject({ stationId, status: 'ACTIVE', idToken: 'APP-X' });
    }
  });

  it('a station that moves to the other node keeps working; its old socket is closed', async () => {
    const old = stations[0]!;
    let oldClosed = false;
    old.rpc.once('close', () => (oldClosed = true));
    // Reconnects to B while the socket on A still looks open (a half-open TCP connection, say).
    const moved = await connect(gwB, { ...s16 });
    for (let i = 0; i < 60 && !oldClosed; i++) await sleep(50);
    expect(oldClosed).toBe(true);
    expect((await api.api('/v1/stations/X-16')).body.online).toBe(true);
    const r = await api.api('/v1/commands/unlock', { body: { stationId: 'X-16', evseId: 2 } });
    expect(await settle(r.body.id)).toMatchObject({ status: 'accepted', response: { status: 'Unlocked' } });
    expect(moved.isOffline).toBe(false);
  });
});
