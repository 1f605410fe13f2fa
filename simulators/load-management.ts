/**
 * A load-management run: one site of DC chargers (half OCPP 1.6, half 2.0.1) under a grid limit.
 * EVs arrive one after another, some take less than the charger offers, some taper, some leave;
 * the platform shares the limit among them. Prints each session's allocation (and measured power)
 * over time, then a summary.
 *
 *   npx tsx simulators/load-management.ts                       # its own embedded platform (PGlite, temp dir)
 *   npx tsx simulators/load-management.ts --chargers 10 --limit-kw 300 --duration 90
 *   npx tsx simulators/load-management.ts --api http://127.0.0.1:3000 --ocpp ws://127.0.0.1:9220/ocpp --admin-key K
 *
 * Station clocks run `--minute-every` real seconds per minute, so every reading falls into a new
 * minute of meter time (the platform reacts to meter values once per session and minute).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config/index.js';
import { startPlatform } from '../src/main.js';
import { AdminClient } from './admin-client.js';
import { SimulatedStation } from './station/station.js';
import type { ChargingSession, StationSpec } from './station/types.js';
import { stationPassword } from './templates.js';

const USAGE = `Usage: npx tsx simulators/load-management.ts [options]
  --chargers N        DC chargers at the site, one 120 kW gun each (default 10)
  --limit-kw KW       the site's grid limit (default 300)
  --duration S        real seconds to run (default 90)
  --interval S        seconds between printed rows and meter values (default 3)
  --minute-every S    real seconds per minute of station time (default --interval)
  --api URL --ocpp URL --admin-key K   use a running platform instead of starting one
  -h, --help`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Arrival {
  /** Seconds after the start. */
  at: number;
  station: number;
  /** What the EV takes (W). */
  evPowerW: number;
  /** Seconds after the start: it tapers to `taperToW` (a full-ish battery). */
  taperAt?: number;
  taperToW?: number;
  /** Seconds after the start: it leaves. */
  leaveAt?: number;
}

