/**
 * The availability benchmark's fleet: stations spread over many locations in Changsha, Zhuzhou and
 * Xiangtan (generateFleet: GB/T AC 7 kW, GB/T DC 60 kW, dual GB/T DC 120 kW), provisioned through
 * the admin API, then connected as OCPP 1.6 stations (raw sockets) that boot and report a mix of
 * Available / Charging per connector, and stay connected so drivers see live statuses.
 * Also: the status changes that drive the SSE measurement, the search queries, the command stations.
 */
import { mapConcurrent } from '../admin-client.js';
import { provisionFleet } from '../provision.js';
import { createRng, randomBetween } from '../random.js';
import type { Rng } from '../random.js';
import { RawOcppSocket } from '../raw-ocpp-socket.js';
import { createRpcClient } from '../station/rpc-client.js';
import type { RpcClient } from '../station/rpc-client.js';
import { CITIES, generateFleet, pointInCity, stationPassword } from '../templates.js';
import type { FleetLocation, FleetStation, GeneratedFleet } from '../templates.js';

export const AV_SEED = 20_240_917;
const PREFIX = 'AV-';
const CMD_OPERATOR = 'AV-OP-CMD';

export function benchFleet(count: number): GeneratedFleet {
  const fleet = generateFleet({ count, v16Fraction: 1, seed: AV_SEED, stationsPerLocation: 3, idPrefix: PREFIX });
  return { ...fleet, tokens: [] };
}

export async function provisionAvailabilityFleet(
  fleet: GeneratedFleet,
  apiUrl: string,
  adminKey: string,
  log: (m: string) => void,
): Promise<{ requests: number; ms: number }> {
  const r = await provisionFleet(fleet, {
    apiUrl,
    adminKey,
    concurrency: 32,
    onProgress: (done, total) => {
      if (done % 2000 === 0 || done === total) log(`provisioned ${done}/${total} operators+locations+stations`);
    },
  });
  return { requests: r.created + r.existing, ms: r.ms };
}

export interface LiveStation {
  station: FleetStation;
  location: FleetLocation;
  socket: RawOcppSocket;
}

export interface ConnectResult {
  stations: LiveStation[];
  connectors: number;
  available: number;
  errors: number;
  ms: number;
}

/** Boot every station on its own socket and report each connector: ~65 % Available, ~35 % Charging. */
export async function connectFleet(fleet: GeneratedFleet, endpoint: string, log: (m: string) => void): Promise<ConnectResult> {
  const rng = createRng(AV_SEED + 1);
  const locations = new Map(fleet.locations.map((l) => [l.id, l]));
  const t0 = performance.now();
  const out: ConnectResult = { stations: [], connectors: 0, available: 0, errors: 0, ms: 0 };
  let done = 0;
  await mapConcurrent(fleet.stations, 64, async (station) => {
    try {
      const socket = await RawOcppSocket.open({ endpoint, identity: station.id, password: station.password, protocol: 'ocpp1.6', timeoutMs: 30_000 });
      const boot = await socket.call('BootNotification', { chargePointVendor: station.vendor, chargePointModel: station.model });
      if (boot[0] !== 3 || (boot[2] as { status?: string }).status !== 'Accepted') throw new Error(`boot ${JSON.stringify(boot).slice(0, 120)}`);
      for (const e of station.evses) {
        const status = rng() < 0.65 ? 'Available' : 'Charging';
        const r = await socket.call('StatusNotification', { connectorId: e.evseId, errorCode: 'NoError', status, timestamp: new Date().toISOString() });
        if (r[0] !== 3) throw new Error(`status ${JSON.stringify(r).slice(0, 120)}`);
        out.connectors++;
        if (status === 'Available') out.available++;
      }
      out.stations.push({ station, location: locations.get(station.locationId) as FleetLocation, socket });
    } catch (err) {
      if (++out.errors <= 3) log(`station ${station.id} failed to connect: ${(err as Error).message}`);
    }
    if (++done % 1000 === 0) log(`connected ${done}/${fleet.stations.length} stations`);
  });
  out.ms = performance.now() - t0;
  return out;
}

export interface StatusChange {
  key: string;
  sentAt: number;
  resultAt: number;
  ok: boolean;
}

/** Event key shared by the station side and the SSE side: station + the status's own time. */
export const eventKey = (stationId: string, atMs: number): string => `${stationId}|${atMs}`;

/** One StatusNotification on connector 1 with a fresh timestamp; times in performance.now() ms. */
export async function changeStatus(s: LiveStation, status: 'Available' | 'Charging'): Promise<StatusChange> {
  const at = new Date();
  const sentAt = performance.now();
  const r = await s.socket.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status, timestamp: at.toISOString() });
  return { key: eventKey(s.station.id, at.getTime()), sentAt, resultAt: performance.now(), ok: r[0] === 3 };
}

/** A driver's search: random centre in a city, 5–20 km, sometimes "free GB/T DC ≥ 60 kW only". */
export function searchPathGenerator(seed: number): () => string {
  const rng: Rng = createRng(seed);
  return () => {
    const city = CITIES[Math.floor(rng() * CITIES.length)] ?? CITIES[0]!;
    const c = pointInCity(rng, city);
    const q = new URLSearchParams({ lat: String(c.lat), lng: String(c.lng), radiusKm: randomBetween(rng, 5, 20).toFixed(1), limit: '20' });
    if (rng() < 0.3) {
      q.set('standard', 'GBT_DC');
      q.set('minPowerKw', '60');
      q.set('availableOnly', 'true');
    }
    return `/v1/locations?${q.toString()}`;
  };
}

export function closeFleet(stations: LiveStation[]): void {
  for (const s of stations) s.socket.close();
}

/** Stations for the command round trip: provisioned (no location), connected with ocpp-rpc, answering Reset. */
export async function commandStations(n: number, apiUrl: string, adminKey: string, endpoint: string): Promise<{ ids: string[]; clients: RpcClient[] }> {
  const post = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(new URL(path, apiUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`POST ${path} → ${res.status} ${(await res.text()).slice(0, 200)}`);
  };
  await post('/v1/operators', { id: CMD_OPERATOR, name: 'Command Bench CPO', roles: ['CPO'] });
  const ids = Array.from({ length: n }, (_, i) => `AV-CMD-${String(i + 1).padStart(3, '0')}`);
  const clients = await mapConcurrent(ids, 10, async (id) => {
    const password = stationPassword(id, AV_SEED);
    await post('/v1/stations', { id, operatorId: CMD_OPERATOR, password, evses: [{ evseId: 1, connectors: [{ connectorId: 1, standard: 'GBT_DC', maxPowerKw: 60 }] }] });
    const client = createRpcClient({ endpoint, identity: id, password, protocol: 'ocpp1.6', callTimeoutMs: 10_000 });
    client.handle('Reset', async () => ({ status: 'Accepted' }));
    await client.connect();
    const boot = (await client.call('BootNotification', { chargePointVendor: 'XiangDian', chargePointModel: 'XD-CMD' })) as { status?: string };
    if (boot.status !== 'Accepted') throw new Error(`${id} boot ${JSON.stringify(boot)}`);
    return client;
  });
  return { ids, clients };
}
