import { describe, expect, it } from 'vitest';
import { distanceKm, rankCandidates, searchAvailability } from '../../../src/domain/availability/availability.js';
import type { CatalogLocation } from '../../../src/domain/availability/availability.model.js';
import type { LiveConnectorStatus } from '../../../src/domain/availability/live-status.ports.js';

const loc = (id: string, lat: number, lng: number, city: string, stations: CatalogLocation['stations'], operatorId = 'OP'): CatalogLocation => ({
  id, operatorId, name: id, city, district: null, address: 'x', lat, lng, timeZone: 'Asia/Shanghai', stations,
});
const ac = (id: string) => ({ id, evses: [{ evseNo: 1, connectors: [{ connectorNo: 1, standard: 'GBT_AC', maxPowerW: 7000 }] }] });
const dc = (id: string) => ({
  id,
  evses: [
    { evseNo: 1, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 120_000 }] },
    { evseNo: 2, connectors: [{ connectorNo: 1, standard: 'GBT_DC', maxPowerW: 120_000 }] },
  ],
});
const CATALOG = [
  loc('CS-WULI', 28.1963, 112.9769, 'Changsha', [ac('S1'), dc('S2')]),
  loc('CS-SOUTH', 28.1483, 113.0646, 'Changsha', [dc('S3')], 'OP2'),
  loc('ZZ-WEST', 27.8312, 113.0647, 'Zhuzhou', [ac('S4')]),
  loc('XT-NORTH', 27.8832, 112.9728, 'Xiangtan', [dc('S5')]),
];
const at = '2026-01-01T00:00:00Z';
const st = (stationId: string, evseNo: number, status: LiveConnectorStatus['status']): LiveConnectorStatus => ({ stationId, evseNo, connectorNo: 1, status, at });
const LIVE = new Map<string, LiveConnectorStatus[]>([
  ['S1', [st('S1', 1, 'CHARGING')]],
  ['S2', [st('S2', 1, 'AVAILABLE'), st('S2', 2, 'CHARGING')]],
  ['S3', [st('S3', 1, 'CHARGING'), st('S3', 2, 'FAULTED')]],
  ['S4', [st('S4', 1, 'AVAILABLE')]],
  ['S5', [st('S5', 1, 'AVAILABLE'), st('S5', 2, 'AVAILABLE')]],
]);
const WULI = { lat: 28.1963, lng: 112.9769 };

describe('availability search', () => {
  it('measures great-circle distances (Changsha → Zhuzhou ≈ 42 km)', () => {
    expect(distanceKm(WULI, WULI)).toBe(0);
    expect(distanceKm(WULI, { lat: 27.8312, lng: 113.0647 })).toBeGreaterThan(40);
    expect(distanceKm(WULI, { lat: 27.8312, lng: 113.0647 })).toBeLessThan(43);
  });

  it('sorts by distance and respects the radius', () => {
    const r = searchAvailability(CATALOG, LIVE, new Set(), { near: { ...WULI, radiusKm: 60 }, limit: 10 });
    expect(r.items.map((l) => l.id)).toEqual(['CS-WULI', 'CS-SOUTH', 'XT-NORTH', 'ZZ-WEST']);
    expect(r.items[0]?.distanceKm).toBe(0);
    const near = searchAvailability(CATALOG, LIVE, new Set(), { near: { ...WULI, radiusKm: 15 }, limit: 10 });
    expect(near.items.map((l) => l.id)).toEqual(['CS-WULI', 'CS-SOUTH']);
  });

  it('filters by plug type, power, city, operator and availability', () => {
    const q = { limit: 10 };
    expect(searchAvailability(CATALOG, LIVE, new Set(), { ...q, standards: ['GBT_AC'] }).items.map((l) => l.id)).toEqual(['CS-WULI', 'ZZ-WEST']);
    const fast = searchAvailability(CATALOG, LIVE, new Set(), { ...q, minPowerKw: 60, availableOnly: true });
    expect(fast.items.map((l) => l.id)).toEqual(['CS-WULI', 'XT-NORTH']);
    expect(fast.items[0]?.evses.map((e) => e.stationId)).toEqual(['S2', 'S2']);
    expect(searchAvailability(CATALOG, LIVE, new Set(), { ...q, city: 'Zhuzhou' }).items.map((l) => l.id)).toEqual(['ZZ-WEST']);
    expect(searchAvailability(CATALOG, LIVE, new Set(), { ...q, operatorId: 'OP2' }).items.map((l) => l.id)).toEqual(['CS-SOUTH']);
  });

  it('counts available connectors and ranks an EVSE by its best connector', () => {
    const [wuli] = searchAvailability(CATALOG, LIVE, new Set(), { city: 'Changsha', limit: 1, near: { ...WULI, radiusKm: 5 } }).items;
    expect(wuli).toMatchObject({ availableConnectors: 1, totalConnectors: 3 });
    expect(wuli?.evses.map((e) => [e.id, e.status])).toEqual([
      ['S1.1', 'CHARGING'],
      ['S2.1', 'AVAILABLE'],
      ['S2.2', 'CHARGING'],
    ]);
  });

  it('an offline station shows OFFLINE and is not available; unknown statuses stay UNKNOWN', () => {
    const r = searchAvailability(CATALOG, LIVE, new Set(['S5']), { city: 'Xiangtan', limit: 10 });
    expect(r.items[0]?.evses.every((e) => e.status === 'OFFLINE')).toBe(true);
    expect(searchAvailability(CATALOG, LIVE, new Set(['S5']), { city: 'Xiangtan', availableOnly: true, limit: 10 }).items).toEqual([]);
    const none = searchAvailability(CATALOG, new Map(), new Set(), { city: 'Zhuzhou', limit: 10 });
    expect(none.items[0]?.evses[0]?.status).toBe('UNKNOWN');
  });

  it('pages with a (distance, id) cursor without loss or repetition', () => {
    const q = { near: { ...WULI, radiusKm: 100 }, limit: 1 };
    const seen: string[] = [];
    let after: { distanceKm: number; id: string } | undefined;
    for (;;) {
      const r = searchAvailability(CATALOG, LIVE, new Set(), { ...q, after });
      seen.push(...r.items.map((l) => l.id));
      const last = r.items[r.items.length - 1];
      if (!r.hasMore || !last) break;
      after = { distanceKm: last.distanceKm ?? 0, id: last.id };
    }
    expect(seen).toEqual(['CS-WULI', 'CS-SOUTH', 'XT-NORTH', 'ZZ-WEST']);
  });
});

