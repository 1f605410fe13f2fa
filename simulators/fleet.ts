/**
 * runFleet(): many simulated stations against one central system, with sessions started at a
 * fleet-wide rate, periodic meter values and heartbeats. Used by the CLI and by e2e tests.
 */
import { AdminClient, mapConcurrent } from './admin-client.js';
import { loadDemoFleet, readAdminKey } from './demo-fleet.js';
import { emptyStats, noteError } from './fleet-stats.js';
import type { FleetStats } from './fleet-stats.js';
import { provisionFleet } from './provision.js';
import { createRng, pick, randomBetween } from './random.js';
import { MeterRegisters } from './station/meter-registers.js';
import { SimulatedStation } from './station/station.js';
import type { ChargingSession } from './station/types.js';
import type { StationTls } from './station/security.js';
import { generateFleet } from './templates.js';
import type { FleetStation, FleetToken } from './templates.js';

export interface FleetOptions {
  /** OCPP endpoint without identity, e.g. ws://127.0.0.1:9220/ocpp */
  ocppUrl: string;
  /** Admin API base URL, needed with provision. */
  apiUrl?: string;
  adminKey?: string;
  /** 'demo': DATA_DIR/demo-fleet.json (default); 'generate': generateFleet(), provisioned if `provision`. */
  source?: 'demo' | 'generate';
  dataDir?: string;
  provision?: boolean;
  /** Explicit stations/tokens (override source). */
  stations?: FleetStation[];
  tokens?: FleetToken[];
  /** Number of stations (demo: at most this many of the file's). */
  count?: number;
  /** Fraction speaking 1.6 when generating (default 0.5). */
  v16Fraction?: number;
  seed?: number;
  idPrefix?: string;
  /** New sessions per second across the fleet (default stations / 60). */
  sessionRatePerSec?: number;
  /** Mean session length in seconds (±20 %, default 30). */
  sessionDurationSec?: number;
  meterIntervalSec?: number;
  /** Heartbeat period; default the BootNotification interval. */
  heartbeatSec?: number;
  /** Stop by itself after this many seconds (otherwise call stop()). */
  durationSec?: number;
  connectConcurrency?: number;
  timeScale?: number;
  reconnect?: boolean;
  /** 2.0.1 stations send a NotifyReport with connector types after boot. */
  announceConnectors?: boolean;
  /** For a wss:// endpoint: the CA the stations trust for the gateway's certificate. */
  tls?: StationTls;
  /**
   * Security profile 3: after its first boot (over TLS, with its password) each station asks for a
   * certificate (SignCertificate), is moved to profile 3 through the admin API, and reconnects on
   * its certificate alone. Needs apiUrl and the admin key.
   */
  mtls?: boolean;
}

export interface FleetHandle {
  stats: FleetStats;
  stations: SimulatedStation[];
  /** Resolves once every station has had its connect + boot attempt. */
  ready: Promise<void>;
  /** Resolves after stop (by durationSec or a stop() call). */
  done: Promise<FleetStats>;
  stop(): Promise<FleetStats>;
}

async function resolveFleet(options: FleetOptions): Promise<{ stations: FleetStation[]; tokens: FleetToken[] }> {
  if (options.stations) return { stations: options.stations, tokens: options.tokens ?? [] };
  if ((options.source ?? 'demo') === 'demo') {
    const demo = await loadDemoFleet(options.dataDir);
    const stations = options.count === undefined ? demo.stations : demo.stations.slice(0, options.count);
    return { stations, tokens: demo.tokens };
  }
  const genOptions: Parameters<typeof generateFleet>[0] = {
    count: options.count ?? 10,
    v16Fraction: options.v16Fraction ?? 0.5,
  };
  if (options.seed !== undefined) genOptions.seed = options.seed;
  if (options.idPrefix !== undefined) genOptions.idPrefix = options.idPrefix;
  const fleet = generateFleet(genOptions);
  if (options.provision) {
    const adminKey = options.adminKey ?? (await readAdminKey(options.dataDir));
    if (!options.apiUrl || !adminKey) throw new Error('provisioning needs apiUrl and an admin key');
    await provisionFleet(fleet, { apiUrl: options.apiUrl, adminKey });
  }
  return { stations: fleet.stations, tokens: fleet.tokens };
}