/** A plausible afternoon at a bus depot, compressed: arrivals over the first half, a few leave, some taper. */
function scenario(chargers: number, duration: number): Arrival[] {
  const arrivals: Arrival[] = [];
  const demands = [120_000, 110_000, 90_000, 50_000, 120_000, 75_000, 120_000, 100_000, 60_000, 120_000];
  for (let i = 0; i < chargers; i++) {
    const at = Math.round((i * duration * 0.45) / Math.max(1, chargers));
    const a: Arrival = { at, station: i, evPowerW: demands[i % demands.length]! };
    if (i % 4 === 1) Object.assign(a, { taperAt: Math.round(duration * 0.6), taperToW: 25_000 });
    if (i % 5 === 2) a.leaveAt = Math.round(duration * 0.75);
    arrivals.push(a);
  }
  return arrivals;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chargers: { type: 'string' },
      'limit-kw': { type: 'string' },
      duration: { type: 'string' },
      interval: { type: 'string' },
      'minute-every': { type: 'string' },
      api: { type: 'string' },
      ocpp: { type: 'string' },
      'admin-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const chargers = Number(values.chargers ?? 10);
  const limitKw = Number(values['limit-kw'] ?? 300);
  const duration = Number(values.duration ?? 90);
  const interval = Number(values.interval ?? 3);
  const minuteEvery = Number(values['minute-every'] ?? interval);

  // The platform: the one given, or an embedded one of our own.
  let stop = async () => {};
  let api: AdminClient;
  let ocpp: string;
  if (values.api && values.ocpp && values['admin-key']) {
    api = new AdminClient({ baseUrl: values.api, apiKey: values['admin-key'] });
    ocpp = values.ocpp;
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), 'xj-load-'));
    const key = randomBytes(18).toString('base64url');
    const config = loadConfig({ PORT: '0', OCPP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_API_KEY: key, LOG_LEVEL: 'silent' });
    process.stdout.write('starting an embedded platform (PGlite) … ');
    const platform = await startPlatform(config, pino({ level: 'silent' }));
    console.log('ready');
    api = new AdminClient({ baseUrl: `http://127.0.0.1:${platform.httpPort}`, apiKey: key });
    ocpp = `ws://127.0.0.1:${platform.ocppPort}/ocpp`;
    stop = async () => {
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    };
  }

  const tag = randomBytes(2).toString('hex').toUpperCase();
  const op = `OP-LM-${tag}`;
  const loc = `DEPOT-${tag}`;
  await api.create('/v1/operators', { id: op, name: 'Depot operator', roles: ['CPO'] });
  await api.create('/v1/locations', { id: loc, operatorId: op, name: 'Bus depot', city: 'Changsha', address: 'Depot road 1', lat: 28.23, lng: 112.94 });
  await api.create('/v1/tokens', { uid: `FLEET-${tag}`, operatorId: op, status: 'Accepted' });
  const specs: StationSpec[] = Array.from({ length: chargers }, (_, i) => {
    const id = `DEPOT-${tag}-${String(i + 1).padStart(2, '0')}`;
    return {
      id,
      password: stationPassword(id, 1),
      ocppVersion: i % 2 === 0 ? '1.6' : '2.0.1',
      vendor: 'Furong Power',
      model: 'FR-DC120',
      serialNumber: `SN-${id}`.slice(0, 25),
      firmwareVersion: '1.8.0',
      evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 120 }] }],
    };
  });
  for (const s of specs) await api.create('/v1/stations', { id: s.id, operatorId: op, locationId: loc, password: s.password, evses: s.evses });
  const put = await api.request('PUT', `/v1/locations/${loc}/grid-limit`, { maxKw: limitKw });
  if (put.status !== 200) throw new Error(`grid limit: ${put.status} ${JSON.stringify(put.body)}`);

  const t0 = Date.now();
  const stationClock = () => new Date(t0 + ((Date.now() - t0) / (minuteEvery * 1000)) * 60_000);
  const stations = specs.map((spec) => new SimulatedStation({ endpoint: ocpp, spec, clock: stationClock }));
  for (const s of stations) {
    await s.connect();
    await s.boot();
    await s.reportAllStatuses();
  }
  // The platform gives every station its default profile (what a new EV starts at) once it is online.
  const defaultsBy = Date.now() + 10_000;
  while (!stations.every((s) => s.chargingProfiles.all.some((p) => p.purpose === 'TxDefaultProfile')) && Date.now() < defaultsBy) await sleep(100);
  console.log(`${chargers} DC chargers (120 kW, ${Math.ceil(chargers / 2)} on OCPP 1.6, ${Math.floor(chargers / 2)} on 2.0.1) at ${loc}, grid limit ${limitKw} kW`);

  const plan = scenario(chargers, duration);
  const running = new Map<number, ChargingSession>();
  const names = specs.map((_, i) => `CS${String(i + 1).padStart(2, '0')}`);
  console.log('');
  console.log(`allocation per session in kW (measured power in brackets); ${names.map((n, i) => `${n}=${specs[i]!.ocppVersion}`).join(' ')}`);
  console.log(['   t', 'limit', 'alloc', ' meas', '|', ...names.map((n) => n.padStart(13))].join(' '));
  let peakMeasured = 0;
  let peakAllocated = 0;
  // What the stations let their EVs draw, sampled every few milliseconds (a new EV draws its own
  // maximum until its profile arrives: that shows here, not in the readings).
  let peakStations = 0;
  let overMs = 0;
  let lastSample = Date.now();
  const sampler = setInterval(() => {
    const w = stations.reduce((sum, st) => sum + st.activeSessions.reduce((a, x) => a + x.powerW, 0), 0);
    const now = Date.now();
    if (w > limitKw * 1000) overMs += now - lastSample;
    lastSample = now;
    peakStations = Math.max(peakStations, w / 1000);
  }, 5);
  const seenChanges = new Set<string>();
  for (let elapsed = 0; elapsed <= duration; elapsed += interval) {
    // What happens in this step: arrivals, tapering, departures.
    for (const a of plan) {
      const st = stations[a.station]!;
      if (a.at <= elapsed && a.at > elapsed - interval) running.set(a.station, await st.startSession({ evseId: 1, idTag: `FLEET-${tag}`, evPowerW: a.evPowerW }));
      const s = running.get(a.station);
      if (s && a.taperAt !== undefined && a.taperAt <= elapsed && a.taperAt > elapsed - interval) {
        s.evPowerW = a.taperToW!;
        st.profilesChanged();
      }
      if (s && a.leaveAt !== undefined && a.leaveAt <= elapsed && a.leaveAt > elapsed - interval) {
        await st.stopSession(s);
        running.delete(a.station);
      }
    }
    // The platform re-plans and the stations take the new profiles; then they report what they draw.
    // Station clocks run fast, which would make a reading look taken after a profile that landed
    // later: readings wait until every profile is in force (or the step is nearly over).
    const stepEnd = Date.now() + interval * 1000;
    const inForce = (l: LoadView) => l.sessions.every((x) => x.profile?.acceptedKw === x.allocatedKw);
    while (!inForce(await api.get<LoadView>(`/v1/locations/${loc}/load`)) && Date.now() < stepEnd - 600) await sleep(100);
    for (const [i, s] of running) await stations[i]!.sendMeterValues(s);
    await sleep(Math.max(300, stepEnd - Date.now()));
    const load = await api.get<LoadView>(`/v1/locations/${loc}/load`);
    const byStation = new Map(load.sessions.map((s) => [s.stationId, s]));
    peakMeasured = Math.max(peakMeasured, load.measuredKw);
    peakAllocated = Math.max(peakAllocated, load.allocatedKw);
    for (const s of load.sessions) seenChanges.add(`${s.sessionId}:${s.profile?.acceptedKw}`);
    const cells = specs.map((spec) => {
      const s = byStation.get(spec.id);
      if (!s) return '-'.padStart(13);
      const flag = s.limitedBy === 'share' ? '' : s.limitedBy === 'demand' ? 'd' : s.limitedBy[0];
      return `${s.allocatedKw.toFixed(1)}${flag}(${s.measuredKw === null ? '?' : s.measuredKw.toFixed(0)})`.padStart(13);
    });
    console.log([String(elapsed).padStart(4), String(limitKw).padStart(5), load.allocatedKw.toFixed(1).padStart(5), load.measuredKw.toFixed(1).padStart(5), '|', ...cells].join(' '));
  }
  console.log('');
  console.log('d = capped at what the EV draws (plus headroom), e = at the EVSE maximum, p = paused; others share equally');
  clearInterval(sampler);
  console.log(`peak allocated ${peakAllocated.toFixed(1)} kW, peak measured ${peakMeasured.toFixed(1)} kW, limit ${limitKw} kW`);
  console.log(`peak drawn by the stations ${peakStations.toFixed(1)} kW; above the limit for ${(overMs / 1000).toFixed(1)} s of ${duration} s (a new EV at its station's default until the others' decreases are in force)`);
  console.log(`profiles in force: ${seenChanges.size} different (session, limit) pairs seen`);
  for (const s of stations) await s.close();
  await stop();
  if (peakMeasured > limitKw) process.exitCode = 1;
}

interface LoadView {
  allocatedKw: number;
  measuredKw: number;
  sessions: { sessionId: string; stationId: string; allocatedKw: number; measuredKw: number | null; limitedBy: string; profile: { acceptedKw: number | null } | null }[];
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