describe('location index', () => {
  it('a radius search through the grid finds exactly what a full scan finds', async () => {
    const { LocationIndex } = await import('../../../src/domain/availability/location-index.js');
    // 900 locations on a jittered lattice over the three cities.
    const many: CatalogLocation[] = [];
    for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) many.push(loc(`L${i}-${j}`, 27.7 + i * 0.021 + ((i * j) % 7) * 0.001, 112.8 + j * 0.013, 'Changsha', []));
    const index = new LocationIndex(many);
    for (const [lat, lng, radiusKm] of [[28.0, 112.95, 3], [27.75, 112.85, 12], [28.3, 113.2, 25], [27.9, 113.0, 0.5]] as const) {
      const q = { near: { lat, lng, radiusKm }, limit: 1000 };
      const viaGrid = index.walk(q).take(1000).map((r) => [r.location.id, r.distanceKm]);
      const fullScan = rankCandidates(many, q).map((r) => [r.location.id, r.distanceKm]);
      expect(viaGrid).toEqual(fullScan);
      expect(index.candidates(q).locations.map((l) => l.id).sort()).toEqual(fullScan.map(([id]) => id).sort());
    }
    expect(index.walk({ city: 'Changsha', limit: 10 }).take(1000)).toHaveLength(900);
    expect(index.walk({ city: 'Zhuzhou', limit: 10 }).take(1000)).toEqual([]);
  });
});

