import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFleet } from '../../simulators/fleet.js';
import { offlineReplay } from '../../simulators/scenarios/index.js';
import { createTestDatabase } from '../helpers/services.js';
import { simStationSpec, stationCreateBody } from '../helpers/sim-stations.js';
import { E2E_ADMIN_KEY, sessionsOf, startServer, tempDataDir, type ServerProcess } from './server-process.js';

/** Offline replay with duplicates, and a crash (SIGKILL) in the middle of a charging fleet. */
describe('resilience', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  async function provision(server: ServerProcess, stationIds: { id: string; version: '1.6' | '2.0.1' }[]) {
    await server.api('/v1/operators', { body: { id: 'OP-R', name: 'Resilience', roles: ['CPO', 'EMSP'] } });
    await server.api('/v1/locations', { body: { id: 'LOC-R', operatorId: 'OP-R', name: 'Xiangtan North', city: 'Xiangtan', address: 'Furong Ave', lat: 27.88, lng: 112.97 } });
    await server.api('/v1/tokens', { body: { uid: 'RFID-R1', operatorId: 'OP-R', status: 'Accepted' } });
    return stationIds.map(({ id, version }) => simStationSpec(id, version));
  }

  describe.each(['1.6', '2.0.1'] as const)('offline replay over OCPP %s', (version) => {
    let server: ServerProcess;
    beforeAll(async () => {
      const data = await tempDataDir();
      cleanup.push(data.remove);
      server = await startServer({ DATA_DIR: data.dir });
      cleanup.push(() => server.stop());
    });

    it('a session charged while offline is replayed (with duplicates) into exactly one session', async () => {
      const [spec] = await provision(server, [{ id: `OFF-${version.replace('.', '')}`, version }]);
      expect((await server.api('/v1/stations', { body: stationCreateBody(spec!, 'OP-R', 'LOC-R') })).status).toBe(201);
      const r = await offlineReplay({
        ocppUrl: server.ocpp,
        station: spec!,
        idTag: 'RFID-R1',
        // 1.6 cannot start a transaction offline without a transactionId from us: start online, then drop.
        startOffline: version === '2.0.1',
        meterValues: 3,
        duplicateAll: true,
      });
      expect(r.queued).toBeGreaterThanOrEqual(3);
      expect(r.replayed.filter((c) => c.duplicate).length).toBeGreaterThan(0);
      expect(r.replayed.filter((c) => c.error)).toEqual([]);
      const sessions = await sessionsOf(server, [spec!.id]);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ status: 'COMPLETED', meterStartWh: r.meterStartWh, meterStopWh: r.meterStopWh, energyWh: r.meterStopWh - r.meterStartWh });
      if (version === '2.0.1') expect(sessions[0].offline).toBe(true);
    });
  });

  it('a crash mid-fleet loses and duplicates nothing that was acknowledged', async () => {
    const db = await createTestDatabase('xjcrash');
    cleanup.push(db.drop);
    const data = await tempDataDir();
    cleanup.push(data.remove);
    let server = await startServer({ DATA_DIR: data.dir, DATABASE_URL: db.url });
    const env = server.env;
    cleanup.push(() => server.stop());

    const fleet = await runFleet({
      ocppUrl: server.ocpp,
      apiUrl: server.http,
      adminKey: E2E_ADMIN_KEY,
      source: 'generate',
      provision: true,
      count: 10,
      v16Fraction: 0.5,
      idPrefix: 'CRASH-',
      sessionRatePerSec: 5,
      sessionDurationSec: 1.5,
      meterIntervalSec: 0.3,
      timeScale: 120,
      reconnect: true,
    });
    await fleet.ready;
    await new Promise((r) => setTimeout(r, 3_000));
    await server.kill();
    const acknowledgedStarts = fleet.stats.sessionsStarted;
    await new Promise((r) => setTimeout(r, 1_000));
    server = await startServer(env);
    // Stations reconnect by themselves (ocpp-rpc back-off) and carry on charging.
    await new Promise((r) => setTimeout(r, 6_000));
    const stats = await fleet.stop();

    const ids = fleet.stations.map((s) => s.id);
    const sessions = await sessionsOf(server, ids);
    const keys = sessions.map((s) => `${s.stationId}|${s.transactionId}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Every start the simulator saw acknowledged is in the store; none appears twice.
    expect(acknowledgedStarts).toBeGreaterThan(0);
    expect(sessions.length).toBeGreaterThanOrEqual(stats.sessionsStarted);
    // Every acknowledged stop left a completed session with its energy.
    const completed = sessions.filter((s) => s.status === 'COMPLETED');
    expect(completed.length).toBeGreaterThanOrEqual(stats.sessionsStopped);
    for (const s of completed) expect(s.energyWh).toBe(s.meterStopWh - s.meterStartWh);
    expect(stats.sessionsStarted).toBeGreaterThan(acknowledgedStarts);
  });
});
