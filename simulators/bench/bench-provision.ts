/** Provision the benchmark's operator, location, token and stations through the admin API (batched). */
import { AdminClient, mapConcurrent } from '../admin-client.js';
import { BENCH_EMSP, BENCH_LOCATION, BENCH_OPERATOR, BENCH_TOKEN, benchStation } from './bench-fleet.js';

export interface BenchProvisionOptions {
  apiUrl: string;
  adminKey: string;
  loadStations: number;
  stormStations: number;
  concurrency?: number;
  log?: (msg: string) => void;
}

export async function provisionBench(options: BenchProvisionOptions): Promise<{ requests: number; ms: number }> {
  const client = new AdminClient({ baseUrl: options.apiUrl, apiKey: options.adminKey, timeoutMs: 60_000 });
  const t0 = performance.now();
  let requests = 0;
  const create = async (path: string, body: unknown): Promise<void> => {
    requests++;
    await client.create(path, body);
  };
  await create('/v1/operators', { id: BENCH_OPERATOR, name: 'Bench CPO', roles: ['CPO'] });
  await create('/v1/operators', { id: BENCH_EMSP, name: 'Bench EMSP', roles: ['EMSP'] });
  await create('/v1/locations', {
    id: BENCH_LOCATION,
    operatorId: BENCH_OPERATOR,
    name: 'Bench Hub',
    city: 'Changsha',
    district: 'Yuelu',
    address: '1 Lushan Road, Yuelu District, Changsha',
    lat: 28.2,
    lng: 112.94,
  });
  await create('/v1/agreements', { id: 'BENCH-AGR', providerId: BENCH_EMSP, operatorId: BENCH_OPERATOR, validFrom: '2020-01-01T00:00:00Z' });
  await create('/v1/tokens', { uid: BENCH_TOKEN, operatorId: BENCH_EMSP, status: 'Accepted' });
  const stations = [
    ...Array.from({ length: options.loadStations }, (_, i) => benchStation('L', i)),
    ...Array.from({ length: options.stormStations }, (_, i) => benchStation('S', i)),
  ];
  let done = 0;
  await mapConcurrent(stations, options.concurrency ?? 16, async (s) => {
    await create('/v1/stations', {
      id: s.id,
      operatorId: BENCH_OPERATOR,
      locationId: BENCH_LOCATION,
      password: s.password,
      evses: s.evses,
    });
    if (++done % 2000 === 0) options.log?.(`provisioned ${done}/${stations.length} stations`);
  });
  return { requests, ms: performance.now() - t0 };
}
