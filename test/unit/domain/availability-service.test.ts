import { describe, expect, it } from 'vitest';
import { MemoryLiveStatus } from '../../../src/adapters/memory/live-status.js';
import { AvailabilityService, searchAvailability } from '../../../src/domain/availability/index.js';
import type { AvailabilityQuery, CatalogLocation } from '../../../src/domain/availability/index.js';

// Deterministic pseudo-random numbers: a failure must be reproducible.
const rng = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

/**
 * The service answers from a grid, rings, selection and cached views; the pure searchAvailability
 * scans and sorts everything. Over a random city, with statuses changing between searches, both
 * must give the same pages.
 */
describe('AvailabilityService against the plain full scan', () => {
  it('same pages for random queries (radius, plug, power, availableOnly, cursors), before and after status changes', async () => {
    const r = rng(2026);
    const standards = ['GBT_AC', 'GBT_DC', 'CCS2'];
    const catalog: CatalogLocation[] = Array.from({ length: 300 }, (_, i) => ({
      id: `L${String(Math.floor(r() * 1000)).padStart(3, '0')}-${i}`,
      operatorId: i % 5 === 0 ? 'OP-B' : 'OP-A',
      name: `Site ${i}`,
      city: i % 3 === 0 ? 'Zhuzhou' : 'Changsha',
      district: null,
      address: 'x',
      // A cluster, and every seventh location on the same spot as the one before (equal distances).
      lat: i % 7 === 6 ? 28.1 : 28.0 + r() * 0.3,
      lng: i % 7 === 6 ? 112.9 : 112.8 + r() * 0.3,
      timeZone: 'Asia/Shanghai',
      stations: Array.from({ length: 1 + (i % 3) }, (_, s) => ({
        id: `S${i}-${s}`,
        evses: [1, 2].map((evseNo) => ({ evseNo, connectors: [{ connectorNo: 1, standard: standards[(i + s + evseNo) % 3]!, maxPowerW: [7_000, 60_000, 120_000][(i + evseNo) % 3]! }] })),
      })),
    }));
    const live = new MemoryLiveStatus();
    const setRandomStatuses = async (at: string) => {
      for (const loc of catalog) {
        for (const st of loc.stations) {
          for (const e of st.evses) await live.set({ stationId: st.id, evseNo: e.evseNo, connectorNo: 1, status: r() < 0.5 ? 'AVAILABLE' : 'CHARGING', at });
          if (r() < 0.05) await live.setOffline(st.id, at);
          else await live.setOnline(st.id);
        }
      }
    };
    const service = new AvailabilityService({ locations: async () => catalog, invalidate: () => undefined }, live);
    const everything = async () => {
      const ids = catalog.flatMap((l) => l.stations.map((s) => s.id));
      return { statuses: await live.getMany(ids), offline: await live.offlineOf(ids) };
    };

    for (const at of ['2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z']) {
      await setRandomStatuses(at);
      const { statuses, offline } = await everything();
      for (let n = 0; n < 60; n++) {
        const q: AvailabilityQuery = {
          near: n % 10 === 9 ? undefined : { lat: 28.0 + r() * 0.3, lng: 112.8 + r() * 0.3, radiusKm: [0.5, 2, 5, 15, 40][n % 5]! },
          city: n % 4 === 0 ? 'Changsha' : undefined,
          operatorId: n % 11 === 0 ? 'OP-B' : undefined,
          standards: n % 3 === 0 ? ['GBT_DC'] : undefined,
          minPowerKw: n % 5 === 2 ? 60 : undefined,
          availableOnly: n % 2 === 0,
          limit: [1, 5, 20][n % 3]!,
        };
        // Page through both; the service's pages must match the full scan's, page by page.
        let after: AvailabilityQuery['after'];
        for (let page = 0; page < 400; page++) {
          const expected = searchAvailability(catalog, statuses, offline, { ...q, after });
          const got = await service.search({ ...q, after });
          expect(got.items.map((h) => ({ ...h.view, distanceKm: h.distanceKm }))).toEqual(expected.items);
          expect(got.hasMore).toBe(expected.hasMore);
          const last = got.items[got.items.length - 1];
          if (!got.hasMore || !last) break;
          after = { distanceKm: last.distanceKm ?? 0, id: last.view.id };
        }
      }
    }
  });
});
