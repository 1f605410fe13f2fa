/** Create a generated fleet's operators, locations, stations and tokens through the admin API (409 = fine). */
import { AdminClient, mapConcurrent } from './admin-client.js';
import type { GeneratedFleet } from './templates.js';

export interface ProvisionOptions {
  apiUrl: string;
  adminKey: string;
  /** Parallel requests for stations and tokens (default 16). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ProvisionResult {
  created: number;
  existing: number;
  ms: number;
}

export async function provisionFleet(fleet: GeneratedFleet, options: ProvisionOptions): Promise<ProvisionResult> {
  const client = new AdminClient({ baseUrl: options.apiUrl, apiKey: options.adminKey });
  const t0 = performance.now();
  const result: ProvisionResult = { created: 0, existing: 0, ms: 0 };
  const total = fleet.operators.length + fleet.agreements.length + fleet.locations.length + fleet.stations.length + fleet.tokens.length;
  let done = 0;
  const tally = (outcome: 'created' | 'exists'): void => {
    if (outcome === 'created') result.created++;
    else result.existing++;
    done++;
    if (done % 100 === 0 || done === total) options.onProgress?.(done, total);
  };
  const concurrency = options.concurrency ?? 16;
  for (const op of fleet.operators) tally(await client.create('/v1/operators', op));
  for (const a of fleet.agreements) tally(await client.create('/v1/agreements', a));
  await mapConcurrent(fleet.locations, concurrency, async (loc) => tally(await client.create('/v1/locations', loc)));
  await mapConcurrent(fleet.stations, concurrency, async (s) =>
    tally(
      await client.create('/v1/stations', {
        id: s.id,
        operatorId: s.operatorId,
        locationId: s.locationId,
        password: s.password,
        evses: s.evses,
      }),
    ),
  );
  await mapConcurrent(fleet.tokens, concurrency, async (t) =>
    tally(await client.create('/v1/tokens', { uid: t.uid, operatorId: t.operatorId, status: 'Accepted' })),
  );
  result.ms = performance.now() - t0;
  return result;
}
