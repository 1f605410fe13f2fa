/**
 * In-process cost of one availability search (no HTTP): the domain service over the availability
 * benchmark's fleet (5,000 stations by default) with live statuses in the in-process store.
 *   npx tsx simulators/bench/search-micro.ts [--stations 5000] [--queries 20000]
 * Prints µs per search and answer (as JSON), next to JSON.stringify of one such answer (what the
 * bare fastify baseline spends per request), and the parts: grid, candidates, selection, live read.
 * A tool for finding where search time goes; the HTTP benchmark is availability-bench.ts.
 */
import { parseArgs } from 'node:util';
import { AvailabilityService } from '../../src/domain/availability/index.js';
import type { CatalogLocation } from '../../src/domain/availability/index.js';
import { MemoryLiveStatus } from '../../src/adapters/memory/live-status.js';
import { benchFleet, searchPathGenerator } from './avail-fleet.js';
import { LocationJson } from '../../src/api/location-json.js';
import { createRng } from '../random.js';

const { values } = parseArgs({ options: { stations: { type: 'string' }, queries: { type: 'string' } } });
const fleet = benchFleet(Number(values.stations ?? 5000));
const queries = Number(values.queries ?? 20_000);

const catalog: CatalogLocation[] = fleet.locations.map((l) => ({
  id: l.id, operatorId: l.operatorId, name: l.name, city: l.city, district: l.district, address: l.address, lat: l.lat, lng: l.lng, timeZone: 'Asia/Shanghai',
  stations: fleet.stations.filter((s) => s.locationId === l.id).map((s) => ({
    id: s.id,
    evses: s.evses.map((e) => ({ evseNo: e.evseId, connectors: e.connectors.map((c) => ({ connectorNo: c.connectorId, standard: c.standard, maxPowerW: c.maxPowerKw * 1000 })) })),
  })),
}));
const live = new MemoryLiveStatus();
const rng = createRng(7);
for (const s of fleet.stations) for (const e of s.evses) for (const c of e.connectors) {
  await live.set({ stationId: s.id, evseNo: e.evseId, connectorNo: c.connectorId, status: rng() < 0.65 ? 'AVAILABLE' : 'CHARGING', at: new Date().toISOString() });
}
const service = new AvailabilityService({ locations: async () => catalog, invalidate: () => undefined }, live);

const next = searchPathGenerator(2);
const parsed = Array.from({ length: 1000 }, () => {
  const q = new URL(next(), 'http://x').searchParams;
  return {
    near: { lat: Number(q.get('lat')), lng: Number(q.get('lng')), radiusKm: Number(q.get('radiusKm')) },
    standards: q.getAll('standard').length ? q.getAll('standard') : undefined,
    minPowerKw: q.get('minPowerKw') ? Number(q.get('minPowerKw')) : undefined,
    availableOnly: q.get('availableOnly') === 'true',
    limit: 20,
  };
});

const json = new LocationJson();
const answer = async (i: number) => json.page((await service.search(parsed[i % parsed.length]!)).items, 'wgs84', null).length;
let bytes = 0;
for (let i = 0; i < 2000; i++) bytes += await answer(i);
const t0 = performance.now();
bytes = 0;
for (let i = 0; i < queries; i++) bytes += await answer(i);
const searchUs = ((performance.now() - t0) * 1000) / queries;
const sample = JSON.parse(json.page((await service.search(parsed[0]!)).items, 'wgs84', null).toString('utf8')) as unknown;
const t1 = performance.now();
for (let i = 0; i < queries; i++) JSON.stringify(sample);
const stringifyUs = ((performance.now() - t1) * 1000) / queries;
console.log(`${catalog.length} locations, ${fleet.stations.length} stations: search+stringify ${searchUs.toFixed(1)} µs/query (avg body ${Math.round(bytes / queries)} B); stringify alone ${stringifyUs.toFixed(1)} µs`);
{
  const { LocationIndex } = await import('../../src/domain/availability/location-index.js');
  const index = new LocationIndex(catalog);
  let ranked = 0;
  let t = performance.now();
  for (let i = 0; i < queries; i++) ranked += index.candidates(parsed[i % parsed.length]!).locations.length;
  console.log(`index.candidates (every location in the radius, no grid) ${(((performance.now() - t) * 1000) / queries).toFixed(1)} µs, candidates avg ${Math.round(ranked / queries)}`);
  t = performance.now();
  for (let i = 0; i < queries; i++) index.nearest(parsed[i % parsed.length]!, 21);
  console.log(`index.nearest(21), one walk over the grid ${(((performance.now() - t) * 1000) / queries).toFixed(1)} µs`);
  const ids = fleet.stations.slice(0, 60).map((s) => s.id);
  t = performance.now();
  for (let i = 0; i < queries; i++) { await live.getMany(ids); await live.offlineOf(ids); }
  console.log(`live getMany+offlineOf(60 stations) ${(((performance.now() - t) * 1000) / queries).toFixed(1)} µs`);
}
{
  for (const avail of [false, true]) {
    const qs = parsed.filter((q) => q.availableOnly === avail);
    const t = performance.now();
    for (let i = 0; i < queries; i++) await service.search(qs[i % qs.length]!);
    console.log(`availableOnly=${avail}: ${(((performance.now() - t) * 1000) / queries).toFixed(1)} µs/search (${qs.length} queries)`);
  }
}
