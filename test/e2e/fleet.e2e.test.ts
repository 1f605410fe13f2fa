import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFleet } from '../../simulators/fleet.js';
import { createTestDatabase, REDIS_URL } from '../helpers/services.js';
import { E2E_ADMIN_KEY, sessionsOf, startServer, tempDataDir, type ServerProcess } from './server-process.js';

/**
 * The real server as a child process, a simulated three-city fleet in both OCPP versions, and
 * every assertion through the HTTP API: on the embedded defaults and on PostgreSQL + Redis.
 */
const MODES = [
  { name: 'embedded defaults (PGlite, in-process bus)', postgres: false },
  { name: 'PostgreSQL + Redis', postgres: true },
];

describe.each(MODES)('fleet against the server on $name', ({ postgres }) => {
  let server: ServerProcess;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const data = await tempDataDir();
    cleanup.push(data.remove);
    const env: Record<string, string> = { DATA_DIR: data.dir };
    if (postgres) {
      const db = await createTestDatabase('xje2e');
      cleanup.push(db.drop);
      env.DATABASE_URL = db.url;
      env.REDIS_URL = REDIS_URL;
    }
    server = await startServer(env);
    cleanup.push(() => server.stop());
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('stations boot and report, charge, and every session is in the store with its energy', async () => {
    const prefix = postgres ? 'E2P-' : 'E2E-';
    const fleet = await runFleet({
      ocppUrl: server.ocpp,
      apiUrl: server.http,
      adminKey: E2E_ADMIN_KEY,
      source: 'generate',
      provision: true,
      count: 12,
      v16Fraction: 0.5,
      idPrefix: prefix,
      seed: postgres ? 11 : 5,
      sessionRatePerSec: 4,
      sessionDurationSec: 2,
      meterIntervalSec: 0.5,
      timeScale: 120,
      reconnect: false,
    });
    await fleet.ready;
    expect(fleet.stats.booted).toBe(12);

    // While connected: the API shows the stations online with live connector statuses.
    const ids = fleet.stations.map((s) => s.id);
    const first = (await server.api(`/v1/stations/${ids[0]}`)).body;
    expect(first.online).toBe(true);
    expect(first.lastBootAt).not.toBeNull();
    expect(first.evses.length).toBeGreaterThan(0);
    expect(first.evses.flatMap((e: any) => e.connectors).every((c: any) => c.status !== 'UNKNOWN')).toBe(true);

    await new Promise((r) => setTimeout(r, 6_000));
    const stats = await fleet.stop();
    expect(stats.errors, stats.lastErrors.join('\n')).toBe(0);
    expect(stats.sessionsStarted).toBeGreaterThanOrEqual(10);
    // A session whose start raced the fleet's stop may stay open: the store must say the same.
    expect(stats.sessionsStarted - stats.sessionsStopped).toBeLessThanOrEqual(1);

    const all = await sessionsOf(server, ids);
    expect(all).toHaveLength(stats.sessionsStarted);
    const sessions = all.filter((s) => s.status === 'COMPLETED');
    expect(sessions).toHaveLength(stats.sessionsStopped);
    expect(new Set(sessions.map((s) => s.ocppVersion))).toEqual(new Set(['1.6', '2.0.1']));
    for (const s of sessions) {
      expect(s.status).toBe('COMPLETED');
      expect(s.energyWh).toBeGreaterThan(0);
      expect(s.energyWh).toBe(s.meterStopWh - s.meterStartWh);
      expect(s.evseId).toBeGreaterThan(0);
      expect(s.idToken).toBeTruthy();
    }

    // One session in detail: meter samples came through.
    const detail = (await server.api(`/v1/sessions/${sessions[0].id}`)).body;
    expect(detail.samples.length).toBeGreaterThan(0);

    // After the fleet disconnected, stations show offline.
    const after = (await server.api(`/v1/stations/${ids[0]}`)).body;
    expect(after.online).toBe(false);
  });
});