describe('ranking a page by walking the grid', () => {
  // Deterministic pseudo-random numbers (no Math.random: a failure must be reproducible).
  const rng = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

  it('the k nearest are exactly the head of the full order, ties by id included; the rest follows a cursor', async () => {
    const { LocationIndex } = await import('../../../src/domain/availability/location-index.js');
    const { sortedAfter } = await import('../../../src/domain/availability/availability.js');
    const r = rng(42);
    const many: CatalogLocation[] = [];
    for (let i = 0; i < 400; i++) {
      // Every fourth location shares its spot with the previous one: equal distances, ordered by id.
      const prev = many[many.length - 1];
      const [lat, lng] = i % 4 === 3 && prev ? [prev.lat, prev.lng] : [27.8 + r() * 0.4, 112.8 + r() * 0.4];
      many.push(loc(`L${Math.floor(r() * 1e6)}-${i}`, lat, lng, 'Changsha', [ac(`S${i}`)]));
    }
    const index = new LocationIndex(many);
    for (const [k, radiusKm] of [[1, 5], [7, 10], [21, 30], [22, 30], [150, 30], [400, 60], [21, 0.5]] as const) {
      const q = { near: { lat: 28.0, lng: 113.0, radiusKm }, limit: k };
      const full = rankCandidates(many, q);
      const set = index.candidates(q);
      const head = index.nearest(q, k);
      expect(head.map((h) => [h.location.id, h.distanceKm])).toEqual(full.slice(0, k).map((f) => [f.location.id, f.distanceKm]));
      const last = head[head.length - 1];
      const rest = last ? sortedAfter(set, { distanceKm: last.distanceKm ?? 0, id: last.location.id }) : [];
      expect([...head, ...rest].map((x) => x.location.id)).toEqual(full.map((f) => f.location.id));
      // The ring search pages through the same order, k at a time, from any cursor.
      const paged: string[] = [];
      let after: { distanceKm: number; id: string } | undefined;
      for (let page = 0; page < 500; page++) {
        const batch = index.nearest({ ...q, after }, k);
        paged.push(...batch.map((b) => b.location.id));
        const end = batch[batch.length - 1];
        if (batch.length < k || !end) break;
        after = { distanceKm: end.distanceKm ?? 0, id: end.location.id };
      }
      expect(paged).toEqual(full.map((f) => f.location.id));
    }
  });

  it('the walk outwards over the grid keeps the full order away from the three cities too (cells narrow with latitude)', async () => {
    const { LocationIndex } = await import('../../../src/domain/availability/location-index.js');
    const r = rng(11);
    // The last site has enough locations for a wide box at 70° to be walked (its rows cut to the box).
    for (const [lat0, lng0, n, radii] of [[60.1, 24.9, 300, [1, 4, 12, 40]], [-45.2, 170.3, 300, [1, 4, 12, 40]], [78.5, 15.6, 300, [1, 4, 12, 40]], [0.01, -0.01, 300, [1, 4, 12, 40]], [70.2, 25.0, 5000, [40]]] as const) {
      const many: CatalogLocation[] = [];
      for (let i = 0; i < n; i++) many.push(loc(`W${i}`, lat0 + (r() - 0.5) * 0.3, lng0 + (r() - 0.5) * 0.6, 'Changsha', [ac(`S${i}`)]));
      const index = new LocationIndex(many);
      for (const radiusKm of radii) {
        const q = { near: { lat: lat0, lng: lng0, radiusKm }, limit: 15 };
        const full = rankCandidates(many, q).map((f) => [f.location.id, f.distanceKm]);
        const walk = index.walk(q);
        const got: unknown[] = [];
        for (let k = 1; got.length < many.length; k++) {
          const batch = walk.take(k);
          got.push(...batch.map((b) => [b.location.id, b.distanceKm]));
          if (batch.length < k) break;
        }
        expect(got).toEqual(full);
      }
    }
  });

  it('a search next to the ±180° meridian finds what lies just across it', async () => {
    const { LocationIndex } = await import('../../../src/domain/availability/location-index.js');
    const r = rng(180);
    const many: CatalogLocation[] = [];
    for (let i = 0; i < 400; i++) {
      const lng = 179.8 + r() * 0.4; // 179.8 … 180.2, written as −180 … −179.8 past the meridian
      many.push(loc(`M${i}`, -17.8 + r() * 0.3, lng > 180 ? lng - 360 : lng, 'Changsha', [ac(`S${i}`)]));
    }
    const index = new LocationIndex(many);
    for (const [lat, lng] of [[-17.7, 179.99], [-17.65, -179.99], [-17.7, 180]] as const) {
      for (const radiusKm of [2, 10, 30]) {
        const q = { near: { lat, lng, radiusKm }, limit: 1000 };
        const full = rankCandidates(many, q).map((f) => [f.location.id, f.distanceKm]);
        if (radiusKm >= 10) {
          // Hits on both sides of the meridian: the case under test.
          expect(full.some(([id]) => (many.find((m) => m.id === id)?.lng ?? 0) > 0)).toBe(true);
          expect(full.some(([id]) => (many.find((m) => m.id === id)?.lng ?? 0) < 0)).toBe(true);
        }
        expect(index.walk(q).take(1000).map((b) => [b.location.id, b.distanceKm])).toEqual(full);
        expect(index.candidates(q).locations.map((l) => l.id).sort()).toEqual(full.map(([id]) => id).sort());
      }
    }
  });

  it('the bounding box never drops a point inside the radius', async () => {
    const { boundingBox, distanceKm: dist } = await import('../../../src/domain/availability/availability.js');
    const r = rng(7);
    let inside = 0;
    for (let i = 0; i < 20_000; i++) {
      const centre = { lat: -80 + r() * 160, lng: -170 + r() * 340 };
      const radiusKm = 0.1 + r() * 300;
      const p = { lat: centre.lat + (r() - 0.5) * 8, lng: centre.lng + (r() - 0.5) * 8 };
      const d = Math.round(dist(centre, p) * 1000) / 1000;
      if (d > radiusKm) continue;
      inside++;
      const box = boundingBox(centre, radiusKm);
      expect(Math.abs(p.lat - centre.lat)).toBeLessThanOrEqual(box.dLat);
      expect(Math.abs(p.lng - centre.lng)).toBeLessThanOrEqual(box.dLng);
    }
    expect(inside).toBeGreaterThan(1000);
  });

  it('paging sorts ids in code-unit order, the order the cursor compares in', () => {
    // Same spot, ids that a locale-aware sort would order differently ("b" < "C" in a locale sort).
    const same = [loc('b-1', 28, 113, 'Changsha', []), loc('C-1', 28, 113, 'Changsha', []), loc('a-1', 28, 113, 'Changsha', [])];
    const ids = rankCandidates(same, { near: { lat: 28, lng: 113, radiusKm: 1 }, limit: 10 }).map((x) => x.location.id);
    expect(ids).toEqual(['C-1', 'a-1', 'b-1']);
  });
});
