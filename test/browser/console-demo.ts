/**
 * The platform as `npm start -- --seed` makes it (the three-city demo set), in this process on
 * ephemeral ports and serving the console built for the run, with a few demo stations connected
 * as simulators and charged sessions behind them, for the browser tests and the README screenshots.
 */
import { loadDemoFleet } from '../../simulators/demo-fleet.js';
import type { SimulatedStation } from '../../simulators/station/station.js';
import type { FleetStation } from '../../simulators/templates.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { connectAndBoot } from '../helpers/sim-stations.js';

export interface ConsoleDemo {
  readonly platform: TestPlatform;
  readonly fleet: FleetStation[];
  readonly tokens: { uid: string; operatorId: string }[];
  /** Connected simulated stations by id. */
  readonly stations: Map<string, SimulatedStation>;
  /** Sessions charged in the demo (finished ones have CDRs). */
  readonly sessionIds: string[];
  stop(): Promise<void>;
}

/** A clock the simulated station reads, moved by the demo to make half an hour of charging in no time. */
class DemoClock {
  offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);
}

export async function startConsoleDemo(options: { consoleDir?: string; env?: Record<string, string>; connect?: number; sessions?: number } = {}): Promise<ConsoleDemo> {
  const platform = await startTestPlatform({
    env: {
      SEED_DEMO: 'true',
      ...(options.consoleDir ? { CONSOLE_DIR: options.consoleDir } : {}),
      // A tile server that refuses at once (nothing listens on port 9): the console's offline map.
      CONSOLE_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
      ...options.env,
    },
  });
  const { stations: fleet, tokens } = await loadDemoFleet(platform.config.store.dataDir);
  const stations = new Map<string, SimulatedStation>();
  const sessionIds: string[] = [];
  const clocks = new Map<string, DemoClock>();
  try {
    // Stations of every operator and both OCPP versions, in all three cities.
    const chosen: FleetStation[] = [];
    for (const op of [...new Set(fleet.map((s) => s.operatorId))]) {
      for (const version of ['1.6', '2.0.1'] as const) {
        const s = fleet.find((x) => x.operatorId === op && x.ocppVersion === version && !chosen.includes(x));
        if (s) chosen.push(s);
      }
    }
    for (const s of chosen.slice(0, options.connect ?? chosen.length)) {
      const clock = new DemoClock();
      clocks.set(s.id, clock);
      stations.set(s.id, await connectAndBoot(platform.ocpp, s, { clock: clock.now }));
    }
    // Half-hour sessions that ended a few minutes ago, with a meter reading every five minutes.
    let n = 0;
    for (const [id, station] of stations) {
      if (n >= (options.sessions ?? 3)) break;
      const spec = fleet.find((x) => x.id === id)!;
      // Every other session by a customer of Xianglu, the demo's EMSP with agreements everywhere.
      const token = tokens.find((t) => t.operatorId === (n % 2 === 1 ? 'XJ-XIANGLU' : spec.operatorId));
      if (!token) continue;
      const clock = clocks.get(id)!;
      clock.offsetMs = -40 * 60_000;
      const session = await station.startSession({ evseId: 1, idTag: token.uid });
      for (let i = 0; i < 6; i++) {
        clock.offsetMs += 5 * 60_000;
        await station.sendMeterValues(session);
      }
      await station.stopSession(session, 'Local');
      clock.offsetMs = 0;
      n++;
    }
    await platform.drainEvents();
    for (const id of stations.keys()) {
      const r = await platform.api(`/v1/sessions?stationId=${encodeURIComponent(id)}&limit=50`);
      sessionIds.push(...r.body.items.map((s: { id: string }) => s.id));
    }
    // CDRs are priced in one-second batches: the demo is ready when every session has its CDR.
    for (const deadline = Date.now() + 30_000; ; ) {
      const cdrs = (await platform.api('/v1/cdrs?limit=500')).body.items as unknown[];
      if (cdrs.length >= n) break;
      if (Date.now() > deadline) throw new Error(`demo: ${cdrs.length} of ${n} CDRs after 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    for (const s of stations.values()) await s.close();
    await platform.stop();
    throw e;
  }
  return {
    platform,
    fleet,
    tokens,
    stations,
    sessionIds,
    async stop() {
      for (const s of stations.values()) await s.close().catch(() => undefined);
      await platform.stop();
    },
  };
}
