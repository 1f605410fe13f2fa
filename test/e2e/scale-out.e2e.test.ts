import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedStation } from '../../simulators/station/station.js';
import { commandWithSession, settleCommand } from '../helpers/commands.js';
import { createTestDatabase, REDIS_URL, redisPrefix } from '../helpers/services.js';
import { SseClient } from '../helpers/sse-client.js';
import { connectAndBoot, simStationSpec, stationCreateBody } from '../helpers/sim-stations.js';
import { E2E_ADMIN_KEY, startServer, tempDataDir, type ServerProcess } from './server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two gateway nodes and one API node as separate processes on one PostgreSQL and one Redis. */
describe('scale-out: two gateway processes and one API process', () => {
  const cleanup: (() => Promise<void>)[] = [];
  const stations: SimulatedStation[] = [];
  let api: ServerProcess;
  let gwA: ServerProcess;
  let gwB: ServerProcess;
  const specs = [simStationSpec('SO-16', '1.6', 'dc120Dual'), simStationSpec('SO-201', '2.0.1', 'dc120Dual')];

  beforeAll(async () => {
    const db = await createTestDatabase('xjscale');
    cleanup.push(db.drop);
    const shared = { DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: redisPrefix('scale') };
    const dirs = await Promise.all([tempDataDir(), tempDataDir(), tempDataDir()]);
    for (const d of dirs) cleanup.push(d.remove);
    api = await startServer({ ...shared, ROLE: 'api', NODE_ID: 'api-1', DATA_DIR: dirs[0]!.dir });
    cleanup.push(() => api.stop());
    gwA = await startServer({ ...shared, ROLE: 'gateway', NODE_ID: 'gw-a', DATA_DIR: dirs[1]!.dir });
    cleanup.push(() => gwA.stop());
    gwB = await startServer({ ...shared, ROLE: 'gateway', NODE_ID: 'gw-b', DATA_DIR: dirs[2]!.dir });
    cleanup.push(() => gwB.stop());
    await api.api('/v1/operators', { body: { id: 'OP-SO', name: 'Scale CPO', roles: ['CPO', 'EMSP'] } });
    await api.api('/v1/locations', { body: { id: 'LOC-SO', operatorId: 'OP-SO', name: 'Xiangtan hub', city: 'Xiangtan', address: 'x', lat: 27.86, lng: 112.94 } });
    await api.api('/v1/tokens', { body: { uid: 'APP-SO', operatorId: 'OP-SO', status: 'Accepted' } });
    for (const s of specs) expect((await api.api('/v1/stations', { body: stationCreateBody(s, 'OP-SO', 'LOC-SO') })).status).toBe(201);
  });
  afterAll(async () => {
    for (const s of stations) await s.close().catch(() => undefined);
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  const connect = async (gw: ServerProcess, spec: (typeof specs)[number]) => {
    const st = await connectAndBoot(gw.ocpp, spec, { timeScale: 60, reconnect: false });
    stations.push(st);
    return st;
  };
  const settle = (id: string) => settleCommand((path) => api.api(path), id);

  it('SSE on the API node sees statuses from both gateways; a start reaches either; a moved station keeps working', async () => {
    const stream = await SseClient.open(`${api.http}/v1/availability/stream?city=Xiangtan`, { authorization: `Bearer ${E2E_ADMIN_KEY}` });
    cleanup.push(() => stream.close());
    await connect(gwA, specs[0]!);
    await connect(gwB, specs[1]!);
    const events = await stream.waitFor(4, 10_000);
    expect(new Set(events.map((e) => e.data.stationId))).toEqual(new Set(['SO-16', 'SO-201']));

    for (const stationId of ['SO-16', 'SO-201']) {
      const r = await api.api('/v1/commands/start', { body: { stationId, evseId: 1, idToken: 'APP-SO' } });
      expect(r.status).toBe(202);
      expect(await settle(r.body.id)).toMatchObject({ status: 'accepted' });
      const cmd = await commandWithSession((path) => api.api(path), r.body.id);
      expect((await api.api(`/v1/sessions/${cmd.sessionId}`)).body).toMatchObject({ stationId, status: 'ACTIVE' });
    }

    // SO-16 reconnects to the other gateway; the old socket is closed by its node.
    const old = stations[0]!;
    let oldClosed = false;
    old.rpc.once('close', () => (oldClosed = true));
    await connect(gwB, { ...specs[0]! });
    for (let i = 0; i < 100 && !oldClosed; i++) await sleep(50);
    expect(oldClosed).toBe(true);
    const r = await api.api('/v1/commands/unlock', { body: { stationId: 'SO-16', evseId: 2 } });
    expect(await settle(r.body.id)).toMatchObject({ status: 'accepted' });
    expect((await api.api('/v1/locations/LOC-SO')).body.evses.some((e: any) => e.status === 'OFFLINE')).toBe(false);
  });
});