export async function runFleet(options: FleetOptions): Promise<FleetHandle> {
  const { stations: specs, tokens } = await resolveFleet(options);
  if (tokens.length === 0) throw new Error('the fleet has no tokens to charge with');
  const rng = createRng(options.seed ?? 7);
  const stats = emptyStats(specs.length);
  const timers = new Set<NodeJS.Timeout>();
  const sessionTimers = new Map<string, NodeJS.Timeout[]>();
  const booted = new Set<SimulatedStation>();
  let stopping = false;

  const stations = specs.map((spec) => {
    const registers = MeterRegisters.forStation(spec.id);
    const station = new SimulatedStation({
      endpoint: options.ocppUrl,
      spec,
      ...(options.tls ? { tls: options.tls } : {}),
      registers,
      rng,
      timeScale: options.timeScale ?? 1,
      reconnect: options.reconnect ?? true,
      logLimit: 20,
      onCall: (record) => {
        stats.calls++;
        const eventType = (record.payload as { eventType?: string } | undefined)?.eventType;
        if (record.action === 'MeterValues' || eventType === 'Updated') stats.meterValues++;
        if (record.action === 'Heartbeat') stats.heartbeats++;
        if (record.error) noteError(stats, `${spec.id} ${record.action}: ${record.error.code} ${record.error.message}`);
      },
    });
    station.rpc.on('open', () => stats.connected++);
    station.rpc.on('disconnect', () => {
      stats.connected--;
      booted.delete(station);
    });
    // After an automatic reconnect, boot again.
    let opened = 0;
    station.rpc.on('open', () => {
      if (++opened > 1 && !stopping) void bootStation(station).catch((err: unknown) => noteError(stats, `${spec.id} re-boot: ${String(err)}`));
    });
    return station;
  });

  async function bootStation(station: SimulatedStation): Promise<void> {
    const boot = await station.boot();
    if (boot.status !== 'Accepted') {
      stats.rejected++;
      return;
    }
    await station.reportAllStatuses();
    if (options.announceConnectors) await station.notifyConnectors();
    station.startHeartbeat(options.heartbeatSec ?? boot.intervalSec);
    booted.add(station);
    stats.booted = booted.size;
  }

  const adminKey = options.mtls ? (options.adminKey ?? (await readAdminKey(options.dataDir))) : undefined;
  if (options.mtls && (!options.apiUrl || !adminKey)) throw new Error('mtls needs apiUrl and an admin key (to move the stations to security profile 3)');
  const admin = options.mtls ? new AdminClient({ baseUrl: options.apiUrl!, apiKey: adminKey! }) : undefined;

  /** Certificate enrolment: SignCertificate → CertificateSigned, profile 3, reconnect on the certificate (the open handler boots). */
  async function enroll(station: SimulatedStation): Promise<void> {
    if (!(await station.requestCertificate())) throw new Error('no certificate (SignCertificate rejected or CertificateSigned not received)');
    const r = await admin!.request('PATCH', `/v1/stations/${station.id}`, { securityProfile: 3 });
    if (r.status !== 200) throw new Error(`PATCH securityProfile 3: ${r.status}`);
    station.stopHeartbeat();
    await station.close();
    station.dropPassword();
    await station.connect();
  }

  const ready = mapConcurrent(stations, options.connectConcurrency ?? 50, async (station) => {
    if (stopping) return;
    try {
      await station.connect();
      await bootStation(station);
      if (admin && booted.has(station)) await enroll(station);
    } catch (err) {
      noteError(stats, `${station.id} connect/boot: ${(err as Error).message}`);
    }
  }).then(() => undefined);

  const meterMs = (options.meterIntervalSec ?? 10) * 1000;
  const durationMs = (options.sessionDurationSec ?? 30) * 1000;

  async function runSession(station: SimulatedStation, evseId: number): Promise<void> {
    const token = pick(rng, tokens);
    let session: ChargingSession;
    try {
      session = await station.startSession({ evseId, idTag: token.uid });
    } catch (err) {
      noteError(stats, `${station.id} start: ${(err as Error).message}`);
      return;
    }
    stats.sessionsStarted++;
    stats.activeSessions++;
    const meterTimer = setInterval(() => {
      station.sendMeterValues(session).catch(() => undefined);
    }, meterMs);
    const stopTimer = setTimeout(() => void finishSession(station, session), durationMs * randomBetween(rng, 0.8, 1.2));
    sessionTimers.set(session.localId, [meterTimer, stopTimer]);
  }

  async function finishSession(station: SimulatedStation, session: ChargingSession): Promise<void> {
    for (const t of sessionTimers.get(session.localId) ?? []) clearTimeout(t);
    sessionTimers.delete(session.localId);
    stats.activeSessions--;
    try {
      await station.stopSession(session, 'Local');
      stats.sessionsStopped++;
    } catch (err) {
      noteError(stats, `${station.id} stop: ${(err as Error).message}`);
    }
  }

  // Session scheduler: fleet-wide Poisson-ish arrivals at sessionRatePerSec.
  const rate = options.sessionRatePerSec ?? specs.length / 60;
  let credit = 0;
  const tickMs = 100;
  const scheduler = setInterval(() => {
    credit += (rate * tickMs) / 1000;
    while (credit >= 1 && !stopping) {
      credit -= 1;
      const candidates = [...booted].filter((s) => !s.isOffline && s.freeEvses().length > 0);
      if (candidates.length === 0) break;
      const station = pick(rng, candidates);
      void runSession(station, pick(rng, station.freeEvses()));
    }
  }, tickMs);
  timers.add(scheduler);

  let resolveDone!: (s: FleetStats) => void;
  const done = new Promise<FleetStats>((r) => (resolveDone = r));
  let stopPromise: Promise<FleetStats> | undefined;

  const stop = (): Promise<FleetStats> => {
    stopPromise ??= (async () => {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      await ready;
      // End running sessions properly, then disconnect everyone.
      const open: Array<[SimulatedStation, ChargingSession]> = stations.flatMap((s) =>
        s.activeSessions.map((session): [SimulatedStation, ChargingSession] => [s, session]),
      );
      await mapConcurrent(open, 50, async ([s, session]) => {
        if (sessionTimers.has(session.localId)) await finishSession(s, session);
      });
      await mapConcurrent(stations, 200, (s) => s.close());
      stats.connected = 0;
      resolveDone(stats);
      return stats;
    })();
    return stopPromise;
  };

  if (options.durationSec !== undefined) {
    const t = setTimeout(() => void stop(), options.durationSec * 1000);
    timers.add(t);
  }
  return { stats, stations, ready, done, stop };
}
